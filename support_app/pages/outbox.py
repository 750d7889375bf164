"""`/outbox` (admins): the mail the app sent (SMTP) or stored (no SMTP_URL), with delivery errors."""

import reflex as rx

from support_app.components.forms import notice
from support_app.components.layout import page
from support_app.state.outbox import OutboxState


def message_row(m) -> rx.Component:
    return rx.el.tr(
        rx.el.td(m["created"]), rx.el.td(m["to"]),
        rx.el.td(rx.el.details(rx.el.summary(m["subject"]), rx.el.pre(m["body"], class_name="pre"))),
        rx.el.td(m["kind"]), rx.el.td(m["status"]), rx.el.td(m["attempts"]), rx.el.td(m["error"]),
    )


@rx.page(route="/outbox", title="Support · Outbox", on_load=OutboxState.load)
def outbox() -> rx.Component:
    return page(
        "Outbox",
        notice(OutboxState.error, "error"),
        rx.el.p("Every mail the app sends: verification and password-reset links, replies to customers. "
                "Without SMTP_URL mail is stored here only (status “stored”).", class_name="muted"),
        rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th("Created"), rx.el.th("To"), rx.el.th("Subject"), rx.el.th("Kind"),
                                 rx.el.th("Status"), rx.el.th("Attempts"), rx.el.th("Last error"))),
            rx.el.tbody(rx.foreach(OutboxState.messages, message_row)),
            aria_label="Outbox",
        ),
    )
