"""The shared primitives: SQL-backed rate limits and the text gate every handler uses."""

import pytest

from support_app.services import rate_limit, text_input
from support_app.services.errors import RateLimited, ValidationError


def test_rate_limit_counts_per_scope_and_key_and_refuses_past_the_limit(db):
    for _ in range(3):
        rate_limit.hit(db, "submit-ip", "10.0.0.1", limit=3, window_seconds=60, message="slow down")
    with pytest.raises(RateLimited, match="slow down"):
        rate_limit.hit(db, "submit-ip", "10.0.0.1", limit=3, window_seconds=60, message="slow down")
    rate_limit.hit(db, "submit-ip", "10.0.0.2", limit=3, window_seconds=60, message="slow down")
    rate_limit.hit(db, "preview", "10.0.0.1", limit=3, window_seconds=60, message="slow down")
    assert rate_limit.count(db, "submit-ip", "10.0.0.1", 60) == 3


def test_rate_limit_record_survives_the_callers_rollback_and_clear_forgets(db):
    rate_limit.record(db, "login-email", "A@Example.com")
    db.rollback()
    assert rate_limit.count(db, "login-email", "a@example.com", 60) == 1
    rate_limit.clear(db, "login-email", "a@example.com")
    db.commit()
    assert rate_limit.count(db, "login-email", "a@example.com", 60) == 0


def test_rate_limit_stores_no_key_in_clear(db):
    from sqlmodel import select

    from support_app.models import RateLimitHit

    rate_limit.record(db, "login-ip", "192.0.2.7")
    row = db.exec(select(RateLimitHit)).one()
    assert "192.0.2.7" not in row.key_hash and len(row.key_hash) == 64


def test_clean_strips_control_characters_and_refuses_text_over_the_limit(isolated_env):
    assert text_input.clean("  a\x00b\r\nc\td\x1b ", "reply") == "ab\nc\td"
    assert text_input.clean("line\none", "name", multiline=False) == "line one"
    with pytest.raises(ValidationError) as err:
        text_input.clean("x" * 5001, "reply", label="Reply")
    assert err.value.errors == {"reply": "Reply must be at most 5000 characters (it has 5001)."}
    with pytest.raises(ValidationError, match="Subject is required"):
        text_input.clean(" \x00 ", "subject", required=True)
