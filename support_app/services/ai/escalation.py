"""Whether a person must take a ticket over, and why: a structured decision, never words in a reply.

Each reason is "code: detail"; the codes are the module constants below.
"""

import re

from support_app.services.ai.normalise import normalise, reveal
from support_app.services.ai.types import Analysis, EscalationDecision, TicketInput

LOW_CONFIDENCE = "low_confidence"
URGENT = "urgent_priority"
NEGATIVE = "negative_sentiment"
SENSITIVE = "sensitive_topic"
REPEAT = "repeat_contact"
INJECTION = "prompt_injection_suspected"
INVALID_OUTPUT = "invalid_model_output"

NEGATIVE_SENTIMENT_SCORE = -0.6  # polarity at or below this is "strongly negative"
REPEAT_CONTACTS_7D = 2  # earlier tickets from the same customer in the last 7 days
SAME_PROBLEM_7D = 1  # earlier tickets of the same category in the last 7 days: the answer did not help

# Topics a person must handle. English plus the other languages the desk receives (de, es, fr, pt).
SENSITIVE_TOPICS = {
    "legal": r"lawyer|attorney|lawsuit|legal action|sue you|suing|take you to court|court|solicitor|"
             r"small claims|trading standards|ombudsman|anwalt|klage|gericht|abogado|demanda|avocat|"
             r"tribunal|advogado|processo judicial",
    "fraud": r"fraud\w*|scam\w*|unauthori[sz]ed (?:charge|transaction|payment|purchase)|stolen card|"
             r"identity theft|hacked|betrug|estafa|fraude|arnaque",
    "chargeback": r"charge ?backs?|dispute (?:the|this) (?:charge|payment|transaction)|"
                  r"dispute with my (?:bank|card)|r[üu]ckbuchung|contracargo|r[ée]trofacturation",
    "safety": r"injur\w*|caught fire|on fire|fire hazard|burn(?:ed|t|s)?\b|smok(?:e|ing)|electric shock|"
              r"shocked me|explod\w*|chok\w*|unsafe|dangerous|hazard\w*|verletz\w*|peligro\w*|"
              r"danger(?:eux)?|perigos\w*",
}
_TOPIC_PATTERNS = {topic: re.compile(rf"\b(?:{pattern})\b", re.I) for topic, pattern in SENSITIVE_TOPICS.items()}


def sensitive_topics(text: str) -> list[str]:
    """Topics named in the text, read normalised and revealed (`fr\u200baud`, `l\u0430wyer` and
    `fr4ud` all count: escalating one ticket too many is cheaper than missing one)."""
    normal = normalise(text)
    forms = (normal, reveal(normal))
    return [topic for topic, pattern in _TOPIC_PATTERNS.items() if any(pattern.search(f) for f in forms)]


def decide(ticket: TicketInput, analysis: Analysis, confidence: float, escalation_threshold: float,
           invalid_model_output: bool = False) -> EscalationDecision:
    reasons: list[str] = []
    if confidence < escalation_threshold:
        reasons.append(f"{LOW_CONFIDENCE}: confidence {confidence:.2f} is below {escalation_threshold:.2f}")
    if analysis.priority == "urgent":
        reasons.append(f"{URGENT}: priority is urgent")
    if analysis.sentiment_score <= NEGATIVE_SENTIMENT_SCORE:
        reasons.append(f"{NEGATIVE}: sentiment score {analysis.sentiment_score:.2f}")
    for topic in sensitive_topics(ticket.text):
        reasons.append(f"{SENSITIVE}: {topic}")
    same = ticket.customer.same_problem(analysis.category)
    if ticket.customer.recent_contacts_7d >= REPEAT_CONTACTS_7D:
        reasons.append(f"{REPEAT}: {ticket.customer.recent_contacts_7d} earlier tickets in the last 7 days")
    elif same >= SAME_PROBLEM_7D:
        reasons.append(f"{REPEAT}: {same} earlier ticket{'s' if same > 1 else ''} about the same problem "
                       f"({analysis.category.replace('_', ' ')}) in the last 7 days")
    if analysis.injection_suspected:
        reasons.append(f"{INJECTION}: the ticket text tries to instruct the assistant")
    if invalid_model_output:
        reasons.append(f"{INVALID_OUTPUT}: the model's answer failed validation; local analysis used")
    return EscalationDecision(escalate=bool(reasons), reasons=reasons)
