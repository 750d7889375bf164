"""Analytics aggregates on a small fixture whose answers are worked out by hand below.

Period edges: a period is whole UTC days, start and end included, i.e. [start 00:00, end+1 00:00).
"""

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone

import pytest

from support_app.models import Customer, Deflection, KnowledgeArticle, MessageKind, Ticket, TicketEvent, TicketMessage
from support_app.services import analytics, auth, tickets
from support_app.services.analytics import AnalyticsFilter
from support_app.services.errors import ValidationError

UTC = timezone.utc
NOW = datetime(2026, 3, 11, 12, 0, tzinfo=UTC)
WEEK = AnalyticsFilter(start=date(2026, 3, 4), end=date(2026, 3, 10), preset=None)


def _analysis(*similarities: float) -> str:
    return json.dumps({"engine": "local", "articles": [
        {"article_id": i + 1, "title": "a", "kind": "article", "similarity": s} for i, s in enumerate(similarities)]})


def at(*parts, tz=UTC) -> datetime:
    return datetime(*parts, tzinfo=tz)


@pytest.fixture
def desk(db):
    """T1..T7 as in the module docstring of each test; returns the agents' ids."""
    a = auth.create_user(db, "ann@example.com", "demo1234", "Ann Agent", role="agent")
    b = auth.create_user(db, "bob@example.com", "demo1234", "Bob Agent", role="agent")
    customer = Customer(email="c@example.com", name="C")
    db.add(customer)
    db.flush()

    def ticket(tid, created, category, priority, status, **kw):
        db.add(Ticket(id=tid, customer_id=customer.id, subject=kw.pop("subject", f"Ticket {tid}"),
                      description="secret description", category=category, priority=priority, status=status,
                      created_at=created, updated_at=created, **kw))

    c1 = at(2026, 3, 4, 0, 0, 0)  # first instant of the period: included
    ticket(1, c1, "shipping_issue", "high", "resolved", assignee_id=a.id, first_response_at=c1 + timedelta(hours=2),
           resolved_at=c1 + timedelta(hours=10), csat_score=4, sentiment_score=-0.5, ai_confidence=0.85,
           ai_analysis=_analysis(0.7, 0.3), subject="=HYPERLINK(\"http://x\")")
    ticket(2, at(2026, 3, 10, 23, 59, 59), "shipping_issue", "low", "open", assignee_id=b.id, channel="email",
           escalated=True, escalation_reason="low_confidence: confidence 0.30 is below 0.35", sentiment_score=0.2,
           ai_confidence=0.3, ai_analysis=_analysis())
    ticket(3, at(2026, 3, 11, 0, 0, 0), "shipping_issue", "low", "open")  # first instant after: excluded
    c4 = at(2026, 3, 3, 23, 59, 59)  # last instant before: the previous period
    ticket(4, c4, "refund_request", "medium", "resolved", first_response_at=c4 + timedelta(hours=3),
           resolved_at=c4 + timedelta(hours=5), csat_score=5)
    c5 = at(2026, 3, 6, 12, 0)
    ticket(5, c5, "payment_problem", "urgent", "escalated", assignee_id=a.id, escalated=True,
           escalation_reason="Customer threatens to leave", first_response_at=c5 + timedelta(hours=1),
           sentiment_score=-0.8, ai_confidence=0.95, ai_analysis=_analysis(0.4))
    c6 = at(2026, 3, 7, 8, 0)
    ticket(6, c6, "shipping_issue", "medium", "closed", first_response_at=c6 + timedelta(hours=4),
           resolved_at=c6 + timedelta(hours=30), csat_score=2, sentiment_score=0.4, label_source="import")
    # 01:30 on the 11th in UTC+2 is 23:30 UTC on the 10th: inside the period, on the 10th.
    ticket(7, at(2026, 3, 11, 1, 30, tz=timezone(timedelta(hours=2))), "general_inquiry", "low", "open",
           sentiment_score=0.0)
    db.flush()
    db.add(TicketMessage(ticket_id=1, kind=MessageKind.agent.value, body="hi", draft_outcome="edited"))
    db.add(TicketMessage(ticket_id=5, kind=MessageKind.agent.value, body="hi", draft_outcome="discarded"))
    db.add(TicketMessage(ticket_id=6, kind=MessageKind.agent.value, body="hi"))
    db.add(TicketMessage(ticket_id=5, kind=MessageKind.internal_note.value, body="n", draft_outcome="unchanged"))
    db.add(TicketEvent(ticket_id=5, actor="ann", action="corrected", old_value="category: shipping_issue; priority: high",
                       new_value="category: payment_problem; priority: urgent"))
    article = KnowledgeArticle(slug="tracking", title="Tracking your parcel", body="b", category="shipping_issue")
    db.add(article)
    db.flush()
    db.add(Deflection(query="where", article_id=article.id, created_at=at(2026, 3, 5, 9, 0)))
    db.add(Deflection(query="where", article_id=article.id, created_at=at(2026, 3, 2, 9, 0)))
    db.commit()
    return {"a": a.id, "b": b.id}


