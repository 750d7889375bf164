"""The ticket page's data per audience: what a customer's record can and cannot contain."""

import dataclasses
import json

import pytest

from support_app.models import MessageKind, Ticket
from support_app.services import auth, ticket_detail, tickets, triage
from support_app.services.errors import NotFoundError
from support_app.services.ticket_detail import AgentTicketView, CustomerTicketView

DRAFT = "DRAFT-SECRET: we will refund you 500 euros today"
NOTE = "NOTE-SECRET: customer sounds like a reseller"
ESCALATION = "ESCALATION-SECRET: legal threat"
REASON = "REASON-SECRET: suspected prompt injection"
RESOLUTION = "RESOLUTION-SECRET: refunded outside policy"
INTERNAL = [DRAFT, NOTE, ESCALATION, REASON, RESOLUTION, "injection-suspected", "42%", "-0.80"]


def identity(db, email, role="customer"):
    auth.create_user(db, email, "long enough pw", email.split("@")[0].title(), role=role, verified=True)
    return auth.login(db, email, "long enough pw")[1]


@pytest.fixture
def people(db):
    return {"owner": identity(db, "owner@example.com"), "other": identity(db, "other@example.com"),
            "agent": identity(db, "agent@example.com", role="agent")}


@pytest.fixture
def internal_ticket(db, people) -> Ticket:
    """A ticket carrying every kind of internal data, resolved so the customer may rate it."""
    ticket = tickets.submit(db, tickets.Submission(email="owner@example.com", subject="Broken kettle",
                                                   description="The kettle leaks."))
    ticket.ai_draft, ticket.tags = DRAFT, "injection-suspected"
    ticket.ai_confidence, ticket.sentiment_score = 0.42, -0.8
    ticket.ai_analysis = json.dumps({
        "engine": "local", "needs_review": True, "confidence_parts": {"classifier": 0.5},
        "priority_factors": ["angry customer"], "escalation_reasons": [REASON],
        "sources": [{"kind": "article", "id": 3, "title": "Kettle warranty"}],
        "similar_tickets": [{"ticket_id": 9, "similarity": 0.81, "subject": "Leaking kettle",
                             "resolution": "Sent a new kettle"}]})
    db.add(ticket)
    db.commit()
    agent = people["agent"]
    ticket = tickets.add_message(db, ticket.id, ticket.version, agent.email, agent.name,
                                 MessageKind.internal_note, NOTE)
    ticket = tickets.add_message(db, ticket.id, ticket.version, agent.email, agent.name, MessageKind.agent,
                                 "Sorry to hear that, a new kettle is on its way.")
    ticket = tickets.escalate(db, ticket.id, ticket.version, agent.email, ESCALATION)
    return tickets.resolve(db, ticket.id, ticket.version, agent.email, RESOLUTION)


def test_customer_gets_only_the_public_record_of_their_own_ticket(db, people, internal_ticket):
    view = ticket_detail.detail_for(db, people["owner"], internal_ticket.id)
    assert isinstance(view, CustomerTicketView)
    assert view.subject == "Broken kettle" and view.status_label == "Resolved" and view.can_rate
    assert [m.kind for m in view.messages] == ["customer", "agent"]
    sent = json.dumps(dataclasses.asdict(view))
    for secret in INTERNAL:
        assert secret not in sent
    assert "agent@example.com" not in sent


def test_customer_record_has_no_internal_fields():
    names = {f.name for f in dataclasses.fields(CustomerTicketView)}
    assert not names & {"ai_draft", "tags", "escalation_reason", "escalation_reasons", "resolution", "confidence",
                        "sentiment", "sentiment_score", "events", "sources", "similar", "history", "customer"}


def test_agent_gets_everything_from_the_stored_analysis(db, people, internal_ticket):
    view = ticket_detail.detail_for(db, people["agent"], internal_ticket.id)
    assert isinstance(view, AgentTicketView)
    assert view.ai_draft == DRAFT and view.tags == "injection-suspected" and view.confidence == "42%"
    assert view.escalation_reason == ESCALATION and view.escalation_reasons == [REASON]
    assert view.resolution == RESOLUTION and view.needs_review and view.version == internal_ticket.version
    assert [m.kind for m in view.messages] == ["customer", "internal_note", "agent"]
    assert view.sources[0].title == "Kettle warranty" and view.similar[0].similarity == "81%"
    assert [e.action for e in view.events] == ["Created", "Noted", "Replied", "Escalated", "Resolved"]
    assert view.customer == "Owner <owner@example.com>"


@pytest.mark.parametrize("who", ["other", None])
def test_other_customers_and_anonymous_visitors_get_not_found(db, people, internal_ticket, who):
    with pytest.raises(NotFoundError):
        ticket_detail.detail_for(db, people[who] if who else None, internal_ticket.id)


def test_missing_ticket_is_not_found_for_agents_too(db, people):
    with pytest.raises(NotFoundError):
        ticket_detail.detail_for(db, people["agent"], 999)


def test_unreadable_analysis_json_reads_as_empty(db, people, internal_ticket):
    internal_ticket.ai_analysis = "{not json"
    db.add(internal_ticket)
    db.commit()
    assert ticket_detail.stored_analysis(internal_ticket) == {}
    view = ticket_detail.detail_for(db, people["agent"], internal_ticket.id)
    assert view.sources == [] and view.engine == ""


def test_agent_view_says_whether_the_ai_triage_is_still_to_come(db, people):
    ticket = tickets.submit(db, tickets.Submission(email="owner@example.com", subject="Late parcel",
                                                   description="My parcel is a week late."))
    assert ticket_detail.detail_for(db, people["agent"], ticket.id).ai_pending  # filed, waiting
    assert triage.claim(db, ticket.id)
    assert ticket_detail.detail_for(db, people["agent"], ticket.id).ai_pending  # a worker runs it
    triage._run(db, ticket.id)  # that worker finishes
    view = ticket_detail.detail_for(db, people["agent"], ticket.id)
    assert not view.ai_pending and view.ai_draft


def test_agent_version_is_the_tickets_version_for_agents_only(db, people, internal_ticket):
    assert ticket_detail.agent_version(db, people["agent"], internal_ticket.id) == internal_ticket.version
    assert ticket_detail.agent_version(db, people["owner"], internal_ticket.id) is None
    assert ticket_detail.agent_version(db, None, internal_ticket.id) is None
    assert ticket_detail.agent_version(db, people["agent"], 999) is None
