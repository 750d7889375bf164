"""`make run-scaled`: the app as it runs across several processes, on this machine.

    python -m support_app.cli.run_scaled [--workers 3] [--job-workers 1] [--port 3000] [--database-url URL]
        [--redis-url URL] [--chroma-port 8001] [--chroma-path data/chroma-server] [--host 0.0.0.0]

PostgreSQL (the database is created when missing), Redis as Reflex's state manager and as the job
queue, a Chroma server started here (`chroma run`, shipped with chromadb), N backend workers (Reflex
prod mode, granian) that serve browsers only, and M job-worker processes (`cli.worker`, at a lower
CPU priority) that run triage and the other background jobs. Ctrl-C stops the app, the job workers
and the Chroma server; PostgreSQL and Redis are left running.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from support_app.cli import devserver
from support_app.settings import PROJECT_ROOT

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/support_scaled"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DB_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
JOB_THREADS = 2  # consumer threads per job-worker process
JOB_NICE = 10  # job workers yield the CPU to the web workers: a triage burst never slows a page
JOB_READY_LINE = "job worker ready"


class LaunchError(RuntimeError):
    pass


def _admin_engine(database_url: str):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if not url.drivername.startswith("postgresql"):
        raise LaunchError(f"run-scaled needs a PostgreSQL DATABASE_URL, not {url.drivername}")
    if not DB_NAME.match(url.database or ""):
        raise LaunchError(f"database name {url.database!r}: use letters, digits and _ only")
    return create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT"), url.database


def ensure_database(database_url: str) -> bool:
    """Create the database when the server has none of that name; True when it was created."""
    from sqlalchemy import text

    engine, name = _admin_engine(database_url)
    try:
        with engine.connect() as conn:
            if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
                return False
            conn.execute(text(f'CREATE DATABASE "{name}"'))  # name checked against DB_NAME above
            return True
    except Exception as exc:
        raise LaunchError(f"PostgreSQL at {database_url.split('@')[-1]} is not reachable: {exc}") from exc
    finally:
        engine.dispose()


def drop_database(database_url: str) -> None:
    from sqlalchemy import text

    engine, name = _admin_engine(database_url)
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def check_redis(redis_url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except Exception as exc:
        raise LaunchError(f"Redis at {redis_url} is not reachable: {exc}") from exc


def start_chroma(path: Path, port: int, log: Path) -> subprocess.Popen:
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if not chroma:
        raise LaunchError("the chroma command (from the chromadb package) was not found")
    path.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    with _stopped_on_failure([proc]):
        devserver.wait_until(lambda: devserver.answers(f"http://127.0.0.1:{port}/api/v2/heartbeat"),
                             "the Chroma server's heartbeat", proc, log, timeout=90)
    return proc


@contextmanager
def _stopped_on_failure(procs: list[subprocess.Popen]):
    """Stop `procs` when the block fails (a process that did not come up, Ctrl-C while waiting);
    a start-up failure is raised as LaunchError."""
    try:
        yield
    except BaseException as exc:
        for proc in procs:
            devserver.stop(proc)
        if isinstance(exc, devserver.AppStartError):
            raise LaunchError(str(exc)) from exc
        raise


@dataclass
class Stack:
    url: str
    db_url: str
    app: subprocess.Popen
    chroma: subprocess.Popen
    jobs: list[subprocess.Popen] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)

    def stop(self) -> None:
        """The app and the job workers first (they hold connections to Chroma), then the Chroma server."""
        for proc in (self.app, *self.jobs):
            devserver.stop(proc)
        devserver.stop(self.chroma)

    def stopped(self) -> str | None:
        """Which part has exited on its own, if any."""
        if self.app.poll() is not None:
            return "the app"
        if self.chroma.poll() is not None:
            return "the Chroma server"
        if any(proc.poll() is not None for proc in self.jobs):
            return "a job worker"
        return None


def queue_name(database_url: str) -> str:
    """The job queue's name in Redis: one per database, so two stacks on one Redis never share jobs."""
    from sqlalchemy.engine import make_url

    return f"support-desk-{make_url(database_url).database}"


