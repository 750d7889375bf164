"""Priority of a ticket: the learned priority model (trained on labelled tickets, whose labels are
noisy; its inputs already hold the cue counts below) decides; the cues it saw are shown to the agent
as factors, never multiplied in a second time. Without a learned model a category prior moved by
the cues stands in. On top, rules a support lead signs: money taken while the payment failed (the
payment policy treats it as urgent), security or safety incidents, repeat contacts and SLA risk.
`urgent` is only emitted when the history uses it or one of those urgent rules fires."""

import re
from datetime import datetime

import numpy as np

from support_app.models import PRIORITIES, utcnow
from support_app.services.ai.normalise import normalise
from support_app.services.ai.lexicon import compile_terms
from support_app.services.ai.types import CustomerHistory
from support_app.settings import get_settings

LEVEL = {p: i for i, p in enumerate(PRIORITIES)}  # low 0, medium 1, high 2, urgent 3

# Where a category lands without any other information (used before any priority label exists,
# and blended with the learned model).
CATEGORY_BASE = {
    "payment_problem": 1.5, "shipping_issue": 1.4, "damaged_product": 2.0, "technical_support": 1.2,
    "refund_request": 1.0, "product_return": 1.0, "account_issue": 1.0, "general_inquiry": 0.4,
}


def _compile(words: list[str]) -> re.Pattern:
    return compile_terms(words)  # whole words only


CUES = {
    "money": _compile([
        "charged twice", "double charged", "charged me twice", "double charge", "duplicate charge",
        "money deducted", "money was deducted", "amount deducted", "deducted", "debited", "taken from my account",
        "unauthorized charge", "unauthorised charge", "fraudulent", "fraud", "overcharged", "charged but",
        "paid but", "payment went through", "lost money", "money back", "chargeback",
        "doppelt abgebucht", "abgebucht", "cobrado dos veces", "cobro duplicado", "débité deux fois", "cobrado duas vezes",
    ]),
    "failure": _compile([
        "failed", "failure", "declined", "did not go through", "didn't go through", "not go through", "error",
        "fehlgeschlagen", "fallido", "falló", "échoué", "falhou",
    ]),
    "urgency": _compile([
        "urgent", "urgently", "asap", "as soon as possible", "immediately", "right away", "emergency",
        "critical", "today", "deadline", "time-sensitive", "time sensitive",
        "dringend", "sofort", "kritisch", "umgehend", "urgente", "inmediato", "inmediata", "crítico", "crítica",
        "immédiatement", "critique", "imediatamente", "crítico",
    ]),
    "outage": _compile([
        "outage", "down for", "is down", "went down", "not working at all", "cannot access", "can't access",
        "all users", "production", "data loss", "security breach", "breach", "hacked", "compromised",
        "ausfall", "sicherheitsverletzung", "interrupción", "caída", "panne", "interrupção", "violação",
    ]),
    "non_delivery": _compile([
        "hasn't arrived", "has not arrived", "haven't received", "have not received", "never arrived",
        "not arrived", "didn't arrive", "did not arrive", "not received", "lost package", "lost parcel",
        "where is my order", "still waiting",
        "nicht angekommen", "nicht erhalten", "no ha llegado", "no he recibido", "pas reçu", "pas arrivé",
        "não chegou", "não recebi",
    ]),
    "low": _compile([
        "no rush", "no hurry", "when you have time", "whenever", "just wondering", "just curious",
        "out of curiosity", "quick question", "feedback", "suggestion", "newsletter",
        "keine eile", "sin prisa", "pas pressé", "sem pressa",
    ]),
}
CUE_NAMES = list(CUES)

# Incidents a support lead handles as urgent whatever the history says (not model features).
CRITICAL = _compile([
    "security breach", "data breach", "data loss", "hacked", "account takeover", "compromised",
    "caught fire", "on fire", "smoke", "sparks", "burning smell", "swollen battery", "injured", "injury",
    "lawsuit", "lawyer", "legal action",
    "sicherheitsverletzung", "datenverlust", "gehackt", "rauch", "verletzt", "anwalt",
    "violación de seguridad", "pérdida de datos", "hackeado", "incendio", "humo", "abogado",
    "faille de sécurité", "perte de données", "piraté", "incendie", "fumée", "avocat",
    "violação de segurança", "perda de dados", "hackeado", "incêndio", "fumaça", "advogado",
])


def cue_matches(text: str) -> dict[str, list[str]]:
    text = normalise(text)
    return {name: list(dict.fromkeys(m.group(0).lower() for m in pattern.finditer(text)))
            for name, pattern in CUES.items()}


