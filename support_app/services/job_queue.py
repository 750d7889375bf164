"""Background jobs on huey: slow or retryable work runs on worker threads, never in a request.

- Embedded (default, no extra service): a SQLite queue file in the data folder; each app process
  runs a consumer with JOB_WORKERS threads (started in the app lifespan, support_app.py).
- Scale-out: JOB_QUEUE_URL=redis://… puts the queue in Redis; every app process consumes, and
  `python -m support_app.cli.worker` adds dedicated workers.

Huey delivers a message once and never sees whether the work finished, so the truth is the `Job`
row in SQL (services/jobs.py): a run claims it with a lease, a failure is retried with exponential
backoff and, after JOB_MAX_ATTEMPTS, listed as failed on /jobs; `sweep` (every JOB_SWEEP_SECONDS
in every worker) wakes up work whose message was lost or whose worker died mid-run.

Adding a job kind is one function in services/job_kinds.py:

    @job_kind("webhook")
    def deliver_webhook(key: str) -> None:
        webhooks.deliver(int(key))

then `jobs.enqueue(session, "webhook", delivery_id)` in the transaction that creates the work
(the wake-up is sent when it commits). The function gets the key as a string, must be safe to run
twice (a crash may repeat it) and raises to ask for a retry. Work found in SQL rather than
requested (e.g. due webhooks) is enqueued by a `@periodic` function(session), run on every sweep.
"""

import logging
import uuid
from collections.abc import AsyncIterator, Callable
from functools import lru_cache

from huey import RedisHuey, SqliteHuey
from huey.api import Huey
from huey.consumer import Consumer
from sqlmodel import Session

from support_app.services import jobs
from support_app.settings import get_settings

log = logging.getLogger(__name__)

Handler = Callable[[str], None]
_KINDS: dict[str, Handler] = {}
_SWEEPS: list[Callable[[Session], None]] = []
_finished_listeners: list[Callable[[str, str], None]] = []


def job_kind(name: str) -> Callable[[Handler], Handler]:
    """Register `function(key)` as the handler of jobs of kind `name`."""
    def register(function: Handler) -> Handler:
        _KINDS[name] = function
        return function
    return register


def periodic(function: Callable[[Session], None]) -> Callable[[Session], None]:
    """Register `function(session)` to run on every sweep (e.g. enqueue work found in SQL)."""
    _SWEEPS.append(function)
    return function


def on_finished(listener: Callable[[str, str], None]) -> None:
    """Call `listener(kind, key)` in this process after each job it finished (e.g. live refresh)."""
    _finished_listeners.append(listener)


def kinds() -> dict[str, Handler]:
    import support_app.services.job_kinds  # noqa: F401  (registers the kinds)

    return _KINDS


# ---------------------------------------------------------------- the queue

def get_huey() -> Huey:
    return _queue()[0]


def _task():
    return _queue()[1]


@lru_cache
def _queue():
    settings = get_settings()
    options = dict(results=False, immediate=settings.job_queue_immediate)
    if settings.job_queue_url:
        huey = RedisHuey(settings.job_queue_name, url=settings.job_queue_url, **options)
    else:
        settings.job_queue_file.parent.mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey(settings.job_queue_name, filename=str(settings.job_queue_file), **options)
    return huey, huey.task(name="run_job")(run)


def reset_queue() -> None:
    """Forget the queue built from the old settings (tests change them)."""
    _queue.cache_clear()


def publish(kind: str, key: str, delay: float = 0) -> None:
    """Send the wake-up for owed work; a lost wake-up is repaired by `sweep` (the row stays due)."""
    try:
        task = _task()
        if delay > 0:
            task.schedule((kind, str(key)), delay=delay)
        else:
            task(kind, str(key))
    except Exception:
        log.exception("could not queue job %s/%s; the sweep will retry", kind, key)


# ---------------------------------------------------------------- running one job

def _session() -> Session:
    from support_app.db import get_engine

    return Session(get_engine(), expire_on_commit=False)


_before_each_job: Callable[[], None] = lambda: None


