"""Analytics: ticket volumes, AI confidence, escalations, response times, CSAT, deflections."""

import plotly.graph_objects as go
import reflex as rx

from support_app.db import session_scope
from support_app.services import analytics
from support_app.state.formatting import label
from support_app.state.session import SessionState


def _bar(data: dict[str, int], title: str, color: str = "#4f46e5") -> go.Figure:
    fig = go.Figure(go.Bar(x=[label(k) for k in data], y=list(data.values()), marker_color=color))
    fig.update_layout(title=title, height=320, autosize=True, margin=dict(l=40, r=10, t=50, b=90))
    return fig


def _hours(value: float | None) -> str:
    return "—" if value is None else f"{value} h"


def _engine_status() -> str:
    from support_app.services.ai.pipeline import engine_status

    status = engine_status()
    return f"AI engine: {status.state}. {status.message}"


class AnalyticsState(SessionState):
    cards: list[dict[str, str]] = []
    category_chart: go.Figure = go.Figure()
    priority_chart: go.Figure = go.Figure()
    sentiment_chart: go.Figure = go.Figure()
    daily_chart: go.Figure = go.Figure()
    engine_status: str = ""  # admins only: which AI engine answers, and why

    @rx.event
    def load(self):
        self.load_identity()
        identity = self._identity()
        if identity is None or not identity.has_role("agent"):
            self.reset()  # nothing stays from an earlier session in this tab
            return rx.redirect("/login")
        with session_scope() as session:
            o = analytics.overview(session)
        self.engine_status = _engine_status() if identity.has_role("admin") else ""
        self.cards = [
            {"label": "Tickets", "value": str(o.total)},
            {"label": "Open", "value": str(o.open)},
            {"label": "Escalated", "value": str(o.escalated)},
            {"label": "Resolved", "value": str(o.resolved)},
            {"label": "Avg AI confidence", "value": f"{o.avg_confidence:.0%}"},
            {"label": "Avg CSAT", "value": "—" if o.avg_csat is None else f"{o.avg_csat} / 5"},
            {"label": "Median first response", "value": _hours(o.median_first_response_hours)},
            {"label": "Median resolution", "value": _hours(o.median_resolution_hours)},
            {"label": "Deflected by articles", "value": str(o.deflections)},
        ]
        self.category_chart = _bar(o.by_category, "Tickets by category")
        self.priority_chart = _bar(o.by_priority, "Tickets by priority", "#dc2626")
        self.sentiment_chart = _bar(o.by_sentiment, "Customer sentiment", "#059669")
        daily = go.Figure(go.Scatter(x=[d for d, _ in o.daily_created], y=[n for _, n in o.daily_created],
                                     mode="lines+markers"))
        daily.update_layout(title="Tickets per day (last 30 days)", height=320, autosize=True,
                            margin=dict(l=40, r=10, t=50, b=40))
        self.daily_chart = daily
