"""Knowledge-base articles and company policies, with a version history per article (a diff of
any two versions, restore as a new version), tags, and whether the saved text is indexed."""

import difflib
import logging
import re
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from support_app.models import (
    CATEGORIES, ArticleKind, ArticleStatus, KnowledgeArticle, KnowledgeArticleVersion, utcnow,
)
from support_app.services import jobs, text_input
from support_app.services.errors import ConflictError, NotFoundError, ValidationError
from support_app.services.unit_of_work import atomic

log = logging.getLogger(__name__)


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:120] or "article"


def list_articles(session: Session, include_unpublished: bool = True) -> list[KnowledgeArticle]:
    query = select(KnowledgeArticle).order_by(KnowledgeArticle.kind, KnowledgeArticle.title)
    if not include_unpublished:
        query = query.where(KnowledgeArticle.status == ArticleStatus.published.value)
    return list(session.exec(query))


def get(session: Session, article_id: int) -> KnowledgeArticle:
    article = session.get(KnowledgeArticle, article_id)
    if article is None:
        raise NotFoundError(f"Article #{article_id} was not found.")
    return article


def versions(session: Session, article_id: int) -> list[KnowledgeArticleVersion]:
    return list(session.exec(select(KnowledgeArticleVersion)
                             .where(KnowledgeArticleVersion.article_id == article_id)
                             .order_by(KnowledgeArticleVersion.version.desc())))


MAX_TAGS, MAX_TAG_CHARS = 10, 40


def clean_tags(tags: str | list[str] | None) -> str:
    """Tags as stored: lower case, comma-separated, each once, in the order given."""
    items = tags.split(",") if isinstance(tags, str) else list(tags or [])
    found: list[str] = []
    for item in items:
        tag = " ".join(text_input.strip_controls(item, multiline=False).lower().split())
        if tag and tag not in found:
            found.append(tag)
    if len(found) > MAX_TAGS or any(len(tag) > MAX_TAG_CHARS for tag in found):
        raise ValidationError({"tags": f"Use at most {MAX_TAGS} tags of at most {MAX_TAG_CHARS} characters each."})
    return ", ".join(found)


def _validate(title: str, body: str, category: str | None, kind: str, status: str) -> tuple[str, str]:
    """The cleaned title and body, or ValidationError naming every problem."""
    errors = {}
    try:
        title = text_input.clean(title, "article_title", label="Title", required=True, multiline=False)
    except ValidationError as exc:
        errors["title"] = exc.errors["article_title"]
    try:
        body = text_input.clean(body, "article_body", label="Body")
        if len(body) < 20:
            errors["body"] = "Body must have at least 20 characters."
    except ValidationError as exc:
        errors["body"] = exc.errors["article_body"]
    if category and category not in CATEGORIES:
        errors["category"] = f"Unknown category {category!r}."
    if kind not in [k.value for k in ArticleKind]:
        errors["kind"] = f"Unknown kind {kind!r}."
    if status not in [s.value for s in ArticleStatus]:
        errors["status"] = f"Unknown status {status!r}."
    if errors:
        raise ValidationError(errors)
    return title, body


def save(session: Session, editor: str, title: str, body: str, category: str | None = None,
         kind: str = ArticleKind.article.value, status: str = ArticleStatus.published.value,
         article_id: int | None = None, expected_version: int | None = None,
         slug: str | None = None, tags: str | list[str] | None = None, note: str = "") -> KnowledgeArticle:
    """Create or update an article; every save is a new version (article and version row in one
    transaction) recording who, when and what changed (`note` is added to that). Then re-embeds it: when that fails the article stays saved, marked not indexed
    (`index_error`), and `retry_index` or `reindex` repairs it. `tags=None` keeps the tags."""
    category = category or None
    title, body = _validate(title, body, category, kind, status)
    tags = None if tags is None else clean_tags(tags)
    try:
        article = _save(session, editor, title, body, category, kind, status, article_id, expected_version, slug,
                        tags, note)
    except IntegrityError:  # another save won the race for this slug or version (rolled back)
        raise ConflictError("This article was changed by someone else at the same moment. "
                            "Reload it and apply your edit again.") from None
    return retry_index(session, article.id)


def index_now(session: Session, article_id: int) -> KnowledgeArticle:
    """Embed the article's current text again; records the outcome in `index_error` ("" = indexed)."""
    from support_app.services import translations

    article = get(session, article_id)
    error = reindex_article(article, translations.for_article(session, article.id))
    if error != article.index_error:
        with atomic(session):
            article.index_error = error
            session.add(article)
        session.refresh(article)
    return article


def retry_index(session: Session, article_id: int) -> KnowledgeArticle:
    """Index in the caller's flow (the editor sees the outcome at once); when that fails, an
    `index_article` job keeps retrying with backoff (services/job_kinds.py, failed list on /jobs)."""
    article = index_now(session, article_id)
    if article.index_error:
        jobs.enqueue(session, "index_article", article.id)
        session.commit()
    return article


