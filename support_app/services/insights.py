"""AI answers that store nothing: analysis of a text, similar resolved tickets, knowledge retrieval.
The same pipeline and retriever the triage and the drafts use (services/ai)."""

from dataclasses import dataclass, field

from sqlmodel import Session

from support_app.services import text_input
from support_app.services.ai.types import Analysis, ArticleHit, SimilarTicket, TicketInput

MAX_RESULTS = 20


@dataclass
class AnalysisAnswer:
    analysis: Analysis
    local_only_reason: str = ""  # why the remote engine was not asked
    notes: list[str] = field(default_factory=list)


def analyze(session: Session, subject: str, description: str, remote_allowed: bool) -> AnalysisAnswer:
    """Category, priority, sentiment… of a text, without saving anything. `remote_allowed=False`
    (e.g. the caller's Gemini budget is spent) uses the local engine only."""
    from support_app.services.ai.pipeline import get_pipeline

    ticket = TicketInput(subject=text_input.clean(subject, "subject", label="Subject", required=True, multiline=False),
                         description=text_input.clean(description, "description", label="Description", required=True))
    pipeline = get_pipeline()
    if remote_allowed and pipeline.remote is not None:
        return AnalysisAnswer(pipeline.process(ticket).analysis)
    reason = "daily Gemini budget of this token is spent" if pipeline.remote is not None else ""
    return AnalysisAnswer(pipeline.local.analyze(ticket), reason)


def _query_input(query: str) -> TicketInput:
    text = text_input.clean(query, "search", label="Query", required=True, multiline=False)
    return TicketInput(subject=text, description=text)


def _retriever():
    from support_app.services.ai.embeddings import get_embedder
    from support_app.services.ai.retrieval import Retriever
    from support_app.services.ai.vector_store import get_vector_store

    return Retriever(get_vector_store(), get_embedder())


def similar_tickets(query: str, limit: int = 5) -> list[SimilarTicket]:
    """Resolved, approved tickets closest to the query (what drafts cite)."""
    ticket = _query_input(query)
    retriever = _retriever()
    return retriever.similar_tickets(retriever.embed(ticket), k=max(1, min(limit, MAX_RESULTS)))


def knowledge_search(query: str, limit: int = 5) -> list[ArticleHit]:
    """Passages of published articles and policies closest to the query (the drafts' retrieval)."""
    ticket = _query_input(query)
    retriever = _retriever()
    return retriever.articles(retriever.embed(ticket), k=max(1, min(limit, MAX_RESULTS)))
