"""The learned classifier alone on grouped folds: a quick comparison of model variants.

    python -m support_app.cli.evaluate_classifier --split-dev tickets-dev.csv [--folds 2] [--json OUT]

The same grouped folds as `evaluate --split-dev` (services/ai/evaluation.py), but no database,
vector store or pipeline: per fold `TicketClassifier.fit` on the other folds and `predict` on this
one (embeddings computed once). Prints category macro-F1 (all, en, de), the learned priority's
macro-F1 (its argmax, before the rules of priority.py), the ECE of the category probability, its
AUROC for "the category was right", the wall time and the CPU seconds of the fits (this process's
CPU time: comparable between runs on a shared machine, wall time is not). Minutes instead of the
full run's half hour, so variants can be compared on the same folds; the headline figures come from
`evaluate`.
"""

import argparse
import json
import sys
import time


def run(path: str, folds: int) -> dict:
    from support_app.cli.evaluate import read_rows, split_text
    from support_app.services.ai.classifier import TicketClassifier
    from support_app.services.ai.embedding_cache import embed_texts
    from support_app.services.ai.evaluation import auroc, expected_calibration_error, grouped_folds, macro_f1
    from support_app.services.ai.training_data import Example, ticket_text

    rows = read_rows(path)
    for row in rows:
        row["ticket_text"] = ticket_text(*split_text(row["text"]))
    vectors = embed_texts([r["ticket_text"] for r in rows])
    position = {r["id"]: i for i, r in enumerate(rows)}
    started = time.monotonic()
    fit_cpu = 0.0
    out = []
    for k, test in enumerate(grouped_folds(rows, folds)):
        in_test = {t["id"] for t in test}
        history = [r for r in rows if r["id"] not in in_test]
        classifier = TicketClassifier(max_train_rows=len(history))
        cpu = time.process_time()
        classifier.fit([Example(r["ticket_text"], r["category"] or None, r["priority"] or None) for r in history],
                       vectors[[position[r["id"]] for r in history]])
        fit_cpu += time.process_time() - cpu
        for row in test:
            prediction = classifier.predict(row["ticket_text"], vectors[position[row["id"]]])
            scores = prediction.priority_scores
            out.append({**row, "predicted_category": prediction.category, "probability": prediction.probability,
                        "predicted_priority": max(scores, key=scores.get) if scores else ""})
        print(f"fold {k + 1}/{folds} done", file=sys.stderr, flush=True)

    def category_f1(language: str | None) -> float | None:
        group = [r for r in out if language is None or r["language"] == language]
        return macro_f1([r["category"] for r in group], [r["predicted_category"] for r in group])["macro_f1"]

    scored = [r for r in out if r["category"]]
    right = [r["predicted_category"] == r["category"] for r in scored]
    probability = [r["probability"] for r in scored]
    return {"folds": folds, "n": len(out), "category_macro_f1": category_f1(None),
            "category_macro_f1_en": category_f1("en"), "category_macro_f1_de": category_f1("de"),
            "priority_macro_f1_learned": macro_f1([r["priority"] for r in out],
                                                  [r["predicted_priority"] for r in out])["macro_f1"],
            "category_ece": expected_calibration_error(probability, right),
            "category_probability_auroc": auroc(probability, right),
            "seconds_fit_and_predict": round(time.monotonic() - started, 1), "cpu_seconds_fit": round(fit_cpu, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m support_app.cli.evaluate_classifier",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--split-dev", metavar="PATH", required=True)
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--json", metavar="OUT")
    args = parser.parse_args(argv)
    figures = run(args.split_dev, args.folds)
    print(json.dumps(figures, indent=2))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
