"""Synthetic tickets for the benchmarks, written in bulk into a throw-away database (never yours).

`fill_database` gives every benchmark the same N tickets over the last 90 days; `analytics=True`
adds what the analytics page reads: agents and assignees, channels, response and resolution times,
CSAT, escalation reasons, a stored AI analysis with article matches, first replies with their draft
outcome, agents' corrections and deflections.
"""

import json
import random
from datetime import timedelta

from sqlalchemy import insert

SUBJECTS = ["Where is my order", "Refund not received", "Card declined", "Cannot log in", "Item arrived broken",
            "Return label request", "App keeps crashing", "Change delivery address", "Charged twice",
            "Question about warranty"]
BATCH = 5000
AGENTS = 12
ARTICLES = ["Tracking your parcel", "Refund times", "Declined cards", "Resetting your password",
            "Damaged items", "Return labels", "App troubleshooting", "Changing your address"]
REASONS = ["low_confidence: confidence 0.{n:02d} is below 0.30", "urgent_priority: urgent ticket",
           "negative_sentiment: sentiment -0.{n:02d}", "sensitive: legal threat", "Customer asked for a manager"]


def fill_database(db_url: str, n: int, rng: random.Random, analytics: bool = False) -> None:
    """Migrate `db_url` (empty) and insert one agent, 1,000 customers and `n` tickets."""
    from support_app.db import session_scope
    from support_app.migrations import upgrade_database
    from support_app.models import CATEGORIES, PRIORITIES, STATUSES, Customer, Ticket, analysis_columns, utcnow
    from support_app.services import auth
    from support_app.services.seeding import DEMO_PASSWORD

    upgrade_database(db_url)
    extra = random.Random(11)  # the analytics columns draw from their own stream: the base rows stay the same
    with session_scope(db_url) as session:
        auth.create_user(session, "agent@example.com", DEMO_PASSWORD, "Alex Agent", role="agent")
        agents = [auth.create_user(session, f"agent{i}@example.com", DEMO_PASSWORD, f"Agent {i:02d}",
                                   role="agent").id for i in range(AGENTS)] if analytics else []
        session.execute(insert(Customer.__table__), [
            {"email": f"bench{i}@example.com", "name": f"Customer {i}", "created_at": utcnow()} for i in range(1000)])
        now = utcnow()
        for start in range(0, n, BATCH):
            rows = []
            for i in range(start, min(n, start + BATCH)):
                created = now - timedelta(minutes=rng.randint(0, 90 * 24 * 60))
                subject = f"{rng.choice(SUBJECTS)} #{i}"
                rows.append({
                    "customer_id": rng.randint(1, 1000), "subject": subject,
                    "description": f"{subject}. Synthetic benchmark ticket {i} about order ORD-{i:06d}.",
                    "category": rng.choice(CATEGORIES), "priority": rng.choice(PRIORITIES),
                    "status": rng.choice(STATUSES), "sentiment": rng.choice(["positive", "neutral", "negative"]),
                    "escalated": rng.random() < 0.08, "label_source": "ai", "created_at": created,
                    "updated_at": created, "version": 1,
                })
                if analytics:
                    rows[-1].update(_analytics_columns(rows[-1], agents, extra))
                    rows[-1].update(analysis_columns(rows[-1]["ai_analysis"]))  # as the ORM would
            if analytics:
                returning = insert(Ticket.__table__).returning(Ticket.__table__.c.id, sort_by_parameter_order=True)
                ids = session.execute(returning, rows).scalars().all()
                _add_history(session, list(zip(ids, rows)), extra)
            else:
                session.execute(insert(Ticket.__table__), rows)
            session.commit()
            print(f"  {min(n, start + BATCH):>7} tickets", end="\r", flush=True)
        if analytics:
            _add_deflections(session, n // 10, now, extra)
    print()


def _analytics_columns(row: dict, agents: list[int], rng: random.Random) -> dict:
    created = row["created_at"]
    analysed = rng.random() < 0.9
    columns = {
        "assignee_id": rng.choice(agents) if rng.random() < 0.7 else None,
        "channel": rng.choices(["portal", "email", "api", "import"], [6, 3, 1, 0.2])[0],
        "sentiment_score": round(rng.uniform(-1, 1), 3), "ai_confidence": round(rng.random(), 3),
        "first_response_at": created + timedelta(seconds=rng.randint(60, 48 * 3600)) if rng.random() < 0.85 else None,
        "resolved_at": None, "csat_score": None,
        "escalation_reason": rng.choice(REASONS).format(n=rng.randint(0, 99)) if row["escalated"] else "",
        "ai_analysis": _analysis(rng) if analysed else "{}",
    }
    if row["status"] in ("resolved", "closed"):
        columns["resolved_at"] = created + timedelta(seconds=rng.randint(3600, 200 * 3600)) \
            if rng.random() < 0.95 else None
        columns["csat_score"] = rng.randint(1, 5) if rng.random() < 0.4 else None
    return columns


def _analysis(rng: random.Random) -> str:
    """An analysis record shaped like services/triage.AnalysisRecord's JSON (about its real size)."""
    articles = [{"article_id": rng.randint(1, len(ARTICLES)), "title": rng.choice(ARTICLES), "kind": "article",
                 "similarity": round(rng.uniform(0.2, 0.9), 4)} for _ in range(rng.randint(0, 3))]
    return json.dumps({
        "engine": rng.choice(["local", "local", "gemini"]), "draft_engine": "local",
        "category_probability": round(rng.random(), 4),
        "category_scores": {f"c{k}": round(rng.random(), 4) for k in range(8)},
        "priority_factors": ["customer waiting"], "notes": [], "injection_suspected": False,
        "confidence_parts": {"category": 0.8, "retrieval": 0.6}, "needs_review": False, "escalation_reasons": [],
        "sources": [{"kind": "article", "id": a["article_id"], "title": a["title"]} for a in articles],
        "similar_tickets": [{"ticket_id": rng.randint(1, 99999), "subject": "Similar ticket", "category": "x",
                             "similarity": 0.5, "resolution": "Refunded the second payment."} for _ in range(3)],
        "articles": articles,
    })


def _add_history(session, tickets: list[tuple[int, dict]], rng: random.Random) -> None:
    """First agent replies (with a draft outcome for most) and agents' label corrections."""
    from support_app.models import CATEGORIES, PRIORITIES, TicketEvent, TicketMessage

    messages, events = [], []
    for ticket_id, row in tickets:
        if row["first_response_at"] is not None:
            outcome = rng.choices(["unchanged", "edited", "discarded", ""], [3, 4, 2, 1])[0]
            messages.append({"ticket_id": ticket_id, "kind": "agent", "author_name": "Agent", "body": "Reply.",
                             "draft_outcome": outcome, "created_at": row["first_response_at"]})
        if rng.random() < 0.05:
            old = f"category: {rng.choice(CATEGORIES)}; priority: {rng.choice(PRIORITIES)}" \
                if rng.random() < 0.5 else rng.choice(CATEGORIES)
            events.append({"ticket_id": ticket_id, "actor": "agent@example.com", "action": "corrected",
                           "old_value": old, "new_value": f"category: {row['category']}",
                           "created_at": row["created_at"]})
        events.append({"ticket_id": ticket_id, "actor": "ai-pipeline", "action": "triaged", "old_value": "",
                       "new_value": "triaged", "created_at": row["created_at"]})
    if messages:
        session.execute(insert(TicketMessage.__table__), messages)
    session.execute(insert(TicketEvent.__table__), events)


def _add_deflections(session, count: int, now, rng: random.Random) -> None:
    from support_app.models import CATEGORIES, Deflection, KnowledgeArticle

    articles = insert(KnowledgeArticle.__table__).returning(KnowledgeArticle.__table__.c.id,
                                                            sort_by_parameter_order=True)
    ids = session.execute(articles, [
        {"slug": f"bench-{i}", "title": title, "body": title, "category": CATEGORIES[i % len(CATEGORIES)],
         "kind": "article", "status": "published", "version": 1, "created_at": now, "updated_at": now}
        for i, title in enumerate(ARTICLES)]).scalars().all()
    session.execute(insert(Deflection.__table__), [
        {"query": "where is my parcel", "article_id": rng.choice(ids),
         "created_at": now - timedelta(minutes=rng.randint(0, 90 * 24 * 60))} for _ in range(count)])
    session.commit()


def analyze(db_url: str) -> None:
    """Planner statistics (and on PostgreSQL the visibility map index-only scans need), as autovacuum
    or `PRAGMA optimize` would have them on a running desk."""
    from sqlalchemy import text

    from support_app.db import get_engine

    engine = get_engine(db_url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
