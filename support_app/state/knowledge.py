"""Knowledge editor (admins): list, create, edit, publish or archive articles and policies."""

import reflex as rx

from support_app.db import session_scope
from support_app.services import auth, knowledge
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
    message: str = ""
    error: str = ""
    history: list[dict] = []
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
                 "category": a.category or "", "updated": when(a.updated_at)}
                for a in knowledge.list_articles(session)
            ]

    @rx.event
    def new_article(self):
        self.editing_id = self.editing_version = 0
        self.title = self.body = ""
        self.category, self.kind, self.status = "none", "article", "published"
        self.history, self.message, self.error = [], "", ""
        self.translations, self.tr_title, self.tr_body, self.tr_version = [], "", "", 0

    @rx.event
    def edit(self, article_id: int):
        self.message = self.error = ""
        try:
            auth.require_role(self._identity(), "admin")
            with session_scope() as session:
                a = knowledge.get(session, article_id)
                self.editing_id, self.editing_version = a.id, a.version
                self.title, self.body, self.kind, self.status = a.title, a.body, a.kind, a.status
                self.category = a.category or "none"
                self.history = [{"version": v.version, "editor": v.editor, "at": when(v.created_at)}
                                for v in knowledge.versions(session, a.id)]
                self._load_translations(session, a.id)
        except ServiceError as exc:
            self.error = str(exc)

    @rx.event
    def save(self):
        self.message = self.error = ""
        try:
            identity = auth.require_role(self._identity(), "admin")
            with session_scope() as session:
                article = knowledge.save(
                    session, identity.email, self.title, self.body,
                    None if self.category == "none" else self.category, self.kind, self.status,
                    article_id=self.editing_id or None, expected_version=self.editing_version or None)
        except ServiceError as exc:
            self.error = str(exc)
            return
        self.message = f"Saved “{article.title}” (version {article.version})."
        self._list()
        return KnowledgeState.edit(article.id)
