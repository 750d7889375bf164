"""API tokens and the integrations page's services: admins only, shown once, stored hashed."""

import pytest
from sqlmodel import select

from support_app.models import ApiToken
from support_app.services import api_tokens, auth, webhooks
from support_app.services.errors import PermissionDenied, ValidationError


def test_only_admins_manage_tokens_and_webhooks(api_env, tokens):
    agent = auth.Identity(2, "agent@example.com", "Agent", "agent", None, True)
    for call in (lambda: api_tokens.create(api_env, agent, "x", "agent"),
                 lambda: api_tokens.create(api_env, None, "x", "agent"),
                 lambda: api_tokens.list_tokens(api_env, agent),
                 lambda: api_tokens.revoke(api_env, agent, 1),
                 lambda: webhooks.list_webhooks(api_env, agent),
                 lambda: webhooks.deliveries(api_env, agent),
                 lambda: webhooks.set_active(api_env, agent, 1, False)):
        with pytest.raises(PermissionDenied):
            call()


def test_tokens_are_stored_hashed_and_validated(api_env, tokens):
    rows = api_env.exec(select(ApiToken)).all()
    assert len(rows) == 4
    for row in rows:
        assert len(row.token_hash) == 64 and row.token_hash not in (tokens.admin, tokens.agent)
    assert {r.prefix for r in rows} == {t[:12] for t in (tokens.admin, tokens.agent, tokens.customer,
                                                           tokens.other_customer)}
    for name, role, email in (("", "agent", ""), ("x" * 81, "agent", ""), ("w", "root", ""),
                              ("w", "customer", ""), ("w", "customer", "not-an-email")):
        with pytest.raises(ValidationError):
            api_tokens.create(api_env, tokens.admin_identity, name, role, email)
    assert len(api_env.exec(select(ApiToken)).all()) == 4
    caller = api_tokens.authenticate(api_env, tokens.customer)
    assert caller.identity.role == "customer" and caller.identity.customer_id is not None
    with pytest.raises(PermissionDenied):
        api_tokens.authenticate(api_env, tokens.customer + "x")


def test_cli_creates_a_token_for_an_admin_only(api_env, tokens, capsys):
    from support_app import admin

    assert admin.main(["create-token", "boss@example.com", "cli-made", "--role", "admin"]) == 0
    token = capsys.readouterr().out.strip()
    assert api_tokens.authenticate(api_env, token).identity.role == "admin"
    assert admin.main(["create-token", "agent@example.com", "nope"]) == 1
    assert "not an active admin" in capsys.readouterr().err
