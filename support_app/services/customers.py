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


def get(session: Session, customer_id: int) -> Customer | None:
    return session.get(Customer, customer_id)


def list_customers(session: Session, page: int = 1, page_size: int = 25) -> list[Customer]:
    return list(session.exec(select(Customer).order_by(Customer.id.desc())
                             .offset(max(page - 1, 0) * page_size).limit(page_size)))


def create(session: Session, email: str, name: str = "") -> tuple[Customer, bool]:
    """(customer, created): an existing address returns its customer unchanged."""
    from support_app.services import text_input
    from support_app.services.errors import ValidationError
    from support_app.services.tickets import EMAIL_PATTERN

    errors = {}
    try:
        email = normalise_email(text_input.clean(email, "email", label="Email", required=True, multiline=False))
        name = text_input.clean(name, "name", label="Name", multiline=False)
    except ValidationError as exc:
        errors.update(exc.errors)
    if "email" not in errors and not EMAIL_PATTERN.match(email):
        errors["email"] = "Enter a valid email address, like name@example.com."
    if errors:
        raise ValidationError(errors)
    existing = find_by_email(session, email)
    if existing:
        return existing, False
    customer = get_or_create(session, email, name)
    session.commit()
    return customer, True


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
