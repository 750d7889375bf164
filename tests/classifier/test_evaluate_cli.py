"""The evaluation tool, end to end on a tiny CSV (its own temporary database and vector store)."""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HISTORY = [
    ("Where is my parcel?\nThe tracking has not moved for a week.", "shipping_issue", "high"),
    ("I was charged twice\nMy card shows two payments for one order.", "payment_problem", "high"),
    ("Reset password\nThe reset link never arrives.", "account_issue", "medium"),
    ("Server down\nOur dashboard returns error 500 since this morning.", "technical_support", "high"),
    ("Pricing question\nDo you offer discounts for schools?", "general_inquiry", "low"),
]
TEST = [
    ("my package has not been delivered yet", "shipping_issue", ""),
    ("Rechnung doppelt bezahlt\nIch wurde zweimal belastet.", "payment_problem", "high"),
    ("i cannot log into my account", "account_issue", ""),
    ("Error after update\nThe app crashes when I open it.", "technical_support", "medium"),
    # labelled against its text, and early (every other ticket is): `--corrections 1` feeds it back
    ("Where is my parcel?\nThe tracking has not moved for ten days.", "general_inquiry", ""),
]


def _write(path: Path, rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "source", "language", "text", "category", "priority"])
        for i, (text, category, priority) in enumerate(rows, 1):
            writer.writerow([i, "test", "de" if "Rechnung" in text else "en", text, category, priority])


def test_evaluate_cli_prints_metrics_and_writes_json(tmp_path, seed_cache_dir):
    _write(tmp_path / "history.csv", HISTORY)
    _write(tmp_path / "test.csv", TEST)
    out = tmp_path / "out.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CHROMA_PERSIST_DIRECTORY")}
    result = subprocess.run(
        [sys.executable, "-m", "support_app.cli.evaluate", "--history", str(tmp_path / "history.csv"),
         "--test", str(tmp_path / "test.csv"), "--json", str(out), "--cache-dir", str(seed_cache_dir),
         "--report", str(tmp_path / "report.html"), "--corrections", "1"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "category: n=5     accuracy=" in result.stdout and "sklearn default:" in result.stdout
    assert "source test:" in result.stdout and "category ECE=" in result.stdout
    assert "priority: n=2" in result.stdout and "p95=" in result.stdout
    figures = json.loads(out.read_text())
    assert figures["n"] == 5
    assert set(figures["category"]["per_language"]) == {"en", "de"}
    assert 0 <= figures["category"]["macro_f1"] <= 1 and 0 <= figures["priority"]["accuracy"] <= 1
    for task in ("category", "priority"):
        assert set(figures[task]["per_source"]) == {"test"}
        assert 0 <= figures[task]["macro_f1_sklearn"] <= figures[task]["macro_f1"] <= 1
        assert sum(sum(row.values()) for row in figures[task]["confusion"].values()) == figures[task]["n"]
    assert figures["category"]["per_language"]["de"]["n"] == 1
    assert 0 <= figures["category_ece"] <= 1
    assert set(figures["escalation_rate_per_language"]) == {"en", "de"}
    assert 0 <= figures["similar_top5_same_category"] <= 1
    curve = figures["similar_floor_curve"]
    assert [p["floor"] for p in curve] == [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45]
    assert all(a["with_any"] >= b["with_any"] and a["shown"] >= b["shown"] for a, b in zip(curve, curve[1:]))
    assert "similarity floor of the top-5 similar tickets" in result.stdout
    assert figures["corrections"]["fed"] == 1 and figures["corrections"]["n"] == 2  # the later tickets
    html = (tmp_path / "report.html").read_text()
    assert "Reliability of the category probability" in html and "Per language" in html
    assert figures["latency_ms"]["p50"] > 0 and figures["latency_ms"]["p95"] >= figures["latency_ms"]["p50"]