def _kpis(db, flt):
    return {k.key: k for k in analytics.kpis(db, flt, now=NOW)}


def _chart(db, flt, key):
    return next(c for c in analytics.charts(db, flt, now=NOW) if c.key == key)


def _values(chart, series=""):
    return {r["x"]: r["value"] for r in chart.rows if r["series"] == series}


def test_kpis_and_previous_period(db, desk):
    k = _kpis(db, WEEK)
    # T1, T2, T5, T6, T7 (T3 is after the end, T4 before the start)
    assert k["new"].value == 5 and k["new"].previous == 1 and k["new"].change == 4
    assert k["open"].value == 3  # T2 open, T5 escalated, T7 open
    assert k["escalated"].value == 2
    # at NOW only T5 (urgent, resolution due 8 h after 06 Mar 12:00) is open past a due time
    assert k["breaching"].value == 1 and k["breaching"].previous == 0
    assert k["first_response"].value == 2.0  # median of 2, 1, 4 hours
    assert k["first_response"].previous == 3.0
    assert k["resolution"].value == 20.0  # median of 10 and 30 hours
    assert k["csat"].value == 3.0 and k["csat"].previous == 5.0 and k["csat"].change == -2.0
    assert k["deflection_rate"].value == round(1 / 6, 4)  # 1 deflection, 5 tickets
    assert k["deflection_rate"].previous == 0.5  # 1 deflection, 1 ticket
    assert k["draft_acceptance"].value == 0.5  # T1 edited, T5 discarded (the note does not count)
    assert k["draft_acceptance"].previous is None and k["draft_acceptance"].change is None


def test_previous_period_is_the_same_length_right_before():
    prev = WEEK.previous()
    assert (prev.start, prev.end) == (date(2026, 2, 25), date(2026, 3, 3))
    assert WEEK.since == at(2026, 3, 4) and WEEK.until == at(2026, 3, 11)


def test_filters_apply_to_every_figure(db, desk):
    assert _kpis(db, AnalyticsFilter(WEEK.start, WEEK.end, category="shipping_issue"))["new"].value == 3
    by_agent = AnalyticsFilter(WEEK.start, WEEK.end, agent_id=desk["a"])
    assert _kpis(db, by_agent)["new"].value == 2  # T1, T5
    assert _values(_chart(db, by_agent, "priority_mix")) == {"low": 0, "medium": 0, "high": 1, "urgent": 1}
    by_channel = AnalyticsFilter(WEEK.start, WEEK.end, channel="email")
    assert _kpis(db, by_channel)["new"].value == 1  # T2
    assert _kpis(db, AnalyticsFilter(WEEK.start, WEEK.end, priority="low"))["new"].value == 2  # T2, T7
    payment = AnalyticsFilter(WEEK.start, WEEK.end, category="payment_problem")
    assert _values(_chart(db, payment, "deflections")) == {}  # the article is about shipping
    assert _values(_chart(db, AnalyticsFilter(WEEK.start, WEEK.end, category="shipping_issue"), "deflections")) == {
        "Tracking your parcel": 1}


