"""Company documents (admins upload them on the knowledge page): stored, split into passages and
indexed for retrieval.

SQL is the source of truth: `CompanyDocument` and its `DocumentPassage` rows; the `documents`
vector collection is rebuilt from them by `python -m support_app.cli.reindex`. Files live in
`documents_directory` (outside the web root) under a random name and are never served back.
A bad upload raises `ValidationError` before anything is written. `index_document(id)` is
self-contained and idempotent (a background job can run it); when it fails the document is left
"failed" with the reason, and running it again retries.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, delete, select

from support_app.models import CompanyDocument, DocumentPassage, DocumentStatus, utcnow
from support_app.services import document_text, jobs, text_input
from support_app.services.errors import NotFoundError, ServiceError, ValidationError
from support_app.services.unit_of_work import atomic
from support_app.settings import get_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentRow:
    """A document as the knowledge page lists it."""

    id: int
    title: str
    filename: str
    file_format: str
    size_bytes: int
    status: str
    error: str
    passage_count: int
    version: int
    uploaded_by: str
    uploaded_at: datetime


def _folder() -> Path:
    folder = Path(get_settings().documents_directory)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _validated(filename: str, data: bytes, title: str | None) -> tuple[str, str, str]:
    """(format, cleaned file name, title) for an acceptable upload; ValidationError otherwise."""
    fmt = document_text.file_format(filename or "")
    limit = get_settings().document_max_bytes
    if len(data) > limit:
        raise ValidationError({"file": f"The file is {len(data) / 1048576:.1f} MB; the limit is "
                                       f"{limit / 1048576:.0f} MB."})
    document_text.extract(data, fmt)  # empty, no text, control characters, damaged: refused here
    name = filename.strip()
    fallback = name.rsplit(".", 1)[0].replace("_", " ").replace("-", " ").strip() or "Document"
    title = text_input.clean(title or fallback, "article_title", label="Title", required=True, multiline=False)
    return fmt, name, title


def _write(data: bytes, fmt: str) -> str:
    stored_name = f"{secrets.token_hex(16)}.{fmt}"  # never the uploaded name: no path tricks
    (_folder() / stored_name).write_bytes(data)
    return stored_name


def _unlink(stored_name: str) -> None:
    try:
        (_folder() / stored_name).unlink(missing_ok=True)
    except OSError:
        log.warning("could not remove stored document file %s", stored_name)


def get(session: Session, document_id: int) -> CompanyDocument:
    document = session.get(CompanyDocument, document_id)
    if document is None:
        raise NotFoundError(f"Document #{document_id} was not found.")
    return document


def list_documents(session: Session) -> list[DocumentRow]:
    return [DocumentRow(d.id, d.title, d.filename, d.file_format, d.size_bytes, d.status, d.error,
                        d.passage_count, d.version, d.uploaded_by, d.created_at)
            for d in session.exec(select(CompanyDocument).order_by(CompanyDocument.title, CompanyDocument.id))]


def passages(session: Session, document_id: int) -> list[DocumentPassage]:
    return list(session.exec(select(DocumentPassage).where(DocumentPassage.document_id == document_id)
                             .order_by(DocumentPassage.position)))


def upload(session: Session, uploaded_by: str, filename: str, data: bytes, title: str | None = None) -> CompanyDocument:
    """Store and index a new document. Raises ValidationError (nothing stored) for a bad file."""
    fmt, name, title = _validated(filename, data, title)
    stored_name = _write(data, fmt)
    try:
        with atomic(session):
            document = CompanyDocument(title=title, filename=name, file_format=fmt, size_bytes=len(data),
                                       sha256=hashlib.sha256(data).hexdigest(), stored_name=stored_name,
                                       uploaded_by=uploaded_by)
            session.add(document)
    except BaseException:
        _unlink(stored_name)
        raise
    index_or_queue(session, document.id)
    session.refresh(document)
    return document


def replace(session: Session, document_id: int, uploaded_by: str, filename: str, data: bytes) -> CompanyDocument:
    """A new file for an existing document (same title, next version); its passages are replaced."""
    document = get(session, document_id)
    fmt, name, _ = _validated(filename, data, document.title)
    stored_name, old_name = _write(data, fmt), document.stored_name
    try:
        with atomic(session):
            document.filename, document.file_format, document.size_bytes = name, fmt, len(data)
            document.sha256, document.stored_name = hashlib.sha256(data).hexdigest(), stored_name
            document.status, document.error, document.uploaded_by = DocumentStatus.pending.value, "", uploaded_by
            document.version += 1
            document.updated_at = utcnow()
            session.add(document)
    except BaseException:
        _unlink(stored_name)
        raise
    _unlink(old_name)
    index_or_queue(session, document.id)
    session.refresh(document)
    return document


def delete_document(session: Session, document_id: int) -> None:
    """Remove a document from the vector store first (so no draft cites it after this returns),
    then its rows and file."""
    from support_app.services import indexing
    from support_app.services.ai.vector_store import VectorStoreError

    document = get(session, document_id)
    try:
        indexing.remove_document(document_id)
    except VectorStoreError as exc:
        raise ServiceError("The search index could not be reached, so the document was not deleted. "
                           "Try again in a moment.") from exc
    stored_name = document.stored_name
    with atomic(session):
        session.exec(delete(DocumentPassage).where(DocumentPassage.document_id == document_id))
        session.delete(document)
    _unlink(stored_name)


def index_unindexed(session: Session) -> int:
    """Index every document that is pending or failed (the `reindex` command's repair). Returns how many."""
    ids = session.exec(select(CompanyDocument.id).where(CompanyDocument.status != DocumentStatus.indexed.value)).all()
    for document_id in ids:
        index_document(document_id, session)
    return len(ids)


def retry(session: Session, document_id: int) -> CompanyDocument:
    """Index a document again (after a failure)."""
    return index_or_queue(session, document_id)


def index_document(document_id: int, session: Session | None = None) -> CompanyDocument:
    """Split the stored file into passages, save them in SQL and put them in the vector store.
    Idempotent. On failure the document is marked "failed" with the reason (and nothing raised)."""
    if session is None:
        from support_app.db import session_scope

        with session_scope() as own:
            return index_document(document_id, own)
    from support_app.services import indexing
    from support_app.services.ai.embeddings import count_tokens

    document = get(session, document_id)
    try:
        data = (_folder() / document.stored_name).read_bytes()
        blocks = document_text.extract(data, document.file_format)
        found = document_text.split_passages(blocks, count_tokens)
        with atomic(session):
            session.exec(delete(DocumentPassage).where(DocumentPassage.document_id == document_id))
            rows = [DocumentPassage(document_id=document_id, position=n, section=p.section[:200], page=p.page,
                                    text=p.text, tokens=p.tokens) for n, p in enumerate(found)]
            session.add_all(rows)
            document.passage_count, document.status, document.error = len(rows), DocumentStatus.pending.value, ""
            session.add(document)
        indexing.index_document_passages(document, passages(session, document_id))
        with atomic(session):
            document.status, document.indexed_at = DocumentStatus.indexed.value, utcnow()
            session.add(document)
    except Exception as exc:  # noqa: BLE001 (any failure is recorded for the admin to retry)
        session.rollback()
        reason = str(exc) if isinstance(exc, ServiceError) else f"{type(exc).__name__}: {exc}"
        log.warning("indexing document %s failed: %s", document_id, reason)
        document = get(session, document_id)
        with atomic(session):
            document.status, document.error = DocumentStatus.failed.value, reason[:500]
            session.add(document)
    return document


def index_or_queue(session: Session, document_id: int) -> CompanyDocument:
    """Index in the caller's flow (the admin sees the outcome at once); when that fails, an
    `index_document` job keeps retrying with backoff (services/job_kinds.py, failed list on /jobs)."""
    document = index_document(document_id, session)
    if document.status == DocumentStatus.failed.value:
        jobs.enqueue(session, "index_document", document_id)
        session.commit()
    return document
