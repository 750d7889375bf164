"""Ticket writes through the API tell the live layer (services/change_feed.py), so open queues and
ticket pages refresh as after the pages' own writes; reads and refused writes tell it nothing."""

import pytest

from support_app.services import change_feed
from tests.api.conftest import bearer

NEW = {"email": "ada@example.com", "subject": "Parcel missing", "description": "Order 12345 never arrived."}


@pytest.fixture
def announced():
    calls: list[int] = []
    change_feed.on_tickets_changed(lambda: calls.append(1))
    yield calls
    change_feed.forget_listeners()


def test_each_successful_ticket_write_is_announced_once(client, tokens, announced):
    agent = bearer(tokens.agent)
    ticket = client.post("/tickets", json=NEW, headers=agent).json()
    assert len(announced) == 1
    client.get("/tickets", headers=agent)
    ticket = client.get(f"/tickets/{ticket['id']}", headers=agent).json()
    assert len(announced) == 1  # reads change nothing

    path = f"/tickets/{ticket['id']}"
    stale = client.patch(path, json={"version": ticket["version"] - 1, "priority": "high"}, headers=agent)
    assert stale.status_code == 409 and len(announced) == 1
    denied = client.patch(path, json={"version": ticket["version"], "priority": "high"}, headers=bearer(tokens.customer))
    assert denied.status_code in (403, 404) and len(announced) == 1

    ticket = client.patch(path, json={"version": ticket["version"], "priority": "high"}, headers=agent).json()
    ticket = client.post(f"{path}/messages", json={"version": ticket["version"], "kind": "agent",
                                                   "body": "We are on it."}, headers=agent).json()
    ticket = client.post(f"{path}/escalate", json={"version": ticket["version"], "reason": "carrier"},
                         headers=agent).json()
    ticket = client.post(f"{path}/resolve", json={"version": ticket["version"], "resolution": "Reshipped."},
                         headers=agent).json()
    reopened = client.post(f"{path}/reopen", json={"version": ticket["version"]}, headers=agent)
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"
    assert len(announced) == 6


def test_a_failing_listener_does_not_fail_the_write(client, tokens, announced):
    def broken():
        raise RuntimeError("the live layer is down")

    change_feed.on_tickets_changed(broken)
    created = client.post("/tickets", json=NEW, headers=bearer(tokens.agent))
    assert created.status_code == 201 and len(announced) == 1
