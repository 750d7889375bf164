"""GET /api/tickets paging: cursors walk every ticket exactly once in every sort (ties included),
`total` is exact up to the cap and a lower bound above it, and the SLA-breaching filter agrees
with the Python SLA evaluation (on SQLite and PostgreSQL)."""

from datetime import timedelta

import pytest
from sqlmodel import select

from support_app.api import pagination
from support_app.models import Ticket, utcnow
from support_app.services import sla, tickets
from tests.api.conftest import bearer

PRIORITIES = ["urgent", "high", "medium", "low"]


@pytest.fixture
def desk(api_env):
    """13 tickets: two customers, every priority, and three pairs sharing one created_at."""
    base = utcnow() - timedelta(days=3)
    for i in range(13):
        email = "ada@example.com" if i % 3 == 0 else f"c{i}@example.com"
        t = tickets.submit(api_env, tickets.Submission(email=email, subject=f"Case {i}", description="It broke."))
        t.priority = PRIORITIES[i % 4]
        t.created_at = base + timedelta(hours=i - i % 2)  # i and i+1 (i even) share a timestamp
        t.updated_at = base + timedelta(hours=(i * 5) % 13)
        api_env.add(t)
    api_env.commit()
    return api_env.exec(select(Ticket)).all()


def _walk(client, token, page_size=4, **params):
    """Every page from the first to the one without `next_cursor`; the ids in order."""
    ids, pages, cursor = [], 0, None
    while True:
        answer = client.get("/tickets", params={**params, "page_size": page_size,
                                                **({"cursor": cursor} if cursor else {})},
                            headers=bearer(token))
        assert answer.status_code == 200, answer.text
        body = answer.json()
        ids += [item["id"] for item in body["items"]]
        pages += 1
        assert body["has_more"] == (body["next_cursor"] is not None)
        assert body["page"] == (None if cursor else 1)
        cursor = body["next_cursor"]
        if cursor is None:
            return ids, pages, body


@pytest.mark.parametrize("sort", ["newest", "oldest", "priority", "updated"])
def test_cursor_walks_every_ticket_once_in_sort_order(client, tokens, desk, sort):
    ids, pages, last = _walk(client, tokens.agent, sort=sort)
    assert sorted(ids) == sorted(t.id for t in desk) and len(ids) == len(set(ids)) == 13
    assert pages == 4 and len(last["items"]) == 1 and last["total"] == 13 and last["total_relation"] == "eq"
    rank = {p: i for i, p in enumerate(PRIORITIES)}
    key = {"newest": lambda t: (-t.created_at.timestamp(), -t.id), "oldest": lambda t: (t.created_at, t.id),
           "updated": lambda t: (-t.updated_at.timestamp(), -t.id),
           "priority": lambda t: (rank[t.priority], -t.created_at.timestamp(), -t.id)}[sort]
    assert ids == [t.id for t in sorted(desk, key=key)]
    # the page numbers give the same order
    numbered = [i["id"] for p in (1, 2, 3, 4) for i in client.get(
        "/tickets", params={"sort": sort, "page_size": 4, "page": p}, headers=bearer(tokens.agent)).json()["items"]]
    assert numbered == ids


def test_cursor_keeps_filters_and_the_customer_scope(client, tokens, desk, api_env):
    mine = {t.id for t in desk if t.subject in {f"Case {i}" for i in range(0, 13, 3)}}
    ids, _, last = _walk(client, tokens.customer, page_size=2)
    assert set(ids) == mine and len(ids) == 5 and last["total"] == 5
    assert "priority" not in last["items"][0]  # still the customer's view
    urgent = {t.id for t in desk if t.priority == "urgent"}
    assert set(_walk(client, tokens.agent, page_size=1, priority="urgent")[0]) == urgent
    # tickets filed during a walk do not shift it (keyset, newest first: they come before the cursor)
    first = client.get("/tickets", params={"page_size": 5}, headers=bearer(tokens.agent)).json()
    tickets.submit(api_env, tickets.Submission(email="new@example.com", subject="Late", description="Filed mid-walk."))
    rest = client.get("/tickets", params={"page_size": 100, "cursor": first["next_cursor"]},
                      headers=bearer(tokens.agent)).json()
    assert [i["id"] for i in first["items"]] + [i["id"] for i in rest["items"]] == \
        [t.id for t in sorted(desk, key=lambda t: (t.created_at, t.id), reverse=True)]


