"""SQLModel tables and the enums every layer shares. SQL is the source of truth."""

import json
from datetime import datetime, timezone
from enum import Enum

from sqlalchemy import Column, Float, Index, Integer, String, Text, UniqueConstraint, event, inspect
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


class Channel(str, Enum):
    """Where a ticket came from."""

    portal = "portal"
    email = "email"
    api = "api"
    import_ = "import"


class DraftOutcome(str, Enum):
    """What an agent's reply did with the AI draft, judged at send time (services/tickets.py)."""

    unchanged = "unchanged"
    edited = "edited"
    discarded = "discarded"


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
CHANNELS = [c.value for c in Channel]


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
        # also answers the SLA-breaching filter and the priority sort from the index alone
        Index("ix_ticket_status_created_sla", "status", "created_at", "priority", "first_response_at"),
        Index("ix_ticket_category_created_at", "category", "created_at"),
        Index("ix_ticket_customer_updated_at", "customer_id", "updated_at"),
        Index("ix_ticket_triage_state", "triage_state"),
        Index("ix_ticket_channel", "channel"),
        # Covers the analytics queries (services/analytics.py): a period is read from the index
        # alone, never from the wide ticket rows (id too: PostgreSQL's index-only scans need it).
        Index("ix_ticket_analytics", "created_at", "category", "priority", "status", "channel", "assignee_id",
              "escalated", "ai_engine", "ai_best_similarity", "ai_confidence", "sentiment_score", "csat_score",
              "first_response_at", "resolved_at", "id"),
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
    channel: str = Field(default=Channel.portal.value,
                         sa_column=Column(String(16), nullable=False, server_default=Channel.portal.value))
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
    # Read from `ai_analysis` on every write (`analysis_columns`) so analytics can count in SQL.
    ai_engine: str = Field(default="", sa_column=Column(String(40), nullable=False, server_default=""),
                           description="engine of the stored analysis; empty: the AI never analysed the ticket")
    ai_best_similarity: float = Field(default=0.0, sa_column=Column(Float, nullable=False, server_default="0"),
                                      description="best knowledge-article similarity in the analysis (0: none)")


def analysis_columns(ai_analysis: str | None) -> dict[str, object]:
    """`ai_engine` and `ai_best_similarity` as the stored analysis JSON says (unreadable JSON: none)."""
    try:
        data = json.loads(ai_analysis or "{}")
    except ValueError:
        data = {}
    data = data if isinstance(data, dict) else {}
    try:
        best = max((float(a.get("similarity") or 0.0) for a in data.get("articles") or [] if isinstance(a, dict)),
                   default=0.0)
    except (TypeError, ValueError):
        best = 0.0
    engine = data.get("engine")
    return {"ai_engine": str(engine)[:40] if engine else "", "ai_best_similarity": best}


@event.listens_for(Ticket, "before_insert")
@event.listens_for(Ticket, "before_update")
def _keep_analysis_columns(_mapper, _connection, ticket: Ticket) -> None:
    """ORM writes; Core UPDATEs of `ai_analysis` go through `services.tickets.apply_change`, which sets them too."""
    state = inspect(ticket)
    if state.pending or state.attrs.ai_analysis.history.has_changes():
        for name, value in analysis_columns(ticket.ai_analysis).items():
            setattr(ticket, name, value)


class TicketMessage(SQLModel, table=True):
    # ticket_id first: a ticket's thread; with kind and draft_outcome: the analytics' draft counts from the index
    __table_args__ = (Index("ix_ticketmessage_ticket_kind_outcome", "ticket_id", "kind", "draft_outcome"),)

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id")
    kind: str = Field(max_length=16)
    author_id: int | None = Field(default=None, foreign_key="user.id")
    author_name: str = Field(default="", max_length=120)
    body: str = Field(sa_column=Column(Text, nullable=False))
    # Agent replies only: DraftOutcome value when the ticket had an AI draft at send time, else "".
    draft_outcome: str = Field(default="", sa_column=Column(String(16), nullable=False, server_default=""))
    created_at: datetime = Field(default_factory=utcnow)


