"""Start the real app (prod mode) in a child process against a given database, and stop it.

Used by the end-to-end tests and the queue benchmark: both need the app exactly as `make run`
serves it, on a free port, with their own throw-away data."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from support_app.settings import PROJECT_ROOT

START_TIMEOUT = 300
READY_LINE = "AI engine ready"  # printed by each backend worker once its AI warm-up is done


class AppStartError(RuntimeError):
    pass


@dataclass
class AppServer:
    url: str
    db_url: str
    proc: subprocess.Popen
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_env(workdir: Path, port: int, extra: dict[str, str | None] | None = None) -> dict[str, str]:
    """The app's environment: ours, pointed into workdir, plus `extra` (a None value removes the variable)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'app.db'}",
           "CHROMA_PERSIST_DIRECTORY": str(workdir / "chroma"), "DOCUMENTS_DIRECTORY": str(workdir / "documents"),
           "CLASSIFIER_CACHE_DIR": str(workdir / "classifier"),
           "APP_PORT": str(port), "REFLEX_USE_NPM": "1", "PYTHONUNBUFFERED": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("GOOGLE_API_KEY", None)
    for name, value in (extra or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-4000:] if log.exists() else ""


def wait_until(predicate, what: str, proc: subprocess.Popen, log: Path, timeout: float = START_TIMEOUT) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise AppStartError(f"the app exited with {proc.returncode} before {what}:\n{_tail(log)}")
        if predicate():
            return
        time.sleep(0.5)
    raise AppStartError(f"the app did not reach '{what}' within {timeout:.0f}s:\n{_tail(log)}")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def start(workdir: Path, extra_env: dict[str, str] | None = None, workers: int = 1, seed: bool = True) -> AppServer:
    """Migrate (and seed when empty), then serve on a free port until every worker is warmed up."""
    port = free_port()
    env = app_env(workdir, port, extra_env)
    if seed:
        done = subprocess.run([sys.executable, "seed.py", "--if-empty"], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise AppStartError(f"seed.py failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    log = workdir / "app.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port", str(port),
         "--backend-port", str(port), "--backend-host", "127.0.0.1"],
        cwd=PROJECT_ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: answers(f"{base}/ping"), "/ping", proc, log)
        wait_until(lambda: answers(f"{base}/"), "the front page", proc, log)
        wait_until(lambda: log.read_text(errors="replace").count(READY_LINE) >= workers, "AI warm-up", proc, log)
    except AppStartError:
        stop(proc)
        raise
    return AppServer(f"http://localhost:{port}", env["DATABASE_URL"], proc, log)


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
