"""Keep the vector store in step with SQL.

Only what may feed a draft goes in: resolved (or closed) tickets whose resolution an agent approved,
with the customer's personal data redacted (resolutions are reused in replies to others),
published articles (help articles into `knowledge_base`, policies into `documents`), and the
passages of uploaded company documents (into `documents`, from their SQL rows). Every
function here raises `VectorStoreError` when Chroma fails; SQL stays the truth and
`rebuild_all` (`python -m support_app.cli.reindex`) repairs the store from it.
"""

import json
from collections.abc import Iterable, Sequence

from sqlalchemy import func
from sqlmodel import Session, select
from tqdm import tqdm

from support_app.models import (
    ArticleKind, ArticleStatus, CompanyDocument, DocumentPassage, DocumentStatus, KnowledgeArticle,
    KnowledgeArticleTranslation, Status, Ticket,
)
from support_app.services.ai import pii
from support_app.services.ai.embeddings import get_embedder
from support_app.services.ai.retrieval import chunk_article, passage_text, ticket_text
from support_app.services.ai.vector_store import (
    COLLECTIONS, DOCUMENTS, KNOWLEDGE_BASE, TICKETS, VectorStore, get_vector_store,
)

RESOLUTION_MAX_CHARS = 2000


def ticket_is_indexable(ticket: Ticket) -> bool:
    return (ticket.status in (Status.resolved.value, Status.closed.value)
            and bool(ticket.resolution_approved) and bool(ticket.resolution.strip()))


def article_is_indexable(article: KnowledgeArticle) -> bool:
    return article.status == ArticleStatus.published.value and bool(article.body.strip())


def _ticket_record(ticket: Ticket) -> tuple[str, str, dict]:
    """What the store keeps of a ticket: its text and resolution with the customer's personal data
    (emails, phones, cards, IBANs, addresses) redacted, since they are reused for other customers."""
    subject = pii.redact(ticket.subject)
    metadata = {"ticket_id": int(ticket.id), "subject": subject, "category": ticket.category,
                "resolution": pii.redact(ticket.resolution.strip())[:RESOLUTION_MAX_CHARS]}
    return str(ticket.id), ticket_text(subject, pii.redact(ticket.description)), metadata


def index_tickets(tickets: Sequence[Ticket], store: VectorStore | None = None, embedder=None) -> int:
    """Upsert the indexable tickets among `tickets` (one batched embedding call). Returns how many."""
    records = [_ticket_record(t) for t in tickets if ticket_is_indexable(t)]
    if not records:
        return 0
    ids, texts, metadatas = zip(*records)
    embeddings = (embedder or get_embedder()).embed(list(texts))
    (store or get_vector_store()).upsert(TICKETS, list(ids), embeddings, list(texts), list(metadatas))
    return len(records)


def index_ticket(ticket: Ticket, store: VectorStore | None = None) -> bool:
    """Call after a ticket is resolved, closed, reopened or its approval changes: indexes an
    approved resolution, removes anything else. Returns True when the ticket is now indexed."""
    if ticket_is_indexable(ticket):
        index_tickets([ticket], store)
        return True
    remove_ticket(int(ticket.id), store)
    return False


def remove_ticket(ticket_id: int, store: VectorStore | None = None) -> None:
    (store or get_vector_store()).delete(TICKETS, ids=[str(ticket_id)])


def _collection_for(kind: str) -> str:
    return DOCUMENTS if kind == ArticleKind.policy.value else KNOWLEDGE_BASE


def translations_metadata(translations: Iterable[KnowledgeArticleTranslation]) -> str:
    """The language versions of an article as one metadata value: JSON {language: {title, body}},
    the body as plain passages (what retrieval hands to drafting instead of the original's)."""
    return json.dumps({t.language: {"title": t.title, "body": "\n".join(chunk_article(t.body))}
                       for t in translations}, ensure_ascii=False)


