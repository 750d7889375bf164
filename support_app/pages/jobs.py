"""`/jobs` (admins): background work still owed and the jobs that failed after their last retry."""

import reflex as rx

from support_app.components.forms import notice
from support_app.components.layout import page
from support_app.state.jobs import JobsState


def failed_row(job) -> rx.Component:
    return rx.el.tr(
        rx.el.td(job["kind"]), rx.el.td(job["key"]), rx.el.td(job["error"], class_name="pre"),
        rx.el.td(job["attempts"]), rx.el.td(job["when"]),
        rx.el.td(rx.el.button("Retry", on_click=JobsState.retry(job["id"]), class_name="btn secondary",
                              aria_label=f"Retry {job['kind']} {job['key']}")),
    )


@rx.page(route="/jobs", title="Support · Jobs", on_load=JobsState.load)
def jobs() -> rx.Component:
    return page(
        "Background jobs",
        notice(JobsState.error, "error"),
        notice(JobsState.message),
        rx.el.p("Pending: ", rx.el.strong(JobsState.pending, id="jobs-pending"),
                " · Running: ", rx.el.strong(JobsState.running, id="jobs-running"),
                class_name="muted"),
        rx.el.p("Jobs are retried with growing delays; after the last attempt they wait here.", class_name="muted"),
        rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th("Kind"), rx.el.th("Key"), rx.el.th("Error"), rx.el.th("Attempts"),
                                 rx.el.th("Failed at (UTC)"), rx.el.th(""))),
            rx.el.tbody(rx.foreach(JobsState.failed, failed_row)),
            aria_label="Failed jobs",
        ),
    )
