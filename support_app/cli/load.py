"""Load test: N customers filing tickets while M agents keep their queues open, over the real
websocket protocol (socket.io at /_event, the events a browser sends).

    python -m support_app.cli.load --customers 50 --agents 20 [--tickets-each 1] [--setup scaled --workers 3]

Starts the app itself on 127.0.0.1 with throw-away data (`--setup run`: SQLite, one worker;
`--setup scaled`: the `make run-scaled` stack with --workers workers), logs the agents in and opens
their queues, then has every customer type and submit tickets. A ticket is visible when the queue
update carrying it reaches an agent's socket (no rendering: bench_live measures that in Chromium).
Prints tickets/s accepted, submit -> visible p50/p95/p99 (over every agent), the error rate, the
backend's peak RSS, and checks that every ticket is stored and triaged. With LIVE_TIMINGS=1 it also
prints where the time went (click -> submit handler, the save, saved -> visible). Bounded: at most 200
customers, 50 agents, 10 tickets each, and --timeout seconds.
"""

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
MAX_CUSTOMERS, MAX_AGENTS, MAX_EACH = 200, 50, 10
PASSWORD = "demo1234"
NAMESPACE = "/_event"  # the browser connects io("<app>/_event", {path: "/_event"}): namespace and path


def require_local(url: str) -> None:
    host = urlparse(url).hostname
    if host not in LOCAL_HOSTS:
        raise SystemExit(f"load: refusing {host!r}: the load test only targets this machine (127.0.0.1)")


def event_names() -> dict[str, str]:
    from support_app.state.live import TicketSignal
    from support_app.state.portal import PortalState
    from support_app.state.queue import QueueState
    from support_app.state.session import LoginState

    return {"login_email": f"{LoginState.get_full_name()}.set_email",
            "login_password": f"{LoginState.get_full_name()}.set_password",
            "login": f"{LoginState.get_full_name()}.submit",
            "link": f"{TicketSignal.get_full_name()}.link", "queue_load": f"{QueueState.get_full_name()}.load",
            "email": f"{PortalState.get_full_name()}.set_email",
            "subject": f"{PortalState.get_full_name()}.set_subject",
            "description": f"{PortalState.get_full_name()}.set_description",
            "submit": f"{PortalState.get_full_name()}.submit"}


def _find(delta, prefix: str):
    """Values of every key starting with `prefix` anywhere in a state delta."""
    if isinstance(delta, dict):
        for key, value in delta.items():
            if isinstance(key, str) and key.startswith(prefix):
                yield value
            else:
                yield from _find(value, prefix)


