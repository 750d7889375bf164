"""SQLModel tables and the enums every layer shares. SQL is the source of truth."""

from datetime import datetime, timezone
from enum import Enum

from sqlalchemy import Column, Index, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Aware UTC timestamp: SQLModel stores every datetime column as UTC."""
    return datetime.now(timezone.utc)


class Category(str, Enum):
    shipping_issue = "shipping_issue"
    payment_problem = "payment_problem"
    product_return = "product_return"
    technical_support = "technical_support"
    account_issue = "account_issue"
    general_inquiry = "general_inquiry"
    refund_request = "refund_request"
    damaged_product = "damaged_product"


class Priority(str, Enum):
    low = "low"
    medium = "medium"
    high = "high"
    urgent = "urgent"


class Status(str, Enum):
    open = "open"
    in_progress = "in_progress"
    resolved = "resolved"
    closed = "closed"
    escalated = "escalated"


class TriageState(str, Enum):
    pending = "pending"  # filed, waiting for the AI pipeline (any worker picks it up)
    running = "running"  # claimed by a worker at `triage_claimed_at`
    done = "done"
    failed = "failed"  # the pipeline failed: escalated to a person


class Role(str, Enum):
    customer = "customer"
    agent = "agent"
    admin = "admin"


class MessageKind(str, Enum):
    customer = "customer"
    agent = "agent"
    ai_draft = "ai_draft"
    internal_note = "internal_note"


class ArticleKind(str, Enum):
    article = "article"
    policy = "policy"


class ArticleStatus(str, Enum):
    draft = "draft"
    published = "published"
    archived = "archived"


CATEGORIES = [c.value for c in Category]
PRIORITIES = [p.value for p in Priority]
STATUSES = [s.value for s in Status]


class Customer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_column=Column(String(254), unique=True, nullable=False, index=True))
    name: str = Field(default="", max_length=120)
    created_at: datetime = Field(default_factory=utcnow)


class User(SQLModel, table=True):
    """A login: customers, agents and admins. A customer's User points at their Customer row."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_column=Column(String(254), unique=True, nullable=False, index=True))
    name: str = Field(default="", max_length=120)
    password_hash: str = Field(max_length=255)
    role: str = Field(default=Role.customer.value, max_length=16)
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    is_active: bool = True
    # Set when the owner clicked a verification (or password-reset) link sent to `email`: until
    # then the account sees no ticket filed under that address.
    email_verified_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Ticket(SQLModel, table=True):
    __table_args__ = (
        Index("ix_ticket_status_priority", "status", "priority"),
        Index("ix_ticket_created_at", "created_at"),
        Index("ix_ticket_status_created_at", "status", "created_at"),
        Index("ix_ticket_category_created_at", "category", "created_at"),
        Index("ix_ticket_customer_updated_at", "customer_id", "updated_at"),
        Index("ix_ticket_triage_state", "triage_state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    subject: str = Field(max_length=200)
    description: str = Field(sa_column=Column(Text, nullable=False))
    order_number: str | None = Field(default=None, max_length=64)
    category: str = Field(default=Category.general_inquiry.value, max_length=32, index=True)
    priority: str = Field(default=Priority.medium.value, max_length=16, index=True)
    status: str = Field(default=Status.open.value, max_length=16, index=True)
    sentiment: str = Field(default="neutral", max_length=16)
    sentiment_score: float = 0.0
    ai_confidence: float = 0.0
    tags: str = Field(default="", max_length=500, description="comma-separated")
    language: str = Field(default="en", max_length=8)
    escalated: bool = Field(default=False, index=True)
    escalation_reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    assignee_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    ai_draft: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    ai_analysis: str = Field(
        default="{}", sa_column=Column(Text, nullable=False, server_default="{}"),
        description="JSON: engine, explanation, sources, confidence parts, escalation reasons",
    )
    label_source: str = Field(default="ai", max_length=16, description="ai | agent | import")
    resolution: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    resolution_approved: bool = False
    csat_score: int | None = None
    csat_comment: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    version: int = Field(default=1, description="optimistic-locking counter")
    # Triage bookkeeping (services/triage.py); never bumps `version`. Only a submission starts "pending".
    triage_state: str = Field(default=TriageState.done.value,
                              sa_column=Column(String(16), nullable=False, server_default=TriageState.done.value))
    triage_attempts: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    triage_claimed_at: datetime | None = None


class TicketMessage(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    kind: str = Field(max_length=16)
    author_id: int | None = Field(default=None, foreign_key="user.id")
    author_name: str = Field(default="", max_length=120)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class TicketEvent(SQLModel, table=True):
    """Audit trail: who did what to a ticket, and when."""

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    actor: str = Field(max_length=254)
    action: str = Field(max_length=40)
    old_value: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    new_value: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime = Field(default_factory=utcnow)


class KnowledgeArticle(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(sa_column=Column(String(120), unique=True, nullable=False))
    title: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    category: str | None = Field(default=None, max_length=32)
    kind: str = Field(default=ArticleKind.article.value, max_length=16)
    status: str = Field(default=ArticleStatus.published.value, max_length=16)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class KnowledgeArticleVersion(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="knowledgearticle.id", index=True)
    version: int
    title: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    editor: str = Field(default="", max_length=254)
    created_at: datetime = Field(default_factory=utcnow)


class KnowledgeArticleTranslation(SQLModel, table=True):
    """One language version of an article (the article itself is the original). A ticket in that
    language is answered from it."""

    __table_args__ = (UniqueConstraint("article_id", "language"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="knowledgearticle.id", index=True)
    language: str = Field(max_length=8, description="ISO 639-1")
    title: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    version: int = Field(default=1, description="optimistic-locking counter")
    editor: str = Field(default="", max_length=254)
    updated_at: datetime = Field(default_factory=utcnow)


class Deflection(SQLModel, table=True):
    """A customer said a suggested article solved the question, so no ticket was filed."""

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    query: str = Field(sa_column=Column(Text, nullable=False))
    article_id: int | None = Field(default=None, foreign_key="knowledgearticle.id")
    created_at: datetime = Field(default_factory=utcnow)


class UserSession(SQLModel, table=True):
    """A login session. Only the sha256 of the session token is stored."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column=Column(String(64), unique=True, nullable=False, index=True))
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)
    last_seen_at: datetime = Field(default_factory=utcnow, description="for the idle timeout; refreshed at most once a minute")


class EmailToken(SQLModel, table=True):
    """A single-use link sent by email (verify the address, reset the password). Only the sha256
    of the random token is stored; the link carries the token itself."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column=Column(String(64), unique=True, nullable=False, index=True))
    purpose: str = Field(max_length=16, description="verify | reset")
    user_id: int = Field(foreign_key="user.id", index=True)
    email: str = Field(max_length=254, description="the address the link was sent to")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class OutboxMessage(SQLModel, table=True):
    """Every outgoing email (services/mail.py). Without SMTP_URL the outbox is where mail ends up
    (admins read it on /outbox); with it, rows are delivered after their transaction commits."""

    __table_args__ = (Index("ix_outboxmessage_status_next", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    to_address: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    kind: str = Field(max_length=32, description="verify | reset | reply")
    status: str = Field(default="queued", max_length=16, description="queued | sending | sent | failed | stored")
    attempts: int = 0
    last_error: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime = Field(default_factory=utcnow, index=True)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class RateLimitHit(SQLModel, table=True):
    """One attempt counted by a rate limit (services/rate_limit.py); the key is stored as a sha256."""

    __table_args__ = (Index("ix_ratelimithit_scope_key_created", "scope", "key_hash", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=32)
    key_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class Job(SQLModel, table=True):
    """The durable record of one piece of background work (services/jobs.py). The queue only
    carries a wake-up; this row says whether the work is still owed, who runs it until when, and
    why it failed. One row per (kind, key): enqueueing the same work twice keeps one row."""

    __table_args__ = (UniqueConstraint("kind", "key"), Index("ix_job_status_due", "status", "due_at"))

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    key: str = Field(max_length=64)
    status: str = Field(default="pending", max_length=16, description="pending | running | failed")
    attempts: int = 0
    last_error: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    requested_at: datetime = Field(default_factory=utcnow)  # the last enqueue
    claimed_at: datetime | None = None  # the start of the current (or last) run
    due_at: datetime = Field(default_factory=utcnow)  # pending: not before; running: lease expiry
    updated_at: datetime = Field(default_factory=utcnow)
