"""End-to-end fixtures: the real app in prod mode on a free port, and a real Chromium.

The app is started once per session from this checkout (`reflex run --env prod`) against a
fresh database and vector store, migrated and seeded with `seed.py`. If the app or the browser
cannot start, the tests fail (they never skip)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
START_TIMEOUT = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, deadline: float, proc: subprocess.Popen, log: Path) -> None:
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the app exited with {proc.returncode} before serving:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    pytest.fail(f"the app did not answer {url} within {START_TIMEOUT}s:\n{log.read_text()[-4000:]}")


@dataclass
class AppServer:
    url: str
    db_url: str
    proc: subprocess.Popen


def wait_for_log(log: Path, text: str, count: int, deadline: float, proc: subprocess.Popen) -> None:
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the app exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        if log.read_text().count(text) >= count:
            return
        time.sleep(0.5)
    pytest.fail(f"the app never logged {text!r} x{count}:\n{log.read_text()[-4000:]}")


def start_app(tmp: Path, extra_env: dict[str, str] | None = None, name: str = "app",
              workers: int = 1) -> AppServer:
    port = free_port()
    db_url = f"sqlite:///{tmp / 'e2e.db'}"
    env = {**os.environ, "DATABASE_URL": db_url, "CHROMA_PERSIST_DIRECTORY": str(tmp / "chroma"),
           "APP_PORT": str(port), "REFLEX_USE_NPM": "1", "PYTHONUNBUFFERED": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("GOOGLE_API_KEY", None)
    env.update(extra_env or {})
    seed = subprocess.run([sys.executable, "seed.py", "--if-empty"], cwd=ROOT, env=env, capture_output=True, text=True)
    if seed.returncode != 0:
        pytest.fail(f"seed.py failed:\n{seed.stdout[-2000:]}\n{seed.stderr[-4000:]}")
    log = tmp / f"{name}.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port", str(port),
         "--backend-port", str(port), "--backend-host", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/ping", time.time() + START_TIMEOUT, proc, log)
    wait_for(f"{url}/", time.time() + START_TIMEOUT, proc, log)
    wait_for_log(log, "AI engine ready", workers, time.time() + START_TIMEOUT, proc)
    return AppServer(f"http://localhost:{port}", db_url, proc)


def stop_app(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    """The app on the embedded default (one backend process). Module scope: apps built from this
    checkout share its .web folder, so only one runs at a time."""
    server = start_app(tmp_path_factory.mktemp("e2e-app"))
    yield server
    stop_app(server.proc)


@pytest.fixture(scope="module")
def app_url(app_server) -> str:
    return app_server.url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or None
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as exc:  # noqa: BLE001 - fail loudly, never skip
            pytest.fail(f"Chromium could not start ({executable or 'playwright-managed'}): {exc}")
        yield b
        b.close()


@pytest.fixture
def context_factory(browser):
    contexts = []

    def make():
        ctx = browser.new_context(viewport={"width": 1300, "height": 1000})
        ctx.set_default_timeout(15_000)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


def login(page, url: str, email: str, password: str = "demo1234") -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda u: "/login" not in u)
