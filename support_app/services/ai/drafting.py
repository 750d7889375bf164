"""Grounded reply drafts, composed without a language model.

A draft is a fixed frame (greeting, acknowledgement, closing) in the ticket's language (en, de, es,
fr; English otherwise) around sentences extracted verbatim, in their own language, from the
evidence: passages of published articles and approved resolutions of similar tickets.
The frame itself never mentions refunds, credits, money or dates, so every such statement in a
draft is a sentence of a cited source. Resolutions were written for another customer, so their
sentences that commit to money, refunds, credits, dates, or name a URL, email, phone number or other
personal data are never reused. The ticket's own text is never copied into the draft (it is
untrusted). Every draft, local or Gemini, then goes through `promises.enforce` in the pipeline.
"""

import re
from dataclasses import dataclass

from support_app.services.ai.promises import claims, unsupported_claims  # noqa: F401 (re-exported)
from support_app.services.ai.types import Analysis, Draft, Evidence, Source, TicketInput

MAX_ARTICLE_SOURCES = 2
MAX_TICKET_SOURCES = 1
MAX_PER_SOURCE = 2  # sentences: the best one and the one after it
MIN_SENTENCE_CHARS = 20

@dataclass(frozen=True)
class Frame:
    """The fixed words of a local draft in one language. None of them mentions refunds, credits,
    money or dates: every such statement in a draft is a sentence of a cited source."""

    greeting: str  # with {name}
    greeting_no_name: str
    thanks: str  # with {topic}
    order: str  # with {order}
    recent_contact: str
    sorry: str
    returning: str
    article: str  # with {title}; the article's sentences follow, quoted in the article's language
    precedent: str
    not_solved: str
    reviewing: str
    closing: str
    signature: str
    topics: dict[str, str]
    default_topic: str
    document: str = ""  # with {title} ("title, section ..., page ..."); a company document's sentences follow


FRAMES = {
    "en": Frame(
        greeting="Hi {name},", greeting_no_name="Hello,",
        thanks="Thank you for contacting us about {topic}", order=" (order {order})",
        recent_contact="I can see you have been in touch with us recently, and I'm sorry you had to write again.",
        sorry="I'm sorry for the trouble this has caused.", returning="Thank you for being a returning customer.",
        article='From our help article "{title}": ', precedent="In similar cases, this is what helped: ",
        not_solved="If this does not solve it, reply to this message and we will look into it further.",
        reviewing="A member of our team is reviewing your message and will reply with the next steps.",
        closing="Best regards,", signature="Customer Support",
        topics={
            "shipping_issue": "your delivery", "payment_problem": "a payment", "product_return": "a return",
            "technical_support": "a technical problem", "account_issue": "your account",
            "general_inquiry": "your question", "refund_request": "your request",
            "damaged_product": "an item that arrived damaged",
        },
        default_topic="your question",
        document='From our document "{title}": ',
    ),
    "de": Frame(
        greeting="Hallo {name},", greeting_no_name="Guten Tag,",
        thanks="vielen Dank für Ihre Nachricht zu {topic}", order=" (Bestellung {order})",
        recent_contact="Ich sehe, dass Sie sich kürzlich schon an uns gewandt haben, und es tut mir leid, "
                       "dass Sie erneut schreiben mussten.",
        sorry="Die Unannehmlichkeiten tun mir leid.", returning="Schön, dass Sie wieder bei uns sind.",
        article="Aus unserem Hilfeartikel „{title}“: ", precedent="In ähnlichen Fällen hat Folgendes geholfen: ",
        not_solved="Falls das Ihr Anliegen nicht löst, antworten Sie einfach auf diese Nachricht, "
                   "dann sehen wir uns das genauer an.",
        reviewing="Ein Mitglied unseres Teams prüft Ihre Nachricht und meldet sich mit den nächsten Schritten.",
        closing="Mit freundlichen Grüßen", signature="Ihr Kundenservice",
        topics={
            "shipping_issue": "Ihrer Lieferung", "payment_problem": "einer Zahlung",
            "product_return": "einer Rücksendung", "technical_support": "einem technischen Problem",
            "account_issue": "Ihrem Konto", "general_inquiry": "Ihrer Frage", "refund_request": "Ihrem Anliegen",
            "damaged_product": "einem beschädigt angekommenen Artikel",
        },
        default_topic="Ihrer Frage",
        document="Aus unserem Dokument „{title}“: ",
    ),
    "es": Frame(
        greeting="Hola, {name}:", greeting_no_name="Hola:",
        thanks="Gracias por escribirnos sobre {topic}", order=" (pedido {order})",
        recent_contact="Veo que se ha puesto en contacto con nosotros recientemente y lamento que haya tenido "
                       "que volver a escribirnos.",
        sorry="Lamento las molestias que esto le ha causado.", returning="Gracias por seguir confiando en nosotros.",
        article="Según nuestro artículo de ayuda «{title}»: ", precedent="En casos similares, esto es lo que ayudó: ",
        not_solved="Si esto no lo soluciona, responda a este mensaje y lo revisaremos más a fondo.",
        reviewing="Un miembro de nuestro equipo está revisando su mensaje y le responderá con los próximos pasos.",
        closing="Saludos cordiales,", signature="Atención al cliente",
        topics={
            "shipping_issue": "su entrega", "payment_problem": "un pago",
            "product_return": "la devolución de un artículo",
            "technical_support": "un problema técnico", "account_issue": "su cuenta", "general_inquiry": "su consulta",
            "refund_request": "su solicitud", "damaged_product": "un artículo que llegó dañado",
        },
        default_topic="su consulta",
        document="Según nuestro documento «{title}»: ",
    ),
    "fr": Frame(
        greeting="Bonjour {name},", greeting_no_name="Bonjour,",
        thanks="Merci de nous avoir contactés au sujet de {topic}", order=" (commande {order})",
        recent_contact="Je vois que vous nous avez contactés récemment, et je suis désolé que vous ayez dû "
                       "nous écrire à nouveau.",
        sorry="Je suis désolé pour la gêne occasionnée.", returning="Merci pour votre fidélité.",
        article="Extrait de notre article d’aide « {title} » : ",
        precedent="Dans des cas similaires, voici ce qui a aidé : ",
        not_solved="Si cela ne résout pas le problème, répondez à ce message et nous examinerons la situation "
                   "plus en détail.",
        reviewing="Un membre de notre équipe examine votre message et reviendra vers vous avec les prochaines étapes.",
        closing="Cordialement,", signature="Le service client",
        topics={
            "shipping_issue": "votre livraison", "payment_problem": "un paiement", "product_return": "un retour",
            "technical_support": "un problème technique", "account_issue": "votre compte",
            "general_inquiry": "votre question", "refund_request": "votre demande",
            "damaged_product": "un article arrivé endommagé",
        },
        default_topic="votre question",
        document="Extrait de notre document « {title} » : ",
    ),
}
DEFAULT_FRAME_LANGUAGE = "en"
TOPICS = FRAMES["en"].topics


