"""Figures for the analytics page. One query reads the short per-ticket values of a period (labels,
flags, scores, timestamps); numpy and pandas count, group (per UTC day, category, priority, agent,
...) and compute medians and p90s from them. SQL counts what has few rows (escalation reasons, draft
outcomes, corrections, deflections). Every figure follows one `AnalyticsFilter`.

Periods are whole UTC days: `start` and `end` are both included, so the window is the half-open
interval [start 00:00 UTC, end + 1 day 00:00 UTC). A ticket belongs to the period its `created_at`
falls in; everything about it (first response, resolution, CSAT, escalation, draft outcome) is
counted with the ticket. The previous period is the same number of days right before `start`.
"""

import csv
import io
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone

import numpy as np
import pandas as pd
from sqlalchemy import case, func, or_
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
from support_app.services.sql_time import instants, micros_between, stored_instant, utc_day

PRESETS = (7, 30, 90)
MAX_DAYS = 366
OPEN = ("open", "in_progress", "escalated")
SENTIMENTS = ("negative", "neutral", "positive")
DRAFT_OUTCOMES = [o.value for o in DraftOutcome]
CONFIDENCE_BINS = [round(i / 10, 1) for i in range(11)]  # [0, 0.1), ..., [0.9, 1.0]
ESCALATION_CODES = {escalation.LOW_CONFIDENCE, escalation.URGENT, escalation.NEGATIVE, escalation.SENSITIVE,
                    escalation.REPEAT, escalation.INJECTION, escalation.INVALID_OUTPUT}
AGENT_DECISION = "agent decision"  # an escalation reason typed by a person (no reason code)


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


# ---------------------------------------------------------------- reading (SQL)

def _scope(flt: AnalyticsFilter) -> list:
    """WHERE clauses: tickets created in the period and matching the filter."""
    clauses = [Ticket.created_at >= flt.since, Ticket.created_at < flt.until]
    for key in ("category", "priority", "channel"):
        if getattr(flt, key):
            clauses.append(getattr(Ticket, key) == getattr(flt, key))
    if flt.agent_id:
        clauses.append(Ticket.assignee_id == flt.agent_id)
    return clauses


def _count_if(condition):
    return func.sum(case((condition, 1), else_=0))


_OPEN = col(Ticket.status).in_(OPEN)
_ANALYSED = Ticket.ai_engine != ""


def _rows(session: Session, query) -> list:
    return session.connection().execute(query).all()  # Core rows: no ORM overhead


def _plain_rows(session: Session, query) -> list[tuple]:
    """The DBAPI's own tuples, for queries whose columns need no conversion (numbers and text): a
    hundred thousand rows come 3x faster than as SQLAlchemy rows."""
    result = session.connection().execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _groups(values: pd.DataFrame) -> pd.DataFrame:
    """Counts per UTC day of creation, category and priority: the aggregate most charts are cut
    from (with each group's CSAT sum: whole numbers, so a mean over any union of groups is exact)."""
    flags = {"tickets": np.ones(len(values)), "csat_sum": values["csat"].fillna(0), "rated": values["csat"].notna(),
             "escalated": values["escalated"], "open": values["status"].isin(OPEN), "breaching": values["breaching"],
             "analysed": values["analysed"], "gaps": values["analysed"] & (values["similarity"] < RELEVANT_SIMILARITY),
             "breached": values["breaching"] | values["closed_late"]}  # as sla.breached_condition
    # one code per (day, category, priority) and a weighted bincount per figure: several times
    # cheaper than pandas' groupby on three columns
    codes, labels = zip(*((values[key].cat.codes.to_numpy(), values[key].cat.categories)
                          for key in ("day", "category", "priority")))
    shape = tuple(len(k) for k in labels)
    combined = np.ravel_multi_index(codes, shape) if len(values) else np.array([], dtype=int)
    present, group = np.unique(combined, return_inverse=True)
    keys = np.unravel_index(present, shape)
    frame = pd.DataFrame({key: labels[i].to_numpy()[keys[i]] for i, key in enumerate(("day", "category", "priority"))})
    for name, weights in flags.items():
        sums = np.bincount(group, weights=np.asarray(weights, dtype=float), minlength=len(present))
        frame[name] = sums if name == "csat_sum" else sums.astype(np.int64)
    return frame


