"""/api/customers (agents): create and list customers, a customer's tickets."""

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from support_app.api.deps import Agent, DbSession
from support_app.api.pagination import ticket_page
from support_app.api.routers.tickets import CURSOR_HELP, ticket_out
from support_app.api.schemas import CustomerCreate, CustomerOut, TicketPage
from support_app.services import customers, tickets
from support_app.services.errors import NotFoundError

router = APIRouter(prefix="/customers", tags=["customers"])


@router.post("", response_model=CustomerOut, status_code=201, summary="Create a customer (200 if the address exists)")
def create_customer(body: CustomerCreate, caller: Agent, session: DbSession):
    customer, created = customers.create(session, body.email, body.name)
    out = CustomerOut.model_validate(customer, from_attributes=True)
    return JSONResponse(out.model_dump(mode="json"), status_code=201 if created else 200)


@router.get("", response_model=list[CustomerOut])
def list_customers(caller: Agent, session: DbSession, page: Annotated[int, Query(ge=1, le=100_000)] = 1,
                   page_size: Annotated[int, Query(ge=1, le=100)] = 25):
    return [CustomerOut.model_validate(c, from_attributes=True)
            for c in customers.list_customers(session, page, page_size)]


@router.get("/{email}/tickets", response_model=TicketPage)
def customer_tickets(email: Annotated[str, Path(max_length=254)], caller: Agent, session: DbSession,
                     page: Annotated[int, Query(ge=1, le=100_000)] = 1,
                     page_size: Annotated[int, Query(ge=1, le=100)] = 25,
                     cursor: Annotated[str | None, Query(max_length=500, description=CURSOR_HELP)] = None):
    customer = customers.find_by_email(session, email)
    if customer is None:
        raise NotFoundError("No customer has this email address.")
    flt = tickets.TicketFilter(customer_id=customer.id)
    return ticket_page(session, flt, page, page_size, cursor, lambda t: ticket_out(t, caller))
