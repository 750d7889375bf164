"""Agent queue `/queue`: live list with filters, search, sort and paging."""

import reflex as rx

from support_app.components.forms import select_field, text_field
from support_app.components.layout import page
from support_app.models import CATEGORIES, PRIORITIES, STATUSES
from support_app.state.formatting import label
from support_app.state.live import TicketSignal
from support_app.state.queue import ALL, PAGE_SIZE, QueueState


def _options(values: list[str]) -> list[tuple[str, str]]:
    return [(ALL, "All")] + [(v, label(v)) for v in values]


VIEWS = [("mine", "My tickets"), ("unassigned", "Unassigned"), ("escalated", "Escalated"),
         ("breaching", "Breaching SLA")]


def view_tabs() -> rx.Component:
    return rx.el.div(
        rx.el.button("All tickets", on_click=QueueState.set_view(ALL), class_name="btn secondary",
                     aria_pressed=QueueState.view == ALL),
        *[rx.el.button(f"{text} (", QueueState.view_counts[key], ")", on_click=QueueState.set_view(key),
                       class_name="btn secondary", aria_pressed=QueueState.view == key) for key, text in VIEWS],
        class_name="row", role="group", aria_label="Views",
    )


def filters() -> rx.Component:
    return rx.el.div(
        select_field("Status", "status", _options(STATUSES), QueueState.status, QueueState.set_status),
        select_field("Category", "category", _options(CATEGORIES), QueueState.category, QueueState.set_category),
        select_field("Priority", "priority", _options(PRIORITIES), QueueState.priority, QueueState.set_priority),
        rx.el.div(
            rx.el.label("Assignee", html_for="assignee"),
            rx.el.select(rx.el.option("All", value=ALL),
                         rx.foreach(QueueState.agent_options, lambda a: rx.el.option(a[1], value=a[0])),
                         id="assignee", value=QueueState.assignee, on_change=QueueState.set_assignee),
            class_name="field",
        ),
        select_field("Sentiment", "sentiment", _options(["positive", "neutral", "negative"]),
                     QueueState.sentiment, QueueState.set_sentiment),
        select_field("Sort", "sort", [("newest", "Newest"), ("oldest", "Oldest"), ("priority", "Priority"),
                                      ("updated", "Recently updated")], QueueState.sort, QueueState.set_sort),
        text_field("Search", "search", QueueState.search, QueueState.set_search, type="search",
                   placeholder="subject or description", debounce_timeout=300, error=QueueState.search_error),
        class_name="row card",
    )


def ticket_row(t) -> rx.Component:
    return rx.el.tr(
        rx.el.td(t["id"]),
        rx.el.td(rx.el.a(t["subject"], href=t["href"])),
        rx.el.td(t["category_label"]),
        rx.el.td(rx.el.span(t["priority"], class_name="badge " + t["priority"].to(str))),
        rx.el.td(t["status_label"], rx.cond(t["escalated"], rx.el.span(" escalated", class_name="badge escalated"))),
        rx.el.td(t["sentiment"]),
        rx.el.td(t["confidence"]),
        rx.el.td(t["sla"]),
        rx.el.td(t["created"]),
    )


@rx.page(route="/queue", title="Support · Queue", on_load=[TicketSignal.link, QueueState.load])
def queue() -> rx.Component:
    return page(
        "Ticket queue",
        view_tabs(),
        filters(),
        rx.el.table(
            rx.el.thead(rx.el.tr(*[rx.el.th(h) for h in
                                   ["#", "Subject", "Category", "Priority", "Status", "Sentiment", "AI confidence",
                                    "SLA", "Created"]])),
            rx.el.tbody(rx.foreach(QueueState.rows, ticket_row)),
            aria_label="Tickets",
            data_filters=QueueState.filter_key,
        ),
        rx.el.div(
            rx.el.button("Previous", on_click=QueueState.previous_page, disabled=QueueState.page <= 1,
                         class_name="btn secondary"),
            rx.el.span("Page ", QueueState.page, " · ", QueueState.total, " tickets", class_name="muted"),
            rx.el.button("Next", on_click=QueueState.next_page,
                         disabled=QueueState.page * PAGE_SIZE >= QueueState.total, class_name="btn secondary"),
            class_name="row", style={"marginTop": "1rem"},
        ),
    )
