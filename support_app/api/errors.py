"""One error shape for every failure: {"error": {"code", "message", "fields"}}."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from support_app.services.errors import (
    ConflictError, NotFoundError, PermissionDenied, RateLimited, ServiceError, ValidationError,
)

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 60
DATABASE_RETRY_AFTER_SECONDS = 2


class Unauthenticated(Exception):
    """No valid bearer token (401)."""


def error_response(status: int, code: str, message: str, fields: dict[str, str] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "fields": fields or {}}},
                        status_code=status, headers=headers)


def _field_name(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") in ("json_invalid", "json_type") for e in errors) or any(
            e.get("loc", ())[:1] == ("body",) and len(e.get("loc", ())) == 1 and e.get("type") == "model_attributes_type"
            for e in errors):
        return error_response(400, "malformed_request", "The request body is not a valid JSON object.")
    fields = {}
    for e in errors:
        fields.setdefault(_field_name(e.get("loc", ())), str(e.get("msg", "invalid"))[:300])
    return error_response(422, "validation_error", "Some fields are invalid.", fields)


async def _service(_: Request, exc: ServiceError) -> JSONResponse:
    if isinstance(exc, ValidationError):
        return error_response(422, "validation_error", str(exc), exc.errors)
    if isinstance(exc, NotFoundError):
        return error_response(404, "not_found", str(exc))
    if isinstance(exc, ConflictError):
        return error_response(409, "conflict", str(exc))
    if isinstance(exc, RateLimited):
        return error_response(429, "rate_limited", str(exc), headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    if isinstance(exc, PermissionDenied):
        return error_response(403, "forbidden", str(exc))
    return error_response(400, "bad_request", str(exc))


async def _unauthenticated(_: Request, exc: Unauthenticated) -> JSONResponse:
    return error_response(401, "unauthenticated", str(exc), headers={"WWW-Authenticate": "Bearer"})


async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    codes = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
             405: "method_not_allowed", 409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type",
             429: "rate_limited"}
    message = exc.detail if isinstance(exc.detail, str) else "Request failed."
    return error_response(exc.status_code, codes.get(exc.status_code, "error"), message, headers=exc.headers)


async def _database_unavailable(_: Request, exc: OperationalError) -> JSONResponse:
    """The database refused the connection or dropped it (restart, failover, a lock held too long):
    nothing was committed, and the same request may simply be sent again."""
    log.warning("API request failed, database unavailable: %s", type(exc.orig).__name__)
    return error_response(503, "database_unavailable", "The database is unavailable for a moment. Retry shortly.",
                          headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)})


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("API request failed")
    return error_response(500, "internal_error", "Something went wrong on our side. Try again later.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(ServiceError, _service)
    app.add_exception_handler(Unauthenticated, _unauthenticated)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(Exception, _unexpected)
