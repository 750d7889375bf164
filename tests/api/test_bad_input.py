"""Bad input, generated: every request below must get a 4xx with the one error shape, and the row
counts of every table must be the same afterwards (nothing written)."""

import json

from tests.api.conftest import bearer, row_counts

HUGE = "x" * 6000
SQL = "1'; DROP TABLE ticket; --"
SCRIPT = "<script>alert(1)</script>"
CONTROL = "\x00\x01\x02\x1b"
WRONG_TYPES = [None, 123, 4.5, True, [], {}, ["a"], {"a": 1}]
ENUM_JUNK = ["", "OPEN", "deleted", SQL, SCRIPT, CONTROL, "open\x00", 7, None, "x" * 300]
VALID = {"email": "ada@example.com", "subject": "Parcel missing", "description": "Order 1 never came."}


def _cases(ticket_id: int, article_id: int) -> list[tuple]:
    """(method, path, kwargs, who) for each bad request; who picks the token."""
    cases: list[tuple] = []

    def add(method, path, who="agent", **kwargs):
        cases.append((method, path, kwargs, who))

    # POST /tickets: each field with wrong types, missing, and values the app refuses
    for field in ("email", "subject", "description"):
        for value in WRONG_TYPES:
            add("post", "/tickets", json={**VALID, field: value})
        add("post", "/tickets", json={k: v for k, v in VALID.items() if k != field})
        add("post", "/tickets", json={**VALID, field: ""})
        add("post", "/tickets", json={**VALID, field: HUGE})
    for value in ("", " ", CONTROL, "\n\t", "\u2028"):  # nothing left once cleaned
        add("post", "/tickets", json={**VALID, "subject": value})
        add("post", "/tickets", json={**VALID, "description": value})
    for email in ("nope", "a@b", "@example.com", SQL, SCRIPT, "ada@example.com" + CONTROL, "a b@example.com",
                  "x" * 250 + "@example.com", "ada@exa\x00mple.com"):
        add("post", "/tickets", json={**VALID, "email": email})
    for order in ("a b", SQL, SCRIPT, "x" * 65, "#1;--"):
        add("post", "/tickets", json={**VALID, "order_number": order})
    add("post", "/tickets", json={**VALID, "name": "x" * 121})
    add("post", "/tickets", json={**VALID, "status": "closed"})  # unknown field
    add("post", "/tickets", json={**VALID, "customer_id": 1})
    for raw in (b"", b"{", b"[]", b"null", b"42", b'"text"', b'{"email": "a@b.co", "subject": "\xff\xfe\xfd"}',
                b"\xc3\x28", b"subject=hi", b"{'email': 1}", b'{"email": "a@b.co",}', b"\x00" * 10):
        add("post", "/tickets", content=raw, headers={"Content-Type": "application/json"})
    add("post", "/tickets", content=b"x" * 1_200_000, headers={"Content-Type": "application/json"})
    add("post", "/tickets", json=VALID, headers={"Idempotency-Key": "k" * 256})
    add("post", "/tickets", json={**VALID, "email": "bad"}, headers={"Idempotency-Key": "retry-me"})

    # GET /tickets: unknown enum values, bad numbers, dates and search
    for param in ("status", "category", "priority", "sentiment", "sort", "sla"):
        for value in ("", "OPEN", "deleted", SQL, SCRIPT, "open\x00"):
            if value == "" and param != "sort":
                continue  # an empty filter means "any" for the optional enums, as in the queue
            add("get", "/tickets", params={param: value})
    for value in ("-1", "0", "1e3", "abc", SQL, str(10**12), "1.5", ""):
        add("get", "/tickets", params={"page": value})
    for value in ("0", "101", "-5", "abc", str(10**9)):
        add("get", "/tickets", params={"page_size": value})
    for value in ("x", "-1", "0", SQL, str(2**40)):
        add("get", "/tickets", params={"assignee_id": value})
    for value in ("maybe", SQL, "2"):
        add("get", "/tickets", params={"escalated": value})
    for param in ("created_after", "created_before", "updated_after", "updated_before"):
        for value in ("yesterday", SCRIPT, "2026-13-45", SQL):
            add("get", "/tickets", params={param: value})
    add("get", "/tickets", params={"q": "x" * 201})

    # ticket paths: bad ids, other tickets, wrong methods
    for tid in ("0", "-1", "abc", "99999999999999999999", "1;DROP", "1.5", "%00"):
        add("get", f"/tickets/{tid}")
        add("patch", f"/tickets/{tid}", json={"version": 1, "status": "open"})
    add("get", "/tickets/987654")
    add("delete", f"/tickets/{ticket_id}")
    add("put", f"/tickets/{ticket_id}", json={})

    # PATCH: versions, enums, assignee, nothing to change, stale version
    base = f"/tickets/{ticket_id}"
    for version in (None, -1, 0, "1", 2**40, [], "abc"):
        add("patch", base, json={"version": version, "priority": "low"})
    add("patch", base, json={"priority": "low"})
    for field in ("category", "priority", "status"):
        for value in ENUM_JUNK:
            add("patch", base, json={"version": 1, field: value})
    for value in ("me", -3, 0, 10**12, 999):
        add("patch", base, json={"version": 1, "assignee_id": value})
    add("patch", base, json={"version": 1})
    add("patch", base, json={"version": 1, "title": "x"})
    add("patch", base, json={"version": 99, "priority": "low"})  # stale: 409
    add("patch", base, who="customer", json={"version": 1, "priority": "low"})

    # messages, resolve, escalate, reopen, draft
    for body in ("", CONTROL, "   ", "x" * 5001, None, 5):
        add("post", f"{base}/messages", json={"version": 1, "kind": "agent", "body": body})
        add("post", f"{base}/resolve", json={"version": 1, "resolution": body})
        add("post", f"{base}/escalate", json={"version": 1, "reason": body if body != "x" * 5001 else "x" * 1001})
    for kind in ("system", "ai_draft", SQL, "", None):
        add("post", f"{base}/messages", json={"version": 1, "kind": kind, "body": "Hello"})
    add("post", f"{base}/messages", json={"version": 1, "kind": "customer", "body": "Hello"})  # agents post agent replies
    add("post", f"{base}/reopen", json={})
    add("post", f"{base}/reopen", json={"version": "x"})
    add("post", f"{base}/draft", json={"version": 99})
    add("get", f"{base}/audit", who="customer")

    # customers
    for email in ("", "nope", SQL, SCRIPT, None, 5, "x" * 300 + "@example.com", "ada@example.com\x00"):
        add("post", "/customers", json={"email": email})
    add("post", "/customers", json={"email": "ok@example.com", "name": "x" * 121})
    add("post", "/customers", json={"email": "ok@example.com", "role": "admin"})
    for page in ("0", "-1", "abc"):
        add("get", "/customers", params={"page": page})
    add("get", "/customers/" + "x" * 300 + "/tickets")
    add("get", "/customers/nobody@example.com/tickets")

    # AI
    for field in ("subject", "description"):
        for value in ("", None, 1, HUGE, CONTROL):
            add("post", "/analyze-ticket", json={"subject": "Hi there", "description": "Need help", field: value})
    for query, limit in (("", 5), ("x" * 201, 5), ("printer", 0), ("printer", 21), ("printer", -1), ("printer", "x"),
                         (CONTROL, 5)):
        add("get", "/similar-tickets", params={"query": query, "limit": limit})
        add("get", "/knowledge/search", params={"query": query, "limit": limit})
    add("get", "/similar-tickets")

    # knowledge
    art = {"title": "Returns", "body": "You can return unused items within 30 days.", "kind": "article"}
    for field, value in (("title", ""), ("title", "x" * 201), ("title", CONTROL), ("body", "too short"),
                         ("body", "x" * 50_001), ("kind", "faq"), ("status", "deleted"), ("category", "food"),
                         ("title", None), ("body", 5), ("kind", SQL), ("category", SCRIPT)):
        add("post", "/knowledge/articles", who="admin", json={**art, field: value})
    add("post", "/knowledge/articles", json=art)  # agents read only
    add("put", f"/knowledge/articles/{article_id}", who="admin", json=art)  # no version
    add("put", f"/knowledge/articles/{article_id}", who="admin", json={**art, "version": 99})
    add("put", "/knowledge/articles/0", who="admin", json={**art, "version": 1})
    add("delete", "/knowledge/articles/abc", who="admin")
    add("get", "/knowledge/articles/-4")

    # analytics and auth
    for params in ({"range": "0"}, {"range": "366"}, {"range": "-1"}, {"range": "custom"},
                   {"range": "custom", "from": "2026-13-01", "to": "2026-12-01"}, {"category": "'; DROP TABLE ticket"},
                   {"agent": "0"}, {"agent": "abc"}, {"channel": "<script>"}):
        add("get", "/dashboard", params=params)
    add("get", "/statistics", who="customer")
    for header in ("", "Bearer", "Bearer " + "x" * 5000, "Basic YWRtaW46YWRtaW4=", "Bearer sdk_" + SQL,
                   "Bearer " + SCRIPT, "bearer\tsdk_x"):
        add("get", "/tickets", who=None, headers={"Authorization": header} if header else {})
    add("post", "/tickets", who=None, json=VALID)
    return cases


