"""Agent queue: filters, search, sort and server-side paging; refreshed live for every agent."""

import reflex as rx

from support_app.db import session_scope
from support_app.services import auth, tickets
from support_app.services.errors import ValidationError
from support_app.state.formatting import ticket_row
from support_app.state import live_timing
from support_app.state.live import TicketSignal, query_cache
from support_app.state.session import SessionState

PAGE_SIZE = 25
ALL = "all"


class QueueState(SessionState):
    status: str = ALL
    category: str = ALL
    priority: str = ALL
    sentiment: str = ALL
    view: str = ALL  # all | mine | unassigned | escalated | breaching
    assignee: str = ALL  # all | an agent's user id
    search: str = ""
    search_error: str = ""
    sort: str = "newest"
    page: int = 1

    def _filter_changed(self):
        self.page = 1

    @rx.event
    def set_status(self, value: str):
        self.status = value
        self._filter_changed()

    @rx.event
    def set_category(self, value: str):
        self.category = value
        self._filter_changed()

    @rx.event
    def set_priority(self, value: str):
        self.priority = value
        self._filter_changed()

    @rx.event
    def set_sentiment(self, value: str):
        self.sentiment = value
        self._filter_changed()

    @rx.event
    def set_view(self, value: str):
        self.view = value
        self._filter_changed()

    @rx.event
    def set_assignee(self, value: str):
        self.assignee = value
        self._filter_changed()

    @rx.event
    def set_search(self, value: str):
        try:
            self.search, self.search_error = tickets.clean_search(value), ""
        except ValidationError as exc:
            self.search_error = str(exc)
            return
        self._filter_changed()

    @rx.event
    def set_sort(self, value: str):
        self.sort = value

    @rx.event
    def next_page(self):
        self.page += 1

    @rx.event
    def previous_page(self):
        self.page = max(1, self.page - 1)

    agent_options: list[list[str]] = []

    @rx.event
    def load(self):
        self.load_identity()
        if not self.is_agent:  # nothing stays from an earlier session in this tab
            self.agent_options = []
            return rx.redirect("/login")
        with session_scope() as session:
            self.agent_options = [[str(u.id), u.name] for u in auth.agents(session)]

    def _ticket_filter(self, identity) -> tickets.TicketFilter:
        """The saved view (the same filter its count uses) narrowed by the filters on the page."""
        flt = tickets.view_filter(self.view, identity.user_id)
        flt.status = "" if self.status == ALL else self.status
        flt.category = "" if self.category == ALL else self.category
        flt.priority = "" if self.priority == ALL else self.priority
        flt.sentiment = "" if self.sentiment == ALL else self.sentiment
        flt.search, flt.sort = self.search, self.sort
        if self.view != "mine" and self.assignee.isdigit():
            flt.assignee_id = int(self.assignee)
        return flt

    @rx.var
    def filter_key(self) -> str:
        """The filters the shown rows answer (rendered on the table; the queue benchmark waits on it)."""
        return "|".join([self.view, self.status, self.category, self.priority, self.sentiment, self.sort,
                         self.search, str(self.page), self.assignee])

    @rx.var
    async def rows(self) -> list[dict]:
        """One page of the queue; re-runs in every open queue when the shared change signal moves."""
        signal = await self.get_state(TicketSignal)
        _ = (signal.version, self.session_token, self.status, self.category, self.priority,
             self.sentiment, self.view, self.assignee, self.search, self.sort, self.page)
        with live_timing.timed("queue_rows", version=signal.version):
            identity = await self._recent_identity()
            if identity is None or not identity.has_role("agent"):
                return []
            flt = self._ticket_filter(identity)

            def load() -> list[dict]:
                with session_scope() as session:
                    return [ticket_row(t) for t in tickets.list_tickets(session, flt, self.page, PAGE_SIZE)]

            return await query_cache.load(signal.version, ("rows", repr(flt), self.page), load)

    @rx.var
    async def total(self) -> int:
        signal = await self.get_state(TicketSignal)
        _ = (signal.version, self.session_token, self.status, self.category, self.priority,
             self.sentiment, self.view, self.assignee, self.search)
        with live_timing.timed("queue_total", version=signal.version):
            identity = await self._recent_identity()
            if identity is None or not identity.has_role("agent"):
                return 0
            flt = self._ticket_filter(identity)

            def load() -> int:
                with session_scope() as session:
                    return tickets.count_tickets(session, flt)

            return await query_cache.load(signal.version, ("total", repr(flt)), load)

    @rx.var
    async def view_counts(self) -> dict[str, int]:
        signal = await self.get_state(TicketSignal)
        _ = signal.version, self.session_token
        with live_timing.timed("queue_view_counts", version=signal.version):
            identity = await self._recent_identity()
            if identity is None or not identity.has_role("agent"):
                return {}

            def counts() -> tuple[dict[int, int], dict[str, int]]:
                with session_scope() as session:
                    return tickets.mine_counts(session), tickets.shared_view_counts(session)

            # Run once per change for every agent this worker serves; only "mine" differs between them.
            mine, shared = await query_cache.load(signal.version, ("views",), counts)
            return {"mine": mine.get(identity.user_id, 0), **shared}
