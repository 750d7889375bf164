"""Figures for the analytics page, computed in SQL (pandas only shapes the small results)."""

from dataclasses import dataclass, field
from datetime import timedelta

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from support_app.models import CATEGORIES, PRIORITIES, STATUSES, Deflection, Status, Ticket, utcnow


@dataclass
class Overview:
    total: int = 0
    open: int = 0
    escalated: int = 0
    resolved: int = 0
    avg_confidence: float = 0.0
    avg_csat: float | None = None
    deflections: int = 0
    median_first_response_hours: float | None = None
    median_resolution_hours: float | None = None
    by_category: dict[str, int] = field(default_factory=dict)
    by_priority: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    by_sentiment: dict[str, int] = field(default_factory=dict)
    daily_created: list[tuple[str, int]] = field(default_factory=list)


def _grouped(session: Session, column, keys: list[str] | None = None) -> dict[str, int]:
    rows = dict(session.exec(select(column, func.count()).group_by(column)).all())
    return {k: int(rows.get(k, 0)) for k in keys} if keys else {str(k): int(v) for k, v in rows.items()}


def _median_hours(session: Session, start_col, end_col, days: int = 90) -> float | None:
    since = utcnow() - timedelta(days=days)
    rows = session.exec(select(start_col, end_col).where(end_col.is_not(None), start_col >= since)).all()
    if not rows:
        return None
    frame = pd.DataFrame(rows, columns=["start", "end"])
    hours = (pd.to_datetime(frame["end"]) - pd.to_datetime(frame["start"])).dt.total_seconds() / 3600
    return round(float(hours.median()), 1)


def overview(session: Session, days: int = 30) -> Overview:
    by_status = _grouped(session, Ticket.status, STATUSES)
    since = utcnow() - timedelta(days=days)
    day = func.date(Ticket.created_at)
    daily = session.exec(select(day, func.count()).where(Ticket.created_at >= since).group_by(day).order_by(day)).all()
    avg_conf = session.exec(select(func.avg(Ticket.ai_confidence)).where(Ticket.label_source != "import")).one()
    avg_csat = session.exec(select(func.avg(Ticket.csat_score)).where(Ticket.csat_score.is_not(None))).one()
    return Overview(
        total=sum(by_status.values()),
        open=by_status[Status.open.value] + by_status[Status.in_progress.value],
        escalated=by_status[Status.escalated.value],
        resolved=by_status[Status.resolved.value] + by_status[Status.closed.value],
        avg_confidence=round(float(avg_conf or 0.0), 3),
        avg_csat=round(float(avg_csat), 2) if avg_csat is not None else None,
        deflections=session.exec(select(func.count()).select_from(Deflection)).one(),
        median_first_response_hours=_median_hours(session, Ticket.created_at, Ticket.first_response_at),
        median_resolution_hours=_median_hours(session, Ticket.created_at, Ticket.resolved_at),
        by_category=_grouped(session, Ticket.category, CATEGORIES),
        by_priority=_grouped(session, Ticket.priority, PRIORITIES),
        by_status=by_status,
        by_sentiment=_grouped(session, Ticket.sentiment, ["positive", "neutral", "negative"]),
        daily_created=[(str(d), int(n)) for d, n in daily],
    )