class Client:
    """One browser tab as the server sees it: a token, a socket, events in, deltas out."""

    def __init__(self, url: str, path: str):
        import socketio

        self.url, self.path, self.token = url, path, str(uuid.uuid4())
        self.sio = socketio.AsyncClient(reconnection=False)
        self.updates: asyncio.Queue = asyncio.Queue()
        self.sio.on("event", self._on_update, namespace=NAMESPACE)

    async def _on_update(self, update):
        await self.updates.put((time.time(), update.get("delta") or {}))

    async def connect(self) -> None:
        await self.sio.connect(f"{self.url}?token={self.token}", socketio_path=NAMESPACE, namespaces=[NAMESPACE],
                               transports=["websocket"], wait_timeout=30)

    async def send(self, name: str, **payload) -> None:
        await self.sio.emit("event", {"name": name, "payload": payload,
                                      "router_data": {"pathname": self.path, "asPath": self.path}},
                            namespace=NAMESPACE)

    async def wait_for(self, prefix: str, predicate, timeout: float):
        """The first delta value under `prefix` that satisfies `predicate` (and when it arrived)."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            arrived, delta = await asyncio.wait_for(self.updates.get(), left)
            for value in _find(delta, prefix):
                if predicate(value):
                    return arrived, value
        raise TimeoutError(prefix)

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self.sio.disconnect(), 10)
        except Exception:  # noqa: BLE001 - the run is over; a socket that will not close is dropped
            pass


@dataclass
class Results:
    submitted: dict[str, float] = field(default_factory=dict)  # subject -> click time
    accepted: dict[str, int] = field(default_factory=dict)  # subject -> ticket id
    errors: list[str] = field(default_factory=list)
    queue_updates: list[list[tuple[float, int]]] = field(default_factory=list)  # per agent: (arrival, newest id)

    def visibility(self) -> tuple[list[float], int]:
        """Submit -> visible, ms, per (ticket, agent), and how many pairs never were. A ticket is
        visible to an agent from the first queue update whose newest row is that ticket or a later
        one (ids follow commit order): with many tickets at once, a ticket can be pushed past the
        first page (25 rows) by newer ones in the same update."""
        seen, missing = [], 0
        for subject, ticket_id in self.accepted.items():
            clicked = self.submitted[subject]
            for updates in self.queue_updates:
                arrival = next((t for t, newest in updates if newest >= ticket_id and t >= clicked), None)
                if arrival is None:
                    missing += 1
                else:
                    seen.append((arrival - clicked) * 1000)
        return seen, missing


async def run_agent(url: str, email: str, names: dict, results: Results, ready: asyncio.Event,
                    done: asyncio.Event) -> None:
    client = Client(url, "/queue")
    try:
        await client.connect()
        await client.send(names["login_email"], value=email)
        await client.send(names["login_password"], value=PASSWORD)
        await client.send(names["login"])
        await client.wait_for("session_token", bool, 60)
        client.path = "/queue"
        await client.send(names["link"])
        await client.send(names["queue_load"])
        await client.wait_for("agent_options", bool, 60)  # the queue page has loaded for this agent
    except Exception as exc:  # noqa: BLE001 - counted and reported
        results.errors.append(f"agent {email}: {exc!r}")
        ready.set()
        await client.close()
        return
    ready.set()
    updates: list[tuple[float, int]] = []
    results.queue_updates.append(updates)
    while not (done.is_set() and client.updates.empty()):
        try:
            arrived, delta = await asyncio.wait_for(client.updates.get(), 1.0)
        except TimeoutError:
            continue
        for rows in _find(delta, "rows"):
            ids = [row.get("id", 0) for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []
            if ids:
                updates.append((arrived, max(ids)))
    await client.close()


async def run_customer(url: str, n: int, each: int, names: dict, results: Results, run: str) -> None:
    client = Client(url, "/")
    try:
        await client.connect()
        await client.send(names["email"], value=f"load{n}.{run}@example.com")
        for i in range(each):
            subject = f"Load {run} c{n} t{i}"
            await client.send(names["subject"], value=subject)
            await client.send(names["description"], value=f"My order ORD-{n:04d}{i} has not arrived. {subject}")
            await asyncio.sleep(0.5)  # a person pauses before clicking; the preview runs meanwhile
            results.submitted[subject] = time.time()
            await client.send(names["submit"])
            _, ticket_id = await client.wait_for("submitted_id", lambda v: isinstance(v, int) and v > 0, 30)
            results.accepted[subject] = ticket_id
    except Exception as exc:  # noqa: BLE001 - counted and reported
        results.errors.append(f"customer {n}: {exc!r}")
    finally:
        await client.close()


def steps(results: Results, marks: list[dict]) -> dict[str, list[float]]:
    """Where submit -> visible went, ms per ticket, from the app's LIVE_TIMINGS marks: the click to
    the submit handler starting (socket, state lock), the save (and of it, the part run on a save
    thread), and the save to each agent's update."""
    started = {m["subject"]: m["t"] for m in marks if m.get("step") == "submit_start" and "subject" in m}
    saved = {m["subject"]: (m["t0"], m["t"]) for m in marks if m.get("step") == "submit_save" and "subject" in m}
    on_thread = {m["subject"]: m["t"] - m["t0"] for m in marks
                 if m.get("step") == "submit_save_thread" and "subject" in m}
    out: dict[str, list[float]] = {"click_to_handler": [], "save": [], "save_on_its_thread": [],
                                   "saved_to_visible": []}
    for subject, ticket_id in results.accepted.items():
        if subject not in started or subject not in saved:
            continue
        out["click_to_handler"].append((started[subject] - results.submitted[subject]) * 1000)
        out["save"].append((saved[subject][1] - saved[subject][0]) * 1000)
        if subject in on_thread:  # the rest of the save waited for a save thread
            out["save_on_its_thread"].append(on_thread[subject] * 1000)
        for updates in results.queue_updates:
            arrival = next((t for t, newest in updates if newest >= ticket_id and t >= saved[subject][1]), None)
            if arrival is not None:
                out["saved_to_visible"].append((arrival - saved[subject][1]) * 1000)
    return out


