"""Tell the app's live layer that tickets changed, from code that runs outside a Reflex event
handler (the REST API's writes). The app process registers how (support_app.py: a push to every
watching browser); where nothing is registered (command-line tools, service tests) it does nothing."""

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)
_listeners: list[Callable[[], None]] = []


def on_tickets_changed(listener: Callable[[], None]) -> None:
    """Call `listener()` after each ticket write announced with `tickets_changed`."""
    if listener not in _listeners:
        _listeners.append(listener)


def forget_listeners() -> None:
    """Drop every listener (tests)."""
    _listeners.clear()


def tickets_changed() -> None:
    """Announce committed ticket writes; a failing listener is logged, never raised to the writer."""
    for listener in list(_listeners):
        try:
            listener()
        except Exception:
            log.exception("ticket change listener failed")
