"""Server-side limits and cleaning for every text a handler or endpoint accepts.

`clean` is the one gate: it strips NUL and other control characters (newline and tab are kept in
multi-line fields), normalises line endings, trims, and refuses text over the field's limit with a
message fit for the person who typed it. Nothing over a limit reaches the database or the AI pipeline.
"""

import re

from support_app.services.errors import ValidationError
from support_app.settings import get_settings

_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")

# Characters allowed per field. Subject and description follow the settings (SUBJECT_MAX_LENGTH,
# DESCRIPTION_MAX_LENGTH); the rest are fixed by the database columns or by sense.
FIXED_LIMITS = {
    "email": 254, "name": 120, "password": 128, "order_number": 64,
    "reply": 5000, "note": 5000, "resolution": 5000, "escalation_reason": 1000, "csat_comment": 1000,
    "article_title": 200, "article_body": 50_000, "search": 200, "preview": 5000,
}


def limit(field: str) -> int:
    settings = get_settings()
    if field == "subject":
        return settings.subject_max_length
    if field == "description":
        return settings.description_max_length
    return FIXED_LIMITS[field]


def strip_controls(value: str, multiline: bool = True) -> str:
    """Remove control characters (keeping newline and tab when `multiline`); CRLF becomes LF."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if multiline:
        return _CONTROL_MULTILINE.sub("", value)
    return _CONTROL_SINGLE_LINE.sub(" ", value)


def clean(value: str | None, field: str, *, label: str | None = None, required: bool = False,
          multiline: bool = True, max_length: int | None = None) -> str:
    """The cleaned text, or ValidationError({field: message}) when it is missing or too long."""
    label = label or field.replace("_", " ").capitalize()
    text = strip_controls(value or "", multiline).strip()
    most = max_length or limit(field)
    if required and not text:
        raise ValidationError({field: f"{label} is required."})
    if len(text) > most:
        raise ValidationError({field: f"{label} must be at most {most} characters (it has {len(text)})."})
    return text
