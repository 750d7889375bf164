"""Language versions of knowledge articles. The article is the original; each translation is the
same article in another language, edited in the knowledge editor, and feeds drafts for tickets in
that language (the vector store carries it beside the original's passages)."""

from sqlmodel import Session, select

from support_app.models import KnowledgeArticle, KnowledgeArticleTranslation, utcnow
from support_app.services import knowledge, text_input
from support_app.services.errors import ConflictError, ValidationError

LANGUAGES = {"de": "German", "es": "Spanish", "fr": "French", "en": "English", "pt": "Portuguese",
             "it": "Italian", "nl": "Dutch"}
MIN_BODY_CHARS = 20


def for_article(session: Session, article_id: int) -> list[KnowledgeArticleTranslation]:
    return list(session.exec(select(KnowledgeArticleTranslation)
                             .where(KnowledgeArticleTranslation.article_id == article_id)
                             .order_by(KnowledgeArticleTranslation.language)))


def by_article(session: Session, article_ids: list[int]) -> dict[int, list[KnowledgeArticleTranslation]]:
    found: dict[int, list[KnowledgeArticleTranslation]] = {}
    if article_ids:
        for row in session.exec(select(KnowledgeArticleTranslation)
                                .where(KnowledgeArticleTranslation.article_id.in_(article_ids))):
            found.setdefault(row.article_id, []).append(row)
    return found


def save(session: Session, editor: str, article_id: int, language: str, title: str, body: str,
         expected_version: int | None = None) -> KnowledgeArticleTranslation:
    """Create or update the `language` version of an article; re-indexes the article.
    `expected_version` (of the translation being edited) refuses a stale save."""
    article = knowledge.get(session, article_id)
    language = (language or "").strip().lower()
    errors: dict[str, str] = {}
    if language not in LANGUAGES:
        errors["language"] = f"Choose a language: {', '.join(sorted(LANGUAGES))}."
    try:
        title = text_input.clean(title, "article_title", label="Title", required=True, multiline=False)
    except ValidationError as exc:
        errors["title"] = exc.errors["article_title"]
    try:
        body = text_input.clean(body, "article_body", label="Body", required=True)
        if len(body) < MIN_BODY_CHARS:
            errors["body"] = f"Body must have at least {MIN_BODY_CHARS} characters."
    except ValidationError as exc:
        errors["body"] = exc.errors["article_body"]
    if errors:
        raise ValidationError(errors)

    row = session.exec(select(KnowledgeArticleTranslation).where(
        KnowledgeArticleTranslation.article_id == article.id,
        KnowledgeArticleTranslation.language == language)).first()
    if row is None:
        if expected_version:
            raise ConflictError("This translation was removed since you opened it. Reload the article.")
        row = KnowledgeArticleTranslation(article_id=article.id, language=language, title=title, body=body,
                                          editor=editor)
    else:
        if expected_version is not None and row.version != expected_version:
            raise ConflictError("This translation was changed by someone else since you opened it. "
                                "Reload it and apply your edit again.")
        row.title, row.body, row.editor = title, body, editor
        row.version += 1
        row.updated_at = utcnow()
    session.add(row)
    session.commit()
    session.refresh(row)
    _reindex(session, article)
    return row


def _reindex(session: Session, article: KnowledgeArticle) -> None:
    knowledge.reindex_article(session, article.id)