def _article_records(article: KnowledgeArticle,
                     translations: Iterable[KnowledgeArticleTranslation] = ()) -> list[tuple[str, str, str, dict]]:
    """The original's passages, then each language version's (so a ticket in that language finds
    the article by its own words); every passage carries all the versions."""
    metadata = {"article_id": int(article.id), "title": article.title, "kind": article.kind}
    translations = list(translations)
    if translations:
        metadata["translations"] = translations_metadata(translations)
    records = [
        (f"{article.id}:{n}", passage, passage_text(article.title, passage), {**metadata, "chunk": n})
        for n, passage in enumerate(chunk_article(article.body))
    ]
    for version in translations:
        records += [
            (f"{article.id}:{version.language}:{n}", passage, passage_text(version.title, passage),
             {**metadata, "title": version.title, "chunk": n, "language": version.language})
            for n, passage in enumerate(chunk_article(version.body))
        ]
    return records


def index_articles(articles: Iterable[KnowledgeArticle], store: VectorStore | None = None, embedder=None,
                   translations: dict[int, list[KnowledgeArticleTranslation]] | None = None) -> int:
    """Upsert the passages of published articles (no removal of stale passages: see index_article).
    `translations` maps an article id to its language versions."""
    store = store or get_vector_store()
    embedder = embedder or get_embedder()
    articles = [a for a in articles if article_is_indexable(a)]
    translations = translations or {}
    passages = 0
    for collection in (KNOWLEDGE_BASE, DOCUMENTS):
        records = [r for a in articles if _collection_for(a.kind) == collection
                   for r in _article_records(a, translations.get(a.id, ()))]
        if not records:
            continue
        ids, documents, texts, metadatas = zip(*records)
        store.upsert(collection, list(ids), embedder.embed(list(texts)), list(documents), list(metadatas))
        passages += len(records)
    return passages


def index_article(article: KnowledgeArticle, store: VectorStore | None = None,
                  translations: Iterable[KnowledgeArticleTranslation] = ()) -> int:
    """Call after an article (or one of its translations) is created, edited, published or archived:
    replaces its passages (published) or removes them (draft, archived). Returns the number of passages."""
    store = store or get_vector_store()
    remove_article(int(article.id), store)
    if not article_is_indexable(article):
        return 0
    return index_articles([article], store, translations={article.id: list(translations)})


def remove_article(article_id: int, store: VectorStore | None = None) -> None:
    store = store or get_vector_store()
    for collection in (KNOWLEDGE_BASE, DOCUMENTS):  # the kind may have changed since indexing
        store.delete(collection, where={"article_id": int(article_id)})


DOCUMENT_ID_PREFIX = "doc-"  # company-document passages share the `documents` collection with policies


def _document_id(record_id: str) -> int:
    return int(record_id[len(DOCUMENT_ID_PREFIX):].split(":", 1)[0])


def index_document_passages(document: CompanyDocument, passages: Sequence[DocumentPassage],
                            store: VectorStore | None = None, embedder=None) -> int:
    """Replace a document's passages in the `documents` collection. Returns how many."""
    store = store or get_vector_store()
    remove_document(int(document.id), store)
    if not passages:
        return 0
    ids = [f"{DOCUMENT_ID_PREFIX}{document.id}:{p.position}" for p in passages]
    documents = [p.text for p in passages]
    texts = [passage_text(document.title, f"{p.section}\n{p.text}" if p.section else p.text) for p in passages]
    metadatas = [{"document_id": int(document.id), "title": document.title, "kind": "document",
                  "section": "" if p.section.casefold() == document.title.casefold() else p.section,
                  "page": int(p.page or 0), "position": p.position} for p in passages]
    store.upsert(DOCUMENTS, ids, (embedder or get_embedder()).embed(texts), documents, metadatas)
    return len(ids)


def remove_document(document_id: int, store: VectorStore | None = None) -> None:
    (store or get_vector_store()).delete(DOCUMENTS, where={"document_id": int(document_id)})


