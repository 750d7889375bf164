"""The lazily built shared AI instances live in one place (services/ai/shared.py)."""

import threading

from support_app.services.ai import classifier as classifier_mod
from support_app.services.ai import shared
from support_app.services.ai.shared import Lazy


def test_lazy_builds_once_across_threads_and_rebuilds_after_reset():
    built = []
    lazy = Lazy("thing", lambda: built.append(1) or object())
    results = []
    threads = [threading.Thread(target=lambda: results.append(lazy.get())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1 and len({id(r) for r in results}) == 1
    lazy.reset()
    assert lazy.get() is not results[0] and len(built) == 2


def test_module_accessors_delegate_to_the_shared_holder():
    marker = classifier_mod.TicketClassifier()
    classifier_mod.set_classifier(marker)
    try:
        assert shared.classifier.peek() is marker and classifier_mod.get_classifier() is marker
    finally:
        classifier_mod.reset_classifier()
    assert shared.classifier.peek() is None