def _breaching(values: pd.DataFrame, now: datetime) -> pd.Series:
    """Per ticket: still open and past a due time now, as `sla.breaching_condition` says."""
    settings = get_settings()

    def cutoff(hours: dict[str, float]) -> pd.Series:  # per ticket; NaT (never past) for another priority
        instants = {p: np.datetime64((now - timedelta(hours=hours[p])).astimezone(timezone.utc).replace(tzinfo=None),
                                     "us") for p in PRIORITIES}
        return values["priority"].map(instants).astype("datetime64[us]")

    created = values["created"]
    past = (created < cutoff(settings.sla_resolution_hours)) | (
        values["first_response_h"].isna() & (created < cutoff(settings.sla_first_response_hours)))
    return values["status"].isin(sla.OPEN_STATUSES) & past


def _hours(micros: pd.Series) -> pd.Series:
    """Hours from whole microseconds, computed as pandas computes them from two timestamps."""
    values = micros.astype("Int64").to_numpy(dtype="int64", na_value=np.iinfo(np.int64).min)
    return pd.Series(values.view("timedelta64[us]"), index=micros.index).dt.total_seconds() / 3600


def _frame(rows: list, columns: list[str]) -> pd.DataFrame:
    """A frame from SQL rows (as plain tuples: pandas reads SQLAlchemy rows one by one, 10x slower);
    "first" and "resolved" microseconds become first_response_h and resolution_h."""
    frame = pd.DataFrame.from_records([tuple(r) for r in rows], columns=columns)
    for name, hours in (("first", "first_response_h"), ("resolved", "resolution_h")):
        if name in frame:
            frame[hours] = _hours(frame.pop(name))
    return frame


_INSTANTS = (stored_instant(Ticket.created_at), stored_instant(Ticket.first_response_at),
             stored_instant(Ticket.resolved_at))


def _timed_frame(session: Session, query, columns: dict[str, object]) -> pd.DataFrame:
    """A frame from a query whose columns are `columns` (name: dtype, None keeps the values as they
    come) then `_INSTANTS`: the instants become `created`, first_response_h and resolution_h (NaN
    without one) and `resolution` (timedelta64, NaT)."""
    rows, n, dialect = _plain_rows(session, query), len(columns), session.get_bind().dialect.name
    table = np.array(rows, dtype=object).reshape(len(rows), n + 3)  # columns in one pass (from_records: 3x slower)
    frame = pd.DataFrame({name: table[:, i] if dtype is None else table[:, i].astype(dtype)
                          for i, (name, dtype) in enumerate(columns.items())}, index=pd.RangeIndex(len(rows)))
    created, first, resolved = (instants(table[:, i], dialect) for i in range(n, n + 3))
    frame["created"] = created
    frame["first_response_h"] = pd.Series(first - created).dt.total_seconds() / 3600
    frame["resolution"] = resolved - created
    frame["resolution_h"] = pd.Series(frame["resolution"]).dt.total_seconds() / 3600
    return frame


def _durations(session: Session, flt: AnalyticsFilter) -> pd.DataFrame:
    """Both durations in hours per ticket that has one (what the KPI medians need)."""
    query = select(*_INSTANTS).where(
        *_scope(flt), or_(col(Ticket.first_response_at).is_not(None), col(Ticket.resolved_at).is_not(None)))
    return _timed_frame(session, query, {})


def _closed_late(values: pd.DataFrame) -> pd.Series:
    """Per ticket: closed (not open) without a resolution by its due time, as
    `sla.closed_late_condition` says."""
    hours = get_settings().sla_resolution_hours
    limit = values["priority"].map({p: np.timedelta64(round(hours[p] * 3_600_000_000), "us")
                                    for p in PRIORITIES}).astype("timedelta64[us]")
    late = values["resolution"].isna() | (values["resolution"] > limit)  # no limit (NaT): not late
    return ~values["status"].isin(sla.OPEN_STATUSES) & late


