"""How the knowledge base is used, read from what triage stored on recent tickets (`ai_analysis`):
per article and document, how often retrieval found it, how often a draft citing it was followed
by a sent reply, and the CSAT of those tickets; and the "gaps": recent tickets whose best knowledge
match stayed below the relevance threshold, grouped by category (what to write next).

The evidence lives in each ticket's analysis JSON, so the newest `MAX_TICKETS` tickets of the
window are read (a bounded scan, newest first); counts are over those.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import Session, select

from support_app.models import CompanyDocument, KnowledgeArticle, MessageKind, Ticket, TicketMessage, utcnow
from support_app.services.ai.confidence import RELEVANT_SIMILARITY
from support_app.services.triage import AnalysisRecord

MAX_TICKETS = 5000
# One definition of a knowledge gap for this page and /analytics: below the similarity the
# confidence score counts as relevant knowledge.
RELEVANCE_THRESHOLD = RELEVANT_SIMILARITY


@dataclass(frozen=True)
class UsageRow:
    kind: str  # article | policy | document
    id: int
    title: str
    retrieved: int
    cited_in_sent_replies: int
    csat_average: float | None  # of the tickets whose sent reply followed a draft citing it
    csat_count: int


@dataclass
class GapGroup:
    category: str
    count: int = 0
    examples: list[tuple[int, str, float]] = field(default_factory=list)  # (ticket id, subject, best similarity)


def _recent(session: Session, days: int) -> list[Ticket]:
    since = utcnow() - timedelta(days=days)
    return list(session.exec(select(Ticket).where(Ticket.created_at >= since, Ticket.ai_analysis != "")
                             .order_by(Ticket.created_at.desc()).limit(MAX_TICKETS)))


def _replied(session: Session, ticket_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for start in range(0, len(ticket_ids), 900):  # SQLite's bound-parameter limit
        chunk = ticket_ids[start:start + 900]
        found.update(session.exec(select(TicketMessage.ticket_id).where(
            TicketMessage.kind == MessageKind.agent.value, TicketMessage.ticket_id.in_(chunk))).all())
    return found


def _key(kind: str, item_id: int) -> tuple[str, int]:
    return ("document" if kind == "document" else "article", int(item_id))


def usage(session: Session, days: int = 90) -> list[UsageRow]:
    """Every article, policy and document, most retrieved first (unused ones too, with zeros)."""
    tickets = _recent(session, days)
    replied = _replied(session, [t.id for t in tickets])
    retrieved: dict[tuple[str, int], int] = defaultdict(int)
    cited: dict[tuple[str, int], list[int | None]] = defaultdict(list)
    for ticket in tickets:
        record = AnalysisRecord.from_json(ticket.ai_analysis)
        for key in {_key(a.kind, a.article_id) for a in record.articles}:
            retrieved[key] += 1
        if ticket.id in replied:
            for key in {_key(s.kind, s.id) for s in record.sources if s.kind in ("article", "document")}:
                cited[key].append(ticket.csat_score)
    items = [(a.kind, ("article", a.id), a.title) for a in session.exec(select(KnowledgeArticle))]
    items += [("document", ("document", d.id), d.title) for d in session.exec(select(CompanyDocument))]
    rows = []
    for kind, key, title in items:
        scores = [s for s in cited.get(key, []) if s is not None]
        rows.append(UsageRow(kind, key[1], title, retrieved.get(key, 0), len(cited.get(key, [])),
                             round(sum(scores) / len(scores), 2) if scores else None, len(scores)))
    return sorted(rows, key=lambda r: (-r.retrieved, -r.cited_in_sent_replies, r.title))


def gaps(session: Session, days: int = 30, threshold: float = RELEVANCE_THRESHOLD,
         examples: int = 3) -> list[GapGroup]:
    """Recent tickets whose best article/document match was below `threshold` (or that had none),
    per category, largest group first."""
    groups: dict[str, GapGroup] = {}
    for ticket in _recent(session, days):
        record = AnalysisRecord.from_json(ticket.ai_analysis)
        best = max((a.similarity for a in record.articles), default=0.0)
        if best >= threshold:
            continue
        group = groups.setdefault(ticket.category, GapGroup(ticket.category))
        group.count += 1
        if len(group.examples) < examples:
            group.examples.append((ticket.id, ticket.subject, round(best, 2)))
    return sorted(groups.values(), key=lambda g: (-g.count, g.category))
