"""The ticket page's states answer by audience on the server: a customer's session token gets nothing
from the agent state and cannot act through it, whatever the browser sends."""

import asyncio

import pytest
from reflex.state import State

from support_app.models import Ticket
from support_app.services import auth, tickets
from support_app.services.ticket_detail import AgentTicketView, CustomerTicketView
from support_app.state.ticket import AgentTicketState, CustomerTicketState

DRAFT = "DRAFT-SECRET: a refund of 500 euros is on its way"


def substate(state_cls, token: str, ticket_id: int):
    state = State(_reflex_internal_init=True).get_substate(state_cls.get_full_name().split(".")[1:])
    state.session_token, state.current_id = token, ticket_id
    return state


def view(state_cls, state):
    """The state's computed `view` as the server computes it for this session."""
    return asyncio.run(state_cls.computed_vars["view"].fget(state))


@pytest.fixture
def setup(db):
    auth.create_user(db, "owner@example.com", "long enough pw", "Owner", verified=True)
    auth.create_user(db, "agent@example.com", "long enough pw", "Agent", role="agent")
    ticket = tickets.submit(db, tickets.Submission(email="owner@example.com", subject="Kettle leaks",
                                                   description="It leaks."))
    ticket.ai_draft = DRAFT
    db.add(ticket)
    db.commit()
    return {"customer": auth.login(db, "owner@example.com", "long enough pw")[0],
            "agent": auth.login(db, "agent@example.com", "long enough pw")[0], "ticket_id": ticket.id}


def test_agent_state_holds_nothing_for_a_customer(setup):
    state = substate(AgentTicketState, setup["customer"], setup["ticket_id"])
    state.reply_text = "left over from an earlier session"
    AgentTicketState.load.fn(state)
    assert state.reply_text == "" and state.loaded_version == 0
    assert view(AgentTicketState, state) is None
    AgentTicketState.set_reply_text.fn(state, "typed")
    assert state.reply_text == ""


def test_customer_cannot_act_through_the_agent_state(db, setup):
    state = substate(AgentTicketState, setup["customer"], setup["ticket_id"])
    state.escalation_text, state.loaded_version = "escalate me", 1
    asyncio.run(AgentTicketState.escalate.fn(state))
    assert state.error == "You do not have access to this."
    db.expire_all()
    stored = db.get(Ticket, setup["ticket_id"])
    assert not stored.escalated and stored.version == 1


def test_each_audience_gets_its_own_record(setup):
    agent = substate(AgentTicketState, setup["agent"], setup["ticket_id"])
    AgentTicketState.load.fn(agent)
    assert agent.reply_text == DRAFT and agent.loaded_version == 1
    assert isinstance(view(AgentTicketState, agent), AgentTicketView)
    assert view(CustomerTicketState, substate(CustomerTicketState, setup["agent"], setup["ticket_id"])) is None
    mine = view(CustomerTicketState, substate(CustomerTicketState, setup["customer"], setup["ticket_id"]))
    assert isinstance(mine, CustomerTicketView) and mine.subject == "Kettle leaks"