def _ticket_values(session: Session, flt: AnalyticsFilter, now: datetime) -> pd.DataFrame:
    """Per ticket the numbers a median, p90 or float mean needs, with the labels they are cut by:
    UTC day, category, priority, assignee, status, sentiment score and both durations in hours
    (with `closed_late`, see `_closed_late`). Put in id
    order here (cheaper than in SQL): pandas then sums the sentiment scores exactly as it did before
    (a mean rounded to 4 decimals can depend on the last bit)."""
    query = select(Ticket.id, utc_day(Ticket.created_at), Ticket.category, Ticket.priority, Ticket.assignee_id,
                   Ticket.status, Ticket.sentiment_score, case((Ticket.escalated, 1), else_=0), Ticket.csat_score,
                   case((_ANALYSED, 1), else_=0), Ticket.ai_best_similarity, Ticket.ai_confidence,
                   *_INSTANTS).where(*_scope(flt))
    columns = {"id": np.int64, "day": None, "category": None, "priority": None, "assignee_id": float, "status": None,
               "sentiment": float, "escalated": bool, "csat": float, "analysed": bool, "similarity": float,
               "confidence": float}
    frame = _timed_frame(session, query, columns).sort_values("id", ignore_index=True)
    for key in ("day", "category", "priority", "status"):
        # factorized once: every later groupby, map and isin reads the small codes
        codes, labels = pd.factorize(frame[key].to_numpy(dtype=object))
        frame[key] = pd.Categorical.from_codes(codes, labels)
    frame["closed_late"], frame["breaching"] = _closed_late(frame), _breaching(frame, now)
    return frame


def _draft_outcomes(session: Session, flt: AnalyticsFilter) -> dict[str, int]:
    """First agent replies per draft outcome, on the tickets of the period."""
    query = (select(TicketMessage.draft_outcome, func.count()).select_from(TicketMessage)
             .join(Ticket, Ticket.id == TicketMessage.ticket_id)
             .where(*_scope(flt), TicketMessage.kind == MessageKind.agent.value, TicketMessage.draft_outcome != "")
             .group_by(TicketMessage.draft_outcome))
    return dict(_rows(session, query))


def _corrections(session: Session, flt: AnalyticsFilter) -> pd.DataFrame:
    """Agents' first label correction per AI-triaged ticket and field: (ticket_id, category now,
    field, old value) from the audit trail's "corrected" events (one field "old" or several
    "field: old; field: old"), oldest first."""
    # Read from the (few) corrected events to their tickets, not from every ticket of the period.
    category = (select(Ticket.category).where(Ticket.id == TicketEvent.ticket_id, _ANALYSED, *_scope(flt))
                .scalar_subquery())
    query = select(TicketEvent.id, TicketEvent.ticket_id, category, TicketEvent.old_value).where(
        TicketEvent.action == "corrected", category.is_not(None))
    rows = []
    for _, ticket_id, category, old in sorted(_rows(session, query)):
        for part in old.split("; "):
            value = part.split(": ", 1)[-1].strip()
            if value in CATEGORIES:
                rows.append((ticket_id, category, "category", value))
            elif value in PRIORITIES:
                rows.append((ticket_id, category, "priority", value))
    frame = pd.DataFrame(rows, columns=["ticket_id", "category", "field", "old"])
    return frame.drop_duplicates(["ticket_id", "field"])


def _deflections(session: Session, flt: AnalyticsFilter) -> pd.Series:
    """Deflections in the period per article title (only the date and category filters apply: no
    ticket exists); a deflection without an article counts as "(deleted article)"."""
    query = (select(KnowledgeArticle.title, func.count()).select_from(Deflection)
             .join(KnowledgeArticle, KnowledgeArticle.id == Deflection.article_id, isouter=True)
             .where(Deflection.created_at >= flt.since, Deflection.created_at < flt.until)
             .group_by(KnowledgeArticle.title))
    if flt.category:
        query = query.where(KnowledgeArticle.category == flt.category)
    counts: dict[str, int] = {}
    for title, n in _rows(session, query):
        title = "(deleted article)" if title is None else title
        counts[title] = counts.get(title, 0) + n
    return pd.Series(counts, dtype=int).sort_index()


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


