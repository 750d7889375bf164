"""Text limits and control characters on every text the services accept, and the rate limits on
ticket submission (per address, per email) and on the live preview (per browser)."""

import pytest
from sqlmodel import Session, func, select

from support_app.db import get_engine
from support_app.models import KnowledgeArticle, MessageKind, RateLimitHit, Ticket, TicketMessage
from support_app.services import deflection, knowledge, tickets
from support_app.services.errors import RateLimited, ValidationError
from support_app.settings import get_settings


def submission(**overrides) -> tickets.Submission:
    values = dict(email="pat@example.com", subject="Where is my parcel?",
                  description="Ordered two weeks ago, nothing arrived.", order_number="ORD-1234", name="Pat")
    values.update(overrides)
    return tickets.Submission(**values)


def rows(model) -> int:
    with Session(get_engine()) as other:
        return other.exec(select(func.count()).select_from(model)).one()


def test_control_characters_never_reach_the_database(db):
    ticket = tickets.submit(db, submission(subject="Parcel\x00missing\x1b", name="Pat\x07 Doe",
                                           description="Line one\x00\r\nLine\ttwo\x0b"))
    with Session(get_engine()) as other:
        stored = other.get(Ticket, ticket.id)
        assert (stored.subject, stored.description) == ("Parcel missing", "Line one\nLine\ttwo")
        tickets.add_message(db, ticket.id, ticket.version, "agent@example.com", "Alex", MessageKind.agent,
                            "We are\x00 on it.\x7f")
        bodies = other.exec(select(TicketMessage.body).order_by(TicketMessage.id)).all()
    assert bodies == ["Line one\nLine\ttwo", "We are on it."]


@pytest.mark.parametrize("overrides, field", [
    ({"subject": "s" * 201}, "subject"),
    ({"description": "d" * 5001}, "description"),
    ({"order_number": "1" * 65}, "order_number"),
    ({"name": "n" * 121}, "name"),
    ({"email": "e" * 250 + "@example.com"}, "email"),
])
def test_submission_over_a_limit_is_refused_with_the_limit_named(db, overrides, field):
    with pytest.raises(ValidationError) as error:
        tickets.submit(db, submission(**overrides))
    assert "at most" in error.value.errors[field]
    assert rows(Ticket) == 0


def test_every_agent_and_customer_text_has_a_limit(db):
    ticket = tickets.submit(db, submission())
    too_long = {
        "reply": lambda: tickets.add_message(db, ticket.id, ticket.version, "a@example.com", "A",
                                             MessageKind.agent, "r" * 5001),
        "note": lambda: tickets.add_message(db, ticket.id, ticket.version, "a@example.com", "A",
                                            MessageKind.internal_note, "n" * 5001),
        "resolution": lambda: tickets.resolve(db, ticket.id, ticket.version, "a@example.com", "x" * 5001),
        "escalation_reason": lambda: tickets.escalate(db, ticket.id, ticket.version, "a@example.com", "e" * 1001),
        "search": lambda: tickets.list_tickets(db, tickets.TicketFilter(search="q" * 201)),
    }
    for field, change in too_long.items():
        with pytest.raises(ValidationError) as error:
            change()
        assert "at most" in error.value.errors[field], field
    resolved = tickets.resolve(db, ticket.id, ticket.version, "a@example.com", "Re-shipped.")
    with pytest.raises(ValidationError, match="at most 1000"):
        tickets.rate(db, ticket.id, ticket.customer_id, 5, "c" * 1001)
    after = tickets.get(db, ticket.id)
    db.refresh(after)
    assert (after.version, after.csat_score, after.escalated) == (resolved.version, None, False)
    assert rows(TicketMessage) == 1


def test_knowledge_title_and_body_have_limits(db):
    with pytest.raises(ValidationError) as error:
        knowledge.save(db, "admin@example.com", "t" * 201, "b" * 50_001)
    assert set(error.value.errors) == {"title", "body"}
    article = knowledge.save(db, "admin@example.com", "Gift\x00cards", "Gift cards\x00 never expire, ever.")
    assert (article.title, article.body) == ("Gift cards", "Gift cards never expire, ever.")
    assert rows(KnowledgeArticle) == 1


def test_preview_over_the_limit_is_refused_before_any_ai_runs(db):
    from support_app.services.ai import shared

    shared.pipeline.reset()
    with pytest.raises(ValidationError, match="at most 5000"):
        deflection.preview(db, "Parcel", "x" * 5001, client_key="browser-1")
    assert shared.pipeline.peek() is None  # the AI pipeline was never built, let alone called
    assert rows(RateLimitHit) == 0


def test_preview_is_limited_per_browser(db, monkeypatch):
    monkeypatch.setenv("PREVIEW_LIMIT", "2")
    get_settings.cache_clear()
    text = ("Where is my parcel?", "Ordered two weeks ago, nothing arrived yet.")
    for _ in range(2):
        assert deflection.preview(db, *text, client_key="browser-1").category
    with pytest.raises(RateLimited, match="paused"):
        deflection.preview(db, *text, client_key="browser-1")
    assert deflection.preview(db, *text, client_key="browser-2").category
    assert deflection.preview(db, "Hi", "", client_key="browser-1").category == ""  # too short: no AI, no count


def test_submissions_are_limited_per_email_and_per_address(db):
    limits = get_settings()
    for i in range(limits.submit_email_limit):
        tickets.submit(db, submission(subject=f"Question {i}"), client_ip="192.0.2.1")
    with pytest.raises(RateLimited, match="pat@example.com"):
        tickets.submit(db, submission(), client_ip="192.0.2.9")  # a new address, the same email
    assert rows(Ticket) == limits.submit_email_limit

    for i in range(limits.submit_ip_limit - limits.submit_email_limit):
        tickets.submit(db, submission(email=f"c{i}@example.com"), client_ip="192.0.2.1")
    with pytest.raises(RateLimited, match="your network"):
        tickets.submit(db, submission(email="new@example.com"), client_ip="192.0.2.1")
    assert rows(Ticket) == limits.submit_ip_limit
    tickets.submit(db, submission(email="new@example.com"), client_ip="198.51.100.7")  # others still can
    # Trusted callers (seeding, tools) pass no address and are not limited.
    tickets.submit(db, submission())
    assert rows(Ticket) == limits.submit_ip_limit + 2


def test_a_web_submission_is_one_commit_with_its_attempts_and_a_refusal_stores_nothing(db):
    """The ticket and the two attempts it counts are one durable write (the live-update path)."""
    from sqlalchemy import event

    commits = []

    def count(session):
        commits.append(session)

    event.listen(Session, "after_commit", count)
    try:
        tickets.submit(db, submission(), client_ip="192.0.2.1")
    finally:
        event.remove(Session, "after_commit", count)
    assert len(commits) == 1
    assert (rows(Ticket), rows(RateLimitHit)) == (1, 2)

    with pytest.raises(ValidationError):
        tickets.submit(db, submission(subject=""), client_ip="192.0.2.1")
    assert (rows(Ticket), rows(RateLimitHit)) == (1, 2)
