"""Grounded reply drafts, composed without a language model.

A draft is a fixed frame (greeting, acknowledgement, closing) around sentences extracted verbatim
from the evidence: passages of published articles and approved resolutions of similar tickets.
The frame itself never mentions refunds, credits, money or dates, so every such statement in a
draft is a sentence of a cited source. Resolutions were written for another customer, so their
sentences that commit to money, refunds, credits, dates, or name a URL, email, phone number or other
personal data are never reused. The ticket's own text is never copied into the draft (it is
untrusted). Every draft, local or Gemini, then goes through `promises.enforce` in the pipeline.
"""

import re

from support_app.services.ai.promises import claims, unsupported_claims  # noqa: F401 (re-exported)
from support_app.services.ai.types import Analysis, Draft, Evidence, Source, TicketInput

MAX_ARTICLE_SOURCES = 2
MAX_TICKET_SOURCES = 1
MAX_PER_SOURCE = 2  # sentences: the best one and the one after it
MIN_SENTENCE_CHARS = 20

TOPICS = {
    "shipping_issue": "your delivery",
    "payment_problem": "a payment",
    "product_return": "a return",
    "technical_support": "a technical problem",
    "account_issue": "your account",
    "general_inquiry": "your question",
    "refund_request": "your request",
    "damaged_product": "an item that arrived damaged",
}

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[a-zA-Z][a-zA-Z']+")
_STOP = frozenset("""a about above after again all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have
having he her here hers him his how i if in into is it its just me more most my no nor not now of off on
once only or other our ours out over own same she should so some such than that the their them then
there these they this those through to too under until up very was we were what when where which while
who whom why will with would you your yours hello hi thanks thank please""".split())

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.M)
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


def plain_text(markdown: str) -> str:
    """Article markdown as plain prose for a reply: no headings, link targets or emphasis marks."""
    text = _MD_HEADING.sub("", markdown)
    text = _MD_LINK.sub(r"\1", text)
    return _MD_EMPHASIS.sub("", text)


def split_sentences(text: str) -> list[str]:
    return [s.strip(" -*•\t") for s in _SENTENCE.split(text) if s.strip(" -*•\t")]


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) > 2 and w.lower() not in _STOP}


def _commitments(sentence: str) -> list[str]:
    return [claim.text for claim in claims(sentence)]


def _first_name(name: str) -> str:
    first = re.sub(r"[^\w'\- ]", "", name or "").strip().split(" ")[0] if name else ""
    return first[:40]


def _order_number(value: str | None) -> str:
    return value if value and re.fullmatch(r"[A-Za-z0-9\-_/#]{1,32}", value) else ""


_GREETING = re.compile(r"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\b[ ,]*([A-Z][a-z]+)?", re.I)
_DANGLING = re.compile(r"^(?:it|this|that|these|those|they|both|he|she|there)\b", re.I)
# In another customer's resolution: greetings, apologies, thanks, and the agent's own actions or
# promises ("I've opened", "we'll send") were true for that customer only.
_CASE_SPECIFIC = re.compile(
    r"\b(?:sorry|apolog\w*|thank\w*|cheers|regards)\b|"
    r"\b(?:i|we)(?:'ve|'ll|'m|'d| have| will| am| had| just| already)\b|"
    r"\b[A-Z]{2,}-?\d{3,}\b", re.I)


_GUIDANCE = re.compile(
    r"^(?:if|when|once|after|before|to|please|you can|you could|you'll|make sure|try|open|go|choose|select|"
    r"check|click|tap|sign|use|reset|restart|update|contact|reply|send|keep|wait|remove|turn|hold|press)\b", re.I)


def _quotable(sentence: str) -> bool:
    return (len(sentence) >= MIN_SENTENCE_CHARS and not sentence.endswith((":", "?"))
            and not _DANGLING.match(sentence))


def _resolution_sentences(resolution: str) -> list[str]:
    """The guidance in another customer's resolution ("If ...", "Open ...", "You can ..."),
    without greetings, names, order numbers, apologies, the agent's own actions or promises,
    or commitments (refund, credit, amount, date): those held for that customer only."""
    greeting = _GREETING.match(resolution.strip())
    name = greeting.group(1) if greeting and greeting.group(1) else None
    return [
        sentence if _GUIDANCE.match(sentence) and not _GREETING.match(sentence)
        and not _CASE_SPECIFIC.search(sentence) and not _commitments(sentence)
        and not (name and re.search(rf"\b{re.escape(name)}\b", sentence)) else ""
        for sentence in split_sentences(resolution)
    ]


