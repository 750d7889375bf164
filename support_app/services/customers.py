"""Customers and what we know of their history."""

from datetime import timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, select

from support_app.models import Customer, Status, Ticket, utcnow
from support_app.services.ai.types import CustomerHistory


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_or_create(session: Session, email: str, name: str = "") -> Customer:
    email = normalise_email(email)
    customer = session.exec(select(Customer).where(Customer.email == email)).first()
    if customer is None:
        customer = Customer(email=email, name=name.strip() or email.split("@")[0].title())
        session.add(customer)
        session.flush()
    return customer


def find_by_email(session: Session, email: str) -> Customer | None:
    return session.exec(select(Customer).where(Customer.email == normalise_email(email))).first()


def history(session: Session, customer: Customer, exclude_ticket_id: int | None = None) -> CustomerHistory:
    """Counts the pipeline uses for priority and escalation (repeat contact, and the same problem
    again: recent tickets per category, so the AI side can look up the category it predicts) and
    for personalisation."""
    mine = [Ticket.customer_id == customer.id]
    if exclude_ticket_id is not None:
        mine.append(Ticket.id != exclude_ticket_id)
    base = select(func.count()).select_from(Ticket).where(*mine)
    week_ago = utcnow() - timedelta(days=7)
    open_statuses = [Status.open.value, Status.in_progress.value, Status.escalated.value]
    # A ticket not triaged yet (or whose triage failed) has the default category, not a real one.
    labelled = or_(Ticket.ai_analysis != "{}", Ticket.label_source != "ai")
    by_category = session.exec(
        select(Ticket.category, func.count()).where(*mine, Ticket.created_at >= week_ago, labelled)
        .group_by(Ticket.category)).all()
    return CustomerHistory(
        name=customer.name,
        email=customer.email,
        previous_tickets=session.exec(base).one(),
        open_tickets=session.exec(base.where(Ticket.status.in_(open_statuses))).one(),
        recent_contacts_7d=session.exec(base.where(Ticket.created_at >= week_ago)).one(),
        recent_by_category={category: count for category, count in by_category},
    )
