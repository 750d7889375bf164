"""Knowledge-base articles and company policies, with a version history per article."""

import re

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from support_app.models import (
    CATEGORIES, ArticleKind, ArticleStatus, KnowledgeArticle, KnowledgeArticleVersion, utcnow,
)
from support_app.services import jobs, text_input
from support_app.services.errors import ConflictError, NotFoundError, ValidationError
from support_app.services.unit_of_work import atomic


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
         slug: str | None = None) -> KnowledgeArticle:
    """Create or update an article; every save is a new version (article and version row in one
    transaction). Re-indexes the vector store."""
    category = category or None
    title, body = _validate(title, body, category, kind, status)
    try:
        article = _save(session, editor, title, body, category, kind, status, article_id, expected_version, slug)
    except IntegrityError:  # another save won the race for this slug or version (rolled back)
        raise ConflictError("This article was changed by someone else at the same moment. "
                            "Reload it and apply your edit again.") from None
    session.refresh(article)
    reindex_article(session, article.id)
    return article


def _save(session: Session, editor: str, title: str, body: str, category: str | None, kind: str, status: str,
          article_id: int | None, expected_version: int | None, slug: str | None) -> KnowledgeArticle:
    with atomic(session):
        if article_id is None:
            slug = slug or slugify(title)
            if session.exec(select(KnowledgeArticle).where(KnowledgeArticle.slug == slug)).first():
                raise ValidationError({"title": f"An article with the slug {slug!r} exists already."})
            article = KnowledgeArticle(slug=slug, title=title, body=body, category=category, kind=kind, status=status)
            session.add(article)
            session.flush()
        else:
            article = get(session, article_id)
            if expected_version is not None and article.version != expected_version:
                raise ConflictError("This article was changed by someone else since you opened it. "
                                    "Reload it and apply your edit again.")
            article.title, article.body, article.category = title, body, category
            article.kind, article.status = kind, status
            article.version += 1
            article.updated_at = utcnow()
        session.add(KnowledgeArticleVersion(article_id=article.id, version=article.version, title=article.title,
                                            body=article.body, editor=editor))
    return article


def reindex_article(session: Session, article_id: int) -> None:
    """Queue the re-indexing of the article (published: its passages with their language versions
    replace the old ones; otherwise they are removed). A job, so a slow or absent Chroma never
    fails the save (services/job_kinds.py)."""
    jobs.enqueue(session, "index_article", article_id)
    session.commit()
