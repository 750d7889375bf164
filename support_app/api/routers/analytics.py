"""/api/statistics and /api/dashboard: the analytics page's figures (services/analytics.py)."""

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query

from support_app.api.deps import Agent, DbSession
from support_app.api.schemas import Dashboard, Statistics
from support_app.services import analytics

router = APIRouter(tags=["analytics"])


@router.get("/statistics", response_model=Statistics)
def statistics(caller: Agent, session: DbSession):
    data = asdict(analytics.overview(session))
    return Statistics(**{k: v for k, v in data.items() if k in Statistics.model_fields})


@router.get("/dashboard", response_model=Dashboard)
def dashboard(caller: Agent, session: DbSession, days: Annotated[int, Query(ge=1, le=365)] = 30):
    return Dashboard(days=days, **asdict(analytics.overview(session, days)))
