"""Security headers on every HTTP response the app sends (pages, static files, API, socket.io polling).

Installed as the app's `api_transformer`, so it wraps everything the backend serves, including the
compiled frontend that prod mode serves from the same port. HTML pages get a Content-Security-Policy
that allows scripts only from the app itself plus the exact inline scripts of that page (their
sha256 hashes, computed from the page as it is sent), so no other inline script can run."""

import base64
import gzip
import hashlib
import re
import zlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)

BASE_HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def content_security_policy(script_hashes: list[str] = ()) -> str:
    """The policy for a page whose inline scripts have these sha256 hashes (base64)."""
    scripts = " ".join(["'self'", *[f"'sha256-{h}'" for h in script_hashes]])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",  # Emotion and Radix set styles at run time
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",  # includes the same-origin websocket
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def inline_script_hashes(html: bytes) -> list[str]:
    return sorted({base64.b64encode(hashlib.sha256(body).digest()).decode()
                   for body in INLINE_SCRIPT.findall(html)})


def _decoded(body: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    return body


class SecurityHeaders:
    """ASGI middleware: adds the headers above to every HTTP response; a CSP on every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                if message.get("status") == 304:
                    # "Not modified": the browser keeps the page it cached, and with it the policy
                    # holding that page's script hashes; a policy here would replace it with none.
                    await send(_with_headers(message, None))
                    return
                if headers.get(b"content-type", b"").startswith(b"text/html"):
                    start = message  # held back until the whole page is known (its inline scripts)
                    return
                await send(_with_headers(message, content_security_policy()))
                return
            if start is not None and message["type"] == "http.response.pathsend":  # a file, sent by the server
                with open(message["path"], "rb") as page:
                    await send(_with_headers(start, _policy_for(page.read(), start)))
                await send(message)
                return
            if start is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                await send(_with_headers(start, _policy_for(body, start)))
                await send({"type": "http.response.body", "body": body, "more_body": False})
                return
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _policy_for(body: bytes, start: Message) -> str:
    headers = {k.lower(): v for k, v in start.get("headers", [])}
    try:
        page = _decoded(body, headers.get(b"content-encoding", b"").decode().lower())
    except (OSError, zlib.error, EOFError):  # unreadable body: no inline script may run
        return content_security_policy()
    return content_security_policy(inline_script_hashes(page))


def _with_headers(start: Message, policy: str | None) -> Message:
    present = {k.lower() for k, _ in start.get("headers", [])}
    extra = {**BASE_HEADERS, **({"content-security-policy": policy} if policy is not None else {})}
    headers = list(start.get("headers", [])) + [
        (name.encode(), value.encode()) for name, value in extra.items() if name.encode() not in present]
    return {**start, "headers": headers}
