"""SUPPORT_ENV=production: the app refuses to start while a demo password works, seed.py never
seeds, and the first admin comes from `python -m support_app.admin create-admin EMAIL`."""

import os
import subprocess
import sys

import pytest
from sqlmodel import select

from support_app import production
from support_app.models import Ticket, User
from support_app.services import auth
from support_app.services.seeding import DEMO_PASSWORD, DEMO_USERS
from tests.conftest import ROOT


@pytest.fixture
def production_env(db, monkeypatch):
    monkeypatch.setenv("SUPPORT_ENV", "production")
    from support_app.settings import get_settings
    get_settings.cache_clear()
    yield db
    get_settings.cache_clear()


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("SUPPORT_ENV", "SMTP_URL")}
    return {**env, **extra}


def _demo_accounts(db) -> None:
    for email, name, role in DEMO_USERS:
        auth.create_user(db, email, DEMO_PASSWORD, name, role, verified=True)


def test_production_refuses_to_start_while_a_demo_password_works(production_env):
    db = production_env
    _demo_accounts(db)
    auth.create_user(db, "ops@company.com", DEMO_PASSWORD, role="agent", verified=True)
    with pytest.raises(production.DemoCredentialsError) as info:
        production.check_ready()
    message = str(info.value)
    assert "refusing to start" in message and "ops@company.com" in message and "admin@example.com" in message
    for user in db.exec(select(User)):
        user.is_active = user.email != "admin@example.com"
        user.password_hash = auth.hash_password("a real long password")
        db.add(user)
    db.commit()
    production.check_ready()  # nothing left to refuse


def test_development_keeps_the_demo_accounts(db, monkeypatch):
    monkeypatch.delenv("SUPPORT_ENV", raising=False)
    _demo_accounts(db)
    production.check_ready()


def test_the_app_process_exits_with_the_reason(production_env, isolated_env):
    _demo_accounts(production_env)
    result = subprocess.run([sys.executable, "-c", "import support_app.support_app"], cwd=ROOT,
                            env=_env(SUPPORT_ENV="production"), capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "refusing to start" in result.stderr and "create-admin" in result.stderr


def test_seed_never_seeds_in_production(production_env):
    import seed

    assert seed.main([]) == 1
    assert seed.main(["--if-empty"]) == 0  # `make run` goes on, with no demo data
    assert production_env.exec(select(User)).all() == [] and production_env.exec(select(Ticket)).all() == []


def test_create_admin_generates_a_password_printed_once(production_env, isolated_env):
    command = [sys.executable, "-m", "support_app.admin", "create-admin", "Boss@Company.com", "--name", "Bo"]
    result = subprocess.run(command, cwd=ROOT, env=_env(SUPPORT_ENV="production"), capture_output=True,
                            text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    password = result.stdout.split("store it now): ")[1].strip()
    assert len(password) >= 20 and result.stdout.count(password) == 1
    production_env.expire_all()
    _, identity = auth.login(production_env, "boss@company.com", password)
    assert identity.role == "admin" and identity.email_verified and identity.name == "Bo"
    production.check_ready()

    again = subprocess.run(command, cwd=ROOT, env=_env(SUPPORT_ENV="production"), capture_output=True,
                           text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert again.returncode == 1 and "exists already" in again.stderr


def test_create_admin_refuses_a_reserved_address(production_env):
    from support_app import admin
    from support_app.services.errors import ValidationError

    with pytest.raises(ValidationError):
        admin.create_admin("root@example.invalid", password="a long enough password")


def test_create_admin_asks_for_the_password_twice_on_a_terminal(production_env, monkeypatch, capsys):
    from support_app import admin

    answers = iter(["a typed admin password", "a typed admin password"])
    monkeypatch.setattr(admin.sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(admin.getpass, "getpass", lambda prompt: next(answers))
    assert admin.main(["create-admin", "first.admin@company.com"]) == 0
    out = capsys.readouterr().out
    assert "created" in out and "a typed admin password" not in out and "Generated password" not in out
    _, identity = auth.login(production_env, "first.admin@company.com", "a typed admin password")
    assert identity.role == "admin"

    mismatched = iter(["one password here", "another password"])
    monkeypatch.setattr(admin.getpass, "getpass", lambda prompt: next(mismatched))
    with pytest.raises(SystemExit, match="differ"):
        admin.main(["create-admin", "second.admin@company.com"])
    assert production_env.exec(select(User).where(User.email == "second.admin@company.com")).first() is None
