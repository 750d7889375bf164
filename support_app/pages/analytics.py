"""Analytics `/analytics` (agents)."""

import reflex as rx

from support_app.components.layout import page
from support_app.state.analytics import AnalyticsState


def _chart(figure) -> rx.Component:
    return rx.plotly(data=figure, use_resize_handler=True, style={"width": "100%"})


@rx.page(route="/analytics", title="Support · Analytics", on_load=AnalyticsState.load)
def analytics() -> rx.Component:
    return page(
        "Analytics",
        rx.cond(AnalyticsState.engine_status != "",
                rx.el.p(AnalyticsState.engine_status, class_name="muted", role="status", id="engine-status")),
        rx.el.div(rx.foreach(AnalyticsState.cards, lambda c: rx.el.div(
            rx.el.div(c["label"], class_name="muted"), rx.el.div(c["value"], class_name="stat"), class_name="card")),
            class_name="grid3"),
        rx.el.div(rx.el.div(_chart(AnalyticsState.category_chart), class_name="card"),
                  rx.el.div(_chart(AnalyticsState.priority_chart), class_name="card"), class_name="grid2"),
        rx.el.div(rx.el.div(_chart(AnalyticsState.sentiment_chart), class_name="card"),
                  rx.el.div(_chart(AnalyticsState.daily_chart), class_name="card"), class_name="grid2"),
    )
