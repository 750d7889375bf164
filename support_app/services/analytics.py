"""Figures for the analytics page. SQL selects the tickets of a period (no ticket text), pandas
aggregates them. Every figure follows one `AnalyticsFilter`.

Periods are whole UTC days: `start` and `end` are both included, so the window is the half-open
interval [start 00:00 UTC, end + 1 day 00:00 UTC). A ticket belongs to the period its `created_at`
falls in; everything about it (first response, resolution, CSAT, escalation, draft outcome) is
counted with the ticket. The previous period is the same number of days right before `start`.
"""

import csv
import io
import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone

import numpy as np
import pandas as pd
from sqlmodel import Session, col, select

from support_app.models import (
    CATEGORIES, CHANNELS, PRIORITIES, Deflection, DraftOutcome, KnowledgeArticle, MessageKind, Role, Ticket,
    TicketEvent, TicketMessage, User, utcnow,
)
from support_app.services import sla
from support_app.services.ai import escalation
from support_app.services.ai.confidence import RELEVANT_SIMILARITY
from support_app.services.errors import ValidationError
from support_app.settings import get_settings

PRESETS = (7, 30, 90)
MAX_DAYS = 366
OPEN = ("open", "in_progress", "escalated")
SENTIMENTS = ("negative", "neutral", "positive")
DRAFT_OUTCOMES = [o.value for o in DraftOutcome]
CONFIDENCE_BINS = [round(i / 10, 1) for i in range(11)]  # [0, 0.1), ..., [0.9, 1.0]
ESCALATION_CODES = {escalation.LOW_CONFIDENCE, escalation.URGENT, escalation.NEGATIVE, escalation.SENSITIVE,
                    escalation.REPEAT, escalation.INJECTION, escalation.INVALID_OUTPUT}
AGENT_DECISION = "agent decision"  # an escalation reason typed by a person (no reason code)
_TICKET_COLUMNS = ("id", "created_at", "category", "priority", "status", "channel", "assignee_id", "escalated",
                   "escalation_reason", "sentiment", "sentiment_score", "ai_confidence", "csat_score",
                   "first_response_at", "resolved_at")


# ---------------------------------------------------------------- the filter

