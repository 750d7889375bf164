"""customers.history counts the customer's recent tickets per category, so the AI side can tell
"the same problem again" (it looks up the category it predicts) from another contact."""

from datetime import timedelta

from support_app.models import Ticket, utcnow
from support_app.services import customers, tickets
from support_app.services.ai import escalation
from support_app.services.ai.priority import assess_priority
from support_app.services.ai.types import Analysis, TicketInput


def _file(db, subject: str, category: str | None, email: str = "dana@example.com", days_ago: float = 0) -> Ticket:
    ticket = tickets.submit(db, tickets.Submission(email, subject, f"{subject}, please help."))
    if category is not None:  # as triage leaves it: a category and a stored analysis
        ticket.category, ticket.ai_analysis = category, '{"engine": "local"}'
    ticket.created_at = utcnow() - timedelta(days=days_ago)
    db.add(ticket)
    db.commit()
    return ticket


def test_history_counts_recent_tickets_per_category(db):
    _file(db, "Parcel late", "shipping_issue", days_ago=2)
    _file(db, "Parcel still late", "shipping_issue", days_ago=1)
    _file(db, "Cannot log in", "account_issue", days_ago=3)
    _file(db, "Old parcel problem", "shipping_issue", days_ago=20)  # outside the 7 days
    _file(db, "Not triaged yet", None)  # its default category is not a real one
    _file(db, "Someone else's parcel", "shipping_issue", email="other@example.com")
    current = _file(db, "Where is my parcel now?", None)

    customer = customers.find_by_email(db, "dana@example.com")
    history = customers.history(db, customer, exclude_ticket_id=current.id)

    assert history.recent_by_category == {"shipping_issue": 2, "account_issue": 1}
    assert history.recent_contacts_7d == 4 and history.previous_tickets == 5
    assert history.same_problem("shipping_issue") == 2 and history.same_problem("payment_problem") == 0


def test_a_first_ticket_has_no_history(db):
    current = _file(db, "Hello", None)
    history = customers.history(db, customers.find_by_email(db, "dana@example.com"), exclude_ticket_id=current.id)
    assert history.recent_by_category == {} and history.recent_contacts_7d == 0


def _history_with_one_earlier(db, category: str):
    _file(db, "Earlier ticket", category, days_ago=2)
    current = _file(db, "My parcel has still not arrived", None)
    return customers.history(db, customers.find_by_email(db, "dana@example.com"), exclude_ticket_id=current.id)


def _priority(history, category="shipping_issue"):
    return assess_priority("My parcel has still not arrived.", category, 0.0, history)


def test_the_same_problem_again_raises_priority_with_a_repeat_contact_factor(db):
    first_time = _priority(None)
    again = _priority(_history_with_one_earlier(db, "shipping_issue"))

    assert (first_time[0], again[0]) == ("medium", "high")
    assert any(f.startswith("repeat contact") and "1 about the same problem (shipping issue)" in f for f in again[1])
    assert not any("repeat contact" in f for f in first_time[1])


def test_an_earlier_ticket_about_something_else_does_not(db):
    first_time = _priority(None)
    other = _priority(_history_with_one_earlier(db, "account_issue"))
    assert other == first_time
    assert not any("repeat contact" in f for f in other[1])


def _analysis(category: str) -> Analysis:
    return Analysis(category, 0.9, "medium", [], "neutral", 0.0, "en")


def test_the_same_problem_again_escalates_and_another_problem_does_not(db):
    history = _history_with_one_earlier(db, "shipping_issue")
    ticket = TicketInput("Parcel", "My parcel has still not arrived.", customer=history)

    same = escalation.decide(ticket, _analysis("shipping_issue"), confidence=0.9, escalation_threshold=0.3)
    other = escalation.decide(ticket, _analysis("payment_problem"), confidence=0.9, escalation_threshold=0.3)

    assert same.reasons == [f"{escalation.REPEAT}: 1 earlier ticket about the same problem (shipping issue) "
                            "in the last 7 days"]
    assert other.escalate is False and other.reasons == []


def test_gemini_is_told_the_per_category_counts(db):
    from support_app.services.ai import prompts

    history = _history_with_one_earlier(db, "shipping_issue")
    text = prompts.analysis_prompt(TicketInput("Parcel", "Still not here.", customer=history))
    assert "1 other tickets in the last 7 days (by category: shipping_issue 1)" in text
    assert text.index("by category") < text.index("<ticket>")  # trusted context, outside the data block
