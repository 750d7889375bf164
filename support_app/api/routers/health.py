"""/api/health (anonymous): database, vector store, AI engine and queues; no secrets."""

from fastapi import APIRouter

from support_app.api.deps import DbSession
from support_app.api.schemas import Health
from support_app.services import health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def get_health(session: DbSession):
    report = health.check(session)
    return Health(status=report.status, database=report.database, vector_store=report.vector_store,
                  ai_engine=report.ai_engine, ai_engine_detail=report.ai_engine_detail, queue=report.queue)
