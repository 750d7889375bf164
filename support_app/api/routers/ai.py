"""AI without saving: analysis of a text and similar resolved tickets (agents)."""

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query

from support_app.api.deps import Agent, DbSession
from support_app.api.schemas import AnalysisOut, AnalyzeRequest, SimilarOut
from support_app.services import api_tokens, insights

router = APIRouter(tags=["ai"])


@router.post("/analyze-ticket", response_model=AnalysisOut,
             summary="Analyse a text like the triage does, without saving (local engine once the Gemini budget is spent)")
def analyze_ticket(body: AnalyzeRequest, caller: Agent, session: DbSession):
    remote = api_tokens.take_gemini_call(session, caller.token_id)
    answer = insights.analyze(session, body.subject, body.description, remote_allowed=remote)
    data = asdict(answer.analysis)
    return AnalysisOut(**{k: data[k] for k in AnalysisOut.model_fields if k in data},
                       local_only_reason=answer.local_only_reason)


@router.get("/similar-tickets", response_model=list[SimilarOut])
def similar_tickets(caller: Agent, query: Annotated[str, Query(min_length=1, max_length=200)],
                    limit: Annotated[int, Query(ge=1, le=20)] = 5):
    return [SimilarOut(**asdict(s)) for s in insights.similar_tickets(query, limit)]
