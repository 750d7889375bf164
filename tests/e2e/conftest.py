"""End-to-end fixtures: the real app in prod mode on a free port (support_app.cli.devserver), and a
real Chromium. If the app or the browser cannot start, the tests fail (they never skip)."""

import os
import shutil

import pytest

from support_app.cli import devserver

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def start_app(workdir, extra_env=None, workers: int = 1) -> devserver.AppServer:
    try:
        return devserver.start(workdir, extra_env, workers)
    except devserver.AppStartError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    """The app on the embedded default (one backend process). Module scope: apps built from this
    checkout share its .web folder, so only one runs at a time."""
    server = start_app(tmp_path_factory.mktemp("e2e-app"))
    yield server
    devserver.stop(server.proc)


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
    """Log in through the form. On a loaded machine the fields can be filled before the page has
    connected to the backend (the typed values never reach the server and the form answers with a
    validation message): then the form is filled and sent once more."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(f"{url}/login")
    for attempt in range(2):
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        try:
            page.wait_for_url(lambda u: "/login" not in u, timeout=10_000 if attempt == 0 else 15_000)
            return
        except PlaywrightTimeout:
            if attempt == 1:
                raise
