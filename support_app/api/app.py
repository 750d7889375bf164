"""The FastAPI app behind /api, and the root ASGI app that mounts it in front of Reflex.

Swagger UI is served from the pinned `swagger-ui-bundle` package (no CDN: nothing comes from the
internet and the app's Content-Security-Policy allows only its own origin)."""

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.types import ASGIApp, Receive, Scope, Send
from swagger_ui_bundle import swagger_ui_path

from support_app.api import errors
from support_app.api.routers import ai, analytics, customers, health, knowledge, tickets

PREFIX = "/api"
MAX_BODY_BYTES = 1_000_000


class BodyLimit:
    """413 for a body over MAX_BODY_BYTES (declared or streamed), before any handler reads it."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
            await _too_large(scope, receive, send)
            return
        received = 0

        async def limited() -> dict:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY_BYTES:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await _too_large(scope, receive, send)


class _TooLarge(Exception):
    pass


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = errors.error_response(413, "payload_too_large", f"The body may have at most {MAX_BODY_BYTES} bytes.")
    await response(scope, receive, send)


def create_api() -> FastAPI:
    api = FastAPI(
        title="Support desk API", version="1",
        description="Tickets, customers, AI analysis, knowledge base and analytics. "
                    "Authenticate with `Authorization: Bearer <token>` (admins create tokens on /integrations). "
                    "Errors: `{\"error\": {\"code\", \"message\", \"fields\"}}`.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
        servers=[{"url": PREFIX}],
    )
    errors.install(api)
    for module in (tickets, customers, ai, knowledge, analytics, health):
        api.include_router(module.router)
    api.mount("/docs/static", StaticFiles(directory=swagger_ui_path), name="swagger-static")

    @api.get("/docs", include_in_schema=False)
    def docs(request: Request):
        return get_swagger_ui_html(openapi_url=f"{PREFIX}/openapi.json", title="Support desk API",
                                   swagger_js_url=f"{PREFIX}/docs/static/swagger-ui-bundle.js",
                                   swagger_css_url=f"{PREFIX}/docs/static/swagger-ui.css",
                                   swagger_favicon_url=f"{PREFIX}/docs/static/favicon-32x32.png")

    api.add_middleware(BodyLimit)
    return api


def root_app() -> Starlette:
    """Reflex's `api_transformer` mounts the Reflex backend under this app at "" (after /api)."""
    return Starlette(routes=[Mount(PREFIX, app=create_api())])
