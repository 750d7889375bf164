"""Background jobs (admins): counts of owed work and the failed jobs, each with a Retry button.
Nothing is loaded for other roles, and every handler checks the role on the server."""

import reflex as rx

from support_app.db import session_scope
from support_app.services import auth, jobs
from support_app.services.errors import PermissionDenied, ServiceError
from support_app.state.session import SessionState


class JobsState(SessionState):
    failed: list[dict] = []
    pending: int = 0
    running: int = 0
    message: str = ""
    error: str = ""

    def _admin(self) -> bool:
        try:
            auth.require_role(self._identity(), "admin")
        except PermissionDenied as exc:
            self.failed, self.pending, self.running, self.message, self.error = [], 0, 0, "", str(exc)
            return False
        return True

    def _reload(self) -> None:
        with session_scope() as session:
            counts = jobs.counts(session)
            self.failed = [{"id": j.id, "kind": j.kind, "key": j.key, "error": j.error, "attempts": j.attempts,
                            "when": j.failed_at.strftime("%Y-%m-%d %H:%M:%S")} for j in jobs.failed(session)]
        self.pending, self.running = counts.pending, counts.running

    @rx.event
    def load(self):
        self.load_identity()
        self.message = self.error = ""
        if self._admin():
            self._reload()

    @rx.event
    def retry(self, job_id: int):
        self.load_identity()
        if not self._admin():
            return
        try:
            with session_scope() as session:
                job = jobs.retry(session, int(job_id))
                self.message, self.error = f"{job.kind} {job.key} queued again.", ""
        except (ServiceError, ValueError, TypeError) as exc:
            self.message, self.error = "", str(exc) or "Not a job."
        self._reload()
