"""Measure triage quality on labelled tickets, in a throw-away database.

    python -m support_app.cli.evaluate --test T.csv [--history H.csv] [--json OUT] [--source bitext]
    python -m support_app.cli.evaluate --split-dev tickets-dev.csv [--folds 5] [--json OUT] [--report OUT.html]
                                   [--corrections K]

CSV columns: `text,category,priority` (+ optional `language`, `source`, `id`); a label may be
empty (the row is skipped for that task). `text` is "subject\\ndescription" or a single line.

One run: a temporary SQLite file, Chroma folder and classifier cache (the user's data is never
touched; set before any settings are read), the sample data seeded and indexed, the labelled rows
of `--history` imported as resolved historical tickets, the classifier trained from that
database, then every row of `--test` through the app's pipeline (local engine even when
GOOGLE_API_KEY is set). Prints accuracy and both macro-F1 variants (labels in the truth; sklearn's
default) for category and priority, per language and per source, the confusion matrices, the
calibration (ECE) of the category probability, the AUROC of the final confidence for "the category
was right", the escalation rate per language, the share of the top-5 similar history tickets with
the same category (and, per similarity floor 0.15-0.45, the same-category share of those the floor
keeps and the share of tickets left with any), and per-ticket latency. Without `--history`: cold start (sample data only).

`--split-dev` makes a grouped k-fold estimate: near-duplicates and paraphrases of one ticket stay in
one fold (services/ai/evaluation.py); each fold is tested with the other folds as history (one
subprocess per fold, so no state leaks between folds) and the pooled predictions are scored.
`--corrections K` splits each test set into early and later tickets (every other one), feeds back
as agents' corrections the first K early tickets whose category the pipeline got wrong, and
reports the category macro-F1 of the later tickets before and after. Targets are printed, never asserted.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

TARGETS = {"category_macro_f1": 0.85, "category_macro_f1_en": 0.88, "category_macro_f1_de": 0.65,
           "priority_macro_f1": 0.50, "latency_p95_ms": 50.0, "category_ece": 0.05, "confidence_auroc": 0.80,
           "similar_top5_same_category": 0.80}


# ---------------------------------------------------------------------------------------------
# CSV and metrics (no app imports here: the settings must not be read before the env is set)


def read_rows(path: str | Path, source: str | None = None) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = [dict(r) for r in csv.DictReader(handle)]
    for i, row in enumerate(rows):
        row.setdefault("id", str(i + 1))
        row["text"] = (row.get("text") or "").strip()
        row["category"] = (row.get("category") or "").strip()
        row["priority"] = (row.get("priority") or "").strip()
        row["language"] = (row.get("language") or "").strip()
        row["source"] = (row.get("source") or "").strip()
    rows = [r for r in rows if r["text"]]
    return [r for r in rows if r["source"] == source] if source else rows


def write_rows(path: Path, rows: list[dict], fields: list[str]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def split_text(text: str) -> tuple[str, str]:
    """(subject, description): the first line is the subject when there are several lines."""
    first, _, rest = text.partition("\n")
    if rest.strip() and len(first) <= 200:
        return first.strip(), rest.strip()
    return "", text


def task_report(rows: list[dict], task: str) -> dict:
    """Both macro-F1 variants overall, per language and per source, and the confusion matrix."""
    from support_app.services.ai.evaluation import by_key, confusion, macro_f1, per_class

    def figures(group: list[dict]) -> dict:
        return macro_f1([r[task] for r in group], [r[f"predicted_{task}"] for r in group])

    report = figures(rows)
    for key, name in (("language", "per_language"), ("source", "per_source")):
        groups = by_key([{**r, "language": r["language"] or r.get("detected_language") or "?"} for r in rows], key)
        report[name] = {k: v for k, v in ((k, figures(g)) for k, g in groups.items()) if v["n"]}
    report["per_class"] = per_class([r[task] for r in rows], [r[f"predicted_{task}"] for r in rows])
    report["confusion"] = confusion([r[task] for r in rows], [r[f"predicted_{task}"] for r in rows])
    return report


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return round(float(np.percentile(np.asarray(values, dtype=float), q)), 2)


STAGES = ("analysis", "retrieval", "draft")


def _floats(rows: list[dict], key: str) -> list[float]:
    return [float(r[key]) for r in rows if r.get(key) not in (None, "")]


def trust_report(rows: list[dict]) -> dict:
    """Calibration of the category probability, AUROC of the final confidence for "the category
    was right", escalation rate per language, and the similar-ticket same-category share."""
    from support_app.services.ai.evaluation import (
        auroc, by_key, expected_calibration_error, reliability, similarity_floor_curve,
    )

    scored = [r for r in rows if r["category"] and r.get("category_probability") not in (None, "")]
    probability = [float(r["category_probability"]) for r in scored]
    right = [r["category"] == r["predicted_category"] for r in scored]
    confidence = [float(r["confidence"]) for r in scored]
    escalation = {}
    for lang, group in by_key(rows, "language").items():
        flags = [str(r.get("escalated")) in ("1", "True", "true") for r in group if r.get("escalated") not in (None, "")]
        if flags:
            escalation[lang] = {"n": len(flags), "rate": round(sum(flags) / len(flags), 4)}
    shares = _floats(rows, "similar_same_category")
    neighbours = similar_neighbours(rows)
    by_source = {s: round(float(np.mean(_floats(g, "similar_same_category"))), 4)
                 for s, g in by_key(rows, "source").items() if _floats(g, "similar_same_category")}
    return {
        "category_ece": expected_calibration_error(probability, right),
        "category_reliability": reliability(probability, right),
        "confidence_auroc": auroc(confidence, right),
        "confidence_auroc_per_language": {
            lang: auroc([float(r["confidence"]) for r in g], [r["category"] == r["predicted_category"] for r in g])
            for lang, g in by_key(scored, "language").items()},
        "escalation_rate_per_language": escalation,
        "similar_top5_same_category": round(float(np.mean(shares)), 4) if shares else None,
        "similar_top5_same_category_per_source": by_source,
        "similar_floor_curve": similarity_floor_curve(neighbours) if neighbours else [],
    }


