"""Tickets over the API: the same services as the pages, checked against the database."""

from sqlmodel import select

from support_app.models import Ticket, TicketEvent
from tests.api.conftest import bearer, row_counts

NEW = {"email": "ada@example.com", "subject": "Parcel missing", "description": "Order 12345 never arrived, tracking is stuck.",
       "order_number": "12345"}


def _create(client, token, body=None, **headers):
    return client.post("/tickets", json=body or NEW, headers={**bearer(token), **headers})


def test_anonymous_and_revoked_tokens_get_401(client, tokens, api_env):
    from support_app.services import api_tokens

    assert client.get("/tickets").status_code == 401
    bad = client.get("/tickets", headers=bearer("sdk_not-a-token"))
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "unauthenticated"
    row = api_tokens.list_tokens(api_env, tokens.admin_identity)[0]
    assert client.get("/tickets", headers=bearer(tokens.agent)).status_code == 200
    crm = next(t for t in api_tokens.list_tokens(api_env, tokens.admin_identity) if t.name == "crm")
    assert crm.last_used_at is not None and crm.token_hash != tokens.agent  # stored hashed
    api_tokens.revoke(api_env, tokens.admin_identity, crm.id)
    assert client.get("/tickets", headers=bearer(tokens.agent)).status_code == 401
    assert row.name == "other-widget"


def test_create_runs_triage_and_idempotency_key_replays(client, tokens, api_env):
    first = _create(client, tokens.agent, **{"Idempotency-Key": "order-12345-1"})
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["triage_state"] == "pending" and first.headers["location"] == f"/api/tickets/{body['id']}"
    again = _create(client, tokens.agent, **{"Idempotency-Key": "order-12345-1"})
    assert again.status_code == 201 and again.json() == body and again.headers["idempotent-replayed"] == "true"
    assert len(api_env.exec(select(Ticket)).all()) == 1
    assert api_env.get(Ticket, body["id"]).channel == "api"  # the analytics channel filter sees API tickets
    other = _create(client, tokens.agent, {**NEW, "subject": "Something else"}, **{"Idempotency-Key": "order-12345-1"})
    assert other.status_code == 409 and other.json()["error"]["code"] == "conflict"
    # the background triage ran after the answer: the same pipeline the portal uses
    shown = client.get(f"/tickets/{body['id']}", headers=bearer(tokens.agent)).json()
    assert shown["triage_state"] == "done" and shown["ai_draft"]
    assert shown["category"] == "shipping_issue"


def test_customer_token_sees_only_its_customer_and_no_internal_fields(client, tokens):
    mine = _create(client, tokens.customer, {**NEW, "email": "mallory@example.com"}).json()
    assert set(mine) == {"id", "subject", "description", "order_number", "status", "created_at", "updated_at"}
    agent_view = client.get(f"/tickets/{mine['id']}", headers=bearer(tokens.agent)).json()
    assert agent_view["customer_id"] and "ai_draft" in agent_view
    listed = client.get("/tickets", headers=bearer(tokens.customer)).json()
    assert [t["id"] for t in listed["items"]] == [mine["id"]]
    other = client.get(f"/tickets/{mine['id']}", headers=bearer(tokens.other_customer))
    assert other.status_code == 404 and other.json()["error"]["code"] == "not_found"
    assert client.get("/tickets", headers=bearer(tokens.other_customer)).json()["total"] == 0
    patch = client.patch(f"/tickets/{mine['id']}", json={"version": 1, "status": "closed"},
                         headers=bearer(tokens.customer))
    assert patch.status_code == 403 and patch.json()["error"]["code"] == "forbidden"


def test_patch_lifecycle_and_stale_version(client, tokens, api_env):
    created = _create(client, tokens.agent).json()
    tid = created["id"]
    current = client.get(f"/tickets/{tid}", headers=bearer(tokens.agent)).json()
    changed = client.patch(f"/tickets/{tid}", json={"version": current["version"], "priority": "urgent",
                                                    "category": "damaged_product"}, headers=bearer(tokens.agent))
    assert changed.status_code == 200, changed.text
    assert changed.json()["priority"] == "urgent" and changed.json()["version"] == current["version"] + 1
    stale = client.patch(f"/tickets/{tid}", json={"version": current["version"], "status": "closed"},
                         headers=bearer(tokens.agent))
    assert stale.status_code == 409
    api_env.expire_all()
    assert api_env.get(Ticket, tid).status != "closed"
    v = changed.json()["version"]
    reply = client.post(f"/tickets/{tid}/messages", json={"version": v, "kind": "agent", "body": "On its way."},
                        headers=bearer(tokens.agent))
    assert reply.status_code == 201
    v = reply.json()["version"]
    esc = client.post(f"/tickets/{tid}/escalate", json={"version": v, "reason": "Lost twice"}, headers=bearer(tokens.agent))
    assert esc.json()["status"] == "escalated" and esc.json()["escalated"]
    res = client.post(f"/tickets/{tid}/resolve", json={"version": esc.json()["version"], "resolution": "Resent."},
                      headers=bearer(tokens.agent))
    assert res.json()["status"] == "resolved"
    reo = client.post(f"/tickets/{tid}/reopen", json={"version": res.json()["version"]}, headers=bearer(tokens.agent))
    assert reo.json()["status"] == "open" and not reo.json()["escalated"]
    trail = client.get(f"/tickets/{tid}/audit", headers=bearer(tokens.agent)).json()
    actions = [e["action"] for e in trail]
    assert {"created", "updated", "replied", "escalated", "resolved", "reopened"} <= set(actions)
    assert all(e.actor == "api:crm" for e in api_env.exec(select(TicketEvent).where(
        TicketEvent.action.in_(["updated", "resolved", "replied"]))))
    thread = client.get(f"/tickets/{tid}/messages", headers=bearer(tokens.agent)).json()
    assert [m["kind"] for m in thread] == ["customer", "agent"]


