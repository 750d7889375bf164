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