def start_job_workers(count: int, env: dict[str, str], logdir: Path) -> list[subprocess.Popen]:
    """`count` job-worker processes on the Redis queue; returns once each has loaded the AI models."""
    procs: list[subprocess.Popen] = []
    with _stopped_on_failure(procs):
        for n in range(1, count + 1):
            log = logdir / f"jobs-{n}.log"
            proc = subprocess.Popen(
                [sys.executable, "-m", "support_app.cli.worker", "--workers", str(JOB_THREADS),
                 "--nice", str(JOB_NICE)],
                cwd=PROJECT_ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
            procs.append(proc)
            devserver.wait_until(lambda: JOB_READY_LINE in log.read_text(errors="replace"),
                                 f"job worker {n} ready", proc, log)
    return procs


def start(*, workers: int, port: int, database_url: str, redis_url: str, chroma_port: int, chroma_path: Path,
          logdir: Path, host: str = "0.0.0.0", extra_env: dict[str, str] | None = None,
          job_workers: int = 1) -> Stack:
    """Bring everything up and wait until every worker has warmed up; raises LaunchError."""
    if not 1 <= workers <= 16:
        raise LaunchError("--workers must be between 1 and 16")
    if not 1 <= job_workers <= 8:
        raise LaunchError("--job-workers must be between 1 and 8")
    check_redis(redis_url)
    if ensure_database(database_url):
        print(f"Created database {database_url.rsplit('/', 1)[-1]}", flush=True)
    logdir.mkdir(parents=True, exist_ok=True)
    chroma = start_chroma(chroma_path, chroma_port, logdir / "chroma.log")
    env = {**os.environ, "DATABASE_URL": database_url, "REFLEX_REDIS_URL": redis_url,
           "GRANIAN_WORKERS": str(workers), "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_port),
           "APP_PORT": str(port), "REFLEX_USE_NPM": "1", "PYTHONUNBUFFERED": "1",
           "JOB_QUEUE_URL": redis_url, "JOB_QUEUE_NAME": queue_name(database_url), "JOB_WORKERS": "0",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}", **(extra_env or {})}
    running = [chroma]  # stopped in this order if the start fails: the app, the job workers, Chroma
    with _stopped_on_failure(running):
        seeded = subprocess.run([sys.executable, "seed.py", "--if-empty"], cwd=PROJECT_ROOT, env=env,
                                capture_output=True, text=True)
        if seeded.returncode != 0:
            raise LaunchError(f"seed.py failed:\n{seeded.stdout[-2000:]}\n{seeded.stderr[-4000:]}")
        jobs = start_job_workers(job_workers, env, logdir)
        running[:0] = jobs
        log = logdir / "app.log"
        app = subprocess.Popen(
            [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port", str(port),
             "--backend-port", str(port), "--backend-host", host],
            cwd=PROJECT_ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
        running.insert(0, app)
        base = f"http://127.0.0.1:{port}"
        devserver.wait_until(lambda: devserver.answers(f"{base}/ping"), "/ping", app, log)
        devserver.wait_until(lambda: devserver.answers(f"{base}/"), "the front page", app, log)
        devserver.wait_until(lambda: log.read_text(errors="replace").count(devserver.READY_LINE) >= workers,
                             "AI warm-up in every worker", app, log)
    return Stack(f"http://localhost:{port}", database_url, app, chroma, jobs,
                 [log, logdir / "chroma.log", *(logdir / f"jobs-{n}.log" for n in range(1, job_workers + 1))])


def start_for_test(workdir: Path, workers: int = 3, extra_env: dict[str, str] | None = None,
                   job_workers: int = 1) -> Stack:
    """A throw-away stack on free ports with its own database (dropped again by `stack.stop()`)."""
    server = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    database_url = f"{server.rsplit('/', 1)[0]}/scaled_{uuid.uuid4().hex[:10]}"
    redis_url = os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS_URL)
    stack = start(workers=workers, port=devserver.free_port(), database_url=database_url,
                  redis_url=redis_url, chroma_port=devserver.free_port(),
                  chroma_path=workdir / "chroma-server", logdir=workdir, host="127.0.0.1",
                  extra_env={"CLASSIFIER_CACHE_DIR": str(workdir / "classifier"), **(extra_env or {})},
                  job_workers=job_workers)
    stop = stack.stop

    def stop_and_drop() -> None:
        import redis
        from huey import RedisHuey

        from support_app.state.live_watchers import namespace

        stop()
        drop_database(database_url)
        client = redis.Redis.from_url(redis_url)
        client.delete(f"{namespace(database_url)}:watchers", f"{namespace(database_url)}:version")
        client.close()
        RedisHuey(queue_name(database_url), url=redis_url).storage.flush_all()

    stack.stop = stop_and_drop
    return stack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3, help="backend (web) workers")
    parser.add_argument("--job-workers", type=int, default=1,
                        help=f"job-worker processes, {JOB_THREADS} threads each (triage and other background jobs)")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--host", default="0.0.0.0", help="backend bind address")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--chroma-port", type=int, default=8001)
    parser.add_argument("--chroma-path", type=Path, default=PROJECT_ROOT / "data" / "chroma-server")
    parser.add_argument("--logs", type=Path, default=PROJECT_ROOT / "data" / "run-scaled")
    args = parser.parse_args(argv)

    def on_signal(_signum, _frame):
        raise KeyboardInterrupt  # `kill` stops it as cleanly as Ctrl-C

    # SIGINT too: started in the background by a shell (`make run-scaled &`, a CI script), a process
    # inherits SIGINT as ignored, and Python then never turns it into KeyboardInterrupt.
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    print(f"Starting: PostgreSQL {args.database_url.split('@')[-1]}, Redis {args.redis_url}, "
          f"Chroma server on 127.0.0.1:{args.chroma_port}, {args.workers} workers, {args.job_workers} job "
          f"worker(s) (logs in {args.logs})", flush=True)
    try:
        stack = start(workers=args.workers, port=args.port, database_url=args.database_url,
                      redis_url=args.redis_url, chroma_port=args.chroma_port, chroma_path=args.chroma_path,
                      logdir=args.logs, host=args.host, job_workers=args.job_workers)
    except LaunchError as exc:
        print(f"run-scaled: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    print(f"\n  Support desk (scaled, {args.workers} workers): {stack.url}\n  Ctrl-C stops it.\n", flush=True)
    try:
        while (failed := stack.stopped()) is None:
            time.sleep(1)
        print(f"run-scaled: {failed} stopped; stopping the rest (logs in {args.logs})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Stopping…", flush=True)
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
