"""`/login`: log in, or register as a customer."""

import reflex as rx

from support_app.components.forms import notice, text_field
from support_app.components.layout import page
from support_app.state.session import LoginState


@rx.page(route="/login", title="Support · Log in", on_load=LoginState.load_identity)
def login() -> rx.Component:
    return page(
        rx.cond(LoginState.register_mode, "Create an account", "Log in"),
        rx.el.form(
            rx.cond(LoginState.register_mode,
                    text_field("Name", "name", LoginState.name, LoginState.set_name, autocomplete="name")),
            text_field("Email", "login-email", LoginState.email, LoginState.set_email, type="email",
                       autocomplete="username"),
            text_field("Password", "login-password", LoginState.password, LoginState.set_password,
                       type="password", autocomplete="current-password"),
            notice(LoginState.error, "error"),
            rx.el.div(
                rx.el.button(rx.cond(LoginState.register_mode, "Create account", "Log in"),
                             type="submit", class_name="btn"),
                rx.el.button(rx.cond(LoginState.register_mode, "I have an account", "Create an account"),
                             type="button", on_click=LoginState.toggle_register, class_name="btn secondary"),
                class_name="row",
            ),
            rx.cond(~LoginState.register_mode,
                    rx.el.p(rx.el.a("Forgot your password?", href="/reset-password"), class_name="muted")),
            on_submit=LoginState.submit,
            prevent_default=True,
            class_name="card",
            style={"maxWidth": "420px"},
        ),
    )