@dataclass(frozen=True)
class AnalyticsFilter:
    start: date
    end: date  # included
    category: str = ""
    priority: str = ""
    channel: str = ""
    agent_id: int | None = None
    preset: int | None = 30  # the days of a preset range, None for a custom one

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=timezone.utc)

    @property
    def until(self) -> datetime:
        """Exclusive upper bound: midnight UTC after `end`."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=timezone.utc)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "AnalyticsFilter":
        return replace(self, start=self.start - timedelta(days=self.days), end=self.start - timedelta(days=1))

    def to_params(self) -> dict[str, str]:
        """Query parameters that `parse_filter` reads back into this filter (for shareable links)."""
        params = {"range": str(self.preset)} if self.preset else {
            "range": "custom", "from": self.start.isoformat(), "to": self.end.isoformat()}
        for key in ("category", "priority", "channel"):
            if getattr(self, key):
                params[key] = getattr(self, key)
        if self.agent_id:
            params["agent"] = str(self.agent_id)
        return params


def preset_filter(days: int = 30, today: date | None = None, **choices) -> AnalyticsFilter:
    """The last `days` UTC days, today included."""
    today = today or utcnow().date()
    return AnalyticsFilter(start=today - timedelta(days=days - 1), end=today, preset=days, **choices)


def parse_filter(params: dict[str, str], today: date | None = None) -> AnalyticsFilter:
    """A filter from query parameters (range=7|30|90|custom, from, to, category, priority, channel,
    agent). Missing values take defaults (last 30 days, everything); wrong ones raise ValidationError."""
    errors: dict[str, str] = {}
    choices: dict[str, object] = {}
    for key, allowed in (("category", CATEGORIES), ("priority", PRIORITIES), ("channel", CHANNELS)):
        value = (params.get(key) or "").strip()
        if value and value not in allowed:
            errors[key] = f"Unknown {key} {value[:40]!r}."
        choices[key] = value
    agent = (params.get("agent") or "").strip()
    if agent:
        if agent.isdigit() and int(agent) > 0:
            choices["agent_id"] = int(agent)
        else:
            errors["agent"] = "The agent must be a user id."
    period = (params.get("range") or "30").strip()
    result = None
    if period == "custom":
        try:
            start, end = date.fromisoformat(params.get("from") or ""), date.fromisoformat(params.get("to") or "")
        except ValueError:
            errors["range"] = "Give both dates as YYYY-MM-DD."
        else:
            if end < start:
                errors["range"] = "The end date is before the start date."
            elif (end - start).days + 1 > MAX_DAYS:
                errors["range"] = f"Choose at most {MAX_DAYS} days."
            else:
                result = AnalyticsFilter(start=start, end=end, preset=None)
    elif period.isdigit() and int(period) in PRESETS:
        result = preset_filter(int(period), today)
    else:
        errors["range"] = "Choose 7, 30 or 90 days, or a custom range."
    if errors:
        raise ValidationError(errors)
    return replace(result, **choices)


# ---------------------------------------------------------------- loading

def _ticket_frame(session: Session, flt: AnalyticsFilter, analysis: bool = True, subject: bool = False) -> pd.DataFrame:
    """One row per ticket created in the period and matching the filter. No ticket text, except
    the subject when asked; `analysis` reads the stored AI analysis (analysed, best_similarity)."""
    columns = list(_TICKET_COLUMNS) + (["ai_analysis"] if analysis else []) + (["subject"] if subject else [])
    query = select(*[getattr(Ticket, c) for c in columns]).where(
        Ticket.created_at >= flt.since, Ticket.created_at < flt.until)
    for key in ("category", "priority", "channel"):
        if getattr(flt, key):
            query = query.where(getattr(Ticket, key) == getattr(flt, key))
    if flt.agent_id:
        query = query.where(Ticket.assignee_id == flt.agent_id)
    rows = session.connection().execute(query.order_by(Ticket.id)).all()  # Core rows: no ORM overhead
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("created_at", "first_response_at", "resolved_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    if analysis:
        analyses = frame.pop("ai_analysis").map(_analysis)
        frame["analysed"] = analyses.map(lambda a: bool(a.get("engine"))).astype(bool)
        frame["best_similarity"] = analyses.map(_best_article_similarity).astype(float)
    frame["day"] = frame["created_at"].dt.date
    frame["first_response_h"] = (frame["first_response_at"] - frame["created_at"]).dt.total_seconds() / 3600
    frame["resolution_h"] = (frame["resolved_at"] - frame["created_at"]).dt.total_seconds() / 3600
    return frame


def _sla_breached(frame: pd.DataFrame, now: datetime) -> pd.Series:
    """Per ticket, what `services.sla.evaluate` says, vectorised: breached when open past a
    first-response or resolution due time, or closed without a resolution in time."""
    settings = get_settings()
    first_due = frame["created_at"] + pd.to_timedelta(frame["priority"].map(settings.sla_first_response_hours), "h")
    resolve_due = frame["created_at"] + pd.to_timedelta(frame["priority"].map(settings.sla_resolution_hours), "h")
    now = pd.Timestamp(now)
    is_open = frame["status"].isin(sla.OPEN_STATUSES)
    open_breached = (now > resolve_due) | (frame["first_response_at"].isna() & (now > first_due))
    closed_breached = frame["resolved_at"].isna() | (frame["resolved_at"] > resolve_due)
    return (is_open & open_breached) | (~is_open & closed_breached)


def _draft_outcomes(session: Session, ticket_ids: list[int]) -> pd.DataFrame:
    rows = []
    for chunk in (ticket_ids[i:i + 500] for i in range(0, len(ticket_ids), 500)):
        rows += session.exec(select(TicketMessage.ticket_id, TicketMessage.draft_outcome).where(
            col(TicketMessage.ticket_id).in_(chunk), TicketMessage.kind == MessageKind.agent.value,
            TicketMessage.draft_outcome != "")).all()
    return pd.DataFrame(rows, columns=["ticket_id", "outcome"])


def _corrections(session: Session, ticket_ids: list[int]) -> pd.DataFrame:
    """Agents' label corrections: (ticket_id, field, old value) from the audit trail's "corrected"
    events (one field "old" or several "field: old; field: old")."""
    rows = []
    for chunk in (ticket_ids[i:i + 500] for i in range(0, len(ticket_ids), 500)):
        events = session.exec(select(TicketEvent.ticket_id, TicketEvent.old_value).where(
            col(TicketEvent.ticket_id).in_(chunk), TicketEvent.action == "corrected").order_by(TicketEvent.id)).all()
        for ticket_id, old in events:
            for part in old.split("; "):
                value = part.split(": ", 1)[-1].strip()
                if value in CATEGORIES:
                    rows.append((ticket_id, "category", value))
                elif value in PRIORITIES:
                    rows.append((ticket_id, "priority", value))
    return pd.DataFrame(rows, columns=["ticket_id", "field", "old"])


def _deflections(session: Session, flt: AnalyticsFilter) -> pd.DataFrame:
    """Deflections in the period (only the date and category filters apply: no ticket exists)."""
    query = (select(Deflection.id, Deflection.article_id, KnowledgeArticle.title, KnowledgeArticle.category)
             .join(KnowledgeArticle, KnowledgeArticle.id == Deflection.article_id, isouter=True)
             .where(Deflection.created_at >= flt.since, Deflection.created_at < flt.until))
    if flt.category:
        query = query.where(KnowledgeArticle.category == flt.category)
    return pd.DataFrame(session.exec(query).all(), columns=["id", "article_id", "title", "category"])


def _analysis(text: str) -> dict:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _best_article_similarity(analysis: dict) -> float:
    similarities = [float(a.get("similarity") or 0.0) for a in analysis.get("articles") or [] if isinstance(a, dict)]
    return max(similarities, default=0.0)


# ---------------------------------------------------------------- figures

def median_hours(values: pd.Series) -> float | None:
    """Median of the non-missing values (the middle one, or the mean of the two middle ones)."""
    values = values.dropna()
    return None if values.empty else round(float(values.median()), 2)


def p90_hours(values: pd.Series) -> float | None:
    """90th percentile with linear interpolation between closest ranks (numpy's default)."""
    values = values.dropna()
    return None if values.empty else round(float(np.percentile(values, 90)), 2)


def _ratio(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


@dataclass
class Kpi:
    key: str
    label: str
    value: float | None
    previous: float | None
    unit: str = ""  # "" count, "h" hours, "%" share 0..1, "/5" CSAT

    @property
    def change(self) -> float | None:
        return None if self.value is None or self.previous is None else round(self.value - self.previous, 4)


def _kpi_values(session: Session, flt: AnalyticsFilter, frame: pd.DataFrame, now: datetime) -> dict[str, float | None]:
    ids = frame["id"].astype(int).tolist()
    outcomes = _draft_outcomes(session, ids)
    deflections = len(_deflections(session, flt))
    rated = frame["csat_score"].dropna()
    open_mask = frame["status"].isin(OPEN)
    return {
        "new": len(frame),
        "open": int(open_mask.sum()),
        "escalated": int(frame["escalated"].astype(bool).sum()),
        "breaching": int((_sla_breached(frame, now) & open_mask).sum()),
        "first_response": median_hours(frame["first_response_h"]),
        "resolution": median_hours(frame["resolution_h"]),
        "csat": None if rated.empty else round(float(rated.mean()), 2),
        "deflection_rate": _ratio(deflections, deflections + len(frame)),
        "draft_acceptance": _ratio(int(outcomes["outcome"].isin(["unchanged", "edited"]).sum()), len(outcomes)),
    }


KPI_LABELS = [("new", "New tickets", ""), ("open", "Still open", ""), ("escalated", "Escalated", ""),
              ("breaching", "Breaching SLA", ""), ("first_response", "Median first response", "h"),
              ("resolution", "Median resolution", "h"), ("csat", "CSAT", "/5"),
              ("deflection_rate", "Deflection rate", "%"), ("draft_acceptance", "AI draft acceptance", "%")]


def kpis(session: Session, flt: AnalyticsFilter, now: datetime | None = None) -> list[Kpi]:
    """The KPI cards, each with its value in the previous period of the same length."""
    now = now or utcnow()
    current = _kpi_values(session, flt, _ticket_frame(session, flt, analysis=False), now)
    previous = _kpi_values(session, flt.previous(), _ticket_frame(session, flt.previous(), analysis=False), now)
    return [Kpi(key, label, current[key], previous[key], unit) for key, label, unit in KPI_LABELS]


@dataclass
class ChartData:
    """A chart's data as tidy rows: `x`, `series` (one trace each; "" for a single trace), `value`."""

    key: str
    title: str
    x_label: str
    y_label: str
    kind: str = "bar"  # bar | stacked | line
    rows: list[dict] = field(default_factory=list)
    note: str = ""  # what the figure counts, when it is not obvious


def _days(flt: AnalyticsFilter) -> list[date]:
    return [flt.start + timedelta(days=i) for i in range(flt.days)]


def _plain(value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return round(float(value), 4) if isinstance(value, (float, np.floating)) else int(value)


def _daily_counts(frame: pd.DataFrame, flt: AnalyticsFilter, by: str | None, keys: list[str]) -> list[dict]:
    """Tickets per UTC day of creation (every day of the period, zeros included), per `by` value."""
    days = _days(flt)
    if by is None:
        counts = frame.groupby("day").size().reindex(days, fill_value=0)
        return [{"x": d.isoformat(), "series": "", "value": int(n)} for d, n in counts.items()]
    counts = frame.groupby(["day", by]).size()
    return [{"x": d.isoformat(), "series": k, "value": int(counts.get((d, k), 0))} for k in keys for d in days]


def _time_stats(frame: pd.DataFrame, by: str, keys: list[str]) -> list[dict]:
    rows = []
    for key in keys:
        part = frame[frame[by] == key]
        for measure, column in (("first response", "first_response_h"), ("resolution", "resolution_h")):
            rows.append({"x": key, "series": f"{measure} median", "value": median_hours(part[column])})
            rows.append({"x": key, "series": f"{measure} p90", "value": p90_hours(part[column])})
    return rows


def escalation_reason_codes(reason: str) -> list[str]:
    """The reason codes of one escalation ("code: detail; code: detail" from the AI); a reason a
    person typed counts once as AGENT_DECISION."""
    codes = {part.split(":", 1)[0].strip() for part in (reason or "").split(";") if part.strip()}
    return sorted({c if c in ESCALATION_CODES else AGENT_DECISION for c in codes})


def knowledge_gaps(frame: pd.DataFrame) -> pd.DataFrame:
    """Tickets the AI analysed whose best knowledge-article match was below RELEVANT_SIMILARITY
    (no article at all counts as 0): columns id, category, best_similarity."""
    gaps = frame[frame["analysed"] & (frame["best_similarity"] < RELEVANT_SIMILARITY)]
    return gaps[["id", "category", "best_similarity"]].reset_index(drop=True)


def knowledge_gap_counts(session: Session, flt: AnalyticsFilter) -> dict[str, int]:
    """Knowledge gaps per category in the filtered period (shared with the knowledge page)."""
    gaps = knowledge_gaps(_ticket_frame(session, flt))
    return {c: int((gaps["category"] == c).sum()) for c in CATEGORIES}


def agent_names(session: Session) -> dict[int, str]:
    users = session.exec(select(User.id, User.name, User.email).where(
        col(User.role).in_([Role.agent.value, Role.admin.value])).order_by(User.name)).all()
    return {uid: name or email for uid, name, email in users}


def charts(session: Session, flt: AnalyticsFilter, now: datetime | None = None) -> list[ChartData]:
    """The data of every chart on the page for one filter."""
    now = now or utcnow()
    frame = _ticket_frame(session, flt)
    ids = frame["id"].astype(int).tolist()
    out: list[ChartData] = []

    out.append(ChartData("volume", "Ticket volume by category", "Day (UTC)", "Tickets", "stacked",
                         _daily_counts(frame, flt, "category", CATEGORIES)))
    mix = frame.groupby("priority").size()
    out.append(ChartData("priority_mix", "Priority mix", "Priority", "Tickets", "bar",
                         [{"x": p, "series": "", "value": int(mix.get(p, 0))} for p in PRIORITIES]))
    sentiment = frame.groupby("day")["sentiment_score"].mean().reindex(_days(flt))
    out.append(ChartData("sentiment", "Sentiment trend", "Day (UTC)", "Mean sentiment (-1 to 1)", "line",
                         [{"x": d.isoformat(), "series": "", "value": _plain(v)} for d, v in sentiment.items()],
                         "Days without tickets have no value."))
    out.append(ChartData("times_category", "First response and resolution time by category", "Category", "Hours",
                         "bar", _time_stats(frame, "category", CATEGORIES)))
    out.append(ChartData("times_priority", "First response and resolution time by priority", "Priority", "Hours",
                         "bar", _time_stats(frame, "priority", PRIORITIES)))
    breached = frame.assign(breached=_sla_breached(frame, now))
    out.append(ChartData("sla_breaches", "SLA breaches by day of creation", "Day (UTC)", "Tickets", "bar",
                         _daily_counts(breached[breached["breached"]], flt, None, []),
                         "Tickets past a first-response or resolution due time, open or resolved late."))
    csat_day = frame.groupby("day")["csat_score"].mean().reindex(_days(flt))
    out.append(ChartData("csat_trend", "CSAT by day of creation", "Day (UTC)", "Mean CSAT (1-5)", "line",
                         [{"x": d.isoformat(), "series": "", "value": _plain(v)} for d, v in csat_day.items()],
                         "Days without ratings have no value."))
    csat_cat = frame.groupby("category")["csat_score"].mean()
    out.append(ChartData("csat_category", "CSAT by category", "Category", "Mean CSAT (1-5)", "bar",
                         [{"x": c, "series": "", "value": _plain(csat_cat.get(c))} for c in CATEGORIES]))
    escalated = frame.groupby("category")["escalated"].agg(["sum", "size"])
    out.append(ChartData("escalation_rate", "Escalation rate by category", "Category", "Share escalated (0-1)", "bar",
                         [{"x": c, "series": "", "value": _ratio(int(escalated["sum"].get(c, 0)),
                                                                  int(escalated["size"].get(c, 0)))}
                          for c in CATEGORIES]))
    reasons = pd.Series([code for reason in frame.loc[frame["escalated"].astype(bool), "escalation_reason"]
                         for code in escalation_reason_codes(reason)], dtype=str).value_counts()
    out.append(ChartData("escalation_reasons", "Escalation reasons", "Reason", "Escalated tickets", "bar",
                         [{"x": r, "series": "", "value": int(n)} for r, n in sorted(reasons.items())]))
    names = agent_names(session)
    assigned = frame[frame["assignee_id"].notna()].astype({"assignee_id": int})
    agent_rows = []
    for agent_id in sorted(assigned["assignee_id"].unique(), key=lambda a: names.get(a, str(a))):
        part = assigned[assigned["assignee_id"] == agent_id]
        name = names.get(agent_id, f"user {agent_id}")
        agent_rows += [{"x": name, "series": "assigned", "value": len(part)},
                       {"x": name, "series": "still open", "value": int(part["status"].isin(OPEN).sum())},
                       {"x": name, "series": "median first response (h)", "value": median_hours(part["first_response_h"])},
                       {"x": name, "series": "median resolution (h)", "value": median_hours(part["resolution_h"])}]
    out.append(ChartData("agents", "Workload and response times per agent", "Agent", "Tickets / hours", "bar",
                         agent_rows, "Tickets counted for their current assignee."))
    analysed = frame[frame["analysed"]]
    bins = pd.cut(analysed["ai_confidence"].clip(0, 0.9999), CONFIDENCE_BINS, right=False).value_counts(sort=False)
    out.append(ChartData("confidence", "AI confidence of triaged tickets", "Confidence", "Tickets", "bar",
                         [{"x": f"{iv.left:.1f}-{iv.right:.1f}", "series": "", "value": int(n)}
                          for iv, n in bins.items()], "Bins include their lower edge; 1.0 counts in 0.9-1.0."))
    outcomes = _draft_outcomes(session, ids)["outcome"].value_counts()
    out.append(ChartData("drafts", "AI drafts at the first reply", "Outcome", "Replies", "bar",
                         [{"x": o, "series": "", "value": int(outcomes.get(o, 0))} for o in DRAFT_OUTCOMES]))
    corrections = _corrections(session, ids)
    out.append(ChartData("triage_accuracy", "Live triage accuracy (not corrected by an agent)", "AI category",
                         "Share kept (0-1)", "bar", _triage_accuracy(analysed, corrections),
                         "Per category the AI chose; a ticket an agent corrected counts as a miss for that field."))
    deflections = _deflections(session, flt)
    by_article = deflections.fillna({"title": "(deleted article)"}).groupby("title").size().sort_values(ascending=False)
    out.append(ChartData("deflections", "Deflections by article", "Article", "Deflections", "bar",
                         [{"x": t, "series": "", "value": int(n)} for t, n in by_article.items()],
                         "Questions answered by an article before a ticket was filed (date and category filters)."))
    gaps = knowledge_gaps(frame)
    out.append(ChartData("knowledge_gaps", "Knowledge gaps by category", "Category", "Tickets", "bar",
                         [{"x": c, "series": "", "value": int((gaps["category"] == c).sum())} for c in CATEGORIES],
                         f"Triaged tickets whose best article match was below {RELEVANT_SIMILARITY} similarity."))
    return out


def _triage_accuracy(analysed: pd.DataFrame, corrections: pd.DataFrame) -> list[dict]:
    """Share of AI-triaged tickets whose category (priority) no agent corrected, per AI category."""
    first = corrections.drop_duplicates(["ticket_id", "field"])
    ai_category = analysed.set_index("id")["category"].copy()
    fixed = first[first["field"] == "category"].set_index("ticket_id")["old"]
    ai_category.update(fixed[fixed.index.isin(ai_category.index)])  # the label the AI gave
    rows = []
    for field_name in ("category", "priority"):
        corrected = set(first.loc[first["field"] == field_name, "ticket_id"])
        for c in CATEGORIES:
            members = ai_category[ai_category == c].index
            kept = sum(1 for t in members if t not in corrected)
            rows.append({"x": c, "series": field_name, "value": _ratio(kept, len(members))})
    return rows


# ---------------------------------------------------------------- CSV

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return "" if value is None else value


def to_csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([[csv_cell(v) for v in row] for row in rows])
    return buffer.getvalue()


def chart_csv(chart: ChartData) -> str:
    return to_csv([chart.x_label, "series", chart.y_label], [[r["x"], r["series"], r["value"]] for r in chart.rows])


TICKET_CSV_HEADER = ["id", "created_at_utc", "subject", "category", "priority", "status", "channel", "assignee",
                     "escalated", "sentiment", "ai_confidence", "first_response_hours", "resolution_hours", "csat"]


def tickets_csv(session: Session, flt: AnalyticsFilter) -> str:
    """The filtered tickets for agents and admins: labels, times and the subject (no description,
    thread, notes or customer details)."""
    frame = _ticket_frame(session, flt, analysis=False, subject=True)
    names = agent_names(session)
    out = pd.DataFrame({
        "id": frame["id"], "created_at_utc": frame["created_at"].dt.strftime("%Y-%m-%d %H:%M:%S"),
        "subject": frame["subject"], "category": frame["category"], "priority": frame["priority"],
        "status": frame["status"], "channel": frame["channel"],
        "assignee": frame["assignee_id"].map(lambda a: "" if pd.isna(a) else names.get(int(a), "")),
        "escalated": frame["escalated"].astype(bool), "sentiment": frame["sentiment"],
        "ai_confidence": frame["ai_confidence"].astype(float).round(3),
        "first_response_hours": frame["first_response_h"].round(4), "resolution_hours": frame["resolution_h"].round(4),
        "csat": frame["csat_score"].astype("Int64"),
    }, columns=TICKET_CSV_HEADER)
    for column in ("subject", "category", "priority", "status", "channel", "assignee", "sentiment"):
        out[column] = out[column].map(csv_cell)
    return out.to_csv(index=False, lineterminator="\n")
