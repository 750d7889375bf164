"""Sentiment of a ticket: TextBlob polarity, pulled down by cues of angry support language that
TextBlob's general-purpose lexicon misses ("third time", "still waiting", "unacceptable")."""

import re

from textblob import TextBlob

from support_app.services.ai.normalise import normalise

NEGATIVE_CUES = (
    "unacceptable", "ridiculous", "disgusting", "furious", "angry", "outraged", "fed up", "sick of",
    "still waiting", "still haven't", "still have not", "still not", "third time", "again and again",
    "nobody", "no one has", "no response", "never arrived", "hasn't arrived", "has not arrived",
    "waste of", "scam", "fraud", "rip off", "rip-off", "worst", "terrible", "awful", "horrible",
    "useless", "incompetent", "lawyer", "legal action", "chargeback", "cancel my account",
    "disappointed", "frustrated", "frustrating", "annoyed", "upset", "complaint",
    "damaged", "broken", "deducted", "charged twice", "double charged",
    "inakzeptabel", "verärgert", "enttäuscht", "unverschämt", "inaceptable", "decepcionado",
    "inadmissible", "déçu", "inaceitável", "decepcionado",
)
POSITIVE_THRESHOLD = 0.15
NEGATIVE_THRESHOLD = -0.1
CUE_WEIGHT = 0.15  # polarity taken off per cue, at most three cues

_CUES = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in NEGATIVE_CUES) + r")", re.IGNORECASE)


def negative_cues(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(0).lower() for m in _CUES.finditer(normalise(text))))


def analyze_sentiment(text: str) -> tuple[str, float]:
    """(label, score): label positive | neutral | negative, score the adjusted polarity in -1..1."""
    polarity = float(TextBlob(text or "").sentiment.polarity)
    cues = negative_cues(text)
    score = polarity - CUE_WEIGHT * min(len(cues), 3)
    if cues and polarity > 0:
        score = min(score, polarity * 0.3)  # "thanks, but this is the third time" is not positive
    score = max(-1.0, min(1.0, score))
    if score >= POSITIVE_THRESHOLD:
        return "positive", round(score, 3)
    if score <= NEGATIVE_THRESHOLD:
        return "negative", round(score, 3)
    return "neutral", round(score, 3)