def test_customer_tickets_page_by_cursor(client, tokens, desk):
    first = client.get("/customers/ada@example.com/tickets", params={"page_size": 3},
                       headers=bearer(tokens.agent)).json()
    rest = client.get("/customers/ada@example.com/tickets", params={"page_size": 3, "cursor": first["next_cursor"]},
                      headers=bearer(tokens.agent)).json()
    assert len(first["items"]) == 3 and len(rest["items"]) == 2 and rest["next_cursor"] is None
    assert first["total"] == rest["total"] == 5


def test_total_is_exact_up_to_the_cap_then_a_lower_bound(client, tokens, desk, monkeypatch):
    monkeypatch.setattr(pagination, "TOTAL_CAP", 6)
    h = bearer(tokens.agent)
    everything = client.get("/tickets", headers=h).json()
    assert (everything["total"], everything["total_relation"]) == (6, "gte")
    urgent = client.get("/tickets", params={"priority": "urgent"}, headers=h).json()
    assert (urgent["total"], urgent["total_relation"]) == (4, "eq")
    searched = client.get("/tickets", params={"q": "case"}, headers=h).json()  # the full-text count path
    assert (searched["total"], searched["total_relation"]) == (6, "gte")
    assert client.get("/tickets", params={"q": "case 7"}, headers=h).json()["total"] == 1


def test_bad_cursors_are_422(client, tokens, desk):
    h = bearer(tokens.agent)
    good = client.get("/tickets", params={"page_size": 2}, headers=h).json()["next_cursor"]
    forged = pagination.encode_cursor("newest", ["not a time", 3])
    for params in ({"cursor": "%%%"}, {"cursor": "bm90IGpzb24"}, {"cursor": forged},
                   {"cursor": pagination.encode_cursor("newest", [1, "2026-01-01T00:00:00+00:00", 3])},
                   {"cursor": good, "sort": "oldest"}, {"cursor": good, "page": 2}, {"cursor": "x" * 501}):
        answer = client.get("/tickets", params=params, headers=h)
        assert answer.status_code == 422, (params, answer.text)
        assert "cursor" in answer.json()["error"]["fields"]


def test_sla_breaching_filter_agrees_with_the_sla_evaluation(client, tokens, api_env):
    now = utcnow()
    made = []
    for i, (priority, hours_ago, responded, status) in enumerate([
            ("urgent", 2, False, "open"), ("urgent", 0.5, False, "open"), ("urgent", 9, True, "in_progress"),
            ("high", 5, True, "open"), ("high", 5, False, "escalated"), ("high", 30, True, "resolved"),
            ("medium", 80, True, "open"), ("medium", 10, True, "in_progress"), ("low", 3, False, "open"),
            ("low", 130, True, "closed"), ("low", 25, False, "in_progress"), ("low", 121, True, "open")]):
        t = tickets.submit(api_env, tickets.Submission(email=f"s{i}@example.com", subject=f"SLA {i}",
                                                       description="Please help."))
        t.priority, t.status = priority, status
        t.created_at = now - timedelta(hours=hours_ago)
        t.first_response_at = now if responded else None
        api_env.add(t)
        made.append(t)
    api_env.commit()
    expected = {t.id for t in made if t.status in sla.OPEN_STATUSES and sla.evaluate(t).state == "breached"}
    assert len(expected) == 6
    for sort in ("newest", "priority"):
        ids, _, last = _walk(client, tokens.agent, page_size=4, sla="breaching", sort=sort)
        assert set(ids) == expected and len(ids) == 6 and last["total"] == 6
    assert tickets.view_counts(api_env, agent_id=999)["breaching"] == 6