def _best_run(sentences: list[str], ticket_words: set[str], similarity: float) -> tuple[float, list[str]]:
    """The best quotable sentence of a source and the one after it, if quotable too."""
    best, best_pos = -1.0, -1
    for pos, sentence in enumerate(sentences):
        if not sentence or not _quotable(sentence):
            continue
        words = _words(sentence)
        score = 0.6 * similarity + 0.4 * min(1.0, len(words & ticket_words) / max(1, min(len(words), 8)))
        if score > best:
            best, best_pos = score, pos
    if best_pos < 0:
        return -1.0, []
    run = [sentences[best_pos]]
    following = sentences[best_pos + 1] if best_pos + 1 < len(sentences) else ""
    if following and _quotable(following) and len(run) < MAX_PER_SOURCE:
        run.append(following)
    return best, run


def _select(ticket_words: set[str], evidence: Evidence) -> list[tuple[Source, list[str]]]:
    """Best articles first (up to MAX_ARTICLE_SOURCES), then precedents (MAX_TICKET_SOURCES)."""
    chosen: list[tuple[Source, list[str]]] = []
    seen: set[str] = set()
    for kind, items, limit in (
        ("article", [(Source("article", h.article_id, h.title), split_sentences(plain_text(h.passage)),
                      h.similarity)
                     for h in evidence.articles], MAX_ARTICLE_SOURCES),
        ("ticket", [(Source("ticket", t.ticket_id, t.subject), _resolution_sentences(t.resolution), t.similarity)
                    for t in evidence.similar_tickets], MAX_TICKET_SOURCES),
    ):
        runs = sorted((_best_run(sentences, ticket_words, similarity) + (source,)
                       for source, sentences, similarity in items), key=lambda r: r[0], reverse=True)
        taken = 0
        for score, run, source in runs:
            run = [sentence for sentence in run if sentence.lower() not in seen]
            if score < 0 or not run or taken >= limit:
                continue
            if any(s.kind == source.kind and s.id == source.id for s, _ in chosen):
                continue  # another passage of the same article
            chosen.append((source, run))
            seen.update(sentence.lower() for sentence in run)
            taken += 1
    return chosen


def _paragraphs(chosen: list[tuple[Source, list[str]]]) -> list[str]:
    paragraphs = [f'From our help article "{source.title}": {" ".join(run)}'
                  for source, run in chosen if source.kind == "article"]
    precedent = [" ".join(run) for source, run in chosen if source.kind == "ticket"]
    if precedent:
        paragraphs.append("In similar cases, this is what helped: " + " ".join(precedent))
    return paragraphs


def compose_draft(ticket: TicketInput, analysis: Analysis, evidence: Evidence) -> Draft:
    first = _first_name(ticket.customer.name)
    lines = [f"Hi {first}," if first else "Hello,", ""]

    opening = f"Thank you for contacting us about {TOPICS.get(analysis.category, 'your question')}"
    order = _order_number(ticket.order_number)
    opening += f" (order {order})." if order else "."
    if ticket.customer.recent_contacts_7d > 0:
        opening += " I can see you have been in touch with us recently, and I'm sorry you had to write again."
    elif analysis.sentiment == "negative":
        opening += " I'm sorry for the trouble this has caused."
    elif ticket.customer.previous_tickets > 0:
        opening += " Thank you for being a returning customer."
    lines += [opening, ""]

    chosen = _select(_words(ticket.text), evidence)
    paragraphs, sources = _paragraphs(chosen), [source for source, _ in chosen]
    if paragraphs:
        for paragraph in paragraphs:
            lines += [paragraph, ""]
        lines += ["If this does not solve it, reply to this message and we will look into it further.", ""]
    else:
        lines += ["A member of our team is reviewing your message and will reply with the next steps.", ""]
    lines += ["Best regards,", "Customer Support"]
    return Draft(text="\n".join(lines), sources=sources, engine="local")