def _kpi_values(session: Session, flt: AnalyticsFilter, now: datetime) -> dict[str, float | None]:
    totals = _rows(session, select(
        func.count(), _count_if(_OPEN), _count_if(Ticket.escalated),
        _count_if(sla.breaching_condition(now)), func.sum(Ticket.csat_score), func.count(Ticket.csat_score),
    ).where(*_scope(flt)))[0]
    new, still_open, escalated, breaching, csat_sum, rated = (v or 0 for v in totals)
    times = _durations(session, flt)
    outcomes = _draft_outcomes(session, flt)
    deflections = int(_deflections(session, flt).sum())
    return {
        "new": new, "open": still_open, "escalated": escalated, "breaching": breaching,
        "first_response": median_hours(times["first_response_h"]),
        "resolution": median_hours(times["resolution_h"]),
        "csat": None if rated == 0 else round(float(csat_sum) / rated, 2),
        "deflection_rate": _ratio(deflections, deflections + new),
        "draft_acceptance": _ratio(outcomes.get("unchanged", 0) + outcomes.get("edited", 0), sum(outcomes.values())),
    }


def _kpi_values_of(period: "_Period") -> dict[str, float | None]:
    """The KPIs from the reads the charts made of the same period (same figures as `_kpi_values`)."""
    groups, values, outcomes = period.groups, period.values, period.outcomes
    new, rated, deflections = int(groups["tickets"].sum()), int(groups["rated"].sum()), int(period.deflections.sum())
    return {
        "new": new, "open": int(groups["open"].sum()), "escalated": int(groups["escalated"].sum()),
        "breaching": int(groups["breaching"].sum()),
        "first_response": median_hours(values["first_response_h"]),
        "resolution": median_hours(values["resolution_h"]),
        "csat": None if rated == 0 else round(float(groups["csat_sum"].sum()) / rated, 2),
        "deflection_rate": _ratio(deflections, deflections + new),
        "draft_acceptance": _ratio(outcomes.get("unchanged", 0) + outcomes.get("edited", 0), sum(outcomes.values())),
    }


KPI_LABELS = [("new", "New tickets", ""), ("open", "Still open", ""), ("escalated", "Escalated", ""),
              ("breaching", "Breaching SLA", ""), ("first_response", "Median first response", "h"),
              ("resolution", "Median resolution", "h"), ("csat", "CSAT", "/5"),
              ("deflection_rate", "Deflection rate", "%"), ("draft_acceptance", "AI draft acceptance", "%")]


def kpis(session: Session, flt: AnalyticsFilter, now: datetime | None = None) -> list[Kpi]:
    """The KPI cards, each with its value in the previous period of the same length."""
    now = now or utcnow()
    current = _kpi_values(session, flt, now)
    previous = _kpi_values(session, flt.previous(), now)
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


def _days(flt: AnalyticsFilter) -> list[str]:
    return [(flt.start + timedelta(days=i)).isoformat() for i in range(flt.days)]


def _plain(value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return round(float(value), 4) if isinstance(value, (float, np.floating)) else int(value)


def _mean(groups: pd.DataFrame, by: str, total: str, count: str, keys: list[str]) -> list:
    """Per key, the mean from summed totals and counts (None where nothing was counted)."""
    sums = groups.groupby(by)[[total, count]].sum()
    return [None if sums[count].get(k, 0) == 0 else _plain(sums[total][k] / sums[count][k]) for k in keys]


_NO_DURATIONS = {"first_response_h": pd.Series([], dtype=float), "resolution_h": pd.Series([], dtype=float)}


def _parts(values: pd.DataFrame, by: str) -> dict:
    """Both durations of each `by` value's tickets (in id order), split in one pass."""
    codes, keys = pd.factorize(values[by])  # missing values: code -1, no key
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(keys) + 1))
    first, resolved = values["first_response_h"].to_numpy(), values["resolution_h"].to_numpy()
    parts = {}
    for i, key in enumerate(keys):
        positions = order[bounds[i]:bounds[i + 1]]
        parts[key] = {"first_response_h": pd.Series(first[positions]), "resolution_h": pd.Series(resolved[positions])}
    return parts


