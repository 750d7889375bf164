"""/api/statistics and /api/dashboard: the analytics page's figures and filter (services/analytics.py)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from support_app.api.deps import Agent, DbSession
from support_app.api.schemas import ChartOut, Dashboard, KpiOut, Statistics
from support_app.models import Category, Channel, Priority
from support_app.services import analytics

router = APIRouter(tags=["analytics"])


def period_filter(
    range: Annotated[str, Query(pattern="^(7|30|90|custom)$", description="last 7/30/90 UTC days or custom")] = "30",
    start: Annotated[str | None, Query(alias="from", max_length=10, examples=["2026-11-01"])] = None,
    end: Annotated[str | None, Query(alias="to", max_length=10, examples=["2026-11-30"])] = None,
    category: Category | None = None,
    priority: Priority | None = None,
    channel: Channel | None = None,
    agent: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="the assignee's user id")] = None,
) -> analytics.AnalyticsFilter:
    """The analytics page's URL parameters, parsed by the same service (wrong values: 422)."""
    params = {"range": range, "from": start or "", "to": end or "", "category": category.value if category else "",
              "priority": priority.value if priority else "", "channel": channel.value if channel else "",
              "agent": str(agent) if agent else ""}
    return analytics.parse_filter(params)


Filter = Annotated[analytics.AnalyticsFilter, Depends(period_filter)]


def _kpis(kpis: list[analytics.Kpi]) -> list[KpiOut]:
    return [KpiOut(key=k.key, label=k.label, value=k.value, previous=k.previous, change=k.change, unit=k.unit)
            for k in kpis]


@router.get("/statistics", response_model=Statistics, summary="The KPI cards of /analytics for a filter")
def statistics(caller: Agent, session: DbSession, flt: Filter):
    return Statistics(filter=flt.to_params(), kpis=_kpis(analytics.kpis(session, flt)))


@router.get("/dashboard", response_model=Dashboard, summary="KPI cards and every chart's data of /analytics")
def dashboard(caller: Agent, session: DbSession, flt: Filter):
    kpis, data = analytics.page(session, flt)
    charts = [ChartOut(key=c.key, title=c.title, x_label=c.x_label, y_label=c.y_label, kind=c.kind, rows=c.rows,
                       note=c.note) for c in data]
    return Dashboard(filter=flt.to_params(), kpis=_kpis(kpis), charts=charts)
