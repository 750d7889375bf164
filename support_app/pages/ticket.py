"""Ticket detail `/tickets/[id]`: text, AI analysis, draft, thread, audit trail and agent actions."""

import reflex as rx

from support_app.components.forms import notice, text_area
from support_app.components.layout import page
from support_app.models import CATEGORIES, PRIORITIES
from support_app.state.formatting import label
from support_app.state.live import TicketSignal
from support_app.state.ticket import TicketState

D = TicketState.detail


def _fact(name: str, value) -> rx.Component:
    return rx.el.div(rx.el.dt(name, class_name="muted"), rx.el.dd(value))


def _list(items, empty: str) -> rx.Component:
    return rx.cond(items.to(list).length() > 0,
                   rx.el.ul(rx.foreach(items.to(list[str]), lambda x: rx.el.li(x))),
                   rx.el.p(empty, class_name="muted"))


def overview() -> rx.Component:
    return rx.el.section(
        rx.el.h2(D["subject"].to(str)),
        rx.el.p(D["description"].to(str), class_name="pre", aria_label="Description"),
        rx.el.dl(
            _fact("Status", D["status_label"].to(str)), _fact("Priority", D["priority"].to(str)),
            _fact("Category", D["category_label"].to(str)), _fact("Customer", D["customer"].to(str)),
            _fact("Assignee", D["assignee"].to(str)), _fact("Order", D["order_number"].to(str)),
            _fact("Created", D["created"].to(str)), _fact("Last update", D["updated"].to(str)),
            _fact("First response", D["first_response"].to(str)),
            rx.cond(TicketState.is_agent, rx.fragment(
                _fact("SLA", D["sla"].to(str)), _fact("First response due", D["first_response_due"].to(str)),
                _fact("Resolution due", D["resolution_due"].to(str)))),
            class_name="grid3",
        ),
        class_name="card",
    )


def analysis_panel() -> rx.Component:
    return rx.el.section(
        rx.el.h2("AI analysis"),
        rx.el.dl(
            _fact("Confidence", D["confidence"].to(str)), _fact("Sentiment", D["sentiment"].to(str)),
            _fact("Language", D["language"].to(str)), _fact("Engine", D["engine"].to(str)),
            _fact("Tags", D["tags"].to(str)), _fact("Escalation", D["escalation_reason"].to(str)),
            class_name="grid3",
        ),
        rx.cond(D["review"].to(str) != "", rx.el.p(D["review"].to(str), class_name="notice info")),
        rx.el.h3("Confidence from evidence"), _list(D["confidence_parts"], "Not analysed yet."),
        rx.el.h3("Priority factors"), _list(D["priority_factors"], "No factors recorded."),
        rx.el.h3("Escalation reasons"), _list(D["escalation_reasons"], "None."),
        rx.el.div(
            rx.el.div(rx.el.label("Correct category", html_for="fix-category"),
                      rx.el.select(*[rx.el.option(label(c), value=c) for c in CATEGORIES], id="fix-category",
                                   value=D["category"].to(str), on_change=TicketState.correct_category),
                      class_name="field"),
            rx.el.div(rx.el.label("Correct priority", html_for="fix-priority"),
                      rx.el.select(*[rx.el.option(p, value=p) for p in PRIORITIES], id="fix-priority",
                                   value=D["priority"].to(str), on_change=TicketState.correct_priority),
                      class_name="field"),
            class_name="row",
        ),
        class_name="card",
    )


def draft_panel() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Reply"),
        text_area("Reply to customer", "reply", TicketState.reply_text, TicketState.set_reply_text, rows=9),
        rx.el.h3("Sources cited by the AI draft"), _list(D["sources"], "No sources."),
        rx.el.div(rx.el.button("Send reply", on_click=TicketState.send_reply, class_name="btn"),
                  rx.el.button("Regenerate draft", on_click=TicketState.regenerate_draft, class_name="btn secondary"),
                  rx.el.button("Discard draft", on_click=TicketState.discard_draft, class_name="btn secondary"),
                  class_name="row"),
        rx.el.h3("Similar resolved tickets"), _list(D["similar"], "No similar tickets found."),
        rx.el.h3("Customer's other tickets"), _list(D["history"], "First contact."),
        class_name="card",
    )


