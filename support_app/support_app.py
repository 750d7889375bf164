"""The Reflex app: pages are registered by importing their modules."""

import reflex as rx

from support_app.pages import analytics, knowledge, login, portal, queue, ticket  # noqa: F401

app = rx.App(stylesheets=["/styles.css"], theme=None)