def test_two_hundred_bad_requests_write_nothing(client, tokens, api_env):
    h = bearer(tokens.agent)
    ticket = client.post("/tickets", json=VALID, headers=h).json()
    article = client.post("/knowledge/articles", headers=bearer(tokens.admin), json={
        "title": "Returns", "body": "You can return unused items within 30 days."}).json()
    who = {"agent": tokens.agent, "admin": tokens.admin, "customer": tokens.other_customer}
    cases = _cases(ticket["id"], article["id"])
    assert len(cases) >= 200, len(cases)
    from support_app.models import Ticket

    version = client.get(f"/tickets/{ticket['id']}", headers=h).json()["version"]
    before = row_counts(api_env)
    wrong, codes = [], {}
    for method, path, kwargs, role in cases:
        headers = {**(bearer(who[role]) if role else {}), **kwargs.pop("headers", {})}
        response = client.request(method.upper(), path, headers=headers, **kwargs)
        codes[response.status_code] = codes.get(response.status_code, 0) + 1
        try:
            error = response.json()["error"]
            shaped = set(error) == {"code", "message", "fields"} and error["message"]
        except (ValueError, KeyError, TypeError):
            shaped = False
        if not (400 <= response.status_code < 500 and shaped):
            wrong.append((method, path, json.dumps(kwargs, default=str)[:120], response.status_code, response.text[:200]))
    assert wrong == [], f"{len(wrong)} of {len(cases)} bad requests were not refused properly: {wrong[:10]}"
    assert row_counts(api_env) == before
    api_env.expire_all()
    assert api_env.get(Ticket, ticket["id"]).version == version
    print(f"{len(cases)} bad requests refused: {dict(sorted(codes.items()))}")
    assert {400, 401, 403, 404, 409, 413, 422} <= set(codes)
