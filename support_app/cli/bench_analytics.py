"""Analytics benchmark at the service level: the page's data (KPIs + every chart) and the tickets CSV.

    python -m support_app.cli.bench_analytics --tickets 100000 [--database-url URL] [--rounds 5] [--json OUT]

Fills a throw-away SQLite database with N synthetic tickets over the last 90 days (bench_data, with
the analytics columns); `--database-url` runs on that database instead, which must be empty (e.g. a
PostgreSQL database created for the bench). Times `analytics.kpis` (the KPI cards, also /api/statistics),
`analytics.charts`, `analytics.page` (both in one pass: what the page and /api/dashboard compute) and
`analytics.tickets_csv` for the last 30 days, the last 90 days and the last 90 days with a category
filter; prints p50/p95 per view (target: page <= 1 s at 100k tickets, 90 days).
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

TARGET_S = 1.0


def views():
    from support_app.services import analytics

    return {"last 30 days": analytics.preset_filter(30), "last 90 days": analytics.preset_filter(90),
            "last 90 days, category filter": analytics.preset_filter(90, category="shipping_issue")}


def measure(db_url: str, rounds: int) -> dict[str, dict[str, list[float]]]:
    from support_app.db import session_scope
    from support_app.services import analytics

    timings: dict[str, dict[str, list[float]]] = {}
    with session_scope(db_url) as session:
        for _ in range(rounds):
            for name, flt in views().items():
                parts = timings.setdefault(name, {"kpis": [], "charts": [], "page": [], "csv": []})
                for part, compute in (("kpis", analytics.kpis), ("charts", analytics.charts),
                                      ("page", getattr(analytics, "page", None)), ("csv", analytics.tickets_csv)):
                    if compute is None:  # before `page` existed the page called kpis, then charts
                        parts[part].append(parts["kpis"][-1] + parts["charts"][-1])
                        continue
                    start = time.perf_counter()
                    compute(session, flt)
                    parts[part].append(time.perf_counter() - start)
                session.rollback()  # no transaction (snapshot) spans rounds
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Analytics page data time with N tickets (service level).")
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", help="an empty database to fill (default: a temporary SQLite file)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from support_app.cli.bench_data import analyze, fill_database

    workdir = Path(tempfile.mkdtemp(prefix="bench-analytics-"))
    db_url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    try:
        start = time.perf_counter()
        fill_database(db_url, args.tickets, random.Random(7), analytics=True)
        print(f"filled {args.tickets} tickets in {time.perf_counter() - start:.0f} s")
        analyze(db_url)
        measure(db_url, 1)  # warm caches, as a running desk has them
        timings = measure(db_url, args.rounds)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    engine = db_url.split(":", 1)[0].split("+")[0]
    report = {name: {part: {"p50_s": round(statistics.median(v), 3), "p95_s": round(p95(v), 3)}
                     for part, v in parts.items()} for name, parts in timings.items()}
    print(f"\n{engine}, {args.tickets} tickets, {args.rounds} rounds (seconds, p50 / p95)")
    print(f"  {'view':<31} {'KPIs':>13} {'charts':>13} {'page':>13} {'tickets CSV':>13}")
    for name, parts in report.items():
        cells = " ".join(f"{parts[p]['p50_s']:>6.2f}/{parts[p]['p95_s']:<6.2f}" for p in ("kpis", "charts", "page", "csv"))
        print(f"  {name:<31} {cells}")
    worst = report["last 90 days"]["page"]["p95_s"]
    verdict = "met" if worst <= TARGET_S else "NOT met"
    print(f"90-day page data p95 {worst:.2f} s (target <= {TARGET_S:.0f} s at 100k tickets: {verdict})")
    if args.json:
        args.json.write_text(json.dumps({"tickets": args.tickets, "engine": engine, "views": report}, indent=1))
    return 0 if worst <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
