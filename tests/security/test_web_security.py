"""The security-header middleware on a real ASGI app (Starlette test client over HTTP semantics)."""

import base64
import gzip
import hashlib

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from support_app.web_security import SecurityHeaders

PAGE = (b"<html><head><script src=\"/app.js\"></script><script>window.a=1;</script></head>"
        b"<body><script type=\"module\">import('/x.js')</script></body></html>")


def sha(text: bytes) -> str:
    return base64.b64encode(hashlib.sha256(text).digest()).decode()


def client() -> TestClient:
    async def html(request):
        return Response(PAGE, media_type="text/html")

    async def gz(request):
        return Response(gzip.compress(PAGE), media_type="text/html; charset=utf-8",
                        headers={"Content-Encoding": "gzip"})

    async def streamed(request):
        async def chunks():
            yield PAGE[:40]
            yield PAGE[40:]
        return StreamingResponse(chunks(), media_type="text/html")

    async def text(request):
        return PlainTextResponse("pong", headers={"X-Frame-Options": "SAMEORIGIN"})

    async def not_modified(request):
        return Response(status_code=304, headers={"ETag": '"v1"'})

    app = Starlette(routes=[Route("/", html), Route("/gz", gz), Route("/streamed", streamed), Route("/ping", text),
                            Route("/cached", not_modified)])
    return TestClient(SecurityHeaders(app))


def test_html_pages_allow_exactly_their_own_inline_scripts():
    c = client()
    expected = [f"'sha256-{sha(script)}'" for script in (b"window.a=1;", b"import('/x.js')")]
    for path in ["/", "/gz", "/streamed"]:
        response = c.get(path)
        assert response.status_code == 200 and PAGE in response.content
        script_src = response.headers["content-security-policy"].split("script-src ")[1].split(";")[0].split()
        assert script_src[0] == "'self'" and sorted(script_src[1:]) == sorted(expected), path
        assert response.headers["x-content-type-options"] == "nosniff"


def test_other_responses_get_the_headers_without_overriding_their_own():
    response = client().get("/ping")
    assert response.text == "pong"
    assert response.headers["x-frame-options"] == "SAMEORIGIN"  # set by the route, kept
    assert response.headers["referrer-policy"] == "same-origin"
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy and "sha256" not in policy


def test_a_page_sent_as_a_file_by_the_server_gets_its_hashes(tmp_path):
    """Granian sends static files with the `http.response.pathsend` extension (no body in Python)."""
    import asyncio

    from starlette.responses import FileResponse

    page = tmp_path / "index.html"
    page.write_bytes(PAGE)
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": b"",
             "extensions": {"http.response.pathsend": {}}}
    asyncio.run(SecurityHeaders(FileResponse(page))(scope, receive, send))
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.pathsend"]
    policy = dict(sent[0]["headers"])[b"content-security-policy"].decode()
    assert f"'sha256-{sha(b'window.a=1;')}'" in policy


def test_cors_origins_default_to_the_apps_own_and_can_be_configured(monkeypatch):
    from support_app.settings import Settings

    monkeypatch.delenv("CORS_ALLOWED_ORIGINS", raising=False)
    monkeypatch.setenv("APP_PORT", "3100")
    assert Settings(_env_file=None).allowed_origins == ["http://localhost:3100", "http://127.0.0.1:3100"]
    monkeypatch.setenv("CORS_ALLOWED_ORIGINS", " https://support.example.com/, https://help.example.com ")
    assert Settings(_env_file=None).allowed_origins == ["https://support.example.com", "https://help.example.com"]


def test_not_modified_keeps_the_cached_pages_policy():
    """A 304 carries no policy: one without hashes would replace the cached page's and block its scripts
    (a reload of any page then ran no script and showed the visitor as logged out)."""
    response = client().get("/cached")
    assert response.status_code == 304
    assert "content-security-policy" not in response.headers
    assert response.headers["x-frame-options"] == "DENY"
