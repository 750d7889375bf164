"""Queue search benchmark at the service level: the page query and its count, as the queue runs them.

    python -m support_app.cli.bench_search --tickets 100000 [--database-url URL] [--json OUT]

Without --database-url it builds a throw-away SQLite database; with one it fills that database, which
must be empty (e.g. a PostgreSQL database created for the bench). Prints p50/p95 per kind of search
(target: p95 <= 100 ms at 100k tickets).
"""

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

SEARCHES = {
    "common word (~10% of tickets)": "refund",
    "two words": "card declined",
    "prefix while typing": "warr",
    "order number": "ORD-004711",
    "no match": "zebra",
}


def measure(db_url: str, rounds: int) -> dict[str, list[float]]:
    from support_app.db import session_scope
    from support_app.services import tickets

    timings: dict[str, list[float]] = {name: [] for name in SEARCHES}
    with session_scope(db_url) as session:
        for _ in range(rounds):
            for name, search in SEARCHES.items():
                flt = tickets.TicketFilter(search=search)
                start = time.perf_counter()
                tickets.list_tickets(session, flt, page=1, page_size=25)
                tickets.count_tickets(session, flt)
                timings[name].append((time.perf_counter() - start) * 1000)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Queue search time with N tickets (service level).")
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--database-url", help="an empty database to fill (default: a temporary SQLite file)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from support_app.cli.bench_data import analyze, fill_database

    workdir = Path(tempfile.mkdtemp(prefix="bench-search-"))
    db_url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    try:
        start = time.perf_counter()
        fill_database(db_url, args.tickets, random.Random(7))
        print(f"filled {args.tickets} tickets in {time.perf_counter() - start:.0f} s")
        analyze(db_url)
        measure(db_url, 2)  # warm caches, as a running desk has them
        timings = measure(db_url, args.rounds)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    engine = db_url.split(":", 1)[0].split("+")[0]
    report = {}
    for name, values in timings.items():
        p50 = statistics.median(values)
        p95 = statistics.quantiles(values, n=20, method="inclusive")[18]
        report[name] = {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1)}
        print(f"{engine} search, {name:32} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
    worst = max(r["p95_ms"] for r in report.values())
    print(f"worst p95 {worst:.1f} ms at {args.tickets} tickets (target <= 100 ms)")
    if args.json:
        args.json.write_text(json.dumps({"tickets": args.tickets, "engine": engine, "searches": report}, indent=1))
    return 0 if worst <= 100 else 1


if __name__ == "__main__":
    sys.exit(main())
