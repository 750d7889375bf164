"""A dedicated background-job worker: `python -m support_app.cli.worker [--workers N] [--nice N]`.

Runs the huey consumer on the configured queue (JOB_QUEUE_URL=redis://… to add workers beside the
app processes; without it, the embedded SQLite queue in the data folder) and the periodic sweep
that re-enqueues work whose worker died. SIGINT/SIGTERM stop it; a job cut short by SIGKILL is run
again by another worker once its lease (JOB_LEASE_SECONDS) has expired.

It loads the AI models before it says it is ready. `--nice N` lowers its CPU priority: on a machine
shared with the web workers, a burst of triage then waits for the browsers' requests instead of
slowing them down (what `make run-scaled` does).
"""

import argparse
import logging
import os
import sys
import threading

from support_app.services import job_queue
from support_app.services.ai.pipeline import warm_up
from support_app.settings import get_settings

log = logging.getLogger("support_app.worker")


def _sweep_forever(stop: threading.Event, every: float) -> None:
    while True:
        try:
            job_queue.sweep()
        except Exception:  # the next sweep tries again
            log.exception("job sweep failed")
        if stop.wait(every):
            return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m support_app.cli.worker", description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=max(get_settings().job_workers, 1),
                        help="consumer threads (default JOB_WORKERS)")
    parser.add_argument("--nice", type=int, default=0, choices=range(0, 20), metavar="0..19",
                        help="lower this process's CPU priority by N (default 0)")
    args = parser.parse_args(argv)
    if args.nice:
        os.nice(args.nice)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not one line per Chroma server request
    settings = get_settings()
    if settings.job_queue_immediate:
        print("JOB_QUEUE_IMMEDIATE is set: there is no queue to consume", file=sys.stderr)
        return 2
    job_queue.kinds()
    try:
        warm_up()
    except Exception:  # the first job loads the models instead
        log.exception("AI warm-up failed")
    consumer = job_queue.get_huey().create_consumer(workers=args.workers, worker_type="thread", periodic=False,
                                                     max_delay=0.5)
    stop = threading.Event()
    threading.Thread(target=_sweep_forever, args=(stop, settings.job_sweep_seconds), name="job-sweep",
                     daemon=True).start()
    print(f"job worker ready (pid {os.getpid()}, {args.workers} threads, nice {os.nice(0)}, queue "
          f"{'redis' if settings.job_queue_url else settings.job_queue_file})", flush=True)
    try:
        consumer.run()
    finally:
        stop.set()
    return 0


if __name__ == "__main__":
    sys.exit(main())
