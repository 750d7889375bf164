"""REST API benchmark: latency of `GET /api/tickets` with filters and of `POST /api/tickets` with N tickets.

    python -m support_app.cli.bench_api --tickets 100000 [--requests 200] [--json OUT]
        [--postgresql postgresql+psycopg://USER@HOST:5432/postgres]

Builds a throw-away SQLite database with N synthetic tickets (never yours; the same generator as
bench_queue), or with --postgresql a throw-away database on that server (created, VACUUM ANALYZEd
as autovacuum would after a bulk load, dropped at the end), serves the real API (support_app/api on the real services) with uvicorn on a free
127.0.0.1 port, and times real HTTP requests. Prints p50/p95 (targets: GET p95 <= 100 ms,
POST p95 <= 150 ms with the local engine; triage runs after the answer, reported as pending).
"""

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

FILTERS = [
    {}, {"status": "open"}, {"category": "refund_request", "priority": "urgent"}, {"escalated": "true"},
    {"sort": "priority", "status": "in_progress"}, {"sentiment": "negative", "sort": "oldest"},
    {"created_after": "2026-10-01T00:00:00Z", "status": "escalated"}, {"page": "40", "page_size": "25"},
    {"q": "charged twice"}, {"sla": "breaching"},
]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="REST API latency with N tickets.")
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per kind")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--postgresql", metavar="SERVER_URL", help="a PostgreSQL server to bench on instead of SQLite")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="bench-api-"))
    database = f"bench_api_{os.getpid()}"
    url = _create_database(args.postgresql, database) if args.postgresql else f"sqlite:///{workdir / 'app.db'}"
    os.environ.update(DATABASE_URL=url, CHROMA_PERSIST_DIRECTORY=str(workdir / "chroma"),
                      API_TOKEN_RATE_LIMIT="1000000", API_IP_RATE_LIMIT="1000000")
    os.environ.pop("GOOGLE_API_KEY", None)
    try:
        return _run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if args.postgresql:
            from support_app.db import get_engine
            get_engine(url).dispose()
            _admin(args.postgresql, f'DROP DATABASE IF EXISTS "{database}"')


def _admin(server_url: str, statement: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def _create_database(server_url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    _admin(server_url, f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _run(args, workdir: Path) -> int:
    import httpx
    import uvicorn

    from support_app.api.app import create_api
    from support_app.cli import devserver
    from support_app.cli.bench_data import fill_database
    from support_app.db import session_scope
    from support_app.services import api_tokens, auth
    from support_app.services.ai.pipeline import get_pipeline
    from support_app.services.ai.types import TicketInput

    print(f"Filling a throw-away database with {args.tickets} tickets ({workdir})")
    fill_database(os.environ["DATABASE_URL"], args.tickets, random.Random(7))
    if args.postgresql:
        _admin(os.environ["DATABASE_URL"], "VACUUM ANALYZE")
    with session_scope() as session:
        admin = auth.create_user(session, "bench-admin@example.com", "bench-password", "Bench", role="admin",
                                 verified=True)
        _, token = api_tokens.create(session, auth._identity(admin), "bench", "agent")
    port = devserver.free_port()
    server = uvicorn.Server(uvicorn.Config(create_api(), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    results: dict[str, list[float]] = {"GET /api/tickets": [], "POST /api/tickets": []}
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        for i in range(args.requests):
            params = FILTERS[i % len(FILTERS)]
            start = time.perf_counter()
            answer = client.get("/tickets", params=params)
            results["GET /api/tickets"].append((time.perf_counter() - start) * 1000)
            assert answer.status_code == 200, answer.text
        # POSTs: the local engine is loaded first (as the app's start-up warm-up does); each
        # ticket's triage then runs in the server right after its answer.
        get_pipeline().local.analyze(TicketInput(subject="warm-up", description="Where is my order?"))
        for i in range(args.requests):
            body = {"email": f"bench{i % 1000}@example.com", "subject": f"Charged twice #{i}",
                    "description": "My card was charged twice for order ORD-1234, please refund one payment."}
            start = time.perf_counter()
            answer = client.post("/tickets", json=body)
            results["POST /api/tickets"].append((time.perf_counter() - start) * 1000)
            assert answer.status_code == 201 and answer.json()["triage_state"] == "pending", answer.text
    server.should_exit = True
    report = {name: {"p50_ms": round(statistics.median(v), 1), "p95_ms": round(_pct(v, 0.95), 1), "n": len(v)}
              for name, v in results.items()}
    per_filter = {}
    for i, ms in enumerate(results["GET /api/tickets"]):
        per_filter.setdefault(json.dumps(FILTERS[i % len(FILTERS)]), []).append(ms)
    print(f"\n{args.tickets} tickets, {args.requests} requests per kind "
          f"(real HTTP, {'PostgreSQL' if args.postgresql else 'SQLite'}, local engine)")
    for name, figures in report.items():
        print(f"  {name:<20} p50 {figures['p50_ms']:>7.1f} ms   p95 {figures['p95_ms']:>7.1f} ms")
    print("  GET p95 per filter:")
    for key, values in per_filter.items():
        print(f"    {key:<60} {_pct(values, 0.95):7.1f} ms")
    if args.json:
        args.json.write_text(json.dumps({"tickets": args.tickets, **report}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
