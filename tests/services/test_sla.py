"""SLA due times and breach state, in Python and in the SQL filter the queue uses."""

from datetime import timedelta

from support_app.models import Ticket, utcnow
from support_app.services import sla, tickets


def make(db, priority: str, hours_ago: float, responded: bool = False) -> Ticket:
    ticket = tickets.submit(db, tickets.Submission("sla@example.com", f"{priority} {hours_ago}", "Help me please."))
    ticket.priority = priority
    ticket.created_at = utcnow() - timedelta(hours=hours_ago)
    ticket.first_response_at = utcnow() if responded else None
    db.add(ticket)
    db.commit()
    return ticket


def test_breach_and_risk_states(db):
    assert sla.evaluate(make(db, "urgent", 2)).state == "breached"          # 1 h first response
    assert sla.evaluate(make(db, "urgent", 0.9)).state == "at_risk"
    assert sla.evaluate(make(db, "low", 1)).state == "ok"
    assert sla.evaluate(make(db, "high", 5, responded=True)).state == "ok"  # 4 h response met, 24 h to resolve


def test_breaching_filter_matches_python_evaluation(db):
    rows = [make(db, p, h, r) for p, h, r in
            [("urgent", 2, False), ("urgent", 0.5, False), ("high", 5, True), ("medium", 80, True), ("low", 3, False)]]
    expected = {t.id for t in rows if sla.evaluate(t).state == "breached"}
    found = {t.id for t in tickets.list_tickets(db, tickets.TicketFilter(breaching_sla=True), page_size=50)}
    assert found == expected and len(expected) == 2
    assert tickets.view_counts(db, agent_id=999)["breaching"] == 2


def test_the_mine_count_of_every_agent_in_one_query_matches_each_agents_own_count(db):
    """The queue reads "Mine" for every agent it serves from `mine_counts` (one grouped query per
    change); it must agree with `my_view_count`, which counts open tickets assigned to one agent."""
    from support_app.services import auth

    ana = auth.create_user(db, "ana.counts@example.com", "demo1234", "Ana", role="agent")
    ben = auth.create_user(db, "ben.counts@example.com", "demo1234", "Ben", role="agent")
    idle = auth.create_user(db, "idle.counts@example.com", "demo1234", "Idle", role="agent")
    rows = [make(db, "low", 1) for _ in range(6)]
    for ticket, (assignee, status) in zip(rows, [(ana, "open"), (ana, "in_progress"), (ana, "resolved"),
                                                  (ben, "escalated"), (ben, "closed"), (None, "open")]):
        ticket.assignee_id = assignee.id if assignee else None
        ticket.status = status
        db.add(ticket)
    db.commit()

    counts = tickets.mine_counts(db)
    assert {agent.id: counts.get(agent.id, 0) for agent in (ana, ben, idle)} == \
           {agent.id: tickets.my_view_count(db, agent.id) for agent in (ana, ben, idle)} == \
           {ana.id: 2, ben.id: 1, idle.id: 0}  # resolved and closed tickets are not "mine" any more
    assert None not in counts  # unassigned tickets belong to nobody's view