def test_volume_sentiment_and_day_edges(db, desk):
    volume = _chart(db, WEEK, "volume")
    assert len(volume.rows) == 7 * 8  # every day and category, zeros included
    shipping = _values(volume, "shipping_issue")
    assert shipping == {"2026-03-04": 1, "2026-03-05": 0, "2026-03-06": 0, "2026-03-07": 1, "2026-03-08": 0,
                        "2026-03-09": 0, "2026-03-10": 1}
    assert _values(volume, "general_inquiry")["2026-03-10"] == 1  # T7, filed in UTC+2 after midnight
    assert _values(volume, "payment_problem")["2026-03-06"] == 1
    sentiment = _values(_chart(db, WEEK, "sentiment"))
    assert sentiment["2026-03-04"] == -0.5 and sentiment["2026-03-10"] == 0.1 and sentiment["2026-03-05"] is None


def test_response_times_median_and_p90(db, desk):
    by_category = _chart(db, WEEK, "times_category")
    shipping = {r["series"]: r["value"] for r in by_category.rows if r["x"] == "shipping_issue"}
    # first responses 2 h and 4 h; resolutions 10 h and 30 h; p90 interpolates linearly
    assert shipping == {"first response median": 3.0, "first response p90": 3.8,
                        "resolution median": 20.0, "resolution p90": 28.0}
    payment = {r["series"]: r["value"] for r in by_category.rows if r["x"] == "payment_problem"}
    assert payment == {"first response median": 1.0, "first response p90": 1.0,
                       "resolution median": None, "resolution p90": None}
    by_priority = {(r["x"], r["series"]): r["value"] for r in _chart(db, WEEK, "times_priority").rows}
    assert by_priority[("medium", "resolution median")] == 30.0 and by_priority[("low", "first response median")] is None
    assert analytics.p90_hours(__import__("pandas").Series([1.0, 2.0, 4.0])) == 3.6


def test_sla_csat_escalations_agents(db, desk):
    assert _values(_chart(db, WEEK, "sla_breaches"))["2026-03-06"] == 1
    assert sum(_values(_chart(db, WEEK, "sla_breaches")).values()) == 1
    assert _values(_chart(db, WEEK, "csat_category"))["shipping_issue"] == 3.0
    assert _values(_chart(db, WEEK, "csat_trend"))["2026-03-04"] == 4.0
    rate = _values(_chart(db, WEEK, "escalation_rate"))
    assert rate["shipping_issue"] == round(1 / 3, 4) and rate["payment_problem"] == 1.0
    assert rate["general_inquiry"] == 0.0 and rate["refund_request"] is None
    assert _values(_chart(db, WEEK, "escalation_reasons")) == {"agent decision": 1, "low_confidence": 1}
    agents = {(r["x"], r["series"]): r["value"] for r in _chart(db, WEEK, "agents").rows}
    assert agents[("Ann Agent", "assigned")] == 2 and agents[("Ann Agent", "still open")] == 1
    assert agents[("Ann Agent", "median first response (h)")] == 1.5
    assert agents[("Bob Agent", "assigned")] == 1 and agents[("Bob Agent", "median resolution (h)")] is None


def test_ai_quality_deflections_and_gaps(db, desk):
    confidence = _values(_chart(db, WEEK, "confidence"))
    assert confidence["0.3-0.4"] == 1 and confidence["0.8-0.9"] == 1 and confidence["0.9-1.0"] == 1
    assert sum(confidence.values()) == 3  # T6 and T7 were never analysed by the AI
    assert _values(_chart(db, WEEK, "drafts")) == {"unchanged": 0, "edited": 1, "discarded": 1}
    accuracy = _chart(db, WEEK, "triage_accuracy")
    # the AI put T1, T2 and T5 in shipping_issue; an agent moved T5 (category and priority)
    assert _values(accuracy, "category")["shipping_issue"] == round(2 / 3, 4)
    assert _values(accuracy, "priority")["shipping_issue"] == round(2 / 3, 4)
    assert _values(accuracy, "category")["payment_problem"] is None
    assert _values(_chart(db, WEEK, "deflections")) == {"Tracking your parcel": 1}
    gaps = _values(_chart(db, WEEK, "knowledge_gaps"))
    assert gaps["shipping_issue"] == 1 and gaps["payment_problem"] == 1 and sum(gaps.values()) == 2  # T2, T5
    assert analytics.knowledge_gap_counts(db, WEEK)["payment_problem"] == 1


