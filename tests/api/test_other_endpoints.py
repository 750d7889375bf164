"""Customers, AI, knowledge base, analytics over the API (the services the pages use)."""

from sqlmodel import select

from support_app.models import KnowledgeArticleVersion
from tests.api.conftest import bearer

ARTICLE = {"title": "Returns within 30 days", "kind": "policy", "category": "product_return",
           "body": "You can return any unused item within 30 days of delivery for a full refund to your card."}


def test_customers(client, tokens):
    h = bearer(tokens.agent)
    made = client.post("/customers", json={"email": "Zed@Example.com", "name": "Zed"}, headers=h)
    assert made.status_code == 201 and made.json()["email"] == "zed@example.com"
    again = client.post("/customers", json={"email": "zed@example.com"}, headers=h)
    assert again.status_code == 200 and again.json()["id"] == made.json()["id"]
    client.post("/tickets", json={"email": "zed@example.com", "subject": "Hi", "description": "A question."}, headers=h)
    mine = client.get("/customers/zed@example.com/tickets", headers=h).json()
    assert mine["total"] == 1 and mine["items"][0]["subject"] == "Hi"
    assert client.get("/customers/nobody@example.com/tickets", headers=h).status_code == 404
    assert any(c["email"] == "zed@example.com" for c in client.get("/customers", headers=h).json())
    assert client.get("/customers", headers=bearer(tokens.customer)).status_code == 403


def test_knowledge_crud_versions_and_search(client, tokens, api_env):
    admin, agent = bearer(tokens.admin), bearer(tokens.agent)
    assert client.post("/knowledge/articles", json=ARTICLE, headers=agent).status_code == 403
    made = client.post("/knowledge/articles", json=ARTICLE, headers=admin)
    assert made.status_code == 201, made.text
    art = made.json()
    edited = client.put(f"/knowledge/articles/{art['id']}", json={**ARTICLE, "version": 1, "title": "Returns (30 days)"},
                        headers=admin)
    assert edited.json()["version"] == 2
    stale = client.put(f"/knowledge/articles/{art['id']}", json={**ARTICLE, "version": 1}, headers=admin)
    assert stale.status_code == 409
    versions = client.get(f"/knowledge/articles/{art['id']}/versions", headers=agent).json()
    assert [v["version"] for v in versions] == [2, 1]
    assert len(api_env.exec(select(KnowledgeArticleVersion)).all()) == 2
    hits = client.get("/knowledge/search", params={"query": "can I send back an item for a refund"}, headers=agent).json()
    assert hits and hits[0]["article_id"] == art["id"]
    archived = client.delete(f"/knowledge/articles/{art['id']}", headers=admin).json()
    assert archived["status"] == "archived"
    assert client.get("/knowledge/search", params={"query": "send back an item for a refund"}, headers=agent).json() == []
    assert client.get("/knowledge/articles/999", headers=agent).status_code == 404


def test_analyze_similar_and_draft(client, tokens):
    h = bearer(tokens.agent)
    before = client.get("/tickets", headers=h).json()["total"]
    analysis = client.post("/analyze-ticket", json={"subject": "Charged twice",
                                                    "description": "My card was charged twice for order 555."},
                           headers=h).json()
    assert analysis["category"] == "payment_problem" and analysis["engine"] == "local"
    assert client.get("/tickets", headers=h).json()["total"] == before  # nothing saved
    t = client.post("/tickets", json={"email": "ada@example.com", "subject": "Printer driver crash",
                                      "description": "The printer driver crashes on Windows 11 when printing."},
                    headers=h).json()
    t = client.get(f"/tickets/{t['id']}", headers=h).json()
    resolved = client.post(f"/tickets/{t['id']}/resolve", json={"version": t["version"],
                                                               "resolution": "Install driver 4.2 from the support site."},
                           headers=h).json()
    similar = client.get("/similar-tickets", params={"query": "printer driver crashes", "limit": 3}, headers=h).json()
    assert similar and similar[0]["ticket_id"] == t["id"] and "driver 4.2" in similar[0]["resolution"]
    redrafted = client.post(f"/tickets/{t['id']}/draft", json={"version": resolved["version"]}, headers=h)
    assert redrafted.status_code == 200 and redrafted.json()["version"] == resolved["version"] + 1
    assert client.post("/analyze-ticket", json={"subject": "x", "description": "y"},
                       headers=bearer(tokens.customer)).status_code == 403