def _time_stats(values: pd.DataFrame, by: str, keys: list[str]) -> list[dict]:
    parts, empty = _parts(values, by), _NO_DURATIONS
    rows = []
    for key in keys:
        part = parts.get(key, empty)
        for measure, column in (("first response", "first_response_h"), ("resolution", "resolution_h")):
            rows.append({"x": key, "series": f"{measure} median", "value": median_hours(part[column])})
            rows.append({"x": key, "series": f"{measure} p90", "value": p90_hours(part[column])})
    return rows


def escalation_reason_codes(reason: str) -> list[str]:
    """The reason codes of one escalation ("code: detail; code: detail" from the AI); a reason a
    person typed counts once as AGENT_DECISION."""
    codes = {part.split(":", 1)[0].strip() for part in (reason or "").split(";") if part.strip()}
    return sorted({c if c in ESCALATION_CODES else AGENT_DECISION for c in codes})


def _escalation_reasons(session: Session, flt: AnalyticsFilter) -> dict[str, int]:
    # The escalated tickets are found in the analytics index; only their rows are read for the reason.
    escalated = select(Ticket.id).where(*_scope(flt), Ticket.escalated)
    query = (select(Ticket.escalation_reason, func.count()).where(col(Ticket.id).in_(escalated))
             .group_by(Ticket.escalation_reason))
    counts: dict[str, int] = {}
    for reason, n in _rows(session, query):
        for code in escalation_reason_codes(reason):
            counts[code] = counts.get(code, 0) + n
    return dict(sorted(counts.items()))


def knowledge_gap_counts(session: Session, flt: AnalyticsFilter) -> dict[str, int]:
    """Knowledge gaps per category in the filtered period (shared with the knowledge page): tickets
    the AI analysed whose best knowledge-article match was below RELEVANT_SIMILARITY (no article
    at all counts as 0)."""
    query = (select(Ticket.category, func.count())
             .where(*_scope(flt), _ANALYSED, Ticket.ai_best_similarity < RELEVANT_SIMILARITY).group_by(Ticket.category))
    counts = dict(_rows(session, query))
    return {c: int(counts.get(c, 0)) for c in CATEGORIES}


def agent_names(session: Session) -> dict[int, str]:
    users = session.exec(select(User.id, User.name, User.email).where(
        col(User.role).in_([Role.agent.value, Role.admin.value])).order_by(User.name)).all()
    return {uid: name or email for uid, name, email in users}


def _agent_rows(session: Session, flt: AnalyticsFilter, values: pd.DataFrame) -> list[dict]:
    """Per current assignee: tickets, still open, median first response and resolution."""
    assigned = values[values["assignee_id"].notna()]
    per_agent = assigned.assign(open=assigned["status"].isin(OPEN)).groupby("assignee_id").agg(
        n=("id", "size"), still_open=("open", "sum"), first=("id", "min"))
    counts = {int(a): (int(n), int(o), int(f)) for a, n, o, f in per_agent.itertuples()}
    names = agent_names(session)
    parts, empty = _parts(values, "assignee_id"), _NO_DURATIONS
    rows = []  # by name; agents of the same name in the order of their first ticket
    for agent_id in sorted(counts, key=lambda a: (names.get(a, str(a)), counts[a][2])):
        part = parts.get(agent_id, empty)
        name = names.get(agent_id, f"user {agent_id}")
        rows += [{"x": name, "series": "assigned", "value": counts[agent_id][0]},
                 {"x": name, "series": "still open", "value": counts[agent_id][1]},
                 {"x": name, "series": "median first response (h)", "value": median_hours(part["first_response_h"])},
                 {"x": name, "series": "median resolution (h)", "value": median_hours(part["resolution_h"])}]
    return rows


def _confidence_bins(values: pd.DataFrame) -> pd.Series:
    """AI-triaged tickets per confidence bin."""
    confidence = values.loc[values["analysed"], "confidence"]
    bins = pd.cut(confidence.clip(0, 0.9999), CONFIDENCE_BINS, right=False)
    return confidence.groupby(bins, observed=False).size()