def frame_for(language: str | None) -> Frame:
    """The frame in the ticket's language; English for a language without one."""
    return FRAMES.get((language or "").strip().lower()[:2], FRAMES[DEFAULT_FRAME_LANGUAGE])


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
        ("article", [(Source(h.source_kind, h.article_id, h.citation), split_sentences(plain_text(h.passage)),
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


def _paragraphs(chosen: list[tuple[Source, list[str]]], frame: Frame) -> list[str]:
    paragraphs = [(frame.document if source.kind == "document" else frame.article).format(title=source.title)
                  + " ".join(run) for source, run in chosen if source.kind in ("article", "document")]
    precedent = [" ".join(run) for source, run in chosen if source.kind == "ticket"]
    if precedent:
        paragraphs.append(frame.precedent + " ".join(precedent))
    return paragraphs


def compose_draft(ticket: TicketInput, analysis: Analysis, evidence: Evidence) -> Draft:
    """The frame in the ticket's language (`analysis.language`) around sentences quoted as written."""
    frame = frame_for(analysis.language)
    first = _first_name(ticket.customer.name)
    lines = [frame.greeting.format(name=first) if first else frame.greeting_no_name, ""]

    opening = frame.thanks.format(topic=frame.topics.get(analysis.category, frame.default_topic))
    order = _order_number(ticket.order_number)
    opening += (frame.order.format(order=order) if order else "") + "."
    if ticket.customer.recent_contacts_7d > 0:
        opening += " " + frame.recent_contact
    elif analysis.sentiment == "negative":
        opening += " " + frame.sorry
    elif ticket.customer.previous_tickets > 0:
        opening += " " + frame.returning
    lines += [opening, ""]

    chosen = _select(_words(ticket.text), evidence)
    paragraphs, sources = _paragraphs(chosen, frame), [source for source, _ in chosen]
    if paragraphs:
        for paragraph in paragraphs:
            lines += [paragraph, ""]
        lines += [frame.not_solved, ""]
    else:
        lines += [frame.reviewing, ""]
    lines += [frame.closing, frame.signature]
    return Draft(text="\n".join(lines), sources=sources, engine="local")
