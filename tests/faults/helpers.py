"""What the fault tests share: counting tickets, waiting, an API token, triage through the job sweep."""

import os
import signal
import subprocess
import sys
import time

import httpx

from sqlalchemy import func
from sqlmodel import Session, select

from support_app.db import get_engine
from support_app.models import Role, Ticket
from tests.conftest import ROOT
from tests.resilience.servers import free_port


def ticket_count() -> int:
    with Session(get_engine()) as session:
        return session.exec(select(func.count()).select_from(Ticket)).one()


def tickets_by_subject(prefix: str) -> list[Ticket]:
    with Session(get_engine(), expire_on_commit=False) as session:
        return list(session.exec(select(Ticket).where(Ticket.subject.startswith(prefix)).order_by(Ticket.id)))


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds}s: {what}")


def agent_token(session: Session) -> str:
    """An agent API token, made the way an admin makes one."""
    from support_app.services import api_tokens, auth

    admin = auth.create_user(session, "boss@example.com", "demo12345", "Boss", role=Role.admin.value, verified=True)
    return api_tokens.create(session, auth._identity(admin), "crm", "agent")[1]


def triage_by_sweep(monkeypatch) -> None:
    """Run the job sweep in this process with jobs executed at once: every owed triage job runs."""
    from support_app.services import job_queue
    from support_app.settings import get_settings

    monkeypatch.setenv("JOB_QUEUE_IMMEDIATE", "1")
    monkeypatch.setenv("JOB_SWEEP_SECONDS", "0")
    get_settings.cache_clear()
    job_queue.reset_queue()
    job_queue.sweep()


class ApiServer:
    """A real API server process (tests/faults/api_server.py) on the settings in os.environ."""

    def __init__(self, tmp_path, pause: str = ""):
        self.port = free_port()
        self.marker = tmp_path / f"paused-{self.port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "JOB_QUEUE_IMMEDIATE": "0",
               "JOB_QUEUE_PATH": str(tmp_path / "server-jobs.db"), "FAULT_PAUSE": pause,
               "FAULT_MARKER": str(self.marker)}
        self.log = tmp_path / "server.log"
        self.process = subprocess.Popen([sys.executable, "-m", "tests.faults.api_server", str(self.port)], cwd=ROOT,
                                        env=env, stdout=open(self.log, "ab"), stderr=subprocess.STDOUT)
        try:
            wait_for(self._answers, 120, "the API server did not start")
        except BaseException:
            self.stop()
            raise

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/tickets"

    def _answers(self) -> bool:
        assert self.process.poll() is None, self.log.read_text()[-3000:]
        try:
            return httpx.get(f"http://127.0.0.1:{self.port}/api/openapi.json", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)


class ChromaServer:
    """`chroma run` (shipped with chromadb) on a fixed port and data folder, so it can be stopped and
    started again as the same server."""

    def __init__(self, tmp_path):
        import shutil

        self.chroma = shutil.which("chroma", path=str(ROOT / ".venv" / "bin")) or shutil.which(
            "chroma", path=os.path.dirname(sys.executable))
        assert self.chroma, "the chroma CLI comes with chromadb (requirements.txt)"
        self.port = free_port()
        self.data = tmp_path / "chroma-server"
        self.log = tmp_path / "chroma.log"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen([self.chroma, "run", "--path", str(self.data), "--host", "127.0.0.1",
                                         "--port", str(self.port)], stdout=open(self.log, "ab"),
                                        stderr=subprocess.STDOUT)
        try:
            wait_for(self._answers, 90, "the Chroma server did not start")
        except BaseException:
            self.stop()
            raise

    def _answers(self) -> bool:
        assert self.process.poll() is None, self.log.read_text()[-3000:]
        try:
            return httpx.get(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)
