"""Analytics: KPI cards and charts for one filter (kept in the URL), and CSV downloads. Agents and admins."""

from urllib.parse import urlencode

import plotly.graph_objects as go
import reflex as rx

from support_app.db import session_scope
from support_app.services import analytics
from support_app.services.errors import ValidationError
from support_app.state import charts
from support_app.state.session import SessionState

FILTER_KEYS = ("range", "from", "to", "category", "priority", "channel", "agent")


def _engine_status() -> str:
    from support_app.services.ai.pipeline import engine_status

    status = engine_status()
    return f"AI engine: {status.state}. {status.message}"


def _shown(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "%":
        return f"{value:.0%}"
    if unit == "h":
        return f"{value:g} h"
    if unit == "/5":
        return f"{value:g} / 5"
    return str(int(value))


def _change(kpi: analytics.Kpi) -> str:
    if kpi.change is None:
        return "no comparison"
    if kpi.change == 0:
        return "no change"
    arrow = "▲" if kpi.change > 0 else "▼"
    amount = f"{abs(kpi.change) * 100:.0f} pts" if kpi.unit == "%" else (
        f"{abs(kpi.change):g}{' h' if kpi.unit == 'h' else ''}")
    return f"{arrow} {amount} (was {_shown(kpi.previous, kpi.unit)})"


class AnalyticsState(SessionState):
    # The filter as the URL carries it ("" = all).
    range: str = "30"
    date_from: str = ""
    date_to: str = ""
    category: str = ""
    priority: str = ""
    channel: str = ""
    agent: str = ""
    filter_error: str = ""
    period_label: str = ""
    agents: list[dict[str, str]] = []
    cards: list[dict[str, str]] = []
    chart_keys: list[str] = []
    titles: dict[str, str] = {}
    notes: dict[str, str] = {}
    summaries: dict[str, str] = {}
    tables: dict[str, list[list[str]]] = {}
    figures: dict[str, go.Figure] = {}
    engine_status: str = ""  # admins only: which AI engine answers, and why
    _redirected_for: str = ""  # the filter set_filter has just shown and put in the URL

    def _allowed(self) -> bool:
        identity = self._identity()
        return identity is not None and identity.has_role("agent")

    def _valid_filter(self) -> analytics.AnalyticsFilter | None:
        try:
            return analytics.parse_filter(self._params())
        except ValidationError as exc:
            self.filter_error = str(exc)
            return None

    def _params(self) -> dict[str, str]:
        params = {"range": self.range, "category": self.category, "priority": self.priority,
                  "channel": self.channel, "agent": self.agent}
        if self.range == "custom":
            params.update({"from": self.date_from, "to": self.date_to})
        return params

    def _show_filter(self, flt: analytics.AnalyticsFilter) -> None:
        self.range = str(flt.preset) if flt.preset else "custom"
        self.date_from, self.date_to = flt.start.isoformat(), flt.end.isoformat()
        self.category, self.priority, self.channel = flt.category, flt.priority, flt.channel
        self.agent = str(flt.agent_id) if flt.agent_id else ""
        self.period_label = (f"{flt.start:%d %b %Y} – {flt.end:%d %b %Y} (UTC, {flt.days} days), compared with "
                             f"the {flt.days} days before")

    def _refresh(self, flt: analytics.AnalyticsFilter) -> None:
        with session_scope() as session:
            kpis, data = analytics.page(session, flt)
            self.agents = [{"id": str(i), "name": n} for i, n in analytics.agent_names(session).items()]
        self._show_filter(flt)
        self.cards = [{"key": k.key, "label": k.label, "value": _shown(k.value, k.unit), "change": _change(k)}
                      for k in kpis]
        self.chart_keys = [c.key for c in data]
        self.titles = {c.key: c.title for c in data}
        self.notes = {c.key: c.note for c in data}
        self.summaries = {c.key: charts.summary(c) for c in data}
        self.tables = {c.key: charts.table(c) for c in data}
        self.figures = {c.key: charts.figure(c) for c in data}

    @rx.event
    def load(self):
        self.load_identity()
        identity = self._identity()
        if identity is None or not identity.has_role("agent"):
            self.reset()  # nothing stays from an earlier session in this tab
            return rx.redirect("/login")
        self.engine_status = _engine_status() if identity.has_role("admin") else ""
        query = {k: v for k, v in self.router.url.query_parameters.items() if k in FILTER_KEYS}
        try:
            flt = analytics.parse_filter(query)
            self.filter_error = ""
        except ValidationError as exc:
            flt, self.filter_error = analytics.preset_filter(30), f"{exc} Showing the last 30 days instead."
        shown, self._redirected_for = self._redirected_for, ""
        if shown != repr(flt):  # not the page load that follows set_filter's own URL update
            self._refresh(flt)

    @rx.event
    def set_filter(self, key: str, value: str):
        if not self._allowed():
            return rx.redirect("/login")
        if key not in ("range", "date_from", "date_to", "category", "priority", "channel", "agent"):
            return
        setattr(self, key, str(value))
        flt = self._valid_filter()
        if flt is None:
            return  # the charts keep showing the last valid filter; the error says why
        self.filter_error = ""
        self._refresh(flt)
        self._redirected_for = repr(flt)
        # The URL carries the filter, so a copied link opens the same view (replace: no history entry
        # per click; the CSP forbids eval, so no call_script).
        return rx.redirect(f"/analytics?{urlencode(flt.to_params())}", replace=True)

    @rx.event
    def download_tickets(self):
        if not self._allowed():
            return rx.redirect("/login")
        flt = self._valid_filter()
        if flt is None:
            return
        with session_scope() as session:
            data = analytics.tickets_csv(session, flt)
        return rx.download(data=data, filename=f"tickets-{flt.start}-{flt.end}.csv", mime_type="text/csv")

    @rx.event
    def download_chart(self, key: str):
        if not self._allowed():
            return rx.redirect("/login")
        flt = self._valid_filter()
        if flt is None:
            return
        with session_scope() as session:
            chart = next((c for c in analytics.charts(session, flt) if c.key == key), None)
        if chart is not None:
            return rx.download(data=analytics.chart_csv(chart), filename=f"{key}-{flt.start}-{flt.end}.csv",
                               mime_type="text/csv")

