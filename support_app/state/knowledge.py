"""Knowledge editor (admins): list, create, edit, publish or archive articles and policies."""

import reflex as rx

from support_app.db import session_scope
from support_app.services import auth, knowledge
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