def summarize(rows: list[dict]) -> dict:
    latencies = _floats(rows, "latency_ms")
    latency = {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
               "max": round(max(latencies), 2) if latencies else None}
    for stage in STAGES:
        values = _floats(rows, f"{stage}_ms")
        if values:
            latency[stage] = {"p50": percentile(values, 50), "p95": percentile(values, 95)}
    return {
        "n": len(rows),
        "category": task_report(rows, "category"),
        "priority": task_report(rows, "priority"),
        **trust_report(rows),
        "latency_ms": latency,
    }


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.3f}"


def _line(name: str, s: dict, target: float | None = None) -> str:
    return (f"{name}: n={s['n']:<5} accuracy={_fmt(s['accuracy'])} macro-F1={_fmt(s['macro_f1'])}"
            f" [sklearn default: {_fmt(s['macro_f1_sklearn'])}]" + (f"  (target >= {target})" if target else ""))


def print_summary(summary: dict, title: str) -> None:
    print(f"\n== {title}: {summary['n']} tickets ==")
    for task in ("category", "priority"):
        report = summary[task]
        if not report["n"]:
            print(f"{task}: no labelled rows")
            continue
        print(_line(task, report, TARGETS.get(f"{task}_macro_f1")))
        for lang, s in report["per_language"].items():
            print("   " + _line(lang, s, TARGETS.get(f"{task}_macro_f1_{lang}")))
        for source, s in report["per_source"].items():
            print("   " + _line(f"source {source}", s))
        labels = list(report["confusion"])
        width = max(len(x) for x in labels) + 1
        print("   confusion (rows: truth, columns: predicted)")
        print("   " + " " * width + " ".join(f"{x[:8]:>8}" for x in labels))
        for t in labels:
            print(f"   {t:<{width}}" + " ".join(f"{report['confusion'][t][p]:>8}" for p in labels))
    print(f"category ECE={_fmt(summary['category_ece'])} (target <= {TARGETS['category_ece']}); "
          f"confidence AUROC for a right category={_fmt(summary['confidence_auroc'])} "
          f"(target >= {TARGETS['confidence_auroc']})")
    rates = ", ".join(f"{k} {v['rate']:.2f} (n={v['n']})" for k, v in summary["escalation_rate_per_language"].items())
    print(f"escalation rate per language: {rates or '-'}")
    print(f"similar tickets: top-5 same-category share={_fmt(summary['similar_top5_same_category'])} "
          f"(target >= {TARGETS['similar_top5_same_category']}) per source "
          f"{summary['similar_top5_same_category_per_source']}")
    if summary.get("similar_floor_curve"):
        print("similarity floor of the top-5 similar tickets (floor: same-category share of those shown, "
              "share of tickets shown any, mean shown):")
        print("   " + "; ".join(f"{p['floor']:.2f}: {_fmt(p['same_category'])} {_fmt(p['with_any'])} {p['shown']}"
                                for p in summary["similar_floor_curve"]))
    if summary.get("corrections"):
        c = summary["corrections"]
        print(f"corrections: {c['fed']} fed back; category macro-F1 on the {c['n']} later tickets "
              f"{_fmt(c['before'])} -> {_fmt(c['after'])} (gain {c['gain']:+.3f})")
    lat = summary["latency_ms"]
    if lat["p50"] is not None:
        print(f"latency per ticket (full pipeline): p50={lat['p50']} ms p95={lat['p95']} ms max={lat['max']} ms"
              f"  (target p95 <= {TARGETS['latency_p95_ms']})")
        stages = [f"{stage} p50={lat[stage]['p50']} p95={lat[stage]['p95']}" for stage in STAGES if stage in lat]
        if stages:
            print("   by stage (ms): " + "; ".join(stages))


