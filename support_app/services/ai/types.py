"""Plain values that flow through the AI pipeline. Engines, retrieval and the pipeline share them."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class CustomerHistory:
    """What we know of the customer when a ticket arrives."""

    name: str = ""
    email: str = ""
    previous_tickets: int = 0
    open_tickets: int = 0
    recent_contacts_7d: int = 0  # tickets filed in the last 7 days, this one excluded
    recent_by_category: dict[str, int] = field(default_factory=dict)  # the same tickets, per category

    def same_problem(self, category: str) -> int:
        """Earlier tickets of the last 7 days in `category`: the customer writing about the same problem again."""
        return self.recent_by_category.get(category, 0)


@dataclass
class TicketInput:
    """The untrusted text of a ticket plus trusted context. Ticket text is data, never instructions."""

    subject: str
    description: str
    order_number: str | None = None
    customer: CustomerHistory = field(default_factory=CustomerHistory)
    created_at: datetime | None = None

    @property
    def text(self) -> str:
        return f"{self.subject}\n{self.description}".strip()


@dataclass
class Analysis:
    category: str
    category_probability: float  # the local classifier's probability for `category`, 0..1
    priority: str
    priority_factors: list[str]
    sentiment: str  # positive | neutral | negative
    sentiment_score: float  # polarity, -1..1
    language: str  # ISO 639-1
    tags: list[str] = field(default_factory=list)
    category_scores: dict[str, float] = field(default_factory=dict)
    injection_suspected: bool = False
    engine: str = "local"
    notes: list[str] = field(default_factory=list)  # fallbacks and validation problems, for the audit


@dataclass
class SimilarTicket:
    ticket_id: int
    subject: str
    category: str
    resolution: str
    similarity: float  # cosine similarity, 0..1 (higher is closer)


@dataclass
class ArticleHit:
    """A knowledge passage: of an article or policy, or of an uploaded company document (kind
    "document", `article_id` is then the document's id and `location` its section and page)."""

    article_id: int
    title: str
    kind: str  # article | policy | document
    passage: str
    similarity: float
    location: str = ""

    @property
    def source_kind(self) -> str:
        """How a draft cites it: "article" (articles and policies) or "document"."""
        return "document" if self.kind == "document" else "article"

    @property
    def citation(self) -> str:
        """The title a citation shows: a document passage's with its section and page."""
        return f"{self.title}, {self.location}" if self.location else self.title


@dataclass
class Evidence:
    similar_tickets: list[SimilarTicket] = field(default_factory=list)
    articles: list[ArticleHit] = field(default_factory=list)


@dataclass
class Source:
    kind: str  # "article" | "document" | "ticket"
    id: int
    title: str


@dataclass
class Draft:
    text: str
    sources: list[Source]
    engine: str = "local"
    notes: list[str] = field(default_factory=list)  # e.g. a reply in another language than the customer's
    needs_review: bool = False  # the promise check removed something: an agent must read it first
    review_notes: list[str] = field(default_factory=list)


@dataclass
class EscalationDecision:
    escalate: bool
    reasons: list[str]


@dataclass
class PipelineResult:
    analysis: Analysis
    evidence: Evidence
    draft: Draft
    confidence: float
    confidence_parts: dict[str, float]
    escalation: EscalationDecision
    needs_review: bool
    timings_ms: dict[str, float] = field(default_factory=dict)  # per stage: analysis, retrieval, draft