def test_empty_period(db, desk):
    empty = AnalyticsFilter(date(2025, 1, 1), date(2025, 1, 7))
    k = _kpis(db, empty)
    assert k["new"].value == 0 and k["first_response"].value is None and k["csat"].value is None
    assert k["deflection_rate"].value is None and k["draft_acceptance"].value is None
    charts = analytics.charts(db, empty, now=NOW)
    assert all(r["value"] in (0, None) for c in charts for r in c.rows)
    assert analytics.tickets_csv(db, empty).splitlines() == [",".join(analytics.TICKET_CSV_HEADER)]


def test_one_ticket_period(db, desk):
    one = AnalyticsFilter(date(2026, 3, 3), date(2026, 3, 3))  # only T4
    k = _kpis(db, one)
    assert k["new"].value == 1 and k["first_response"].value == 3.0 and k["resolution"].value == 5.0
    times = {r["series"]: r["value"] for r in _chart(db, one, "times_category").rows if r["x"] == "refund_request"}
    assert times["resolution p90"] == 5.0


def test_parse_filter_round_trip_and_errors():
    today = date(2026, 3, 10)
    flt = analytics.parse_filter({"range": "7", "category": "shipping_issue", "agent": "3"}, today)
    assert (flt.start, flt.end, flt.category, flt.agent_id) == (date(2026, 3, 4), today, "shipping_issue", 3)
    assert analytics.parse_filter(flt.to_params(), today) == flt
    custom = analytics.parse_filter({"range": "custom", "from": "2026-01-01", "to": "2026-01-31",
                                     "channel": "email"}, today)
    assert custom.days == 31 and analytics.parse_filter(custom.to_params(), today) == custom
    assert analytics.parse_filter({}, today) == analytics.preset_filter(30, today)
    for bad in ({"range": "5"}, {"category": "=cmd"}, {"priority": "huge"}, {"channel": "fax"}, {"agent": "x"},
                {"range": "custom", "from": "2026-02-01", "to": "2026-01-01"},
                {"range": "custom", "from": "yesterday", "to": "2026-01-01"},
                {"range": "custom", "from": "2020-01-01", "to": "2026-01-01"}):
        with pytest.raises(ValidationError):
            analytics.parse_filter(bad, today)


def test_csv_exports_are_filtered_and_defused(db, desk):
    rows = list(csv.DictReader(io.StringIO(analytics.tickets_csv(db, WEEK))))
    assert [r["id"] for r in rows] == ["1", "2", "5", "6", "7"]
    assert rows[0]["subject"] == "'=HYPERLINK(\"http://x\")" and rows[0]["assignee"] == "Ann Agent"
    assert rows[0]["first_response_hours"] == "2.0" and rows[1]["first_response_hours"] == ""
    assert "secret description" not in analytics.tickets_csv(db, WEEK)
    email = list(csv.DictReader(io.StringIO(analytics.tickets_csv(db, AnalyticsFilter(WEEK.start, WEEK.end,
                                                                                      channel="email")))))
    assert [r["id"] for r in email] == ["2"]
    chart = list(csv.reader(io.StringIO(analytics.chart_csv(_chart(db, WEEK, "priority_mix")))))
    assert chart[0] == ["Priority", "series", "Tickets"] and chart[1] == ["low", "", "2"]
    assert [analytics.csv_cell(v) for v in ("+1", "-2", "@a", "=b", "ok", -3)] == ["'+1", "'-2", "'@a", "'=b", "ok", -3]


def test_escalation_reason_codes():
    assert analytics.escalation_reason_codes("low_confidence: 0.2; urgent_priority: refund") == [
        "low_confidence", "urgent_priority"]
    assert analytics.escalation_reason_codes("Note: VIP customer") == ["agent decision"]
    assert analytics.escalation_reason_codes("") == []