# ---------------------------------------------------------------------------------------------
# One run in a throw-away environment


def _prepare_environment(workdir: Path, cache_dir: Path | None) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'eval.db'}"
    os.environ["CHROMA_PERSIST_DIRECTORY"] = str(workdir / "chroma")
    os.environ["CLASSIFIER_CACHE_DIR"] = str(cache_dir or workdir / "classifier")
    os.environ.pop("CHROMA_HOST", None)
    os.environ["GOOGLE_API_KEY"] = ""  # the local engine: results must not depend on a network
    from support_app.settings import get_settings

    get_settings.cache_clear()


def run(history: list[dict], test: list[dict], workdir: Path, cache_dir: Path | None = None,
        quiet: bool = False, corrections: int = 0) -> list[dict]:
    """Predictions (the test rows plus predicted_category, predicted_priority, latency_ms)."""
    _prepare_environment(workdir, cache_dir)
    from sqlmodel import SQLModel

    from support_app import models  # noqa: F401 (registers the tables)
    from support_app.db import get_engine, session_scope
    from support_app.services import training
    from support_app.services.ai import classifier as classifier_mod
    from support_app.services.ai.types import TicketInput
    from support_app.settings import get_settings

    say = (lambda *_a: None) if quiet else (lambda *a: print(*a, file=sys.stderr, flush=True))
    url = get_settings().database_url
    SQLModel.metadata.create_all(get_engine(url))
    started = time.monotonic()
    with session_scope(url) as session:
        _seed(session)
        _index(session)
    say(f"sample data seeded and indexed in {time.monotonic() - started:.0f} s")

    labelled = [r for r in history if r["category"] or r["priority"]]
    if labelled:
        started = time.monotonic()
        with session_scope(url) as session:
            _import(session, labelled)
        say(f"{len(labelled)} historical tickets imported in {time.monotonic() - started:.0f} s")

    started = time.monotonic()
    classifier_mod.set_classifier(training.train_from_database(url, budget_seconds=None))
    say(f"classifier trained on {classifier_mod.get_classifier().n_examples} tickets "
        f"in {time.monotonic() - started:.0f} s")

    classifier = classifier_mod.get_classifier()
    pipeline = _pipeline()
    out = []
    for i, row in enumerate(test):
        subject, description = split_text(row["text"])
        ticket = TicketInput(subject=subject, description=description)
        started = time.perf_counter()
        result = pipeline.process(ticket)
        elapsed = (time.perf_counter() - started) * 1000
        stages = getattr(result, "timings_ms", None) or {}
        out.append({**row, "predicted_category": result.analysis.category,
                    "predicted_priority": result.analysis.priority,
                    "detected_language": result.analysis.language, "latency_ms": round(elapsed, 2),
                    "category_probability": round(result.analysis.category_probability, 4),
                    "confidence": round(result.confidence, 4), "escalated": int(result.escalation.escalate),
                    **_similar(classifier, ticket.text, row["category"]),
                    **{f"{stage}_ms": stages.get(stage, "") for stage in STAGES}})
        if (i + 1) % 200 == 0:
            say(f"  {i + 1}/{len(test)} tickets")
    if corrections:
        _feed_corrections(classifier, out, corrections)
    return out


