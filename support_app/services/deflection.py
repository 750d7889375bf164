"""Self-service while the customer types: predicted category/priority and the help articles that
may already answer the question. A "yes, this solved it" is counted as a deflection (no ticket)."""

import logging
from dataclasses import dataclass, field

from sqlmodel import Session

from support_app.models import CompanyDocument, Deflection, KnowledgeArticle
from support_app.services import customers, rate_limit, text_input
from support_app.services.ai.types import TicketInput
from support_app.services.errors import ValidationError
from support_app.settings import get_settings

log = logging.getLogger(__name__)
MIN_PREVIEW_CHARS = 15
SUGGESTION_MIN_SIMILARITY = 0.25  # the retrieval floor: a suggestion needs only to be on topic


@dataclass
class Suggestion:
    article_id: int  # the document's id when kind is "document"
    title: str  # a document passage's with its section and page
    passage: str
    similarity: float
    kind: str = "article"  # article | document


@dataclass
class Preview:
    category: str = ""
    priority: str = ""
    suggestions: list[Suggestion] = field(default_factory=list)


def preview(session: Session, subject: str, description: str, client_key: str = "", limit: int = 3) -> Preview:
    """Cheap, local-only analysis (no Gemini call, no ticket stored). Text over the submission
    limits is refused (ValidationError) before any AI runs; at most PREVIEW_LIMIT previews per
    browser (`client_key`) per window (RateLimited)."""
    from support_app.services.ai.embeddings import get_embedder
    from support_app.services.ai.pipeline import get_pipeline
    from support_app.services.ai.retrieval import Retriever
    from support_app.services.ai.vector_store import get_vector_store

    ticket = TicketInput(subject=text_input.clean(subject, "subject", label="Subject", multiline=False),
                         description=text_input.clean(description, "description", label="Description"))
    if len(ticket.text) < MIN_PREVIEW_CHARS:
        return Preview()
    settings = get_settings()
    rate_limit.hit(session, "preview", client_key, settings.preview_limit, settings.preview_window_seconds,
                   "Suggestions are paused for a minute because they were asked for very often. "
                   "You can still submit your ticket.")
    analysis = get_pipeline().local.analyze(ticket)
    result = Preview(category=analysis.category, priority=analysis.priority)
    try:
        retriever = Retriever(get_vector_store(), get_embedder())
        seen: set[tuple[str, int]] = set()
        for hit in retriever.articles(retriever.embed(ticket), k=limit * 2, language=analysis.language):
            key = (hit.kind, hit.article_id)  # help articles and company documents; internal policies never
            if key not in seen and hit.kind in ("article", "document") and hit.similarity >= SUGGESTION_MIN_SIMILARITY:
                seen.add(key)
                result.suggestions.append(Suggestion(hit.article_id, hit.citation, hit.passage, hit.similarity,
                                                     hit.kind))
    except Exception as exc:  # noqa: BLE001 - suggestions are optional; filing a ticket must still work
        log.warning("article suggestions unavailable: %s", type(exc).__name__)
    result.suggestions = result.suggestions[:limit]
    return result


def record(session: Session, email: str, query: str, article_id: int, kind: str = "article") -> Deflection:
    """The customer said the article (or company document) solved it: count it (no ticket is filed)."""
    table = CompanyDocument if kind == "document" else KnowledgeArticle
    if kind not in ("article", "document") or session.get(table, article_id) is None:
        raise ValidationError({"article": "Unknown article."})
    customer = customers.find_by_email(session, email) if email.strip() else None
    query = text_input.strip_controls(query).strip()[:text_input.limit("preview")]
    deflection = Deflection(customer_id=customer.id if customer else None, query=query,
                            article_id=article_id if kind == "article" else None,
                            document_id=article_id if kind == "document" else None)
    session.add(deflection)
    session.commit()
    return deflection