def actions_panel() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Actions"),
        rx.el.div(rx.el.button("Assign to me", on_click=TicketState.assign_to_me, class_name="btn secondary"),
                  rx.el.button("Reopen", on_click=TicketState.reopen, class_name="btn secondary"),
                  class_name="row"),
        text_area("Resolution", "resolution", TicketState.resolution_text, TicketState.set_resolution_text, rows=3),
        rx.el.button("Resolve", on_click=TicketState.resolve, class_name="btn"),
        text_area("Escalation reason", "escalation", TicketState.escalation_text,
                  TicketState.set_escalation_text, rows=2),
        rx.el.button("Escalate", on_click=TicketState.escalate, class_name="btn danger"),
        text_area("Internal note", "note", TicketState.note_text, TicketState.set_note_text, rows=2),
        rx.el.button("Add note", on_click=TicketState.add_note, class_name="btn secondary"),
        class_name="card",
    )


def thread() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Conversation"),
        rx.foreach(D["messages"].to(list[dict]), lambda m: rx.el.div(
            rx.el.p(rx.el.strong(m["kind_label"]), " ", m["author"], " · ", m["at"], class_name="muted"),
            rx.el.p(m["body"], class_name="pre"),
            class_name="msg " + m["kind"].to(str))),
        class_name="card",
    )


def customer_panel() -> rx.Component:
    return rx.el.section(
        text_area("Your reply", "customer-reply", TicketState.customer_reply_text,
                  TicketState.set_customer_reply_text, rows=4),
        rx.el.button("Send reply", on_click=TicketState.customer_reply, class_name="btn"),
        rx.cond(D["can_rate"].to(bool), rx.el.div(
            rx.el.h2("How did we do?"),
            text_area("Comment (optional)", "csat-comment", TicketState.csat_comment,
                      TicketState.set_csat_comment, rows=2),
            rx.el.div(*[rx.el.button(f"{n} ★", on_click=TicketState.rate(n), class_name="btn secondary",
                                     aria_label=f"Rate {n} out of 5") for n in range(1, 6)],
                      class_name="row", role="group", aria_label="Rating"),
        )),
        rx.cond(D["csat"].to(str) != "", rx.el.p("Your rating: ", D["csat"].to(str), class_name="muted")),
        class_name="card",
    )


def audit_trail() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Audit trail"),
        rx.el.ol(rx.foreach(D["events"].to(list[dict]), lambda e: rx.el.li(
            e["at"], " · ", e["actor"], " · ", e["action"],
            rx.cond(e["old"].to(str) != "", rx.el.span(": ", e["old"], " → ")), " ", e["new"])),
            class_name="timeline", aria_label="Audit trail"),
        class_name="card",
    )


@rx.page(route="/tickets/[ticket_id]", title="Support · Ticket", on_load=[TicketSignal.link, TicketState.load])
def ticket_detail() -> rx.Component:
    return page(
        rx.el.span("Ticket #", TicketState.current_id),
        notice(TicketState.message, "success"),
        notice(TicketState.error, "error"),
        rx.cond(
            D["found"].to(bool),
            rx.fragment(
                rx.cond((D["version"].to(int) != TicketState.loaded_version) & TicketState.is_agent,
                        rx.el.p("This ticket was updated by someone else. ",
                                rx.el.button("Load latest", on_click=TicketState.refresh, class_name="btn secondary"),
                                class_name="notice info", role="status")),
                overview(),
                rx.cond(TicketState.is_agent,
                        rx.fragment(rx.el.div(analysis_panel(), actions_panel(), class_name="grid2"),
                                    draft_panel())),
                thread(),
                rx.cond(TicketState.is_agent, audit_trail(), customer_panel()),
            ),
            rx.el.p("Ticket not found.", class_name="notice error", role="alert"),
        ),
    )