def test_draft_outcome_is_recorded_on_the_first_reply(db):
    assert tickets.judge_draft("", "anything") == ""
    assert tickets.judge_draft("Hello  there,\nwe refunded you.", "Hello there, we refunded you.") == "unchanged"
    assert tickets.judge_draft("Hello there, we refunded you today.", "Hello there, we refunded you yesterday.") == "edited"
    assert tickets.judge_draft("Hello there, we refunded you today.", "Please send a photo of the box.") == "discarded"
    customer = Customer(email="d@example.com")
    db.add(customer)
    db.flush()
    t = Ticket(customer_id=customer.id, subject="s", description="d", ai_draft="Your parcel ships on Monday.")
    db.add(t)
    db.commit()
    t = tickets.add_message(db, t.id, t.version, "ann", "Ann", MessageKind.agent, "Your parcel ships on Monday!")
    t = tickets.add_message(db, t.id, t.version, "ann", "Ann", MessageKind.agent, "Something else entirely.")
    outcomes = [m.draft_outcome for m in tickets.thread(db, t.id) if m.kind == "agent"]
    assert outcomes == ["edited", ""]  # only the first reply is judged against the draft


def test_every_chart_has_title_axes_hover_and_summary(db, desk):
    from support_app.state import charts

    for chart in analytics.charts(db, WEEK, now=NOW):
        fig = charts.figure(chart)
        assert fig.layout.title.text == chart.title
        assert fig.layout.xaxis.title.text == chart.x_label and fig.layout.yaxis.title.text == chart.y_label
        assert all("%{y}" in trace.hovertemplate for trace in fig.data)
        assert charts.summary(chart).startswith(chart.title)
        assert len(charts.table(chart)) == len(chart.rows)
    mix = next(c for c in analytics.charts(db, WEEK, now=NOW) if c.key == "priority_mix")
    assert charts.summary(mix) == "Priority mix (Tickets by priority). Low 2, Medium 1, High 1, Urgent 1."


def test_sla_breaches_agree_with_the_sla_service(db, desk):
    from sqlmodel import select

    from support_app.services import sla

    for now in (NOW, at(2026, 3, 4, 1), at(2026, 3, 20)):
        in_sql = dict(db.exec(select(Ticket.id, sla.breached_condition(now))).all())
        expected = {t.id: sla.evaluate(t, now).state == "breached" for t in db.exec(select(Ticket)).all()}
        assert {k: bool(v) for k, v in in_sql.items()} == expected


def test_breaches_counted_per_ticket_agree_with_the_sla_service(db, desk):
    # the page counts breaches from the per-ticket values, not with the SQL condition above
    from sqlmodel import select

    from support_app.services import sla

    for now in (NOW, at(2026, 3, 4, 1), at(2026, 3, 6, 12), at(2026, 3, 20)):
        breached, breaching = {}, 0
        for t in db.exec(select(Ticket)).all():
            if WEEK.start <= t.created_at.astimezone(UTC).date() <= WEEK.end and sla.evaluate(t, now).state == "breached":
                day = t.created_at.astimezone(UTC).date().isoformat()
                breached[day] = breached.get(day, 0) + 1
                breaching += t.status in sla.OPEN_STATUSES
        cards, charts = analytics.page(db, WEEK, now=now)
        chart = next(c for c in charts if c.key == "sla_breaches")
        assert {r["x"]: r["value"] for r in chart.rows if r["value"]} == breached
        assert next(k for k in cards if k.key == "breaching").value == breaching


def test_page_gives_the_kpis_and_charts_in_one_pass(db, desk):
    for flt in (WEEK, AnalyticsFilter(WEEK.start, WEEK.end, category="shipping_issue"),
                AnalyticsFilter(WEEK.start, WEEK.end, agent_id=desk["a"]), AnalyticsFilter(date(2025, 1, 1), date(2025, 1, 7))):
        cards, charts = analytics.page(db, flt, now=NOW)
        assert cards == analytics.kpis(db, flt, now=NOW)
        assert charts == analytics.charts(db, flt, now=NOW)
