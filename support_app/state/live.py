"""Live updates across browsers and backend workers.

Every page links this shared state to one token. It holds only a change counter (never ticket
data: everything a shared state holds reaches every linked browser). Computed vars that read it
re-run in every linked browser when it changes, so lists refresh without a reload.
"""

import reflex as rx

LIVE_TOKEN = "ticket-changes"


class TicketSignal(rx.SharedState):
    version: int = 0

    @rx.event
    async def link(self):
        await self._link_to(LIVE_TOKEN)


async def announce_change(state: rx.State) -> None:
    """Tell every open browser that tickets changed (call from any event handler)."""
    signal = await state.get_state(TicketSignal)
    signal.version += 1
