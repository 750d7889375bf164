"""A real API server process for the kill test: uvicorn serving `root_app()` (the API under /api),
with a test-only pause.

FAULT_PAUSE=in_transaction holds the ticket's transaction open (after the ticket, its triage job and
the stored idempotent answer are written, before the commit); FAULT_PAUSE=after_commit holds the
request after the commit, before the answer is sent. Either way it first touches FAULT_MARKER, so the
test knows when to SIGKILL.

    python -m tests.faults.api_server <port>
"""

import os
import sys
import time
from pathlib import Path

import uvicorn
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from support_app.api.app import root_app
from support_app.services import idempotency

PAUSE = os.environ.get("FAULT_PAUSE", "")
MARKER = Path(os.environ.get("FAULT_MARKER", "/nonexistent"))


def _pause() -> None:
    MARKER.write_text(PAUSE)
    time.sleep(600)  # the test kills this process meanwhile


def _install() -> None:
    finish = idempotency.finish

    def finish_then_pause(session, *args, **kwargs):
        finish(session, *args, **kwargs)
        session.flush()  # everything of the ticket is written inside the open transaction
        if PAUSE == "in_transaction":
            _pause()
        elif PAUSE == "after_commit":
            session.info["fault_pause_after_commit"] = True

    idempotency.finish = finish_then_pause

    @event.listens_for(OrmSession, "after_commit")
    def pause_after_commit(session):
        if session.info.pop("fault_pause_after_commit", False):
            _pause()


if __name__ == "__main__":
    _install()
    uvicorn.run(root_app(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