def cue_vector(text: str) -> np.ndarray:
    """Cue counts (log-scaled) as features for the learned priority model."""
    matches = cue_matches(text)
    return np.log1p(np.array([len(matches[n]) for n in CUE_NAMES], dtype=np.float32))


def _quote(cues: list[str]) -> str:
    return ", ".join(f"'{c}'" for c in cues[:3])


URGENCY_BOOST = 1.2  # multiplies the odds of high/urgent when the text carries urgency cues
LOW_BOOST = 1.5  # multiplies the odds of low when the customer says there is no rush
ANGER_BOOST = 1.3


def _category_prior(category: str) -> np.ndarray:
    base = CATEGORY_BASE.get(category, 1.0)
    return _normalise(np.exp(-2.0 * np.abs(np.arange(len(PRIORITIES)) - base)))


def _normalise(p: np.ndarray) -> np.ndarray:
    total = p.sum()
    return p / total if total > 0 else np.full(len(p), 1 / len(p))


def assess_priority(text: str, category: str, sentiment_score: float,
                    customer: CustomerHistory | None = None, created_at: datetime | None = None,
                    learned: dict[str, float] | None = None, now: datetime | None = None) -> tuple[str, list[str]]:
    """(priority, factors). `learned` holds the learned model's probabilities per priority."""
    factors: list[str] = []
    cues = cue_matches(text)
    seen = [(name, label) for name, label in (
        ("money", "money at risk"), ("outage", "service impact"), ("urgency", "urgency"),
        ("non_delivery", "order not received"), ("low", "no time pressure")) if cues[name]]
    if learned:
        p = _normalise(np.array([learned.get(x, 0.0) for x in PRIORITIES], dtype=float))
        top = PRIORITIES[int(p.argmax())]
        factors.append(f"similar past tickets: {top} ({p.max():.0%})")
        factors.append(f"category: {category.replace('_', ' ')}")
        factors.extend(f"{label}: {_quote(cues[name])}" for name, label in seen)  # weighed by the model
        history_uses_urgent = learned.get("urgent", 0.0) > 0.0
    else:
        p = _category_prior(category)
        factors.append(f"category: {category.replace('_', ' ')}")
        up = np.array([1 / URGENCY_BOOST, 1.0, URGENCY_BOOST, URGENCY_BOOST])
        for name, label in seen:
            if name == "low":
                if not (cues["money"] or cues["urgency"] or cues["outage"]):
                    p = p * np.array([LOW_BOOST, 1.0, 1 / LOW_BOOST, 1 / LOW_BOOST])
                    factors.append(f"{label}: {_quote(cues[name])}")
                continue
            p = p * up
            factors.append(f"{label}: {_quote(cues[name])}")
        if sentiment_score <= -0.4:
            p = p * np.array([1 / ANGER_BOOST, 1.0, ANGER_BOOST, ANGER_BOOST])
        history_uses_urgent = False
    if sentiment_score <= -0.4:
        factors.append(f"strongly negative sentiment ({sentiment_score:+.2f})")
    if not history_uses_urgent:
        p[LEVEL["urgent"]] = 0.0
    level = int(p.argmax())
    ceiling = LEVEL["urgent"] if history_uses_urgent else LEVEL["high"]

    money_at_risk = bool(cues["money"]) and (bool(cues["failure"]) or category in ("payment_problem", "refund_request"))
    if money_at_risk and cues["failure"] and level < LEVEL["urgent"]:
        level = LEVEL["urgent"]  # paid and nothing to show for it: the payment policy says urgent
        factors.append("payment failed while money was taken: urgent")
    critical = list(dict.fromkeys(m.group(0).lower() for m in CRITICAL.finditer(normalise(text))))
    if critical and level < LEVEL["urgent"]:
        level = LEVEL["urgent"]
        factors.append(f"security, safety or legal incident: {_quote(critical)}: urgent")
    customer = customer or CustomerHistory()
    same = customer.same_problem(category)
    if customer.recent_contacts_7d >= 2 or same >= 1:
        level = max(level, min(level + 1, ceiling))
        factors.append(f"repeat contact: {customer.recent_contacts_7d} tickets in the last 7 days"
                       + (f", {same} about the same problem ({category.replace('_', ' ')})" if same else ""))
    elif customer.open_tickets >= 3:
        factors.append(f"{customer.open_tickets} open tickets")
    if created_at is not None:
        now = now or utcnow()
        hours_open = max(0.0, (now - created_at).total_seconds() / 3600)
        target = get_settings().sla_first_response_hours.get(PRIORITIES[level], 24)
        if hours_open >= 0.5 * target and level < ceiling:
            level += 1
            factors.append(f"SLA risk: open {hours_open:.0f} h of a {target:g} h first-response target")
    return PRIORITIES[level], factors
