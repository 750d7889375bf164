"""Every multi-step change is one transaction: when a later step fails, nothing of the earlier ones
remains. And the escalated flag follows the status, so the "Escalated" view and its count agree."""

import pytest
from sqlmodel import Session, func, select

from support_app.db import get_engine
from support_app.models import KnowledgeArticle, KnowledgeArticleVersion, MessageKind, Status, Ticket, TicketMessage
from support_app.services import audit, knowledge, tickets, triage
from support_app.services.errors import ConflictError

BODY = "Gift cards never expire. A lost code can be re-sent from the account page."


class AuditDown(Exception):
    pass


@pytest.fixture
def failing_audit(monkeypatch):
    """Make the audit writer (the last step of every ticket change) fail."""

    def fail(*args, **kwargs):
        raise AuditDown("audit store unavailable")

    return lambda: monkeypatch.setattr(audit, "record", fail)


def stored(ticket_id: int, db: Session) -> Ticket:
    """The ticket as another session sees it, after the caller went on and committed its session:
    nothing of a failed change may be left in it."""
    db.commit()
    with Session(get_engine()) as other:
        return other.get(Ticket, ticket_id)


def message_count(ticket_id: int) -> int:
    with Session(get_engine()) as other:
        return other.exec(select(func.count()).select_from(TicketMessage)
                          .where(TicketMessage.ticket_id == ticket_id)).one()


def file(db) -> Ticket:
    return tickets.submit(db, tickets.Submission("pat@example.com", "Where is my parcel?",
                                                 "Ordered two weeks ago and nothing arrived."))


def test_customer_reply_that_fails_midway_neither_stores_the_message_nor_reopens(db, failing_audit):
    ticket = file(db)
    ticket = tickets.resolve(db, ticket.id, ticket.version, "agent@example.com", "Re-shipped the parcel.")
    failing_audit()
    with pytest.raises(AuditDown):
        tickets.add_message(db, ticket.id, ticket.version, "pat@example.com", "Pat", MessageKind.customer,
                            "Still nothing here.")
    after = stored(ticket.id, db)
    assert (after.status, after.version) == (Status.resolved.value, ticket.version)
    assert message_count(ticket.id) == 1


def test_agent_reply_that_fails_midway_sets_no_first_response(db, failing_audit):
    ticket = file(db)
    failing_audit()
    with pytest.raises(AuditDown):
        tickets.add_message(db, ticket.id, ticket.version, "agent@example.com", "Alex", MessageKind.agent, "On it.")
    after = stored(ticket.id, db)
    assert after.first_response_at is None and after.version == ticket.version
    assert message_count(ticket.id) == 1


def test_resolve_that_fails_midway_leaves_the_ticket_open(db, failing_audit):
    ticket = file(db)
    failing_audit()
    with pytest.raises(AuditDown):
        tickets.resolve(db, ticket.id, ticket.version, "agent@example.com", "Refund issued.")
    after = stored(ticket.id, db)
    assert (after.status, after.resolution, after.resolved_at, after.version) == (Status.open.value, "", None, 1)


def test_regenerate_draft_that_fails_midway_keeps_the_old_draft(db, failing_audit):
    ticket = triage.triage(db, file(db).id)
    failing_audit()
    with pytest.raises(AuditDown):
        triage.regenerate_draft(db, ticket.id, ticket.version, "agent@example.com")
    after = stored(ticket.id, db)
    assert (after.ai_draft, after.ai_analysis, after.version) == (ticket.ai_draft, ticket.ai_analysis, ticket.version)


def test_regenerate_draft_on_a_stale_version_is_refused_before_the_pipeline_runs(db):
    ticket = file(db)
    with pytest.raises(ConflictError):
        triage.regenerate_draft(db, ticket.id, ticket.version + 1, "agent@example.com")
    assert stored(ticket.id, db).ai_draft == ""


def test_knowledge_save_that_fails_midway_stores_no_article_and_no_edit(db, monkeypatch):
    article = knowledge.save(db, "admin@example.com", "Gift cards", BODY)

    def version_row_fails(**kwargs):
        raise AuditDown("version history unavailable")

    monkeypatch.setattr(knowledge, "KnowledgeArticleVersion", version_row_fails)
    with pytest.raises(AuditDown):
        knowledge.save(db, "admin@example.com", "Store credit", BODY)
    with pytest.raises(AuditDown):
        knowledge.save(db, "admin@example.com", "Gift cards (edited)", BODY + " Balances show at checkout.",
                       article_id=article.id, expected_version=1)
    db.commit()
    with Session(get_engine()) as other:
        articles = other.exec(select(KnowledgeArticle)).all()
        assert [(a.title, a.version) for a in articles] == [("Gift cards", 1)]
        assert other.exec(select(func.count()).select_from(KnowledgeArticleVersion)).one() == 1


def test_reopen_clears_the_escalation_and_the_escalated_view_matches_its_count(db):
    def escalated_view() -> tuple[list[int], int]:
        flt = tickets.view_filter("escalated", agent_id=None)
        return [t.id for t in tickets.list_tickets(db, flt)], tickets.view_counts(db, agent_id=0)["escalated"]

    first, second = file(db), file(db)
    first = tickets.escalate(db, first.id, first.version, "agent@example.com", "Customer mentions a lawyer")
    second = tickets.escalate(db, second.id, second.version, "agent@example.com", "Chargeback filed")
    assert sorted(escalated_view()[0]) == sorted([first.id, second.id]) and escalated_view()[1] == 2

    first = tickets.reopen(db, first.id, first.version, "agent@example.com")
    assert (first.status, first.escalated, first.escalation_reason) == (Status.open.value, False, "")
    second = tickets.resolve(db, second.id, second.version, "agent@example.com", "Chargeback answered.")
    assert escalated_view() == ([], 0)  # a resolved ticket has left the view, and its count
    first = tickets.set_status(db, first.id, first.version, "agent@example.com", Status.escalated.value)
    assert first.escalated and escalated_view() == ([first.id], 1)


def test_two_admins_saving_the_same_version_at_once_get_a_conflict_not_a_crash(db):
    article = knowledge.save(db, "admin@example.com", "Gift cards", BODY)
    with Session(get_engine(), expire_on_commit=False) as other:
        knowledge.get(other, article.id)  # admin B has version 1 loaded
        knowledge.save(db, "admin@example.com", "Gift cards", BODY + " Edited by A.",
                       article_id=article.id, expected_version=1)
        # B's check passes on what B read; the database refuses the second version 2.
        with pytest.raises(ConflictError):
            knowledge.save(other, "b@example.com", "Gift cards", BODY + " Edited by B.",
                           article_id=article.id, expected_version=1)
    with Session(get_engine()) as check:
        assert check.get(KnowledgeArticle, article.id).body.endswith("Edited by A.")
