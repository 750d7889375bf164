"""Analytics `/analytics` (agents and admins): filters in the URL, KPI cards, charts with text and CSV."""

import reflex as rx

from support_app.components.forms import notice
from support_app.components.layout import page
from support_app.models import CATEGORIES, CHANNELS, PRIORITIES
from support_app.state.analytics import AnalyticsState
from support_app.state.formatting import label


def _select(label_text: str, id: str, value, options, key: str, all_label: str = "All") -> rx.Component:
    return rx.el.div(
        rx.el.label(label_text, html_for=id),
        rx.el.select(rx.el.option(all_label, value=""), *[rx.el.option(label(o), value=o) for o in options],
                     id=id, value=value, on_change=lambda v: AnalyticsState.set_filter(key, v)),
        class_name="field",
    )


def _filters() -> rx.Component:
    return rx.el.form(
        rx.el.div(
            rx.el.label("Period", html_for="range"),
            rx.el.select(rx.el.option("Last 7 days", value="7"), rx.el.option("Last 30 days", value="30"),
                         rx.el.option("Last 90 days", value="90"), rx.el.option("Custom dates", value="custom"),
                         id="range", value=AnalyticsState.range,
                         on_change=lambda v: AnalyticsState.set_filter("range", v)),
            class_name="field",
        ),
        rx.cond(AnalyticsState.range == "custom", rx.fragment(
            rx.el.div(rx.el.label("From (UTC)", html_for="date-from"),
                      rx.el.input(id="date-from", type="date", value=AnalyticsState.date_from,
                                  on_change=lambda v: AnalyticsState.set_filter("date_from", v)), class_name="field"),
            rx.el.div(rx.el.label("To (UTC, included)", html_for="date-to"),
                      rx.el.input(id="date-to", type="date", value=AnalyticsState.date_to,
                                  on_change=lambda v: AnalyticsState.set_filter("date_to", v)), class_name="field"),
        )),
        _select("Category", "filter-category", AnalyticsState.category, CATEGORIES, "category"),
        _select("Priority", "filter-priority", AnalyticsState.priority, PRIORITIES, "priority"),
        _select("Channel", "filter-channel", AnalyticsState.channel, CHANNELS, "channel"),
        rx.el.div(
            rx.el.label("Agent", html_for="filter-agent"),
            rx.el.select(rx.el.option("All", value=""),
                         rx.foreach(AnalyticsState.agents, lambda a: rx.el.option(a["name"], value=a["id"])),
                         id="filter-agent", value=AnalyticsState.agent,
                         on_change=lambda v: AnalyticsState.set_filter("agent", v)),
            class_name="field",
        ),
        role="search", aria_label="Analytics filters", class_name="filters",
        on_submit=rx.prevent_default,
    )


def _card(c) -> rx.Component:
    return rx.el.div(rx.el.div(c["label"], class_name="muted"), rx.el.div(c["value"], class_name="stat"),
                     rx.el.div(c["change"], class_name="muted"), class_name="card kpi", id=f"kpi-{c['key']}")


def _chart(key) -> rx.Component:
    return rx.el.figure(
        rx.plotly(data=AnalyticsState.figures[key], use_resize_handler=True, style={"width": "100%"}),
        rx.el.figcaption(AnalyticsState.summaries[key], id=f"summary-{key}", class_name="muted"),
        rx.cond(AnalyticsState.notes[key] != "", rx.el.p(AnalyticsState.notes[key], class_name="muted")),
        rx.el.details(
            rx.el.summary("Data table"),
            rx.el.table(
                rx.el.thead(rx.el.tr(rx.el.th("Label"), rx.el.th("Series"), rx.el.th("Value"))),
                rx.el.tbody(rx.foreach(AnalyticsState.tables[key], lambda row: rx.el.tr(
                    rx.el.td(row[0]), rx.el.td(row[1]), rx.el.td(row[2])))),
            ),
        ),
        rx.el.button("Download chart data (CSV)", type="button", class_name="btn secondary",
                     on_click=AnalyticsState.download_chart(key), aria_label=f"Download CSV: {AnalyticsState.titles[key]}"),
        id=f"chart-{key}", aria_describedby=f"summary-{key}", class_name="card chart",
    )


@rx.page(route="/analytics", title="Support · Analytics", on_load=AnalyticsState.load)
def analytics() -> rx.Component:
    return page(
        "Analytics",
        rx.cond(AnalyticsState.engine_status != "",
                rx.el.p(AnalyticsState.engine_status, class_name="muted", role="status", id="engine-status")),
        _filters(),
        notice(AnalyticsState.filter_error, "error"),
        rx.el.p(AnalyticsState.period_label, class_name="muted", id="period"),
        rx.el.button("Download filtered tickets (CSV)", type="button", class_name="btn",
                     on_click=AnalyticsState.download_tickets, id="download-tickets"),
        rx.el.div(rx.foreach(AnalyticsState.cards, _card), class_name="grid3", id="kpis"),
        rx.el.div(rx.foreach(AnalyticsState.chart_keys, _chart), class_name="grid2"),
    )
