"""Production mode (`SUPPORT_ENV=production`): no demo data, no demo passwords.

The app refuses to start while any staff account, or any of the demo accounts, still accepts a
demo password; seed.py refuses to load demo data. The first admin comes from
`python -m support_app.admin create-admin EMAIL`."""

from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import Session, or_, select

from support_app.models import Role, User
from support_app.services import auth
from support_app.services.seeding import DEMO_PASSWORD, DEMO_USERS
from support_app.settings import get_settings

DEMO_PASSWORDS = (DEMO_PASSWORD,)
CREATE_ADMIN = ".venv/bin/python -m support_app.admin create-admin EMAIL"


class DemoCredentialsError(SystemExit):
    """Raised at start in production while a demo password still works (exits with its message)."""


def accounts_with_demo_passwords(session: Session) -> list[str]:
    """Emails of active staff or demo accounts that a demo password opens."""
    demo_emails = [email for email, _name, _role in DEMO_USERS]
    users = session.exec(select(User).where(
        User.is_active, or_(User.role.in_([Role.agent.value, Role.admin.value]), User.email.in_(demo_emails))))
    return [u.email for u in users if any(auth._verify(u.password_hash, p) for p in DEMO_PASSWORDS)]


def check_ready() -> None:
    """In production, stop the start while demo credentials work. Does nothing in development."""
    if not get_settings().is_production:
        return
    from support_app.db import session_scope

    try:
        with session_scope() as session:
            found = accounts_with_demo_passwords(session)
    except (OperationalError, ProgrammingError):  # no schema yet: no accounts either
        return
    if found:
        raise DemoCredentialsError(
            "SUPPORT_ENV=production: refusing to start, these accounts still have a demo password: "
            + ", ".join(sorted(found)) + ". Deactivate them or give them real passwords "
            "(log in and use “Reset your password”), and create your admin with: " + CREATE_ADMIN)