@dataclass
class _Period:
    """What SQL returns about one period, for the charts and the KPI cards."""

    groups: pd.DataFrame
    values: pd.DataFrame
    outcomes: dict[str, int]
    deflections: pd.Series

    @classmethod
    def read(cls, session: Session, flt: AnalyticsFilter, now: datetime) -> "_Period":
        values = _ticket_values(session, flt, now)
        return cls(_groups(values), values, _draft_outcomes(session, flt), _deflections(session, flt))


def page(session: Session, flt: AnalyticsFilter, now: datetime | None = None) -> tuple[list[Kpi], list[ChartData]]:
    """The KPI cards and every chart, as `kpis` and `charts` give them, reading the period once."""
    now = now or utcnow()
    period = _Period.read(session, flt, now)
    current, previous = _kpi_values_of(period), _kpi_values(session, flt.previous(), now)
    cards = [Kpi(key, label, current[key], previous[key], unit) for key, label, unit in KPI_LABELS]
    return cards, _charts(session, flt, period)


def charts(session: Session, flt: AnalyticsFilter, now: datetime | None = None) -> list[ChartData]:
    """The data of every chart on the page for one filter."""
    return _charts(session, flt, _Period.read(session, flt, now or utcnow()))


def _charts(session: Session, flt: AnalyticsFilter, period: _Period) -> list[ChartData]:
    groups, values = period.groups, period.values
    days = _days(flt)
    out: list[ChartData] = []

    volume = groups.groupby(["day", "category"])["tickets"].sum()
    out.append(ChartData("volume", "Ticket volume by category", "Day (UTC)", "Tickets", "stacked",
                         [{"x": d, "series": c, "value": int(volume.get((d, c), 0))} for c in CATEGORIES for d in days]))
    mix = groups.groupby("priority")["tickets"].sum()
    out.append(ChartData("priority_mix", "Priority mix", "Priority", "Tickets", "bar",
                         [{"x": p, "series": "", "value": int(mix.get(p, 0))} for p in PRIORITIES]))
    sentiment = values.groupby("day", observed=True)["sentiment"].mean()
    sentiment = sentiment.set_axis(sentiment.index.astype(object)).reindex(days)
    out.append(ChartData("sentiment", "Sentiment trend", "Day (UTC)", "Mean sentiment (-1 to 1)", "line",
                         [{"x": d, "series": "", "value": _plain(v)} for d, v in sentiment.items()],
                         "Days without tickets have no value."))
    out.append(ChartData("times_category", "First response and resolution time by category", "Category", "Hours",
                         "bar", _time_stats(values, "category", CATEGORIES)))
    out.append(ChartData("times_priority", "First response and resolution time by priority", "Priority", "Hours",
                         "bar", _time_stats(values, "priority", PRIORITIES)))
    breached = groups.groupby("day")["breached"].sum()
    out.append(ChartData("sla_breaches", "SLA breaches by day of creation", "Day (UTC)", "Tickets", "bar",
                         [{"x": d, "series": "", "value": int(breached.get(d, 0))} for d in days],
                         "Tickets past a first-response or resolution due time, open or resolved late."))
    csat_day = _mean(groups, "day", "csat_sum", "rated", days)
    out.append(ChartData("csat_trend", "CSAT by day of creation", "Day (UTC)", "Mean CSAT (1-5)", "line",
                         [{"x": d, "series": "", "value": v} for d, v in zip(days, csat_day)],
                         "Days without ratings have no value."))
    csat_cat = _mean(groups, "category", "csat_sum", "rated", CATEGORIES)
    out.append(ChartData("csat_category", "CSAT by category", "Category", "Mean CSAT (1-5)", "bar",
                         [{"x": c, "series": "", "value": v} for c, v in zip(CATEGORIES, csat_cat)]))
    escalated = groups.groupby("category")[["escalated", "tickets"]].sum()
    out.append(ChartData("escalation_rate", "Escalation rate by category", "Category", "Share escalated (0-1)", "bar",
                         [{"x": c, "series": "", "value": _ratio(int(escalated["escalated"].get(c, 0)),
                                                                  int(escalated["tickets"].get(c, 0)))}
                          for c in CATEGORIES]))
    out.append(ChartData("escalation_reasons", "Escalation reasons", "Reason", "Escalated tickets", "bar",
                         [{"x": r, "series": "", "value": n} for r, n in _escalation_reasons(session, flt).items()]))
    out.append(ChartData("agents", "Workload and response times per agent", "Agent", "Tickets / hours", "bar",
                         _agent_rows(session, flt, values), "Tickets counted for their current assignee."))
    bins = _confidence_bins(values)
    out.append(ChartData("confidence", "AI confidence of triaged tickets", "Confidence", "Tickets", "bar",
                         [{"x": f"{iv.left:.1f}-{iv.right:.1f}", "series": "", "value": int(n)}
                          for iv, n in bins.items()], "Bins include their lower edge; 1.0 counts in 0.9-1.0."))
    outcomes = period.outcomes
    out.append(ChartData("drafts", "AI drafts at the first reply", "Outcome", "Replies", "bar",
                         [{"x": o, "series": "", "value": int(outcomes.get(o, 0))} for o in DRAFT_OUTCOMES]))
    analysed = groups.groupby("category")["analysed"].sum()
    out.append(ChartData("triage_accuracy", "Live triage accuracy (not corrected by an agent)", "AI category",
                         "Share kept (0-1)", "bar", _triage_accuracy(analysed, _corrections(session, flt)),
                         "Per category the AI chose; a ticket an agent corrected counts as a miss for that field."))
    by_article = period.deflections.sort_values(ascending=False)
    out.append(ChartData("deflections", "Deflections by article", "Article", "Deflections", "bar",
                         [{"x": t, "series": "", "value": int(n)} for t, n in by_article.items()],
                         "Questions answered by an article before a ticket was filed (date and category filters)."))
    gaps = groups.groupby("category")["gaps"].sum()
    out.append(ChartData("knowledge_gaps", "Knowledge gaps by category", "Category", "Tickets", "bar",
                         [{"x": c, "series": "", "value": int(gaps.get(c, 0))} for c in CATEGORIES],
                         f"Triaged tickets whose best article match was below {RELEVANT_SIMILARITY} similarity."))
    return out


