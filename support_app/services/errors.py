"""Errors the services raise for the UI and API to show. Each carries a message fit for a person."""


class ServiceError(Exception):
    """Base class: `str(error)` is safe to show to the user."""


class ValidationError(ServiceError):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


class NotFoundError(ServiceError):
    pass


class ConflictError(ServiceError):
    """Someone else changed the record since it was loaded (optimistic locking)."""


class PermissionDenied(ServiceError):
    pass


class RateLimited(ServiceError):
    """Too many attempts in a time window; the message says when to try again."""
