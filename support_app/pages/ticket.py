"""Ticket detail `/tickets/[id]`: the agent's workspace or the customer's view, whichever fits the viewer.

The agent parts read only `AgentTicketState`, the customer parts only `CustomerTicketState`; each
state fills its data for its own audience only (checked on the server)."""

import reflex as rx

from support_app.components.forms import notice, text_area
from support_app.components.layout import page
from support_app.models import CATEGORIES, PRIORITIES
from support_app.state.formatting import label
from support_app.state.live import TicketSignal
from support_app.state.session import SessionState
from support_app.state.ticket import AgentTicketState, CustomerTicketState, TicketPageState

A = AgentTicketState.view
C = CustomerTicketState.view


def _fact(name: str, value) -> rx.Component:
    return rx.el.div(rx.el.dt(name, class_name="muted"), rx.el.dd(value))


def _list(items, render, empty: str) -> rx.Component:
    return rx.cond(items.length() > 0, rx.el.ul(rx.foreach(items, lambda x: rx.el.li(render(x)))),
                   rx.el.p(empty, class_name="muted"))


def _thread(messages) -> rx.Component:
    return rx.el.section(
        rx.el.h2("Conversation"),
        rx.foreach(messages, lambda m: rx.el.div(
            rx.el.p(rx.el.strong(m.kind_label), " ", m.author, " · ", m.at, class_name="muted"),
            rx.el.p(m.body, class_name="pre"),
            class_name="msg " + m.kind)),
        class_name="card",
    )


# ---------------------------------------------------------------- agents

def agent_overview() -> rx.Component:
    return rx.el.section(
        rx.el.h2(A.subject),
        rx.el.p(A.description, class_name="pre", aria_label="Description"),
        rx.el.dl(
            _fact("Status", A.status_label), _fact("Priority", A.priority),
            _fact("Category", A.category_label), _fact("Customer", A.customer),
            _fact("Assignee", A.assignee), _fact("Order", A.order_number),
            _fact("Created", A.created), _fact("Last update", A.updated),
            _fact("First response", A.first_response), _fact("SLA", A.sla),
            _fact("First response due", A.first_response_due), _fact("Resolution due", A.resolution_due),
            class_name="grid3",
        ),
        class_name="card",
    )


def analysis_panel() -> rx.Component:
    return rx.el.section(
        rx.el.h2("AI analysis"),
        rx.el.dl(
            _fact("Confidence", A.confidence), _fact("Sentiment", A.sentiment),
            _fact("Language", A.language), _fact("Engine", A.engine),
            _fact("Tags", A.tags), _fact("Escalation", A.escalation_reason),
            class_name="grid3",
        ),
        rx.cond(A.needs_review, rx.el.p("Needs agent review", class_name="notice info")),
        rx.el.h3("Confidence from evidence"), _list(A.confidence_parts, lambda x: x, "Not analysed yet."),
        rx.el.h3("Priority factors"), _list(A.priority_factors, lambda x: x, "No factors recorded."),
        rx.el.h3("Escalation reasons"), _list(A.escalation_reasons, lambda x: x, "None."),
        rx.el.div(
            rx.el.div(rx.el.label("Correct category", html_for="fix-category"),
                      rx.el.select(*[rx.el.option(label(c), value=c) for c in CATEGORIES], id="fix-category",
                                   value=A.category, on_change=AgentTicketState.correct_category),
                      class_name="field"),
            rx.el.div(rx.el.label("Correct priority", html_for="fix-priority"),
                      rx.el.select(*[rx.el.option(p, value=p) for p in PRIORITIES], id="fix-priority",
                                   value=A.priority, on_change=AgentTicketState.correct_priority),
                      class_name="field"),
            class_name="row",
        ),
        class_name="card",
    )


def draft_panel() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Reply"),
        rx.cond(AgentTicketState.moved_on_untouched,  # mounting it loads the newer ticket
                rx.el.span(on_mount=AgentTicketState.reload_untouched, hidden=True)),
        rx.cond(A.ai_pending,
                rx.el.p("The AI is still analysing this ticket: its labels and draft reply will "
                        "appear here by themselves.", role="status", class_name="notice info")),
        rx.cond(AgentTicketState.new_draft_ready,
                rx.el.p("A new AI draft is ready. ",
                        rx.el.button("Show new draft", on_click=AgentTicketState.show_new_draft,
                                     class_name="btn secondary"),
                        class_name="notice success")),
        text_area("Reply to customer", "reply", AgentTicketState.reply_text, AgentTicketState.set_reply_text,
                  rows=9),
        rx.el.h3("Sources cited by the AI draft"),
        _list(A.sources, lambda s: rx.fragment(s.kind, " #", s.id, ": ", s.title), "No sources."),
        rx.el.div(rx.el.button("Send reply", on_click=AgentTicketState.send_reply, class_name="btn"),
                  rx.el.button("Regenerate draft", on_click=AgentTicketState.regenerate_draft,
                               class_name="btn secondary"),
                  rx.el.button("Discard draft", on_click=AgentTicketState.discard_draft, class_name="btn secondary"),
                  class_name="row"),
        rx.el.h3("Similar resolved tickets"),
        _list(A.similar, lambda s: rx.fragment("#", s.ticket_id, " (", s.similarity, ") ", s.subject, " — ",
                                               s.resolution), "No similar tickets found."),
        rx.el.h3("Customer's other tickets"),
        _list(A.history, lambda t: rx.fragment("#", t.id, " ", t.subject, " — ", t.status_label, " (", t.created,
                                               ")"), "First contact."),
        class_name="card",
    )


