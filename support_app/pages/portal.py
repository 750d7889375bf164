"""Customer portal `/`: submit a ticket and follow my tickets."""

import reflex as rx

from support_app.components.forms import notice, text_area, text_field
from support_app.components.layout import page
from support_app.pages.account import verification_notice
from support_app.state.live import TicketSignal
from support_app.state.portal import PortalState


def live_preview() -> rx.Component:
    return rx.el.div(
        rx.cond(PortalState.preview_category != "",
                rx.el.p("Looks like: ", rx.el.strong(PortalState.preview_category), " · priority ",
                        rx.el.strong(PortalState.preview_priority), class_name="muted", aria_label="Live preview")),
        rx.cond(PortalState.suggestions.length() > 0, rx.el.div(
            rx.el.h3("These articles may already answer your question"),
            rx.foreach(PortalState.suggestions, lambda a: rx.el.div(
                rx.el.strong(rx.cond(a["kind"] == "document", "document: ", ""), a["title"]),
                rx.el.p(a["passage"], class_name="muted pre"),
                rx.el.button("Yes, this solved it", type="button", on_click=PortalState.solved_by(a["id"], a["kind"]),
                             class_name="btn secondary"),
                class_name="msg")),
            rx.el.p("Did this solve it? If not, submit your ticket below.", class_name="muted"),
            aria_label="Suggested articles", role="region",
        )),
        rx.cond(PortalState.preview_notice != "", rx.el.p(PortalState.preview_notice, class_name="muted",
                                                           role="status")),
        rx.cond(PortalState.deflected, rx.el.p("Glad it helped! No ticket was filed.",
                                               class_name="notice success", role="status")),
    )


def ticket_form() -> rx.Component:
    return rx.el.form(
        text_field("Email", "email", PortalState.email, PortalState.set_email, type="email",
                   error=PortalState.errors.get("email", ""), autocomplete="email",
                   read_only=PortalState.logged_in),
        text_field("Subject", "subject", PortalState.subject, PortalState.set_subject,
                   error=PortalState.errors.get("subject", ""), debounce_timeout=400),
        text_area("Description", "description", PortalState.description, PortalState.set_description,
                  error=PortalState.errors.get("description", ""), rows=7, debounce_timeout=400),
        rx.el.p(PortalState.description_count, class_name="muted"),
        live_preview(),
        text_field("Order number (optional)", "order_number", PortalState.order_number,
                   PortalState.set_order_number, error=PortalState.errors.get("order_number", "")),
        rx.el.button("Submit ticket", type="submit", class_name="btn"),
        rx.cond(PortalState.submit_error != "", rx.el.p(PortalState.submit_error, class_name="field-error",
                                                        role="alert")),
        rx.cond(PortalState.submitted_id > 0,
                rx.el.p("Thanks! Your ticket #", PortalState.submitted_id,
                        " was received. We will reply by email and here.",
                        class_name="notice success", role="status")),
        on_submit=PortalState.submit,
        prevent_default=True,
        no_validate=True,  # the server validates and explains; the browser's bubbles are not read out reliably
        class_name="card",
        aria_label="New ticket",
    )


def my_tickets() -> rx.Component:
    return rx.el.section(
        rx.el.h2("My tickets"),
        rx.cond(
            PortalState.logged_in,
            rx.cond(
                PortalState.my_tickets.length() > 0,
                rx.el.table(
                    rx.el.thead(rx.el.tr(rx.el.th("#"), rx.el.th("Subject"), rx.el.th("Status"),
                                         rx.el.th("Priority"), rx.el.th("Last update"))),
                    rx.el.tbody(rx.foreach(PortalState.my_tickets, lambda t: rx.el.tr(
                        rx.el.td(t["id"]), rx.el.td(rx.el.a(t["subject"], href=t["href"])),
                        rx.el.td(t["status_label"]), rx.el.td(t["priority"]), rx.el.td(t["updated"])))),
                ),
                rx.el.p("You have no tickets yet.", class_name="muted"),
            ),
            rx.el.p(rx.el.a("Log in", href="/login"), " to follow your tickets and replies.", class_name="muted"),
        ),
        class_name="card",
    )


@rx.page(route="/", title="Support · Help center", on_load=[TicketSignal.link, PortalState.load])
def portal() -> rx.Component:
    return page("How can we help?", verification_notice(), notice(PortalState.account_notice, "info"),
                rx.el.div(ticket_form(), my_tickets(), class_name="grid2"))