def test_list_filters_sort_and_pages(client, tokens, api_env):
    from support_app.services import tickets

    for i in range(7):
        tickets.submit(api_env, tickets.Submission(email=f"c{i}@example.com", subject=f"Case {i} printer",
                                                   description="The printer driver crashes on start."))
    t = api_env.exec(select(Ticket)).first()
    tickets.update_fields(api_env, t.id, t.version, "test", priority="urgent", status="escalated")
    h = bearer(tokens.agent)
    page = client.get("/tickets", params={"page_size": 3, "page": 3, "sort": "oldest"}, headers=h).json()
    assert page["total"] == 7 and len(page["items"]) == 1
    urgent = client.get("/tickets", params={"priority": "urgent", "escalated": "true"}, headers=h).json()
    assert [i["id"] for i in urgent["items"]] == [t.id]
    assert client.get("/tickets", params={"q": "case 3"}, headers=h).json()["total"] == 1
    assert client.get("/tickets", params={"created_after": "2999-01-01T00:00:00Z"}, headers=h).json()["total"] == 0
    assert client.get("/tickets", params={"status": "closed"}, headers=h).json()["total"] == 0


def test_rate_limit_answers_429_with_retry_after(client, tokens, monkeypatch, api_env):
    from support_app.settings import get_settings

    monkeypatch.setenv("API_TOKEN_RATE_LIMIT", "3")
    get_settings.cache_clear()
    codes = [client.get("/tickets", headers=bearer(tokens.agent)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/tickets", headers=bearer(tokens.agent))
    assert limited.headers["retry-after"] == "60" and limited.json()["error"]["code"] == "rate_limited"
    assert client.get("/tickets", headers=bearer(tokens.admin)).status_code == 200  # per token


def test_health_docs_and_openapi_are_anonymous(client, api_env):
    health = client.get("/health").json()
    assert health["database"] == "ok" and "queue" in health and "key" not in str(health).lower().replace("no google_api_key", "")
    spec = client.get("/openapi.json").json()
    assert "/tickets" in spec["paths"] and "/tickets/{ticket_id}/audit" in spec["paths"]
    create = spec["components"]["schemas"]["TicketCreate"]["properties"]
    assert create["subject"]["maxLength"] == 200 and create["subject"]["examples"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/docs/static/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert client.get("/docs/static/swagger-ui-bundle.js").status_code == 200


def test_counts_unchanged_after_refused_requests(client, tokens, api_env):
    before = row_counts(api_env)
    assert _create(client, tokens.agent, {**NEW, "email": "nope"}).status_code == 422
    assert client.post("/tickets", content=b'{"email": "a@b.co", "subject": "\xff\xfe"}',
                       headers={**bearer(tokens.agent), "Content-Type": "application/json"}).status_code == 400
    assert client.post("/tickets", content=b"x" * 1_100_000, headers=bearer(tokens.agent)).status_code == 413
    assert row_counts(api_env) == before


def test_old_idempotency_keys_are_purged(client, tokens, api_env):
    from datetime import timedelta

    from support_app import maintenance
    from support_app.models import IdempotencyKey, utcnow

    _create(client, tokens.agent, **{"Idempotency-Key": "old"})
    _create(client, tokens.agent, **{"Idempotency-Key": "new"})
    old = api_env.exec(select(IdempotencyKey).where(IdempotencyKey.key == "old")).one()
    old.created_at = utcnow() - timedelta(days=2)
    api_env.add(old)
    api_env.commit()
    maintenance.run_once()
    api_env.expire_all()
    assert [k.key for k in api_env.exec(select(IdempotencyKey))] == ["new"]


def test_token_guessing_is_limited_per_address(client, tokens, monkeypatch):
    from support_app.settings import get_settings

    monkeypatch.setenv("API_IP_RATE_LIMIT", "3")
    get_settings.cache_clear()
    codes = [client.get("/tickets", headers=bearer(f"sdk_guess{i}")).status_code for i in range(4)]
    assert codes == [401, 401, 401, 429]
    assert client.get("/tickets", headers=bearer(tokens.agent)).status_code == 429  # same address
