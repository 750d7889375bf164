"""Cue words match whole words in the languages they claim (stems only where marked)."""

from support_app.services.ai.lexicon import compile_terms, lexicon_matches
from support_app.services.ai.priority import cue_matches


def test_cue_words_need_word_boundaries():
    assert lexicon_matches("Please contact me about my order")["account_issue"] == []
    assert lexicon_matches("Minha conta foi bloqueada")["account_issue"] == ["conta"]
    assert lexicon_matches("I love apples")["technical_support"] == []
    assert cue_matches("This is not a terrorist threat")["failure"] == []  # "error" inside a word


def test_stems_cover_inflections_and_german_compounds():
    assert lexicon_matches("I registered yesterday")["account_issue"] == ["registered"]
    assert lexicon_matches("Die Zahlungsmethode wurde abgelehnt")["payment_problem"] == ["zahlungsmethode"]
    pattern = compile_terms(["ship*", "card"])
    assert [m.group(0) for m in pattern.finditer("shipping cards card")] == ["shipping", "card"]


def test_priority_never_invents_urgent_and_does_not_multiply_learned_odds():
    from support_app.services.ai.priority import assess_priority

    learned = {"low": 0.2, "medium": 0.45, "high": 0.35}  # a history without urgent
    text = "URGENT!!! please help asap, this is critical, the app is down"
    priority, factors = assess_priority(text, "technical_support", -0.8, learned=learned)
    assert priority == "medium"  # the model already weighed these cues: no second push
    assert any(f.startswith("urgency: 'urgent'") for f in factors)
    priority, _ = assess_priority("My account was hacked and my data is gone", "account_issue", 0.0,
                                  learned=learned)
    assert priority == "urgent"  # a security incident: a lead's rule
    learned_with_urgent = {"low": 0.1, "medium": 0.2, "high": 0.3, "urgent": 0.4}
    assert assess_priority("server is down", "technical_support", 0.0, learned=learned_with_urgent)[0] == "urgent"
