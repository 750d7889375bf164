"""Ticket lists: page numbers or opaque cursors (keyset), and a `total` counted up to a cap.

A cursor is the sort key of the last ticket a page showed, as base64url JSON. It is only a position:
the caller's filters and scope are applied again on every request, so a forged cursor shows nothing
the caller could not list anyway."""

import base64
import binascii
import json

from sqlmodel import Session

from support_app.api.schemas import TicketPage
from support_app.services import tickets
from support_app.services.errors import ValidationError

TOTAL_CAP = 10_000  # counting stops here: above it `total` is a lower bound ("gte")


def encode_cursor(sort: str, key: list) -> str:
    raw = json.dumps({"sort": sort, "after": key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> list:
    """The sort key a cursor carries (ValidationError when it is malformed or from another sort)."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(data, dict) or not isinstance(data.get("after"), list):
            raise ValueError
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationError({"cursor": "This cursor is not valid; use `next_cursor` as returned."}) from None
    if data.get("sort") != sort:
        raise ValidationError({"cursor": "This cursor belongs to another `sort`; keep the sort while paging."})
    return data["after"]


def ticket_page(session: Session, flt: tickets.TicketFilter, page: int, page_size: int, cursor: str | None,
                to_out) -> TicketPage:
    """One page of tickets, by `page` number or by `cursor`; `to_out` turns a ticket into its schema."""
    if cursor is not None and page != 1:
        raise ValidationError({"cursor": "Send either `page` or `cursor`, not both."})
    after = decode_cursor(cursor, flt.sort) if cursor is not None else None
    found = tickets.page_of_tickets(session, flt, page_size, page, after)
    total = tickets.count_tickets(session, flt, up_to=TOTAL_CAP)
    return TicketPage(
        items=[to_out(t) for t in found.rows], page=None if cursor is not None else page, page_size=page_size,
        total=total, total_relation="gte" if total >= TOTAL_CAP else "eq", has_more=found.has_more,
        next_cursor=encode_cursor(flt.sort, found.next_key) if found.next_key is not None else None)
