"""A dedicated background-job worker: `python -m support_app.cli.worker [--workers N]`.

Runs the huey consumer on the configured queue (JOB_QUEUE_URL=redis://… to add workers beside the
app processes; without it, the embedded SQLite queue in the data folder) and the periodic sweep
that re-enqueues work whose worker died. SIGINT/SIGTERM stop it; a job cut short by SIGKILL is run
again by another worker once its lease (JOB_LEASE_SECONDS) has expired.
"""

import argparse
import logging
import os
import sys
import threading

from support_app.services import job_queue
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
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    if settings.job_queue_immediate:
        print("JOB_QUEUE_IMMEDIATE is set: there is no queue to consume", file=sys.stderr)
        return 2
    job_queue.kinds()
    consumer = job_queue.get_huey().create_consumer(workers=args.workers, worker_type="thread", periodic=False,
                                                     max_delay=0.5)
    stop = threading.Event()
    threading.Thread(target=_sweep_forever, args=(stop, settings.job_sweep_seconds), name="job-sweep",
                     daemon=True).start()
    print(f"job worker ready (pid {os.getpid()}, {args.workers} threads, queue "
          f"{'redis' if settings.job_queue_url else settings.job_queue_file})", flush=True)
    try:
        consumer.run()
    finally:
        stop.set()
    return 0


if __name__ == "__main__":
    sys.exit(main())
