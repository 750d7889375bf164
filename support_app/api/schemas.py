"""Request and response schemas. Limits equal the app's (services/text_input.py), enums are the
app's, and every field has an example. Services validate again: one behaviour for pages and API."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from support_app.models import ArticleKind, ArticleStatus, Category, MessageKind, Priority, Status
from support_app.services.text_input import limit
from support_app.services.tickets import EMAIL_PATTERN

EMAIL = EMAIL_PATTERN.pattern


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TicketCreate(Strict):
    email: str = Field(max_length=limit("email"), pattern=EMAIL, examples=["ada@example.com"],
                       description="The customer's address (a customer token files for its own customer).")
    subject: str = Field(min_length=1, max_length=limit("subject"), examples=["My parcel has not arrived"])
    description: str = Field(min_length=1, max_length=limit("description"),
                             examples=["Order 12345 was due on Monday and tracking has not moved since."])
    order_number: str = Field(default="", max_length=limit("order_number"), examples=["12345"])
    name: str = Field(default="", max_length=limit("name"), examples=["Ada Lovelace"])


class TicketPatch(Strict):
    version: int = Field(ge=1, le=2**31, description="The version you read; a stale one gets 409.", examples=[3])
    category: Category | None = None
    priority: Priority | None = None
    status: Status | None = None
    assignee_id: int | None = Field(default=None, ge=1, le=2**31, examples=[2])
    unassign: bool = False


class VersionOnly(Strict):
    version: int = Field(ge=1, le=2**31, examples=[3])


class MessageCreate(Strict):
    version: int = Field(ge=1, le=2**31, examples=[3])
    kind: Literal["agent", "internal_note", "customer"] = Field(
        default="agent", description="agent: reply to the customer; internal_note; customer (customer tokens)")
    body: str = Field(min_length=1, max_length=limit("reply"), examples=["Your parcel left our warehouse today."])


class ResolveRequest(Strict):
    version: int = Field(ge=1, le=2**31, examples=[3])
    resolution: str = Field(min_length=1, max_length=limit("resolution"), examples=["Refund issued."])
    approve_for_reuse: bool = True


class EscalateRequest(Strict):
    version: int = Field(ge=1, le=2**31, examples=[3])
    reason: str = Field(min_length=1, max_length=limit("escalation_reason"), examples=["Customer threatens legal action."])


class TicketOut(BaseModel):
    """A ticket as agents see it."""

    id: int
    version: int
    customer_id: int
    subject: str
    description: str
    order_number: str | None
    category: Category
    priority: Priority
    status: Status
    sentiment: str
    ai_confidence: float
    tags: list[str]
    language: str
    escalated: bool
    escalation_reason: str
    assignee_id: int | None
    ai_draft: str
    triage_state: str
    resolution: str
    created_at: datetime
    updated_at: datetime
    links: dict[str, str] = {}


class CustomerTicketOut(BaseModel):
    """A ticket as its customer sees it (no internal fields)."""

    id: int
    subject: str
    description: str
    order_number: str | None
    status: Status
    created_at: datetime
    updated_at: datetime


class TicketPage(BaseModel):
    """A page of tickets. Walk a long list with `next_cursor` (keyset: each ticket once, as fast on
    the last page as on the first); `page` numbers still work but skip rows by OFFSET."""

    items: list[TicketOut | CustomerTicketOut]
    page: int | None = Field(description="The page number asked for; null when paged by `cursor`.")
    page_size: int
    total: int = Field(description="Tickets matching the filters, counted up to 10,000: exact when "
                                   "`total_relation` is `eq`; with `gte` there are at least this many.")
    total_relation: Literal["eq", "gte"] = Field(description="`eq`: `total` is exact; `gte`: a lower bound.")
    has_more: bool = Field(description="More tickets follow this page.")
    next_cursor: str | None = Field(description="Pass as `cursor` (same filters and sort) for the next page; "
                                                "null on the last page.")


class MessageOut(BaseModel):
    id: int
    kind: MessageKind
    author_name: str
    body: str
    created_at: datetime


class EventOut(BaseModel):
    actor: str
    action: str
    old_value: str
    new_value: str
    created_at: datetime


class CustomerCreate(Strict):
    email: str = Field(max_length=limit("email"), pattern=EMAIL, examples=["ada@example.com"])
    name: str = Field(default="", max_length=limit("name"), examples=["Ada Lovelace"])


class CustomerOut(BaseModel):
    id: int
    email: str
    name: str
    created_at: datetime


class AnalyzeRequest(Strict):
    subject: str = Field(min_length=1, max_length=limit("subject"), examples=["Charged twice"])
    description: str = Field(min_length=1, max_length=limit("description"),
                             examples=["My card was charged twice for order 555."])


class AnalysisOut(BaseModel):
    category: Category
    category_probability: float
    priority: Priority
    priority_factors: list[str]
    sentiment: str
    sentiment_score: float
    language: str
    tags: list[str]
    engine: str
    local_only_reason: str = Field(default="", description="set when the remote engine was not asked (budget)")
    notes: list[str]


class SimilarOut(BaseModel):
    ticket_id: int
    subject: str
    category: str
    resolution: str
    similarity: float


class PassageOut(BaseModel):
    article_id: int
    title: str
    kind: str
    passage: str
    similarity: float


class ArticleIn(Strict):
    title: str = Field(min_length=1, max_length=limit("article_title"), examples=["Returns within 30 days"])
    body: str = Field(min_length=20, max_length=limit("article_body"),
                      examples=["You can return any unused item within 30 days of delivery."])
    category: Category | None = None
    kind: ArticleKind = ArticleKind.article
    status: ArticleStatus = ArticleStatus.published


class ArticleUpdate(ArticleIn):
    version: int = Field(ge=1, le=2**31, examples=[1])


class ArticleOut(BaseModel):
    id: int
    slug: str
    title: str
    body: str
    category: str | None
    kind: str
    status: str
    version: int
    updated_at: datetime


class ArticleVersionOut(BaseModel):
    version: int
    title: str
    body: str
    editor: str
    created_at: datetime


class KpiOut(BaseModel):
    key: str = Field(examples=["new"])
    label: str = Field(examples=["New tickets"])
    value: float | None = Field(examples=[42])
    previous: float | None = Field(description="the same figure in the previous period of equal length", examples=[35])
    change: float | None = Field(examples=[7])
    unit: str = Field(description='"" a count, "h" hours, "%" a share 0..1, "/5" CSAT', examples=[""])


class ChartOut(BaseModel):
    key: str = Field(examples=["volume_by_category"])
    title: str
    x_label: str
    y_label: str
    kind: str = Field(examples=["stacked"])
    rows: list[dict] = Field(description="tidy rows: x, series, value", examples=[[{"x": "2026-11-24", "series": "shipping_issue", "value": 3}]])
    note: str = ""


class Statistics(BaseModel):
    filter: dict[str, str] = Field(description="the filter applied, as query parameters", examples=[{"range": "30"}])
    kpis: list[KpiOut]


class Dashboard(Statistics):
    charts: list[ChartOut]


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    database: str
    vector_store: str
    ai_engine: str
    ai_engine_detail: str
    queue: dict[str, int]
