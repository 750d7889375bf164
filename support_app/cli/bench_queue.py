"""Queue benchmark: how fast a filter change renders in the agent queue with N tickets.

    python -m support_app.cli.bench_queue --tickets 100000 [--json OUT]

Builds a throw-away database with N synthetic tickets (never yours), starts the real app in prod
mode against it, logs in as an agent in headless Chromium and measures, in the browser, the time
from a filter change to the re-rendered table. Prints p50/p95 per kind of change (target: < 300 ms).
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

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def measure(url: str, rounds: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    changes = [("status", "open"), ("category", "refund_request"), ("priority", "urgent"),
               ("sentiment", "negative"), ("sort", "priority"), ("category", "all"), ("status", "all"),
               ("priority", "all"), ("sentiment", "all"), ("sort", "newest")]
    timings: dict[str, list[float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{url}/login")
        page.get_by_label("Email").fill("agent@example.com")
        page.get_by_label("Password").fill("demo1234")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda u: "/queue" in u)
        page.locator("table tbody tr").first.wait_for()
        state = {"view": "all", "status": "all", "category": "all", "priority": "all", "sentiment": "all",
                 "sort": "newest"}
        for _ in range(rounds):
            for control, value in changes:
                state[control] = value
                expected = "|".join([state[k] for k in ("view", "status", "category", "priority", "sentiment",
                                                        "sort")] + ["", "1", "all"])
                start = time.perf_counter()
                page.locator(f"select#{control}").select_option(value)
                # The rows arrive in the same update as the filters they answer.
                page.wait_for_function(
                    "key => document.querySelector('table[data-filters]').dataset.filters === key",
                    arg=expected, timeout=30_000, polling="raf")
                timings.setdefault(control, []).append((time.perf_counter() - start) * 1000)
                print(f"  {control}={value}: {timings[control][-1]:.0f} ms", flush=True)
        browser.close()
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Agent queue render time with N tickets.")
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from support_app.cli import devserver
    from support_app.cli.bench_data import fill_database

    workdir = Path(tempfile.mkdtemp(prefix="bench-queue-"))
    db_url = f"sqlite:///{workdir / 'app.db'}"
    try:
        print(f"Filling a throw-away database with {args.tickets} tickets ({workdir})")
        start = time.perf_counter()
        fill_database(db_url, args.tickets, random.Random(7))
        print(f"  filled in {time.perf_counter() - start:.1f} s; starting the app")
        server = devserver.start(workdir, seed=False)
        try:
            timings = measure(server.url, args.rounds)
        finally:
            devserver.stop(server.proc)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    every = [t for values in timings.values() for t in values]
    report = {"tickets": args.tickets, "filter_change_ms": {
        "p50": round(statistics.median(every), 1), "p95": round(statistics.quantiles(every, n=20, method="inclusive")[18], 1),
        "max": round(max(every), 1), "per_control": {k: round(statistics.median(v), 1) for k, v in timings.items()}}}
    r = report["filter_change_ms"]
    print(f"Queue with {args.tickets} tickets: filter change -> rendered table p50 {r['p50']} ms, "
          f"p95 {r['p95']} ms, max {r['max']} ms (target < 300 ms)")
    for control, ms in r["per_control"].items():
        print(f"  {control:<10} median {ms} ms")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