def watch_rss(root_pids: list[int], stop: threading.Event, peak: list[int]) -> None:
    """The peak summed RSS of the app's Python processes (web workers, job workers) and their children."""
    import psutil

    roots = [psutil.Process(pid) for pid in root_pids]
    while not stop.is_set():
        try:
            procs = [p for root in roots for p in (root, *root.children(recursive=True))]
            total = sum(p.memory_info().rss for p in procs if "python" in p.name().lower() or "granian" in p.name())
            peak[0] = max(peak[0], total)
        except psutil.Error:
            pass
        stop.wait(0.5)


async def drive(url: str, agent_emails: list[str], customers: int, each: int, timeout: float) -> tuple[Results, float]:
    names = event_names()
    results = Results()
    run = uuid.uuid4().hex[:6]
    done = asyncio.Event()
    readies = [asyncio.Event() for _ in agent_emails]
    agents = [asyncio.create_task(run_agent(url, e, names, results, r, done))
              for e, r in zip(agent_emails, readies)]
    await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 120)
    start = time.perf_counter()
    try:
        await asyncio.wait_for(asyncio.gather(*(run_customer(url, n, each, names, results, run)
                                                for n in range(customers))), timeout)
    except TimeoutError:
        results.errors.append(f"customers did not finish within {timeout:.0f} s")
    elapsed = time.perf_counter() - start
    await asyncio.sleep(5)  # the last pushes
    done.set()
    await asyncio.gather(*agents)
    return results, elapsed