def _save(session: Session, editor: str, title: str, body: str, category: str | None, kind: str, status: str,
          article_id: int | None, expected_version: int | None, slug: str | None,
          tags: str | None = None, note: str = "") -> KnowledgeArticle:
    with atomic(session):
        if article_id is None:
            slug = slug or slugify(title)
            if session.exec(select(KnowledgeArticle).where(KnowledgeArticle.slug == slug)).first():
                raise ValidationError({"title": f"An article with the slug {slug!r} exists already."})
            article = KnowledgeArticle(slug=slug, title=title, body=body, category=category, kind=kind, status=status,
                                       tags=tags or "")
            session.add(article)
            session.flush()
            changes = ["created"]
        else:
            article = get(session, article_id)
            if expected_version is not None and article.version != expected_version:
                raise ConflictError("This article was changed by someone else since you opened it. "
                                    "Reload it and apply your edit again.")
            changes = _changes(article, title, body, category, kind, status, tags)
            article.title, article.body, article.category = title, body, category
            article.kind, article.status = kind, status
            if tags is not None:
                article.tags = tags
            article.version += 1
            article.updated_at = utcnow()
        summary = "; ".join(([note] if note else []) + (changes or ["saved unchanged"]))
        session.add(KnowledgeArticleVersion(article_id=article.id, version=article.version, title=article.title,
                                            body=article.body, editor=editor, note=summary[:300]))
    return article


def _changes(article: KnowledgeArticle, title: str, body: str, category: str | None, kind: str, status: str,
             tags: str | None) -> list[str]:
    """What a save changes, for the version history ("status draft → published", "body")."""
    changes = [name for name, old, new in (("title", article.title, title), ("body", article.body, body),
                                           ("tags", article.tags, article.tags if tags is None else tags))
               if old != new]
    changes += [f"{name} {old or 'none'} → {new or 'none'}" for name, old, new in (
        ("category", article.category, category), ("kind", article.kind, kind), ("status", article.status, status))
        if old != new]
    return changes


def reindex_article(article: KnowledgeArticle, translations=()) -> str:
    """Published articles (with their language versions) feed drafts; others are removed from the
    vector store. Returns "" or why it failed."""
    try:
        from support_app.services import indexing
        if article.status == ArticleStatus.published.value:
            indexing.index_article(article, translations=translations)
        else:
            indexing.remove_article(article.id)
    except Exception as exc:  # noqa: BLE001 (Chroma and the encoder raise many kinds)
        log.exception("could not index article %s (run `python -m support_app.cli.reindex` later)", article.id)
        return f"{type(exc).__name__}: {exc}"[:500] or "indexing failed"
    return ""


def mark_all_indexed(session: Session) -> int:
    """After a full rebuild (`reindex`): no article is "not indexed" any more. Returns how many were."""
    stale = list(session.exec(select(KnowledgeArticle).where(KnowledgeArticle.index_error != "")))
    with atomic(session):
        for article in stale:
            article.index_error = ""
            session.add(article)
    return len(stale)


def get_version(session: Session, article_id: int, version: int) -> KnowledgeArticleVersion:
    found = session.exec(select(KnowledgeArticleVersion).where(KnowledgeArticleVersion.article_id == article_id,
                                                               KnowledgeArticleVersion.version == version)).first()
    if found is None:
        raise NotFoundError(f"Version {version} of article #{article_id} was not found.")
    return found


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side diff: a line of the older version beside one of the newer."""

    change: str  # equal | replace | delete | insert
    old_number: int | None
    old_text: str
    new_number: int | None
    new_text: str


def _lines(version: KnowledgeArticleVersion) -> list[str]:
    return [f"# {version.title}", ""] + version.body.splitlines()


def diff(session: Session, article_id: int, old: int, new: int) -> list[DiffRow]:
    """Side-by-side differences between two versions of an article (title as the first line)."""
    a, b = _lines(get_version(session, article_id, old)), _lines(get_version(session, article_id, new))
    rows: list[DiffRow] = []
    for change, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            rows.append(DiffRow(change, i + 1 if i < i2 else None, a[i] if i < i2 else "",
                                j + 1 if j < j2 else None, b[j] if j < j2 else ""))
    return rows


def restore(session: Session, editor: str, article_id: int, version: int,
            expected_version: int | None = None) -> KnowledgeArticle:
    """Save an earlier version's title and body as a new version (nothing in the history is lost)."""
    old = get_version(session, article_id, version)
    article = get(session, article_id)
    return save(session, editor, old.title, old.body, article.category, article.kind, article.status,
                article_id=article_id, expected_version=expected_version, note=f"restored version {version}")


@dataclass(frozen=True)
class RetrievedItem:
    """What drafting would use for a question, in the order it uses it."""

    kind: str  # article | policy | document | ticket
    id: int
    title: str
    passage: str
    similarity: float


def test_retrieval(question: str) -> tuple[list[RetrievedItem], list[str]]:
    """The evidence the AI pipeline would retrieve (and screen) for a customer question, through the
    pipeline's own retrieval step: knowledge passages best first, then similar resolved tickets."""
    from support_app.services.ai.pipeline import get_pipeline
    from support_app.services.ai.types import TicketInput

    question = text_input.clean(question, "preview", label="Question", required=True)
    evidence, notes = get_pipeline().evidence(TicketInput(subject=question, description=""))
    items = [RetrievedItem(h.kind, h.article_id, h.citation, h.passage, round(h.similarity, 3))
             for h in evidence.articles]
    items += [RetrievedItem("ticket", t.ticket_id, t.subject, t.resolution, round(t.similarity, 3))
              for t in evidence.similar_tickets]
    return items, notes
