"""/api through the real Reflex backend port (prod mode, support_app.cli.devserver): mounted beside
the app, with the app's security headers; a token made with the admin CLI works against it."""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support_app.cli import devserver
from support_app.settings import PROJECT_ROOT
from support_app.web_security import inline_script_hashes


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    try:
        app = devserver.start(tmp_path_factory.mktemp("api-app"))
    except devserver.AppStartError as exc:
        pytest.fail(str(exc))
    yield app
    devserver.stop(app.proc)


def _get(url, headers=None, data=None, method=None):
    request = urllib.request.Request(url, headers=headers or {}, data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def test_api_is_mounted_with_security_headers(server):
    status, headers, body = _get(f"{server.url}/api/health")
    assert status == 200 and json.loads(body)["database"] == "ok"
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    status, headers, body = _get(f"{server.url}/api/tickets")
    assert status == 401 and json.loads(body)["error"]["code"] == "unauthenticated"
    assert headers["X-Frame-Options"] == "DENY"
    # the docs page: assets from our own origin, its inline script allowed by hash
    status, headers, body = _get(f"{server.url}/api/docs")
    assert status == 200 and b"cdn" not in body.lower()
    for digest in inline_script_hashes(body):
        assert f"'sha256-{digest}'" in headers["Content-Security-Policy"]
    assert _get(f"{server.url}/api/docs/static/swagger-ui-bundle.js")[0] == 200
    status, _, page = _get(f"{server.url}/")  # the Reflex app still answers beside the API
    assert status == 200 and b"<html" in page.lower()


def test_cli_token_files_a_ticket_and_reads_its_analysis(server):
    env = devserver.app_env(Path(server.db_url.removeprefix("sqlite:///")).parent, 0)
    made = subprocess.run([sys.executable, "-m", "support_app.admin", "create-token", "admin@example.com", "shop"],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    body = json.dumps({"email": "ada@example.com", "subject": "Charged twice",
                       "description": "My card was charged twice for order 555."}).encode()
    status, headers, created = _get(f"{server.url}/api/tickets", auth, body, "POST")
    assert status == 201, created
    ticket = json.loads(created)
    assert headers["Location"] == f"/api/tickets/{ticket['id']}"
    deadline = time.monotonic() + 60
    while True:
        shown = json.loads(_get(f"{server.url}/api/tickets/{ticket['id']}", auth)[2])
        if shown["triage_state"] == "done" or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert shown["triage_state"] == "done" and shown["category"] == "payment_problem"
