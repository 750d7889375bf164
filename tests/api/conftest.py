"""API fixtures: the real FastAPI app on the real services and a migrated database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set), with
tokens created the way an admin creates them."""

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from support_app.models import Role


@dataclass
class Tokens:
    admin: str
    agent: str
    customer: str
    other_customer: str
    admin_identity: object


@pytest.fixture
def api_env(db, monkeypatch):
    monkeypatch.setenv("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "1")
    from support_app.settings import get_settings
    get_settings.cache_clear()
    return db


@pytest.fixture
def tokens(api_env) -> Tokens:
    from support_app.services import api_tokens, auth

    admin = auth.create_user(api_env, "boss@example.com", "demo12345", "Boss", role=Role.admin.value, verified=True)
    identity = auth._identity(admin)
    auth.create_user(api_env, "agent@example.com", "demo12345", "Agent", role=Role.agent.value, verified=True)
    made = [api_tokens.create(api_env, identity, name, role, email)[1] for name, role, email in (
        ("admin-cli", "admin", ""), ("crm", "agent", ""), ("shop-widget", "customer", "ada@example.com"),
        ("other-widget", "customer", "bob@example.com"))]
    return Tokens(*made, admin_identity=identity)


@pytest.fixture
def client(api_env) -> TestClient:
    from support_app.api.app import create_api

    with TestClient(create_api(), raise_server_exceptions=False) as test_client:
        yield test_client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def row_counts(session: Session) -> dict[str, int]:
    """Rows per table, except the rate-limit counter (which counts every request on purpose)."""
    session.expire_all()
    return {table.name: session.exec(select(func.count()).select_from(table)).one()
            for table in SQLModel.metadata.sorted_tables if table.name not in ("ratelimithit",)}
