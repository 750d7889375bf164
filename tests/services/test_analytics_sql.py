"""What moving the analytics into SQL could get wrong, on SQLite and PostgreSQL: UTC day edges
whatever the session's time zone, durations to the microsecond, periods or filters without
tickets, and the analysis columns kept beside `ai_analysis`. Answers are worked out by hand."""

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from alembic import command
from sqlalchemy import create_engine, select, text
from sqlmodel import Session

from support_app.migrations import alembic_config, upgrade_database
from support_app.models import Customer, Ticket
from support_app.services import analytics, auth, tickets
from support_app.services.analytics import AnalyticsFilter

UTC = timezone.utc
NOW = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)
DAY = AnalyticsFilter(start=date(2026, 5, 10), end=date(2026, 5, 10), preset=None)


def _analysis(engine: str = "local", *similarities: float) -> str:
    return json.dumps({"engine": engine, "articles": [{"article_id": 1, "title": "a", "kind": "article",
                                                       "similarity": s} for s in similarities]})


@pytest.fixture
def customer(db) -> int:
    row = Customer(email="c@example.com", name="C")
    db.add(row)
    db.commit()
    return row.id


def _add(db, customer: int, created: datetime, **kw) -> Ticket:
    ticket = Ticket(customer_id=customer, subject="s", description="d", created_at=created, updated_at=created, **kw)
    db.add(ticket)
    db.commit()
    return ticket


def _chart(db, flt, key):
    return {(r["x"], r["series"]): r["value"] for c in analytics.charts(db, flt, now=NOW) if c.key == key for r in c.rows}


def test_days_are_utc_days_whatever_the_session_time_zone(db, customer):
    last = datetime(2026, 5, 10, 23, 59, 59, 999999, tzinfo=UTC)
    _add(db, customer, datetime(2026, 5, 10, tzinfo=UTC), sentiment_score=0.5)  # first instant of the 10th
    _add(db, customer, last, sentiment_score=-0.25, csat_score=2)  # last instant of the 10th
    _add(db, customer, last + timedelta(microseconds=1))  # the 11th
    # 08:30 on the 11th in UTC+9 is 23:30 UTC on the 10th; 20:00 on the 9th in UTC-5 is 01:00 UTC on the 10th
    _add(db, customer, datetime(2026, 5, 11, 8, 30, tzinfo=timezone(timedelta(hours=9))), csat_score=5)
    _add(db, customer, datetime(2026, 5, 9, 20, 0, tzinfo=timezone(timedelta(hours=-5))))
    if db.get_bind().dialect.name == "postgresql":
        db.exec(text("SET TIME ZONE 'Pacific/Kiritimati'"))  # UTC+14: local days differ from UTC days
    kpis = {k.key: k for k in analytics.kpis(db, DAY, now=NOW)}
    assert kpis["new"].value == 4 and kpis["new"].previous == 0 and kpis["csat"].value == 3.5
    two_days = AnalyticsFilter(date(2026, 5, 10), date(2026, 5, 11), preset=None)
    volume = {x: v for (x, series), v in _chart(db, two_days, "volume").items() if series == "general_inquiry"}
    assert volume == {"2026-05-10": 4, "2026-05-11": 1}
    assert _chart(db, two_days, "sentiment") == {("2026-05-10", ""): 0.0625, ("2026-05-11", ""): 0.0}
    assert _chart(db, two_days, "csat_trend") == {("2026-05-10", ""): 3.5, ("2026-05-11", ""): None}
    rows = analytics.tickets_csv(db, DAY).splitlines()[1:]
    assert [r.split(",")[1] for r in rows] == ["2026-05-10 00:00:00", "2026-05-10 23:59:59", "2026-05-10 23:30:00",
                                               "2026-05-10 01:00:00"]


def test_durations_are_exact_to_the_microsecond(db, customer):
    # 2 h 0 min 18.0004 s = 2.00500011 h: 2.01 when rounded to 2 decimals, 2.005 to 4. Whole seconds
    # rounded from milliseconds (SQLite's strftime) before the fraction is added would give 2 h 0 min
    # 17.0004 s: 2.0 and 2.0047.
    created = datetime(2026, 5, 10, 10, 0, 0, 999600, tzinfo=UTC)
    _add(db, customer, created, first_response_at=created + timedelta(hours=2, seconds=18, microseconds=400),
         resolved_at=created + timedelta(hours=30), status="resolved", priority="low")
    _add(db, customer, datetime(2026, 5, 10, 11, tzinfo=UTC), first_response_at=datetime(2026, 5, 10, 12, tzinfo=UTC),
         priority="medium", status="closed")  # closed without a resolution: breached
    kpis = {k.key: k.value for k in analytics.kpis(db, DAY, now=NOW)}
    assert kpis["first_response"] == 1.5 and kpis["resolution"] == 30.0  # median of 2.00500011 and 1.0
    times = _chart(db, DAY, "times_priority")
    assert times[("low", "first response median")] == 2.01 and times[("low", "first response p90")] == 2.01
    assert times[("low", "resolution median")] == 30.0 and times[("medium", "resolution median")] is None
    assert times[("medium", "first response p90")] == 1.0
    rows = analytics.tickets_csv(db, DAY).splitlines()
    assert rows[1].split(",")[-3:] == ["2.005", "30.0", ""] and rows[2].split(",")[-3:] == ["1.0", "", ""]
    assert _chart(db, DAY, "sla_breaches") == {("2026-05-10", ""): 1}


