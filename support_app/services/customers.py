"""Customers and what we know of their history."""

from datetime import timedelta

from sqlalchemy import func
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


def history(session: Session, customer: Customer, exclude_ticket_id: int | None = None,
            category: str | None = None) -> CustomerHistory:
    """Counts the pipeline uses for priority (repeat contact) and personalisation."""
    base = select(func.count()).select_from(Ticket).where(Ticket.customer_id == customer.id)
    if exclude_ticket_id is not None:
        base = base.where(Ticket.id != exclude_ticket_id)
    week_ago = utcnow() - timedelta(days=7)
    open_statuses = [Status.open.value, Status.in_progress.value, Status.escalated.value]
    recent_same = 0
    if category:
        recent_same = session.exec(base.where(Ticket.created_at >= week_ago, Ticket.category == category)).one()
    return CustomerHistory(
        name=customer.name,
        email=customer.email,
        previous_tickets=session.exec(base).one(),
        open_tickets=session.exec(base.where(Ticket.status.in_(open_statuses))).one(),
        recent_contacts_7d=session.exec(base.where(Ticket.created_at >= week_ago)).one(),
        recent_same_category=recent_same,
    )
