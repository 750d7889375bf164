"""Account pages: confirm an address (`/verify/<link>`), reset a password (`/reset-password`,
`/reset-password/<link>`), and `/account` (verification status, log out everywhere)."""

import reflex as rx

from support_app.components.forms import notice, text_field
from support_app.components.layout import page
from support_app.state.session import ResetState, SessionState, VerifyState


@rx.page(route="/verify/[verify_token]", title="Support · Confirm your email", on_load=VerifyState.verify)
def verify() -> rx.Component:
    return page(
        "Confirm your email",
        rx.cond(
            VerifyState.verified,
            rx.el.div(
                rx.el.p("Thank you: your email address is confirmed. Your tickets are in “My tickets”.",
                        class_name="notice success", role="status"),
                rx.el.p(rx.cond(VerifyState.logged_in, rx.el.a("Go to My tickets", href="/"),
                                rx.el.a("Log in to see your tickets", href="/login"))),
            ),
            notice(VerifyState.verify_error, "error"),
        ),
    )


@rx.page(route="/reset-password", title="Support · Reset your password", on_load=ResetState.start)
def request_reset() -> rx.Component:
    return page(
        "Reset your password",
        rx.el.form(
            text_field("Email", "reset-email", ResetState.reset_email, ResetState.set_reset_email, type="email",
                       autocomplete="username"),
            notice(ResetState.reset_error, "error"),
            notice(ResetState.reset_message, "success"),
            rx.el.button("Send reset link", type="submit", class_name="btn"),
            on_submit=ResetState.request_link, prevent_default=True, no_validate=True,
            class_name="card", style={"maxWidth": "420px"},
        ),
    )


@rx.page(route="/reset-password/[reset_token]", title="Support · Choose a new password", on_load=ResetState.start)
def choose_password() -> rx.Component:
    return page(
        "Choose a new password",
        rx.cond(
            ResetState.reset_done,
            rx.el.div(notice(ResetState.reset_message, "success"), rx.el.a("Log in", href="/login")),
            rx.el.form(
                text_field("New password", "new-password", ResetState.new_password, ResetState.set_new_password,
                           type="password", autocomplete="new-password"),
                notice(ResetState.reset_error, "error"),
                rx.el.button("Set new password", type="submit", class_name="btn"),
                on_submit=ResetState.set_password_from_link, prevent_default=True, no_validate=True,
                class_name="card", style={"maxWidth": "420px"},
            ),
        ),
    )


def verification_notice() -> rx.Component:
    """For a logged-in customer whose address is not confirmed yet (used on the portal too)."""
    return rx.cond(
        SessionState.logged_in & ~SessionState.is_agent & ~SessionState.email_verified,
        rx.el.div(
            rx.el.p("Confirm your email address to see the tickets filed under it: open the link we mailed to ",
                    rx.el.strong(SessionState.user_email), ".", class_name="notice info", role="status"),
            rx.el.button("Send the link again", type="button", on_click=SessionState.resend_verification,
                         class_name="btn secondary"),
            class_name="row",
        ),
    )


@rx.page(route="/account", title="Support · Your account", on_load=SessionState.load_identity)
def account() -> rx.Component:
    return page(
        "Your account",
        rx.cond(
            SessionState.logged_in,
            rx.el.section(
                rx.el.p("Signed in as ", rx.el.strong(SessionState.user_email), " (", SessionState.role, ")."),
                verification_notice(),
                notice(SessionState.account_notice, "info"),
                rx.el.p(rx.el.a("Change your password", href="/reset-password"),
                        " (we mail you a link).", class_name="muted"),
                rx.el.button("Log out everywhere", type="button", on_click=SessionState.logout_everywhere,
                             class_name="btn secondary"),
                rx.el.p("Ends every session of this account, in every browser and device.", class_name="muted"),
                class_name="card",
            ),
            rx.el.p(rx.el.a("Log in", href="/login"), " to manage your account.", class_name="muted"),
        ),
    )