def test_resolved_exactly_at_the_due_time_is_met(db, customer):
    created = datetime(2026, 5, 10, 9, 0, 0, 1, tzinfo=UTC)
    # low: resolution due 120 h after creation
    _add(db, customer, created, priority="low", status="resolved", first_response_at=created,
         resolved_at=created + timedelta(hours=120))
    _add(db, customer, created, priority="low", status="resolved", first_response_at=created,
         resolved_at=created + timedelta(hours=120, microseconds=1))
    assert _chart(db, DAY, "sla_breaches") == {("2026-05-10", ""): 1}


def test_a_filter_without_tickets_in_a_busy_period(db, customer):
    ann = auth.create_user(db, "ann@example.com", "demo1234", "Ann Agent", role="agent")
    _add(db, customer, datetime(2026, 5, 10, 9, tzinfo=UTC), ai_analysis=_analysis("local", 0.2), ai_confidence=0.4,
         escalated=True, escalation_reason="urgent_priority: x", csat_score=4,
         first_response_at=datetime(2026, 5, 10, 10, tzinfo=UTC))
    nobody = AnalyticsFilter(DAY.start, DAY.end, agent_id=ann.id)
    kpis = {k.key: k.value for k in analytics.kpis(db, nobody, now=NOW)}
    assert kpis == {"new": 0, "open": 0, "escalated": 0, "breaching": 0, "first_response": None, "resolution": None,
                    "csat": None, "deflection_rate": None, "draft_acceptance": None}
    for chart in analytics.charts(db, nobody, now=NOW):
        assert all(r["value"] in (0, None) for r in chart.rows), chart.key
    assert _chart(db, nobody, "agents") == {} and _chart(db, nobody, "escalation_reasons") == {}
    # and the same day without the filter sees the ticket
    assert _chart(db, DAY, "confidence")[("0.4-0.5", "")] == 1
    assert _chart(db, DAY, "escalation_reasons") == {("urgent_priority", ""): 1}


def test_analysis_columns_follow_the_stored_analysis(db, customer):
    t = _add(db, customer, datetime(2026, 5, 10, 9, tzinfo=UTC), ai_analysis=_analysis("local", 0.3, 0.45))
    never = _add(db, customer, datetime(2026, 5, 10, 9, tzinfo=UTC))
    broken = _add(db, customer, datetime(2026, 5, 10, 9, tzinfo=UTC), ai_analysis="{not json")
    stored = {row.id: (row.ai_engine, row.ai_best_similarity) for row in
              db.exec(select(Ticket.id, Ticket.ai_engine, Ticket.ai_best_similarity)).all()}
    assert stored == {t.id: ("local", 0.45), never.id: ("", 0.0), broken.id: ("", 0.0)}
    assert analytics.knowledge_gap_counts(db, DAY)["general_inquiry"] == 1
    # a Core UPDATE through the ticket service (as triage writes an analysis)
    tickets.apply_change(db, t.id, t.version, "ai-pipeline", {"ai_analysis": _analysis("gemini", 0.9)}, record=False)
    db.commit()
    assert db.exec(select(Ticket.ai_engine, Ticket.ai_best_similarity).where(Ticket.id == t.id)).one() == ("gemini", 0.9)
    assert analytics.knowledge_gap_counts(db, DAY)["general_inquiry"] == 0
    # an ORM change of the analysis
    row = db.get(Ticket, never.id)
    row.ai_analysis = _analysis("local")
    db.add(row)
    db.commit()
    assert analytics.knowledge_gap_counts(db, DAY)["general_inquiry"] == 1  # analysed, no article: a gap


def test_migration_reads_the_analyses_stored_before_it(database_url, postgres_or_none):
    url = database_url if database_url.startswith("sqlite") else postgres_or_none
    command.upgrade(alembic_config(url), "0009")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO customer (email, name, created_at) VALUES ('a@example.com', 'A', "
                                "CURRENT_TIMESTAMP)"))
        for analysis in (_analysis("local", 0.7, 0.2), "{}", "[1]", _analysis("", 0.9), "oops"):
            connection.execute(text(
                "INSERT INTO ticket (customer_id, subject, description, category, priority, status, sentiment, "
                "sentiment_score, ai_confidence, tags, language, escalated, escalation_reason, ai_draft, ai_analysis, "
                "label_source, resolution, resolution_approved, csat_comment, created_at, updated_at, version, "
                "triage_state, triage_attempts, channel) VALUES (1, 's', 'd', 'shipping_issue', 'low', 'open', "
                "'neutral', 0, 0, '', 'en', false, '', '', :analysis, 'ai', '', false, '', CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP, 1, 'done', 0, 'portal')"), {"analysis": analysis})
    upgrade_database(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT ai_engine, ai_best_similarity FROM ticket ORDER BY id")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("local", 0.7), ("", 0.0), ("", 0.0), ("", 0.9), ("", 0.0)]
