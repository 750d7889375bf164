"""The local engine: everything a ticket needs without any network. Analysis here (classifier,
priority, sentiment, language, injection check, tags); drafts from `drafting.compose_draft`.

The text is normalised first (`normalise`), so look-alike letters and invisible characters hide no
cue. When the ticket tries to instruct the assistant, the labels come from what is left once the
hostile parts are cut out (`injection.without_injection`): the content decides, not the attacker."""

import re

from support_app.services.ai import classifier as classifier_mod
from support_app.services.ai.classifier import TicketClassifier, lexicon_matches
from support_app.services.ai.injection import check_ticket, without_injection
from support_app.services.ai.language import detect_language, preload
from support_app.services.ai.normalise import normalise
from support_app.services.ai.priority import assess_priority, cue_matches
from support_app.services.ai.sentiment import analyze_sentiment
from support_app.services.ai.types import Analysis, Draft, Evidence, TicketInput

MAX_TAGS = 6
_ORDER = re.compile(r"\b(?:order|bestellung|pedido|commande|encomenda)\s*(?:#|no\.?|nr\.?|number)?\s*[:#]?\s*"
                    r"(?=[A-Z-]*\d)[A-Z0-9-]{4,}", re.IGNORECASE)

# Re-exported so callers need only this module.
get_classifier = classifier_mod.get_classifier
reset_classifier = classifier_mod.reset_classifier
set_classifier = classifier_mod.set_classifier
learn = classifier_mod.learn
warm_up = classifier_mod.warm_up


def make_tags(text: str, category: str, ticket: TicketInput, injection: bool) -> list[str]:
    """Short keywords for the queue: suspected injection first (never cut off), the category's cue
    words found, then risk flags."""
    tags: list[str] = ["injection-suspected"] if injection else []
    for word in lexicon_matches(text).get(category, []):
        tags.append(word)
    cues = cue_matches(text)
    for flag, name in (("money", "money-at-risk"), ("urgency", "urgent"), ("outage", "outage"),
                       ("non_delivery", "not-received")):
        if cues[flag]:
            tags.append(name)
    if ticket.order_number or _ORDER.search(text):
        tags.append("order")
    if ticket.customer.recent_contacts_7d >= 2 or ticket.customer.same_problem(category):
        tags.append("repeat-contact")
    return list(dict.fromkeys(t.replace(" ", "-") for t in tags))[:MAX_TAGS]


class LocalEngine:
    name = "local"

    def __init__(self, classifier: TicketClassifier | None = None):
        self._classifier = classifier  # None: the shared one, trained from the database
        preload()

    @property
    def classifier(self) -> TicketClassifier:
        return self._classifier or get_classifier()

    def analyze(self, ticket: TicketInput) -> Analysis:
        injection = check_ticket(ticket)
        text = without_injection(ticket.text) if injection else normalise(ticket.text)
        prediction = self.classifier.predict(text)
        category = prediction.category
        sentiment, sentiment_score = analyze_sentiment(text)
        priority, factors = assess_priority(
            text, category, sentiment_score, ticket.customer, ticket.created_at,
            learned=prediction.priority_scores or None)
        notes = list(prediction.notes)
        if injection:
            notes.append(f"suspected prompt injection ({injection.form}): '{injection.cue}'; "
                         "labels from the rest of the ticket")
        return Analysis(
            category=category, category_probability=round(prediction.probability, 4),
            priority=priority, priority_factors=factors, sentiment=sentiment, sentiment_score=sentiment_score,
            language=detect_language(normalise(ticket.text)), tags=make_tags(text, category, ticket, bool(injection)),
            category_scores={c: round(s, 4) for c, s in prediction.category_scores.items()},
            injection_suspected=bool(injection), engine=self.name, notes=notes,
        )

    def draft(self, ticket: TicketInput, analysis: Analysis, evidence: Evidence) -> Draft:
        from support_app.services.ai.drafting import compose_draft

        return compose_draft(ticket, analysis, evidence)