def test_gemini_budget_per_token_falls_back_to_local(client, tokens, monkeypatch):
    from support_app.services.ai.pipeline import reset_pipeline
    from support_app.settings import get_settings
    from tests.gemini.fake_gemini import FakeGemini
    from tests.gemini.samples import GOOD_ANALYSIS

    filed = client.post("/tickets", json={"email": "ada@example.com", "subject": "Parcel missing",
                                          "description": "Tracking has not moved for a week."},
                        headers=bearer(tokens.agent)).json()  # triaged locally (no key yet)
    with FakeGemini() as gemini:
        monkeypatch.setenv("GOOGLE_API_KEY", "AIzaFAKE-test-key-0123456789abcdef")
        monkeypatch.setenv("GEMINI_BASE_URL", gemini.base_url)
        monkeypatch.setenv("GEMINI_MAX_RETRIES", "0")
        monkeypatch.setenv("API_GEMINI_DAILY_BUDGET", "1")
        get_settings.cache_clear()
        reset_pipeline()
        gemini.reply_json(GOOD_ANALYSIS)
        gemini.reply_json({"reply": "Hello, we are looking into it."})
        body = {"subject": "Where is my parcel", "description": "Tracking has not moved for a week."}
        first = client.post("/analyze-ticket", json=body, headers=bearer(tokens.agent)).json()
        calls = len(gemini.calls())
        second = client.post("/analyze-ticket", json=body, headers=bearer(tokens.agent)).json()
        assert calls >= 1 and len(gemini.calls()) == calls  # no Gemini call once the budget is spent
        assert first["engine"] != "local" and first["local_only_reason"] == ""
        assert second["engine"] == "local" and "budget" in second["local_only_reason"]
        # regenerating a draft spends the same budget: this token is out, so no Gemini call
        version = client.get(f"/tickets/{filed['id']}", headers=bearer(tokens.agent)).json()["version"]
        redrafted = client.post(f"/tickets/{filed['id']}/draft", json={"version": version},
                                headers=bearer(tokens.agent))
        assert redrafted.status_code == 200 and redrafted.json()["version"] == version + 1
        assert len(gemini.calls()) == calls and redrafted.json()["ai_draft"]
        audit = client.get(f"/tickets/{filed['id']}/audit", headers=bearer(tokens.agent)).json()
        assert any(e["action"] == "draft_regenerated" for e in audit)
        other = client.post("/analyze-ticket", json=body, headers=bearer(tokens.admin)).json()
        assert other["local_only_reason"] == ""  # per token
        reset_pipeline()


def test_statistics_and_dashboard_match_the_analytics_service(client, tokens, api_env):
    from support_app.services import analytics

    h = bearer(tokens.agent)
    client.post("/tickets", json={"email": "ada@example.com", "subject": "Hi", "description": "A question."}, headers=h)
    stats = client.get("/statistics", headers=h).json()
    expected = {k.key: k.value for k in analytics.kpis(api_env, analytics.preset_filter(30))}
    got = {k["key"]: k["value"] for k in stats["kpis"]}
    assert got == expected and got["new"] == 1 and stats["filter"] == {"range": "30"}
    # the page's filters: a category nobody filed under counts nothing; channel api is this ticket's
    other = client.get("/statistics", params={"category": "refund_request"}, headers=h).json()
    assert {k["key"]: k["value"] for k in other["kpis"]}["new"] == 0
    mine = client.get("/statistics", params={"channel": "api", "range": "7"}, headers=h).json()
    assert {k["key"]: k["value"] for k in mine["kpis"]}["new"] == 1
    dash = client.get("/dashboard", params={"range": "7"}, headers=h).json()
    volume = next(c for c in dash["charts"] if c["key"] == next(ch.key for ch in analytics.charts(
        api_env, analytics.preset_filter(7)) if ch.kind == "stacked"))
    assert sum(r["value"] or 0 for r in volume["rows"]) == 1 and dash["filter"] == {"range": "7"}
    bad = client.get("/dashboard", params={"range": "custom", "from": "2026-02-30", "to": "2026-03-01"}, headers=h)
    assert bad.status_code == 422 and bad.json()["error"]["fields"]
    assert client.get("/statistics", params={"category": "nonsense"}, headers=h).status_code == 422
    assert client.get("/statistics", headers=bearer(tokens.customer)).status_code == 403
