"""/api/knowledge: articles and policies with versions (admins write, agents read) and the
retrieval the drafts use."""

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path, Query

from support_app.api.deps import Admin, Agent, DbSession
from support_app.api.schemas import ArticleIn, ArticleOut, ArticleUpdate, ArticleVersionOut, PassageOut
from support_app.services import insights, knowledge

router = APIRouter(prefix="/knowledge", tags=["knowledge"])
ArticleId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _out(article) -> ArticleOut:
    return ArticleOut.model_validate(article, from_attributes=True)


@router.get("/search", response_model=list[PassageOut])
def search(caller: Agent, query: Annotated[str, Query(min_length=1, max_length=200)],
           limit: Annotated[int, Query(ge=1, le=20)] = 5):
    return [PassageOut(**asdict(hit)) for hit in insights.knowledge_search(query, limit)]


@router.get("/articles", response_model=list[ArticleOut])
def list_articles(caller: Agent, session: DbSession):
    return [_out(a) for a in knowledge.list_articles(session)]


@router.get("/articles/{article_id}", response_model=ArticleOut)
def get_article(article_id: ArticleId, caller: Agent, session: DbSession):
    return _out(knowledge.get(session, article_id))


@router.get("/articles/{article_id}/versions", response_model=list[ArticleVersionOut])
def article_versions(article_id: ArticleId, caller: Agent, session: DbSession):
    knowledge.get(session, article_id)
    return [ArticleVersionOut.model_validate(v, from_attributes=True) for v in knowledge.versions(session, article_id)]


@router.post("/articles", response_model=ArticleOut, status_code=201, summary="Create an article or policy")
def create_article(body: ArticleIn, caller: Admin, session: DbSession):
    return _out(knowledge.save(session, caller.actor, body.title, body.body, body.category.value if body.category else None,
                               body.kind.value, body.status.value))


@router.put("/articles/{article_id}", response_model=ArticleOut, summary="Save a new version (stale version: 409)")
def update_article(article_id: ArticleId, body: ArticleUpdate, caller: Admin, session: DbSession):
    return _out(knowledge.save(session, caller.actor, body.title, body.body, body.category.value if body.category else None,
                               body.kind.value, body.status.value, article_id=article_id,
                               expected_version=body.version))


@router.delete("/articles/{article_id}", response_model=ArticleOut, summary="Archive (kept with its versions)")
def archive_article(article_id: ArticleId, caller: Admin, session: DbSession):
    article = knowledge.get(session, article_id)
    return _out(knowledge.save(session, caller.actor, article.title, article.body, article.category, article.kind,
                               "archived", article_id=article_id, expected_version=article.version))