class TicketEvent(SQLModel, table=True):
    """Audit trail: who did what to a ticket, and when."""

    __table_args__ = (Index("ix_ticketevent_action_ticket_id", "action", "ticket_id"),)

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
    tags: str = Field(default="", sa_column=Column(String(500), nullable=False, server_default=""),
                      description="comma-separated, lower case")
    index_error: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""),
                             description="why the last save could not be embedded; empty when indexed")
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
    note: str = Field(default="", sa_column=Column(String(300), nullable=False, server_default=""),
                      description="what the save changed, e.g. 'restored version 2; body'")
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
    document_id: int | None = Field(default=None, description="a company document (kept when it is deleted)")
    created_at: datetime = Field(default_factory=utcnow, index=True)


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


class DocumentStatus(str, Enum):
    pending = "pending"  # stored, not yet indexed
    indexed = "indexed"
    failed = "failed"  # see `error`; a retry indexes it again


class CompanyDocument(SQLModel, table=True):
    """An uploaded company document (text, Markdown, HTML or PDF). The file is kept outside the web
    root (`documents_directory`); its passages are in `DocumentPassage`, the vector store is rebuilt
    from them."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    filename: str = Field(max_length=255)
    file_format: str = Field(max_length=16, description="text | markdown | html | pdf")
    size_bytes: int
    sha256: str = Field(max_length=64)
    stored_name: str = Field(max_length=100, description="the file's name inside documents_directory")
    status: str = Field(default=DocumentStatus.pending.value, max_length=16)
    error: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    passage_count: int = 0
    uploaded_by: str = Field(default="", max_length=254)
    version: int = Field(default=1, description="a replace makes a new version")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    indexed_at: datetime | None = None


class DocumentPassage(SQLModel, table=True):
    """One passage of a document, as embedded: its section heading and page (PDF) for citations."""

    __table_args__ = (UniqueConstraint("document_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="companydocument.id", index=True)
    position: int
    section: str = Field(default="", max_length=200)
    page: int | None = None
    text: str = Field(sa_column=Column(Text, nullable=False))
    tokens: int = 0


class ApiToken(SQLModel, table=True):
    """A REST API credential (services/api_tokens.py). Only the sha256 of the token is stored; it is
    shown once when created. A customer-scoped token sees only its customer's tickets."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    token_hash: str = Field(sa_column=Column(String(64), unique=True, nullable=False, index=True))
    prefix: str = Field(max_length=12, description="first characters, to recognise a token in lists")
    role: str = Field(max_length=16, description="customer | agent | admin")
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    created_by_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class IdempotencyKey(SQLModel, table=True):
    """A client's `Idempotency-Key` for a create request: a retry returns the stored answer."""

    __table_args__ = (UniqueConstraint("token_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    token_id: int = Field(foreign_key="apitoken.id")
    key: str = Field(max_length=255)
    request_hash: str = Field(max_length=64)
    status_code: int | None = None
    response: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime = Field(default_factory=utcnow, index=True)


class Webhook(SQLModel, table=True):
    """An admin-registered receiver of ticket events (services/webhooks.py)."""

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000)
    events: str = Field(max_length=200, description="comma-separated event names")
    secret: str = Field(max_length=64, repr=False, description="HMAC-SHA256 signing key, shown once")
    active: bool = True
    created_by_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class WebhookDelivery(SQLModel, table=True):
    """One event for one webhook: written in the transaction of the change, sent after it commits,
    retried with backoff. The admins' delivery log."""

    __table_args__ = (Index("ix_webhookdelivery_status_next", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    webhook_id: int = Field(foreign_key="webhook.id", index=True)
    event: str = Field(max_length=40)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", max_length=16, description="pending | sending | retry | delivered | failed")
    attempts: int = 0
    last_status_code: int | None = None
    last_error: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime = Field(default_factory=utcnow)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    delivered_at: datetime | None = None


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
