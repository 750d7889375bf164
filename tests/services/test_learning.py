"""A correction changes the next prediction, in this worker and in any other one."""

from support_app.models import Ticket, TicketEvent
from support_app.services import learning, tickets, triage

ODD = ("Parcel locker code", "The parcel locker code in my email expired before I could get there. "
       "Which option do I have now?")
ODD_AGAIN = ("Parcel locker code expired", "The parcel locker code from the email expired before I got there. "
             "What options do I have now?")


def file(db, subject: str, description: str) -> Ticket:
    ticket = tickets.submit(db, tickets.Submission("learner@example.com", subject, description))
    return triage.triage(db, ticket.id)


def test_agent_correction_changes_the_next_prediction(seeded_db):
    first = file(seeded_db, *ODD)
    target = "account_issue" if first.category != "account_issue" else "general_inquiry"
    tickets.correct_labels(seeded_db, first.id, first.version, "agent@example.com", category=target)
    assert file(seeded_db, *ODD_AGAIN).category == target


def test_correction_written_by_another_worker_is_learned_before_the_next_prediction(seeded_db):
    first = file(seeded_db, *ODD)
    learning.sync_corrections(seeded_db)  # this "worker" is up to date
    target = "account_issue" if first.category != "account_issue" else "general_inquiry"
    # Another worker stores the correction: labels and audit event, nothing in this process.
    first.category, first.label_source = target, "agent"
    seeded_db.add(first)
    seeded_db.add(TicketEvent(ticket_id=first.id, actor="agent2@example.com", action="corrected",
                              old_value="", new_value=target))
    seeded_db.commit()
    assert file(seeded_db, *ODD_AGAIN).category == target