def wait_triaged(db_url: str, accepted: dict[str, int], timeout: float = 180) -> tuple[int, int]:
    """(stored, triaged) among the accepted tickets, once triage has caught up or `timeout` passed."""
    from sqlmodel import func, select

    from support_app.db import session_scope
    from support_app.models import Ticket, TriageState

    ids = list(accepted.values())
    deadline = time.time() + timeout
    while True:
        with session_scope(db_url) as session:
            stored = session.exec(select(func.count()).select_from(Ticket).where(Ticket.id.in_(ids))).one()
            triaged = session.exec(select(func.count()).select_from(Ticket).where(
                Ticket.id.in_(ids), Ticket.triage_state.in_([TriageState.done.value, TriageState.failed.value]))).one()
        if triaged == len(ids) or time.time() > deadline:
            return stored, triaged
        time.sleep(2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Customers filing tickets while agents watch their queues.")
    parser.add_argument("--customers", type=int, default=10)
    parser.add_argument("--agents", type=int, default=5)
    parser.add_argument("--tickets-each", type=int, default=1)
    parser.add_argument("--setup", choices=["run", "scaled"], default="scaled")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300, help="seconds the customers may take in all")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep-logs", type=Path, help="copy the app's logs here (with LIVE_TIMINGS=1 they hold "
                        "the live-update marks)")
    args = parser.parse_args(argv)
    if not (1 <= args.customers <= MAX_CUSTOMERS and 1 <= args.agents <= MAX_AGENTS
            and 1 <= args.tickets_each <= MAX_EACH and 10 <= args.timeout <= 1800):
        parser.error(f"bounds: customers 1..{MAX_CUSTOMERS}, agents 1..{MAX_AGENTS}, tickets-each 1..{MAX_EACH}, "
                     "timeout 10..1800 s")
    if args.setup == "run" and args.workers != 1:
        args.workers = 1  # the embedded setup is one worker (SQLite, in-memory state)

    from support_app.cli import devserver
    from support_app.cli.bench_live import add_agents

    workdir = Path(tempfile.mkdtemp(prefix="load-"))
    breakdown: dict[str, list[float]] = {}
    # every simulated customer connects from 127.0.0.1: lift the per-address limit for this run only
    env = {"SUBMIT_IP_LIMIT": str(args.customers * args.tickets_each + 10)}
    try:
        if args.setup == "scaled":
            from support_app.cli import run_scaled

            stack = run_scaled.start_for_test(workdir, workers=args.workers, extra_env=env)
            url, db_url, stop = stack.url, stack.db_url, stack.stop
            root_pids = [stack.app.pid, *(job.pid for job in stack.jobs)]
        else:
            server = devserver.start(workdir, env)
            url, db_url, root_pids = server.url, server.db_url, [server.proc.pid]
            stop = lambda: devserver.stop(server.proc)  # noqa: E731
        url = url.replace("localhost", "127.0.0.1")
        require_local(url)
        try:
            emails = add_agents(db_url, args.agents)
            print(f"App up ({args.setup}, {args.workers} worker(s)) at {url}: {args.agents} agents, "
                  f"{args.customers} customers x {args.tickets_each} ticket(s)", flush=True)
            stop_rss, peak = threading.Event(), [0]
            watcher = threading.Thread(target=watch_rss, args=(root_pids, stop_rss, peak), daemon=True)
            watcher.start()
            results, elapsed = asyncio.run(drive(url, emails, args.customers, args.tickets_each, args.timeout))
            stop_rss.set()
            stored, triaged = wait_triaged(db_url, results.accepted)
        finally:
            stop()
        if os.environ.get("LIVE_TIMINGS") == "1":
            from support_app.cli.bench_live import read_marks

            breakdown = steps(results, read_marks(sorted(workdir.glob("*.log"))))
    finally:
        if args.keep_logs:
            args.keep_logs.mkdir(parents=True, exist_ok=True)
            for log in workdir.glob("*.log"):
                shutil.copy(log, args.keep_logs / log.name)
        shutil.rmtree(workdir, ignore_errors=True)

    attempted = args.customers * args.tickets_each
    seen, missing = results.visibility()
    seen.sort()
    q = (lambda p: round(statistics.quantiles(seen, n=100, method="inclusive")[p - 1], 1)) if len(seen) > 1 else \
        (lambda p: round(seen[0], 1) if seen else None)
    report = {
        "setup": args.setup, "workers": args.workers, "customers": args.customers, "agents": args.agents,
        "tickets_attempted": attempted, "tickets_accepted": len(results.accepted),
        "accepted_per_second": round(len(results.accepted) / elapsed, 2), "seconds": round(elapsed, 1),
        "visible_ms": {"p50": q(50), "p95": q(95), "p99": q(99), "max": round(max(seen), 1) if seen else None},
        "visible_events": len(seen), "not_seen_by_an_agent": missing,
        "error_rate": round((attempted - len(results.accepted) + len([e for e in results.errors
                                                                       if e.startswith("agent")])) / attempted, 4),
        "errors": results.errors[:10], "stored": stored, "triaged": triaged,
        "lost": len(results.accepted) - stored, "peak_rss_mb": round(peak[0] / 2**20),
    }
    v = report["visible_ms"]
    print(f"\n{args.setup}, {args.workers} worker(s), {args.customers} customers + {args.agents} agents: "
          f"{report['tickets_accepted']}/{attempted} accepted, {report['accepted_per_second']} tickets/s; "
          f"submit -> visible in a queue p50 {v['p50']} / p95 {v['p95']} / p99 {v['p99']} ms (max {v['max']}); "
          f"error rate {report['error_rate']:.1%}; {missing} (ticket, agent) pairs never seen; "
          f"stored {stored}, triaged {triaged}, lost {report['lost']}; peak backend RSS {report['peak_rss_mb']} MB")
    for step, values in breakdown.items():
        if values:
            cut = statistics.quantiles(values, n=20, method="inclusive") if len(values) > 1 else values * 19
            print(f"  {step}: p50 {statistics.median(values):.0f} / p95 {cut[18]:.0f} ms (n = {len(values)})")
    report["steps_ms"] = {step: {"p50": round(statistics.median(v), 1),
                                 "p95": round(statistics.quantiles(v, n=20, method="inclusive")[18], 1)}
                          for step, v in breakdown.items() if len(v) > 1}
    for error in results.errors[:10]:
        print(f"  error: {error}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    ok = not results.errors and report["lost"] == 0 and triaged == stored == attempted and missing == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
