"""`/integrations` (admins): REST API tokens (shown once) and webhooks with their delivery log."""

import reflex as rx

from support_app.components.forms import notice, select_field, text_field
from support_app.components.layout import page
from support_app.services.webhooks import EVENTS
from support_app.state.integrations import IntegrationsState as S


def token_row(t) -> rx.Component:
    return rx.el.tr(
        rx.el.td(t["name"]), rx.el.td(t["role"]), rx.el.td(rx.el.code(t["prefix"])), rx.el.td(t["created"]),
        rx.el.td(t["last_used"]),
        rx.el.td(rx.cond(t["revoked"], "revoked " + t["revoked"].to(str),
                         rx.el.button("Revoke", on_click=S.revoke_token(t["id"]), class_name="secondary"))),
    )


def hook_row(h) -> rx.Component:
    return rx.el.tr(
        rx.el.td(h["id"]), rx.el.td(h["url"]), rx.el.td(h["events"]),
        rx.el.td(rx.cond(h["active"],
                         rx.el.button("Disable", on_click=S.set_webhook_active(h["id"], False), class_name="secondary"),
                         rx.el.button("Enable", on_click=S.set_webhook_active(h["id"], True), class_name="secondary"))),
    )


def delivery_row(d) -> rx.Component:
    return rx.el.tr(*[rx.el.td(d[k]) for k in ("created", "webhook", "event", "status", "attempts", "code", "next",
                                                "error")])


@rx.page(route="/integrations", title="Support · Integrations", on_load=S.load)
def integrations() -> rx.Component:
    return page(
        "Integrations",
        notice(S.error, "error"),
        notice(S.shown_once),
        rx.el.h2("API tokens"),
        rx.el.p("Tokens for the REST API (/api/docs). A token is shown once; only its hash is stored.",
                class_name="muted"),
        rx.el.div(
            text_field("Token name", "token-name", S.token_name, S.set_token_name),
            select_field("Scope", "token-role", [("agent", "Agent"), ("admin", "Admin"),
                                                 ("customer", "One customer (widget)")], S.token_role, S.set_token_role),
            rx.cond(S.token_role == "customer",
                    text_field("Customer email", "token-email", S.token_email, S.set_token_email)),
            rx.el.button("Create token", on_click=S.create_token),
            class_name="form-row",
        ),
        rx.el.table(
            rx.el.thead(rx.el.tr(*[rx.el.th(h) for h in ("Name", "Scope", "Token", "Created", "Last used", "")])),
            rx.el.tbody(rx.foreach(S.tokens, token_row)), aria_label="API tokens",
        ),
        rx.el.h2("Webhooks"),
        rx.el.div(
            text_field("Webhook URL", "hook-url", S.hook_url, S.set_hook_url, placeholder="https://…"),
            rx.el.fieldset(
                rx.el.legend("Events"),
                *[rx.el.label(rx.el.input(type="checkbox", checked=S.hook_events.contains(e),
                                          on_change=S.toggle_event(e)), e) for e in EVENTS],
            ),
            rx.el.button("Register webhook", on_click=S.register_webhook),
            class_name="form-row",
        ),
        rx.el.table(
            rx.el.thead(rx.el.tr(*[rx.el.th(h) for h in ("#", "URL", "Events", "")])),
            rx.el.tbody(rx.foreach(S.hooks, hook_row)), aria_label="Webhooks",
        ),
        rx.el.h3("Delivery log"),
        rx.el.table(
            rx.el.thead(rx.el.tr(*[rx.el.th(h) for h in ("Created", "Webhook", "Event", "Status", "Attempts",
                                                         "HTTP status", "Next retry", "Last error")])),
            rx.el.tbody(rx.foreach(S.deliveries, delivery_row)), aria_label="Webhook deliveries",
        ),
    )