def _similar(classifier, text: str, category: str, k: int = 5) -> dict:
    """The k most similar labelled history tickets (the app's encoder, cosine), what an agent sees
    under "similar tickets": `similar_same_category`, the share with the test ticket's category,
    and `similar_top`, their similarities and whether each has that category ("0.7312:1;..."),
    from which `similarity_floor_curve` tells what a similarity floor would remove."""
    if not category:
        return {"similar_same_category": "", "similar_top": ""}
    labels, vectors = classifier.history_vectors()
    if not labels:
        return {"similar_same_category": "", "similar_top": ""}
    similarities = vectors @ classifier.embed([text])[0]
    top = np.argsort(-similarities)[:k]
    return {"similar_same_category": round(sum(labels[j] == category for j in top) / len(top), 4),
            "similar_top": ";".join(f"{similarities[j]:.4f}:{int(labels[j] == category)}" for j in top)}


def similar_neighbours(rows: list[dict]) -> list[list[tuple[float, bool]]]:
    """The `similar_top` column back as (similarity, same category) pairs per ticket."""
    out = []
    for row in rows:
        if row.get("similar_top"):
            pairs = [item.split(":") for item in row["similar_top"].split(";")]
            out.append([(float(similarity), same == "1") for similarity, same in pairs])
    return out


def _feed_corrections(classifier, rows: list[dict], k: int) -> None:
    """Agents correct the early tickets; do the later ones gain? Every other labelled test ticket
    (in file order, so both halves hold every source) counts as early, the rest as later. The first
    k early tickets whose category the pipeline got wrong (what an agent would correct) are fed
    back as corrections (as the ticket page does: the correction memory, then a refit), and the
    later tickets are predicted again: `corrected_category` shows what the corrections changed."""
    labelled = [r for r in rows if r["category"]]
    early, later = labelled[0::2], labelled[1::2]
    for row in [r for r in early if r["predicted_category"] != r["category"]][:k]:
        row["fed_back"] = 1
        classifier.learn(row["text"], row["category"], row["priority"] or None, retrain_in_background=False)
    classifier.retrain()
    for row in later:
        row["corrected_category"] = classifier.predict(row["text"]).category


def corrections_report(rows: list[dict]) -> dict | None:
    from support_app.services.ai.evaluation import macro_f1

    rest = [r for r in rows if r.get("corrected_category") not in (None, "")]
    fed = sum(1 for r in rows if str(r.get("fed_back")) == "1")
    if not fed or not rest:
        return None
    before = macro_f1([r["category"] for r in rest], [r["predicted_category"] for r in rest])["macro_f1"]
    after = macro_f1([r["category"] for r in rest], [r["corrected_category"] for r in rest])["macro_f1"]
    return {"fed": fed, "n": len(rest), "before": before, "after": after, "gain": round(after - before, 4)}


def _seed(session) -> None:
    try:
        from support_app.services.seeding import seed_database
    except ImportError:
        seed_database = None
    if seed_database is not None:
        seed_database(session)
        return
    from support_app import sample_data
    from support_app.services.history_import import import_history

    import_history(session, [{k: t[k] for k in ("subject", "description", "category", "priority", "resolution")}
                             for t in sample_data.TICKETS])


def _index(session) -> None:
    try:
        from support_app.services.indexing import rebuild_all

        rebuild_all(session, progress=False)
    except Exception as exc:  # noqa: BLE001 (no evidence then, as in the app)
        print(f"vector store not indexed: {exc}", file=sys.stderr)


def _import(session, rows: list[dict]) -> None:
    from support_app.models import CATEGORIES, PRIORITIES
    from support_app.services.history_import import import_history

    records = []
    for row in rows:
        subject, description = split_text(row["text"])
        records.append({"subject": subject, "description": description,
                        # a row without a category still teaches priority; its category is not used
                        "category": row["category"] if row["category"] in CATEGORIES else "",
                        "priority": row["priority"] if row["priority"] in PRIORITIES else ""})
    import_history(session, records, approved=False)


