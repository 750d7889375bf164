"""The scikit-learn triage pipelines: named, scaled feature blocks, calibration on grouped folds of
the history, and a saved model that loads with exactly the types we name."""

import numpy as np
import skops.io as sio
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline

from support_app.services.ai import model_store, triage_model
from support_app.services.ai.classifier import TicketClassifier
from support_app.services.ai.embeddings import DIMENSIONS
from support_app.services.ai.evaluation import near_duplicate_groups
from support_app.services.ai.training_data import Example

TEMPLATES = {
    "payment_problem": ["My card was charged twice for order {n}", "The payment for invoice {n} was declined",
                        "Checkout fails with my credit card, attempt {n}", "Billing shows a wrong amount on bill {n}"],
    "shipping_issue": ["Parcel {n} has not arrived, tracking is stuck", "The courier never delivered package {n}",
                       "Where is my shipment {n}? Delivery is late", "Wrong delivery address on order {n}"],
    "account_issue": ["I cannot log into my account {n}", "Password reset email for user {n} never arrives",
                      "Please delete my account number {n}", "My profile {n} shows the wrong username"],
}
PRIORITY = {"payment_problem": "high", "shipping_issue": "medium", "account_issue": "low"}


def _examples() -> list[Example]:
    return [Example(t.format(n=n), category, PRIORITY[category])
            for category, templates in TEMPLATES.items() for t in templates for n in range(6)]


