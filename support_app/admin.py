"""Admin commands. `python -m support_app.admin create-admin EMAIL [--name NAME] [--generate]`
and `python -m support_app.admin create-token ADMIN_EMAIL NAME [--role agent|admin|customer] [--customer EMAIL]`

Creates an admin account (its address counts as verified). The password is asked for twice, or,
with --generate or when no terminal is attached (or an empty password is typed), generated and
printed once. This is how the first admin is created in production (`SUPPORT_ENV=production`)."""

import argparse
import getpass
import secrets
import sys


def create_admin(email: str, name: str = "", password: str | None = None) -> tuple[str, str]:
    """Create the admin; returns (email, password). Raises ValidationError on a bad email/password."""
    from support_app.db import session_scope
    from support_app.migrations import upgrade_database
    from support_app.services import auth

    upgrade_database()
    password = password or secrets.token_urlsafe(18)
    with session_scope() as session:
        user = auth.create_user(session, email, password, name or "Administrator", role="admin", verified=True)
        return user.email, password


def create_token(admin_email: str, name: str, role: str = "agent", customer_email: str = "") -> str:
    """A REST API token made on behalf of an existing admin; returns the clear token (shown once)."""
    from sqlmodel import select

    from support_app.db import session_scope
    from support_app.migrations import upgrade_database
    from support_app.models import User
    from support_app.services import api_tokens, auth, customers

    upgrade_database()
    with session_scope() as session:
        user = session.exec(select(User).where(User.email == customers.normalise_email(admin_email))).first()
        if user is None or user.role != "admin" or not user.is_active:
            raise auth.PermissionDenied(f"{admin_email} is not an active admin.")
        _, token = api_tokens.create(session, auth._identity(user), name, role, customer_email)
        return token


def _ask_password() -> str | None:
    first = getpass.getpass("Password for the new admin (empty: generate one): ")
    if not first:
        return None
    if getpass.getpass("Repeat the password: ") != first:
        raise SystemExit("The passwords differ: nothing was created.")
    return first


def main(argv: list[str] | None = None) -> int:
    from support_app.services.errors import ValidationError

    parser = argparse.ArgumentParser(prog="python -m support_app.admin", description="Admin commands.")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-admin", help="create an admin account")
    create.add_argument("email")
    create.add_argument("--name", default="")
    create.add_argument("--generate", action="store_true", help="generate the password and print it once")
    token = commands.add_parser("create-token", help="create a REST API token (printed once)")
    token.add_argument("admin_email", help="the admin the token is made by")
    token.add_argument("name")
    token.add_argument("--role", default="agent", choices=["agent", "admin", "customer"])
    token.add_argument("--customer", default="", help="customer email (for --role customer)")
    args = parser.parse_args(argv)

    if args.command == "create-token":
        from support_app.services.errors import ServiceError
        try:
            print(create_token(args.admin_email, args.name, args.role, args.customer))
        except ServiceError as exc:
            print(f"Not created: {exc}", file=sys.stderr)
            return 1
        return 0
    typed = None if args.generate or not sys.stdin.isatty() else _ask_password()
    try:
        email, password = create_admin(args.email, args.name, typed)
    except ValidationError as exc:
        print(f"Not created: {exc}", file=sys.stderr)
        return 1
    print(f"Admin {email} created.")
    if typed is None:
        print(f"Generated password (shown once, store it now): {password}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