def _pipeline():
    from support_app.services.ai.pipeline import get_pipeline, reset_pipeline

    reset_pipeline()
    return get_pipeline()


# ---------------------------------------------------------------------------------------------
# k-fold estimate on one labelled file


FIELDS = ["id", "source", "language", "text", "category", "priority"]
PREDICTION_FIELDS = FIELDS + ["group", "predicted_category", "predicted_priority", "detected_language",
                               "latency_ms", "analysis_ms", "retrieval_ms", "draft_ms", "category_probability",
                               "confidence", "escalated", "similar_same_category", "similar_top", "fed_back",
                               "corrected_category"]


def split_dev(path: str, folds: int, workdir: Path, corrections: int = 0) -> list[dict]:
    """Grouped k-fold estimate: near-duplicates and paraphrases stay on one side (see
    services/ai/evaluation.py); each fold is tested with the others as history."""
    from support_app.services.ai.evaluation import grouped_folds

    rows = read_rows(path)
    parts = grouped_folds(rows, folds)
    cache = workdir / "classifier-cache"  # shared by the folds: embeddings are the same texts
    pooled: list[dict] = []
    for k in range(folds):
        fold_dir = workdir / f"fold{k + 1}"
        fold_dir.mkdir()
        history = [r for j, part in enumerate(parts) if j != k for r in part]
        write_rows(fold_dir / "history.csv", history, FIELDS)
        write_rows(fold_dir / "test.csv", parts[k], FIELDS + ["group"])
        print(f"fold {k + 1}/{folds}: {len(history)} history rows, {len(parts[k])} test rows", file=sys.stderr,
              flush=True)
        subprocess.run([sys.executable, "-m", "support_app.cli.evaluate", "--history", str(fold_dir / "history.csv"),
                        "--test", str(fold_dir / "test.csv"), "--predictions", str(fold_dir / "predictions.csv"),
                        "--cache-dir", str(cache), "--corrections", str(corrections), "--quiet"], check=True)
        pooled.extend(read_prediction_rows(fold_dir / "predictions.csv"))
    return pooled


def read_prediction_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return [dict(r) for r in csv.DictReader(handle)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m support_app.cli.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--test", help="CSV of tickets to triage and score")
    parser.add_argument("--history", help="CSV of labelled tickets imported as history (omit: cold start)")
    parser.add_argument("--split-dev", metavar="PATH", help="grouped k-fold estimate on one labelled CSV")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--corrections", type=int, default=0, metavar="K",
                        help="feed back K mis-categorised early test tickets as agents' corrections, "
                             "report the gain on the later ones")
    parser.add_argument("--report", metavar="OUT.html", help="write a plotly page: reliability, confusion, languages")
    parser.add_argument("--source", help="only test rows whose `source` column equals this")
    parser.add_argument("--json", metavar="OUT", help="write the figures as JSON")
    parser.add_argument("--predictions", metavar="OUT", help="write per-ticket predictions as CSV")
    parser.add_argument("--cache-dir", help=argparse.SUPPRESS)
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    if not (args.test or args.split_dev):
        parser.error("give --test (and optionally --history) or --split-dev")

    with tempfile.TemporaryDirectory(prefix="support-eval-") as tmp:
        workdir = Path(tmp)
        if args.split_dev:
            predictions = split_dev(args.split_dev, args.folds, workdir, args.corrections)
            if args.source:
                predictions = [r for r in predictions if r["source"] == args.source]
            title = f"grouped {args.folds}-fold estimate on {Path(args.split_dev).name}"
        else:
            history = read_rows(args.history) if args.history else []
            test = read_rows(args.test, args.source)
            predictions = run(history, test, workdir, Path(args.cache_dir) if args.cache_dir else None, args.quiet,
                              args.corrections)
            title = f"{Path(args.test).name}" + (f" with history {Path(args.history).name}" if args.history
                                                 else " (cold start: sample data only)")
    if args.predictions:
        write_rows(Path(args.predictions), predictions, PREDICTION_FIELDS)
    summary = summarize(predictions)
    summary["corrections"] = corrections_report(predictions)
    if not args.quiet:
        print_summary(summary, title)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2))
    if args.report:
        from support_app.eval_report import write_report

        write_report(summary, title, Path(args.report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
