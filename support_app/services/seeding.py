"""Loads the sample data (support_app.sample_data) into a database. Idempotent: rows that exist
already (by email, slug, or customer + subject) are left alone."""

from collections.abc import Callable
from datetime import timedelta

from sqlmodel import Session, select

from support_app.models import (
    Customer, KnowledgeArticle, KnowledgeArticleVersion, MessageKind, Role, Status, Ticket,
    TicketEvent, TicketMessage, User, utcnow,
)
from support_app.services import auth, customers

DEMO_PASSWORD = "demo1234"  # demo data only: documented in the README, never for production
DEMO_USERS = [
    ("customer@example.com", "Casey Customer", Role.customer.value),
    ("agent@example.com", "Alex Agent", Role.agent.value),
    ("admin@example.com", "Ada Admin", Role.admin.value),
]
SEED_ACTOR = "seed"

Progress = Callable[[int], None]


def seed_database(session: Session, progress: Progress | None = None) -> dict[str, int]:
    """Insert whatever of the sample data is missing. Returns counts of rows added."""
    from support_app import sample_data

    step = progress or (lambda _n: None)
    added = {"customers": 0, "users": 0, "articles": 0, "tickets": 0}
    for row in sample_data.CUSTOMERS:
        if customers.find_by_email(session, row["email"]) is None:
            customers.get_or_create(session, row["email"], row["name"])
            added["customers"] += 1
        step(1)
    session.commit()

    for email, name, role in DEMO_USERS:
        if session.exec(select(User).where(User.email == email)).first() is None:
            auth.create_user(session, email, DEMO_PASSWORD, name, role, verified=True)
            added["users"] += 1
        step(1)

    existing_slugs = set(session.exec(select(KnowledgeArticle.slug)))
    for row in sample_data.ARTICLES:
        if row["slug"] not in existing_slugs:
            article = KnowledgeArticle(slug=row["slug"], title=row["title"], body=row["body"],
                                       category=row.get("category"), kind=row["kind"])
            session.add(article)
            session.flush()
            session.add(KnowledgeArticleVersion(article_id=article.id, version=1, title=article.title,
                                                body=article.body, editor=SEED_ACTOR))
            added["articles"] += 1
        step(1)
    session.commit()

    customer_ids = {c.email: c.id for c in session.exec(select(Customer))}
    existing = set(session.exec(select(Ticket.customer_id, Ticket.subject)).all())
    now = utcnow()
    for row in sample_data.TICKETS:
        customer_id = customer_ids[row["customer_email"]]
        if (customer_id, row["subject"]) not in existing:
            _add_historical_ticket(session, row, customer_id, now)
            existing.add((customer_id, row["subject"]))
            added["tickets"] += 1
        step(1)
    session.commit()
    return added


def seed_size() -> int:
    from support_app import sample_data
    return len(sample_data.CUSTOMERS) + len(DEMO_USERS) + len(sample_data.ARTICLES) + len(sample_data.TICKETS)


def _add_historical_ticket(session: Session, row: dict, customer_id: int, now) -> None:
    from support_app.services.ai.sentiment import analyze_sentiment

    sentiment, polarity = analyze_sentiment(f"{row['subject']}\n{row['description']}")
    created = now - timedelta(days=row["days_ago"], hours=(row["days_ago"] * 7) % 24)
    resolved = created + timedelta(hours=row["hours_to_resolve"])
    first_response = created + timedelta(hours=min(row["hours_to_resolve"], 0.5 + (row["days_ago"] % 6)))
    ticket = Ticket(
        customer_id=customer_id, subject=row["subject"], description=row["description"],
        order_number=row.get("order_number"), category=row["category"], priority=row["priority"],
        status=Status.resolved.value if row["days_ago"] < 30 else Status.closed.value,
        language=row.get("language", "en"), tags=",".join(row.get("tags", [])),
        label_source="import", resolution=row["resolution"], resolution_approved=True,
        channel=row.get("channel") or ("email" if row["days_ago"] % 3 == 0 else "portal"),  # sample mix
        csat_score=row.get("csat"), created_at=created, updated_at=resolved,
        sentiment=sentiment, sentiment_score=round(polarity, 3),
        first_response_at=first_response, resolved_at=resolved, ai_confidence=0.0,
    )
    session.add(ticket)
    session.flush()
    session.add_all([
        TicketMessage(ticket_id=ticket.id, kind=MessageKind.customer.value, body=row["description"],
                      created_at=created),
        TicketMessage(ticket_id=ticket.id, kind=MessageKind.agent.value, author_name="Support team",
                      body=row["resolution"], created_at=first_response),
        TicketEvent(ticket_id=ticket.id, actor=SEED_ACTOR, action="created", new_value=row["subject"],
                    created_at=created),
        TicketEvent(ticket_id=ticket.id, actor=SEED_ACTOR, action="resolved", old_value=Status.open.value,
                    new_value=ticket.status, created_at=resolved),
    ])