def actions_panel() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Actions"),
        rx.el.div(rx.el.button("Assign to me", on_click=AgentTicketState.assign_to_me, class_name="btn secondary"),
                  rx.el.button("Reopen", on_click=AgentTicketState.reopen, class_name="btn secondary"),
                  class_name="row"),
        text_area("Resolution", "resolution", AgentTicketState.resolution_text,
                  AgentTicketState.set_resolution_text, rows=3),
        rx.el.div(
            rx.el.input(id="approve-reuse", type="checkbox", checked=AgentTicketState.approve_for_reuse,
                        on_change=AgentTicketState.set_approve_for_reuse),
            rx.el.label(" Use as an example for future replies", html_for="approve-reuse"),
            class_name="field",
        ),
        rx.el.button("Resolve", on_click=AgentTicketState.resolve, class_name="btn"),
        text_area("Escalation reason", "escalation", AgentTicketState.escalation_text,
                  AgentTicketState.set_escalation_text, rows=2),
        rx.el.button("Escalate", on_click=AgentTicketState.escalate, class_name="btn danger"),
        text_area("Internal note", "note", AgentTicketState.note_text, AgentTicketState.set_note_text, rows=2),
        rx.el.button("Add note", on_click=AgentTicketState.add_note, class_name="btn secondary"),
        class_name="card",
    )


def audit_trail() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Audit trail"),
        rx.el.ol(rx.foreach(A.events, lambda e: rx.el.li(
            e.at, " · ", e.actor, " · ", e.action,
            rx.cond(e.old != "", rx.el.span(": ", e.old, " → ")), " ", e.new)),
            class_name="timeline", aria_label="Audit trail"),
        class_name="card",
    )


def agent_workspace() -> rx.Component:
    return rx.fragment(
        rx.cond(A.version != AgentTicketState.loaded_version,
                rx.el.p("This ticket was updated by someone else. ",
                        rx.el.button("Load latest", on_click=AgentTicketState.refresh, class_name="btn secondary"),
                        class_name="notice info", role="status")),
        agent_overview(),
        rx.el.div(analysis_panel(), actions_panel(), class_name="grid2"),
        draft_panel(),
        _thread(A.messages),
        audit_trail(),
    )


# ---------------------------------------------------------------- customers

def customer_overview() -> rx.Component:
    return rx.el.section(
        rx.el.h2(C.subject),
        rx.el.p(C.description, class_name="pre", aria_label="Description"),
        rx.el.dl(
            _fact("Status", C.status_label), _fact("Category", C.category_label), _fact("Order", C.order_number),
            _fact("Created", C.created), _fact("Last update", C.updated),
            _fact("First response", C.first_response),
            class_name="grid3",
        ),
        class_name="card",
    )


def customer_panel() -> rx.Component:
    return rx.el.section(
        text_area("Your reply", "customer-reply", CustomerTicketState.reply_text,
                  CustomerTicketState.set_reply_text, rows=4),
        rx.el.button("Send reply", on_click=CustomerTicketState.reply, class_name="btn"),
        rx.cond(C.can_rate, rx.el.div(
            rx.el.h2("How did we do?"),
            text_area("Comment (optional)", "csat-comment", CustomerTicketState.csat_comment,
                      CustomerTicketState.set_csat_comment, rows=2),
            rx.el.div(*[rx.el.button(f"{n} ★", on_click=CustomerTicketState.rate(n), class_name="btn secondary",
                                     aria_label=f"Rate {n} out of 5") for n in range(1, 6)],
                      class_name="row", role="group", aria_label="Rating"),
        )),
        rx.cond(C.csat != "", rx.el.p("Your rating: ", C.csat, class_name="muted")),
        class_name="card",
    )


def customer_view() -> rx.Component:
    return rx.fragment(customer_overview(), _thread(C.messages), customer_panel())


def _not_found() -> rx.Component:
    return rx.el.p("Ticket not found.", class_name="notice error", role="alert")


@rx.page(route="/tickets/[ticket_id]", title="Support · Ticket",
         on_load=[TicketSignal.link, TicketPageState.load, AgentTicketState.load])
def ticket_detail() -> rx.Component:
    return page(
        rx.el.span("Ticket #", TicketPageState.current_id),
        notice(TicketPageState.message, "success"),
        notice(TicketPageState.error, "error"),
        rx.cond(SessionState.is_agent,
                rx.cond(A, agent_workspace(), _not_found()),
                rx.cond(C, customer_view(), _not_found())),
    )