def _triage_accuracy(analysed: pd.Series, corrections: pd.DataFrame) -> list[dict]:
    """Share of AI-triaged tickets whose category (priority) no agent corrected, per AI category.
    `analysed` counts them per category now; a category correction moves its ticket back to the
    category the AI gave (the old value)."""
    current = corrections.drop_duplicates("ticket_id").set_index("ticket_id")["category"]
    moved = corrections[corrections["field"] == "category"].set_index("ticket_id")["old"]
    ai_category = moved.combine_first(current)  # the label the AI gave
    members = analysed.add(ai_category.value_counts(), fill_value=0).sub(current.value_counts(), fill_value=0)
    rows = []
    for field_name in ("category", "priority"):
        corrected = ai_category[corrections.loc[corrections["field"] == field_name, "ticket_id"].unique()]
        for c in CATEGORIES:
            total = int(members.get(c, 0))
            rows.append({"x": c, "series": field_name, "value": _ratio(total - int((corrected == c).sum()), total)})
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


def _csv_frame(session: Session, flt: AnalyticsFilter) -> pd.DataFrame:
    """The filtered tickets' exported columns, oldest id first, with both durations in hours."""
    columns = ["id", "created_at", "subject", "category", "priority", "status", "channel", "assignee_id", "escalated",
               "sentiment", "ai_confidence", "csat_score"]
    query = (select(*[getattr(Ticket, c) for c in columns], micros_between(Ticket.first_response_at, Ticket.created_at),
                    micros_between(Ticket.resolved_at, Ticket.created_at)).where(*_scope(flt)).order_by(Ticket.id))
    frame = _frame(_rows(session, query), columns + ["first", "resolved"])
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame


def tickets_csv(session: Session, flt: AnalyticsFilter) -> str:
    """The filtered tickets for agents and admins: labels, times and the subject (no description,
    thread, notes or customer details)."""
    frame = _csv_frame(session, flt)
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