def reconcile(session: Session, store: VectorStore | None = None, batch_size: int = 256) -> dict[str, int]:
    """Bring the store in line with SQL without rebuilding it: compare the ids per collection, index
    what is missing, drop what SQL no longer has. Returns {"added": n, "removed": n} (records)."""
    store = store or get_vector_store()
    added = removed = 0
    approved = (Ticket.status.in_([Status.resolved.value, Status.closed.value])
                & (Ticket.resolution_approved == True))  # noqa: E712 (SQL expression)
    wanted = {str(i) for i in session.exec(select(Ticket.id).where(approved))}
    present = set(store.ids(TICKETS))
    missing = sorted(wanted - present, key=int)
    for start in range(0, len(missing), batch_size):
        batch = session.exec(select(Ticket).where(Ticket.id.in_([int(i) for i in missing[start:start + batch_size]])))
        added += index_tickets(list(batch), store)
    if present - wanted:
        store.delete(TICKETS, ids=sorted(present - wanted))
        removed += len(present - wanted)

    published = {a.id: a for a in session.exec(
        select(KnowledgeArticle).where(KnowledgeArticle.status == ArticleStatus.published.value))}
    for collection in (KNOWLEDGE_BASE, DOCUMENTS):
        wanted_articles = {i for i, a in published.items() if _collection_for(a.kind) == collection
                           and article_is_indexable(a)}
        present_ids = [i for i in store.ids(collection) if not i.startswith(DOCUMENT_ID_PREFIX)]
        present_articles = {int(i.split(":", 1)[0]) for i in present_ids}
        stale = [i for i in present_ids if int(i.split(":", 1)[0]) not in wanted_articles]
        if stale:
            store.delete(collection, ids=stale)
            removed += len(stale)
        for article_id in sorted(wanted_articles - present_articles):
            versions = session.exec(select(KnowledgeArticleTranslation)
                                    .where(KnowledgeArticleTranslation.article_id == article_id))
            added += index_articles([published[article_id]], store, translations={article_id: list(versions)})

    indexed = {d.id: d for d in session.exec(
        select(CompanyDocument).where(CompanyDocument.status == DocumentStatus.indexed.value))}
    present_passages = [i for i in store.ids(DOCUMENTS) if i.startswith(DOCUMENT_ID_PREFIX)]
    present_documents = {_document_id(i) for i in present_passages}
    stale = [i for i in present_passages if _document_id(i) not in indexed]
    if stale:
        store.delete(DOCUMENTS, ids=stale)
        removed += len(stale)
    for document_id in sorted(set(indexed) - present_documents):
        passages = session.exec(select(DocumentPassage).where(DocumentPassage.document_id == document_id)
                                .order_by(DocumentPassage.position)).all()
        added += index_document_passages(indexed[document_id], passages, store)
    return {"added": added, "removed": removed}


def rebuild_all(session: Session, progress: bool = True, store: VectorStore | None = None,
                batch_size: int = 256) -> dict[str, int]:
    """Drop every collection and rebuild it from SQL. Returns counts per collection."""
    store = store or get_vector_store()
    embedder = get_embedder()
    for name in COLLECTIONS:
        store.reset(name)

    articles = list(session.exec(
        select(KnowledgeArticle).where(KnowledgeArticle.status == ArticleStatus.published.value)))
    versions: dict[int, list[KnowledgeArticleTranslation]] = {}
    for translation in session.exec(select(KnowledgeArticleTranslation)):
        versions.setdefault(translation.article_id, []).append(translation)
    counts = {TICKETS: 0, KNOWLEDGE_BASE: 0, DOCUMENTS: 0}
    for article in tqdm(articles, desc="articles", unit="article", disable=not progress):
        counts[_collection_for(article.kind)] += index_articles([article], store, embedder, versions)

    documents = session.exec(select(CompanyDocument)
                             .where(CompanyDocument.status == DocumentStatus.indexed.value)).all()
    for document in tqdm(documents, desc="documents", unit="document", disable=not progress):
        passages = session.exec(select(DocumentPassage).where(DocumentPassage.document_id == document.id)
                                .order_by(DocumentPassage.position)).all()
        counts[DOCUMENTS] += index_document_passages(document, passages, store, embedder)

    approved = (Ticket.status.in_([Status.resolved.value, Status.closed.value])
                & (Ticket.resolution_approved == True))  # noqa: E712 (SQL expression)
    total = session.exec(select(func.count()).select_from(Ticket).where(approved)).one()
    bar = tqdm(total=total, desc="tickets", unit="ticket", disable=not progress)
    query = select(Ticket).where(approved).order_by(Ticket.id)
    batch: list[Ticket] = []
    for ticket in session.exec(query).yield_per(batch_size):
        batch.append(ticket)
        if len(batch) >= batch_size:
            counts[TICKETS] += index_tickets(batch, store, embedder)
            bar.update(len(batch))
            batch = []
    if batch:
        counts[TICKETS] += index_tickets(batch, store, embedder)
        bar.update(len(batch))
    bar.close()
    return counts
