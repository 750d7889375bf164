"""Grouped folds and the trust figures of `evaluate` (pure functions, small data made here)."""

from support_app.services.ai.evaluation import (
    auroc, expected_calibration_error, grouped_folds, macro_f1, near_duplicate_groups, similarity_floor_curve,
)

TEMPLATES = [
    "I cannot log into my account since yesterday",
    "Where is my parcel, the tracking has not moved",
    "I was charged twice for one order",
    "The app crashes when I open the settings page",
    "How do I return the shoes I bought last week",
    "Please refund the cancelled booking",
]


def _rows():
    rows = []
    for t, template in enumerate(TEMPLATES):
        for variant in ("", " please", " asap", " thanks", "!!"):
            rows.append({"text": template + variant, "category": f"c{t % 3}"})
    return rows


def test_paraphrases_share_a_group_and_distinct_tickets_do_not():
    texts = [r["text"] for r in _rows()]
    groups = near_duplicate_groups(texts)
    for t in range(len(TEMPLATES)):
        assert len(set(groups[t * 5:(t + 1) * 5])) == 1
    assert len(set(groups)) == len(TEMPLATES)


def test_a_long_chain_is_split_below_the_size_cap():
    texts = [f"order {i} {i + 1} {i + 2} has not arrived" for i in range(60)]
    assert max(list(near_duplicate_groups(texts, max_group=10)).count(g) for g in range(60)) <= 10


def test_grouped_folds_never_split_a_group():
    parts = grouped_folds(_rows(), folds=3)
    assert sum(len(p) for p in parts) == 30
    seen = {}
    for k, part in enumerate(parts):
        for row in part:
            template = row["text"].split(" please")[0].split(" asap")[0].split(" thanks")[0].rstrip("!")
            assert seen.setdefault(template, k) == k


def test_macro_f1_variants_differ_when_a_label_is_only_predicted():
    figures = macro_f1(["a", "a", "b", ""], ["a", "c", "b", "x"])
    assert figures["n"] == 3
    assert figures["macro_f1"] == round((2 / 3 + 1.0) / 2, 4)  # labels a, b
    assert figures["macro_f1_sklearn"] == round((2 / 3 + 1.0 + 0.0) / 3, 4)  # a, b and the predicted-only c


def test_calibration_error_and_auroc():
    assert expected_calibration_error([0.9] * 10, [True] * 9 + [False]) == 0.0
    assert expected_calibration_error([0.9] * 10, [True] * 5 + [False] * 5) == 0.4
    assert auroc([0.9, 0.8, 0.2, 0.1], [True, True, False, False]) == 1.0
    assert auroc([0.5, 0.5], [True, True]) is None


def test_per_class_figures_cover_the_labels_in_the_truth():
    from support_app.services.ai.evaluation import per_class

    report = per_class(["a", "a", "b", ""], ["a", "b", "b", "x"])
    assert set(report) == {"a", "b"}
    assert report["a"] == {"precision": 1.0, "recall": 0.5, "f1-score": round(2 / 3, 4), "support": 2.0}
    assert report["b"]["precision"] == 0.5 and report["b"]["recall"] == 1.0


def test_similarity_is_built_in_row_blocks_with_the_same_groups():
    texts = [r["text"] for r in _rows()] + [f"order {i} {i + 1} has not arrived" for i in range(30)]
    from support_app.services.ai import evaluation

    whole = near_duplicate_groups(texts)
    original = evaluation._similar_pairs
    try:
        evaluation._similar_pairs = lambda v, t: original(v, t, chunk=7)
        blocked = near_duplicate_groups(texts)
    finally:
        evaluation._similar_pairs = original
    assert list(whole) == list(blocked)


def test_a_similarity_floor_keeps_the_close_tickets_and_counts_who_is_left_without_any():
    neighbours = [[(0.8, True), (0.5, True), (0.2, False)], [(0.3, False), (0.1, False)]]
    low, middle, high = similarity_floor_curve(neighbours, floors=(0.1, 0.25, 0.6))
    assert low == {"floor": 0.1, "same_category": 0.4, "with_any": 1.0, "shown": 2.5}
    assert middle == {"floor": 0.25, "same_category": round(2 / 3, 4), "with_any": 1.0, "shown": 1.5}
    assert high == {"floor": 0.6, "same_category": 1.0, "with_any": 0.5, "shown": 0.5}
    assert similarity_floor_curve([[(0.1, True)]], floors=(0.5,))[0]["same_category"] is None
