"""Knowledge usage and gaps on the knowledge page (admins)."""

import reflex as rx

from support_app.services import auth, knowledge_usage
from support_app.services.errors import ServiceError
from support_app.state.formatting import label
from support_app.state.session import SessionState, run_service


class KnowledgeUsageState(SessionState):
    usage_rows: list[dict] = []
    gap_groups: list[dict] = []

    @rx.event
    async def load_usage(self):
        try:
            auth.require_role(self._identity(), "admin")
        except ServiceError:
            self.usage_rows, self.gap_groups = [], []
            return
        rows = await run_service(knowledge_usage.usage)
        groups = await run_service(knowledge_usage.gaps)
        self.usage_rows = [{"kind": r.kind, "id": r.id, "title": r.title, "retrieved": r.retrieved,
                            "cited": r.cited_in_sent_replies,
                            "csat": f"{r.csat_average:.1f} ({r.csat_count})" if r.csat_average is not None else "–"}
                           for r in rows]
        self.gap_groups = [{"category": label(g.category), "count": g.count,
                            "examples": [f"#{i} {subject} (best {best:.2f})" for i, subject, best in g.examples]}
                           for g in groups]
