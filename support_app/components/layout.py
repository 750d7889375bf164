"""The shared page layout: navigation bar, signed-in user, content column."""

import reflex as rx

from support_app.state.session import SessionState


def _nav_link(text: str, href: str) -> rx.Component:
    return rx.el.a(text, href=href, class_name="nav-link")


def navbar() -> rx.Component:
    return rx.el.nav(
        rx.el.a("Support Desk", href="/", class_name="brand"),
        _nav_link("Portal", "/"),
        rx.cond(SessionState.is_agent, rx.fragment(_nav_link("Queue", "/queue"),
                                                   _nav_link("Analytics", "/analytics"))),
        rx.cond(SessionState.is_admin, rx.fragment(_nav_link("Knowledge base", "/knowledge"),
                                                   _nav_link("Outbox", "/outbox"), _nav_link("Jobs", "/jobs"),
                                                   _nav_link("Integrations", "/integrations"))),
        rx.el.span(class_name="spacer"),
        rx.cond(
            SessionState.logged_in,
            rx.fragment(
                rx.el.a(SessionState.user_name, " (", SessionState.role, ")", href="/account", class_name="who",
                        title="Your account"),
                rx.el.button("Log out", on_click=SessionState.logout, class_name="btn secondary"),
            ),
            _nav_link("Log in", "/login"),
        ),
        aria_label="Main navigation",
        class_name="navbar",
    )


def page(title: str, *children: rx.Component) -> rx.Component:
    return rx.el.div(
        navbar(),
        rx.el.main(rx.el.h1(title), *children, class_name="content"),
        class_name="app",
    )
