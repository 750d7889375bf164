"""Knowledge editor (admins): list, create, edit, publish or archive articles and policies; compare
and restore versions; see what retrieval finds for a question."""

import asyncio

import reflex as rx

from support_app.db import session_scope
from support_app.services import auth, knowledge, markdown_render
from support_app.services import translations as language_versions
from support_app.services.errors import ServiceError
from support_app.state.formatting import when
from support_app.state.session import SessionState


class KnowledgeState(SessionState):
    articles: list[dict] = []
    editing_id: int = 0
    editing_version: int = 0
    title: str = ""
    body: str = ""
    category: str = "none"
    kind: str = "article"
    status: str = "published"
    tags: str = ""
    index_error: str = ""  # the open article's text is saved but not embedded (retry offered)
    message: str = ""
    error: str = ""
    history: list[dict] = []
    diff_old: str = ""
    diff_new: str = ""
    diff_rows: list[dict] = []
    question: str = ""
    retrieved: list[dict] = []
    retrieval_notes: list[str] = []
    retrieval_error: str = ""
    # The language versions of the article being edited, and the one open in the form.
    translations: list[dict] = []
    tr_language: str = "de"
    tr_title: str = ""
    tr_body: str = ""
    tr_version: int = 0  # 0: no version in this language yet

    @rx.event
    def set_title(self, value: str):
        self.title = value

    @rx.event
    def set_body(self, value: str):
        self.body = value

    @rx.event
    def set_category(self, value: str):
        self.category = value

    @rx.event
    def set_kind(self, value: str):
        self.kind = value

    @rx.event
    def set_status(self, value: str):
        self.status = value

    @rx.event
    def set_tags(self, value: str):
        self.tags = value

    @rx.event
    def set_diff_old(self, value: str):
        self.diff_old = value

    @rx.event
    def set_diff_new(self, value: str):
        self.diff_new = value

    @rx.event
    def set_question(self, value: str):
        self.question = value

    @rx.var
    def preview_html(self) -> str:
        """The body as it will read: Markdown rendered without raw HTML or unsafe links."""
        return markdown_render.render(self.body)

    @rx.event
    def show_diff(self):
        self.error = ""
        try:
            auth.require_role(self._identity(), "admin")
            with session_scope() as session:
                rows = knowledge.diff(session, self.editing_id, int(self.diff_old or 0), int(self.diff_new or 0))
        except ServiceError as exc:
            self.error, self.diff_rows = str(exc), []
            return
        self.diff_rows = [{"change": r.change, "old_number": r.old_number or "", "old": r.old_text,
                           "new_number": r.new_number or "", "new": r.new_text} for r in rows]

    @rx.event
    def restore(self, version: int):
        self.message = self.error = ""
        try:
            identity = auth.require_role(self._identity(), "admin")
            with session_scope() as session:
                article = knowledge.restore(session, identity.email, self.editing_id, version,
                                            expected_version=self.editing_version or None)
        except ServiceError as exc:
            self.error = str(exc)
            return
        self._list()
        self._open(article.id)
        self.message = f"Restored version {version} as version {article.version}."

    @rx.event
    def retry_index(self):
        self.message = self.error = ""
        try:
            auth.require_role(self._identity(), "admin")
            with session_scope() as session:
                article = knowledge.retry_index(session, self.editing_id)
        except ServiceError as exc:
            self.error = str(exc)
            return
        self.index_error = article.index_error
        self.message = "Indexed." if not article.index_error else ""
        self._list()

    @rx.event
    async def test_retrieval(self):
        self.retrieval_error, self.retrieved, self.retrieval_notes = "", [], []
        try:
            auth.require_role(self._identity(), "admin")
            items, notes = await asyncio.to_thread(knowledge.test_retrieval, self.question)
        except ServiceError as exc:
            self.retrieval_error = str(exc)
            return
        self.retrieved = [{"kind": i.kind, "id": i.id, "title": i.title, "passage": i.passage[:300],
                           "similarity": f"{i.similarity:.2f}"} for i in items]
        self.retrieval_notes = notes

    @rx.event
    def set_tr_title(self, value: str):
        self.tr_title = value

    @rx.event
    def set_tr_body(self, value: str):
        self.tr_body = value

    @rx.event
    def set_tr_language(self, value: str):
        """Open the article's version in `value` (empty fields when there is none yet)."""
        self.tr_language = value
        self._open_translation()

    def _open_translation(self):
        current = next((t for t in self.translations if t["language"] == self.tr_language), None)
        self.tr_title = current["title"] if current else ""
        self.tr_body = current["body"] if current else ""
        self.tr_version = current["version"] if current else 0

    def _load_translations(self, session, article_id: int):
        self.translations = [
            {"language": t.language, "name": language_versions.LANGUAGES.get(t.language, t.language),
             "title": t.title, "body": t.body, "version": t.version, "editor": t.editor, "at": when(t.updated_at)}
            for t in language_versions.for_article(session, article_id)
        ]
        self._open_translation()

    @rx.event
    def save_translation(self):
        self.message = self.error = ""
        try:
            identity = auth.require_role(self._identity(), "admin")
            with session_scope() as session:
                saved = language_versions.save(session, identity.email, self.editing_id, self.tr_language,
                                          self.tr_title, self.tr_body, expected_version=self.tr_version or None)
                self._load_translations(session, self.editing_id)
        except ServiceError as exc:
            self.error = str(exc)
            return
        name = language_versions.LANGUAGES[saved.language]
        self.message = f"Saved the {name} version (version {saved.version})."

    @rx.event
    def load(self):
        self.load_identity()
        if not self.is_admin:
            self.reset()  # nothing stays from an earlier session in this tab
            return rx.redirect("/login")
        self._list()

    def _list(self):
        with session_scope() as session:
            self.articles = [
                {"id": a.id, "title": a.title, "kind": a.kind, "status": a.status, "version": a.version,
                 "category": a.category or "", "updated": when(a.updated_at), "tags": a.tags,
                 "indexed": "not indexed" if a.index_error else ""}
                for a in knowledge.list_articles(session)
            ]

    @rx.event
    def new_article(self):
        self.editing_id = self.editing_version = 0
        self.title = self.body = ""
        self.category, self.kind, self.status = "none", "article", "published"
        self.tags, self.index_error, self.diff_rows, self.diff_old, self.diff_new = "", "", [], "", ""
        self.history, self.message, self.error = [], "", ""
        self.translations, self.tr_title, self.tr_body, self.tr_version = [], "", "", 0

    @rx.event
    def edit(self, article_id: int):
        self.message = self.error = ""
        try:
            auth.require_role(self._identity(), "admin")
            self._open(article_id)
        except ServiceError as exc:
            self.error = str(exc)

    def _open(self, article_id: int):
        with session_scope() as session:
            a = knowledge.get(session, article_id)
            self.editing_id, self.editing_version = a.id, a.version
            self.title, self.body, self.kind, self.status = a.title, a.body, a.kind, a.status
            self.category, self.tags, self.index_error = a.category or "none", a.tags, a.index_error
            self.history = [{"version": v.version, "editor": v.editor, "at": when(v.created_at), "title": v.title,
                             "note": v.note}
                            for v in knowledge.versions(session, a.id)]
            self._load_translations(session, a.id)
        self.diff_rows = []
        self.diff_new = str(self.editing_version)
        self.diff_old = str(max(1, self.editing_version - 1))

    @rx.event
    def save(self):
        self.message = self.error = ""
        try:
            identity = auth.require_role(self._identity(), "admin")
            with session_scope() as session:
                article = knowledge.save(
                    session, identity.email, self.title, self.body,
                    None if self.category == "none" else self.category, self.kind, self.status,
                    article_id=self.editing_id or None, expected_version=self.editing_version or None,
                    tags=self.tags)
        except ServiceError as exc:
            self.error = str(exc)
            return
        self.message = f"Saved “{article.title}” (version {article.version})." + (
            " It is not indexed yet: drafts will not use it until “Retry indexing” succeeds."
            if article.index_error else "")
        self._list()
        self._open(article.id)