def _embeddings(n: int) -> np.ndarray:
    vectors = np.random.default_rng(0).normal(size=(n, DIMENSIONS)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_category_model_is_a_calibrated_pipeline_over_named_scaled_blocks():
    examples = _examples()
    classifier = TicketClassifier()
    classifier.fit(examples, _embeddings(len(examples)))
    category = classifier._model.category
    assert isinstance(category, Pipeline)
    calibrated = category.named_steps["model"]
    assert isinstance(calibrated, CalibratedClassifierCV) and calibrated.method == triage_model.CALIBRATION
    assert calibrated.cv == triage_model.CALIBRATION_FOLDS and not calibrated.ensemble
    features = category.named_steps["features"]
    assert isinstance(features, ColumnTransformer)
    assert set(features.named_transformers_) >= {"word", "char", "embedding", "lexicon"}
    assert {"cues", "category"} <= set(classifier._model.priority.named_steps["features"].named_transformers_)

    prediction = classifier.predict("my credit card payment was declined twice", _embeddings(1)[0])
    assert prediction.category == "payment_problem"
    assert abs(sum(prediction.category_scores.values()) - 1.0) < 1e-6
    assert prediction.priority_scores and max(prediction.priority_scores,
                                              key=prediction.priority_scores.get) == "high"


def test_calibration_folds_keep_near_duplicates_together():
    examples = _examples()
    texts = [e.text for e in examples]
    groups = near_duplicate_groups(texts)
    splits = triage_model.calibration_splits([e.category for e in examples], groups)
    assert len(splits) == triage_model.CALIBRATION_FOLDS
    for train, test in splits:
        assert not set(groups[train]) & set(groups[test])
        assert {examples[i].category for i in train} == set(TEMPLATES)


def test_calibration_falls_back_when_groups_cannot_be_split_and_skips_rare_classes():
    labels = ["a"] * 9 + ["b"] * 9
    one_group_per_class = np.array([0] * 9 + [1] * 9)
    splits = triage_model.calibration_splits(labels, one_group_per_class)
    assert splits and all({labels[i] for i in train} == {"a", "b"} for train, _ in splits)
    rare = ["a"] * 9 + ["b"] * (triage_model.CALIBRATION_FOLDS - 1)  # fewer "b" rows than folds
    assert triage_model.calibration_splits(rare, np.arange(len(rare))) is None


def test_saved_model_names_only_the_types_we_trust(tmp_path):
    examples = _examples()
    classifier = TicketClassifier()
    classifier.fit(examples, _embeddings(len(examples)))
    path = tmp_path / model_store.MODEL_FILE
    model_store.save(path, "fp", classifier._model)
    assert set(sio.get_untrusted_types(file=path)) <= model_store._allowed_types()
    loaded = model_store.load(path, "fp")
    text = "where is my parcel, the courier never came"
    data = triage_model.frame([text], _embeddings(1))
    assert np.allclose(loaded.category.predict_proba(data), classifier._model.category.predict_proba(data))
    for model in ("category", "priority"):  # vocabularies are saved as term arrays, rebuilt on load
        for block in ("word", "char"):
            saved = getattr(loaded, model).named_steps["features"].named_transformers_[block].vocabulary_
            fitted = getattr(classifier._model, model).named_steps["features"].named_transformers_[block].vocabulary_
            assert saved == fitted and saved
    raw = sio.load(path, trusted=sio.get_untrusted_types(file=path))  # the file: no vocabulary dicts
    assert raw["model"].category.named_steps["features"].named_transformers_["char"].vocabulary_ == {}
    assert len(raw["vocabularies"]) == 4


def test_evaluate_classifier_scores_grouped_folds(tmp_path):
    import csv
    import json

    from support_app.cli import evaluate_classifier

    path = tmp_path / "dev.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "language", "text", "category", "priority"])
        for i, example in enumerate(_examples()):
            writer.writerow([i + 1, "en", example.text, example.category, example.priority])
    assert evaluate_classifier.main(["--split-dev", str(path), "--folds", "2", "--json", str(tmp_path / "o.json")]) == 0
    figures = json.loads((tmp_path / "o.json").read_text())
    assert figures["n"] == len(_examples())
    assert figures["category_macro_f1"] > 0.8  # three well separated topics
    assert 0.0 <= figures["category_ece"] <= 1.0


def test_large_histories_group_identical_texts_only(monkeypatch):
    monkeypatch.setattr(triage_model, "GROUP_NEAR_DUPLICATES_UP_TO", 3)
    groups = triage_model.history_groups(["Parcel late", "parcel  LATE", "Parcel late!", "refund please"])
    assert groups[0] == groups[1] and len({groups[0], groups[2], groups[3]}) == 3


def _sklearn_probabilities(model, data) -> dict[str, float]:
    return {str(c): float(p) for c, p in zip(model.classes_, model.predict_proba(data)[0])}


def test_predictions_equal_sklearns_own_predict_proba_with_and_without_shared_blocks():
    examples = _examples()
    partly = [Example(e.text, e.category, e.priority if i % 3 else None) for i, e in enumerate(examples)]
    texts = ["my credit card payment was declined twice", "where is parcel 12, tracking is stuck",
             "Ｐａｓｓｗｏｒｄ reset never arrives", ""]
    vectors = _embeddings(len(texts) + 1)[1:]
    for history, shared in ((examples, True), (partly, False)):  # priority labels on every row, or on 2 of 3
        classifier = TicketClassifier()
        classifier.fit(history, _embeddings(len(history)))
        model = classifier._model
        category_blocks = dict((name, block) for name, block, _ in model.category.steps[0][1].transformers_)
        reused = [name for name, block, _ in model.priority.steps[0][1].transformers_
                  if name in category_blocks and not isinstance(block, str)
                  and triage_model._same_fit(category_blocks[name], block)]
        assert reused == (["word", "char", "embedding", "lexicon"] if shared else []), reused
        for text, vector in zip(texts, vectors):
            data = triage_model.frame([text], vector[None, :])
            blocks: dict = {}
            category = triage_model.probabilities(model.category, data, blocks)
            assert category == _sklearn_probabilities(model.category, data)
            data["category"] = max(category, key=category.get)
            priority = triage_model.probabilities(model.priority, data, blocks)
            assert priority == _sklearn_probabilities(model.priority, data)