def before_each_job(hook: Callable[[], None]) -> None:
    """Call `hook` on the consumer thread before each job this process runs (before its claim).
    The app passes "wait while tickets are being saved" (`state/worker_threads.wait_for_saves`):
    jobs and saves share one Python process and its GIL, so in a rush of submissions the CPU-heavy
    triage starts after the saves instead of making each of them wait."""
    global _before_each_job
    _before_each_job = hook


def run(kind: str, key: str) -> bool:
    """Run the owed work once (huey calls this). Returns False when there was nothing to run."""
    handler = kinds().get(kind)
    if handler is None:
        log.error("no handler for job kind %r (key %s)", kind, key)
        return False
    _before_each_job()
    settings = get_settings()
    with _session() as session:
        if not jobs.claim(session, kind, key, settings.job_lease_seconds):
            return False  # done already, running elsewhere, or not due yet
    try:
        handler(key)
    except Exception as exc:
        log.warning("job %s/%s failed: %s", kind, key, exc, exc_info=True)
        with _session() as session:
            delay = jobs.fail(session, kind, key, f"{type(exc).__name__}: {exc}",
                              settings.job_max_attempts, settings.job_backoff_seconds)
        if delay is not None:
            publish(kind, key, delay)
        return False
    with _session() as session:
        again = jobs.complete(session, kind, key)
    if again:
        publish(kind, key)
    _tell_finished(kind, key)
    return True


def _finished_channel() -> str:
    return f"{get_settings().job_queue_name}:finished"


def _tell_finished(kind: str, key: str) -> None:
    """Listeners in this process; with Redis also every process reading `finished_jobs`."""
    for listener in _finished_listeners:
        try:
            listener(kind, key)
        except Exception:
            log.exception("job listener failed")
    if get_settings().job_queue_url:
        try:
            get_huey().storage.conn.publish(_finished_channel(), f"{kind} {key} {uuid.uuid4().hex}")
        except Exception:
            log.exception("could not announce finished job %s/%s", kind, key)


async def finished_jobs(claim: bool = True) -> AsyncIterator[tuple[str, str]]:
    """(kind, key) of each job any worker finishes from now on (Redis queue only): lets app
    processes refresh browsers for work done by dedicated `cli.worker` processes. With `claim`,
    each announcement is yielded in one process only (a SET NX per message): the browsers'
    watcher list is shared, so one process's fan-out reaches them all."""
    import redis.asyncio as aioredis

    client = aioredis.from_url(get_settings().job_queue_url)
    pubsub = client.pubsub()
    try:
        await pubsub.subscribe(_finished_channel())
        async for message in pubsub.listen():
            if message.get("type") == "message":
                kind, key, message_id = (message["data"].decode().split(" ") + ["", ""])[:3]
                if claim and message_id and not await client.set(
                        f"{_finished_channel()}:claimed:{message_id}", "1", nx=True, ex=60):
                    continue  # another process fans this one out
                yield kind, key
    finally:
        await pubsub.aclose()
        await client.aclose()


def sweep() -> int:
    """Enqueue work found in SQL (the registered periodic functions), then wake up due or abandoned
    jobs. Safe in several workers at once. Returns how many wake-ups were sent."""
    kinds()
    with _session() as session:
        for function in _SWEEPS:
            try:
                function(session)
                session.commit()
            except Exception:
                session.rollback()
                log.exception("periodic job function %s failed", function.__name__)
        wake = jobs.due(session, stale_after_seconds=get_settings().job_sweep_seconds)
    for kind, key in wake:
        publish(kind, key)
    return len(wake)


# ---------------------------------------------------------------- consumers

class EmbeddedConsumer(Consumer):
    """A huey consumer inside a process that owns its signals (the web server)."""

    def _set_signal_handlers(self) -> None:
        pass


def start_embedded_consumer(workers: int) -> Consumer:
    kinds()
    consumer = EmbeddedConsumer(get_huey(), workers=workers, worker_type="thread", periodic=False,
                                check_worker_health=False, max_delay=0.5)
    consumer.start()
    return consumer
