"""What a draft may promise: only what a cited source states, in the same sense.

A draft (local or Gemini) may contain a refund, credit, replacement, discount or compensation, an
amount, a time frame, a date, a URL, an email address, a phone number or other personal data only
when a source it cites backs it:
- a refund/credit/replacement/discount/compensation word needs a sentence of a cited source with a
  word of the same kind (in any of en/de/es/fr), negated in both or in neither ("no refunds" does
  not back "we will refund you");
- an amount needs the same figure (and currency, when both name one) in the source;
- a time frame needs the same numbers in the same unit ("5-10 business days" backs "5-10 Werktage",
  not "10 days"); a weekday or date needs the same day;
- a URL, email address, phone number, card number, IBAN or street address must appear verbatim.
Sources that may back a promise are the cited articles, policies and company documents only: a similar ticket's
resolution was written for another customer. A sentence with an unbacked claim is dropped and the
draft is marked for review (`enforce`).
"""

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from support_app.services.ai import pii
from support_app.services.ai.normalise import normalise
from support_app.services.ai.types import Draft, Evidence, Source

WORD_KINDS = {
    "refund": r"refund\w*|reimburs\w*|money\s+back|repay\w*|r[üu]ckerstatt\w*|erstatt\w*|r[üu]ckzahl\w*|"
              r"geld\s+zur[üu]ck|reembols\w*|devoluci[óo]n\s+del\s+dinero|devolver\w*\s+(?:el|su)\s+dinero|"
              r"rembours\w*",
    "credit": r"(?<!tarjeta de )(?<!carte de )credit(?!\s*cards?)\w*|store\s+credit|voucher\w*|coupon\w*|"
              r"gift\s+card\w*|gutschrift\w*|gutschein\w*|guthaben\w*|(?<!tarjeta de )cr[ée]dito(?!\s+card)|"
              r"bon\s+d'achat|vale\s+de\s+compra",
    "replacement": r"replac\w*|ersatz\w*|austausch\w*|umtausch\w*|reemplaz\w*|sustitu\w*|remplac\w*|"
                   r"[ée]change\w*|new\s+one\s+(?:sent|shipped)",
    "discount": r"discount\w*|\d+\s?%\s+off|rabatt\w*|preisnachlass\w*|nachlass\w*|descuento\w*|rebaja\w*|"
                r"remise\w*|r[ée]duction\w*|ristourne\w*",
    "compensation": r"compensat\w*|entsch[äa]dig\w*|kompensation\w*|indemni[sz]\w*|dédommag\w*|dedommag\w*|"
                    r"free\s+of\s+charge|at\s+no\s+(?:extra\s+|additional\s+)?cost|kostenlos\w*|"
                    r"gratis|gratuit\w*|sin\s+coste|sin\s+costo",
}
_WORDS = {kind: re.compile(rf"(?<!\w)(?:{pattern})", re.IGNORECASE) for kind, pattern in WORD_KINDS.items()}
_NEGATION = re.compile(
    r"\b(?:not|no|never|cannot|can't|won't|don't|doesn't|isn't|aren't|unable|nicht|kein\w*|nie|niemals|"
    r"nunca|jam[áa]s|ning[úu]n\w*|pas|jamais|aucun\w*)\b|n't\b", re.IGNORECASE)

_CURRENCY = {"$": "usd", "usd": "usd", "dollar": "usd", "dollars": "usd", "€": "eur", "eur": "eur",
             "euro": "eur", "euros": "eur", "£": "gbp", "gbp": "gbp", "pound": "gbp", "pounds": "gbp",
             "chf": "chf", "%": "%", "prozent": "%", "por ciento": "%", "pour cent": "%"}
_NUMBER = r"\d{1,3}(?:[.,\s]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_AMOUNT = re.compile(
    rf"(?P<pre>[$€£]|\b(?:usd|eur|gbp|chf)\b)\s?(?P<a>{_NUMBER})"
    rf"|(?P<b>{_NUMBER})\s?(?P<post>%|[$€£]|(?:usd|eur|gbp|chf|dollars?|euros?|pounds?|prozent|por\s+ciento|"
    rf"pour\s+cent)\b)", re.IGNORECASE)

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twelve": 12, "fourteen": 14, "fifteen": 15, "thirty": 30,
    "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "zwölf": 12, "vierzehn": 14, "dreißig": 30,
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "siete": 7, "ocho": 8, "nueve": 9,
    "diez": 10, "doce": 12, "catorce": 14, "quince": 15, "treinta": 30,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "douze": 12, "quatorze": 14, "quinze": 15, "trente": 30,
}
UNITS = {
    "minute": r"minutes?|mins?|minuten|minutos?",
    "hour": r"hours?|hrs?|h|stunden?|std\.?|horas?|heures?",
    "business_day": r"business\s+days?|working\s+days?|werktagen?|werktage|arbeitstagen?|arbeitstage|"
                    r"d[íi]as\s+(?:h[áa]biles|laborables)|jours\s+ouvr[ée]s|jours\s+ouvrables",
    "day": r"calendar\s+days?|days?|tagen?|tage|d[íi]as?|jours?",
    "week": r"weeks?|wochen?|semanas?|semaines?",
    "month": r"months?|monaten?|monate|monat|mes(?:es)?|mois",
    "year": r"years?|jahren?|jahre|jahr|a[ñn]os?|ans|ann[ée]es?",
}
_QUANTITY = r"\d+(?:[.,]\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_TIME_FRAME = re.compile(
    rf"(?<!\w)(?P<n1>{_QUANTITY})(?:\s*(?:-|–|to|bis|a|à|y|and|und|or|oder|ou|o)\s*(?P<n2>{_QUANTITY}))?\s*"
    rf"(?P<unit>{'|'.join(f'(?P<{name}>{pattern})' for name, pattern in UNITS.items())})(?!\w)",
    re.IGNORECASE)
DAYS = {
    "mon": r"monday|montag|lunes|lundi", "tue": r"tuesday|dienstag|martes|mardi",
    "wed": r"wednesday|mittwoch|mi[ée]rcoles|mercredi", "thu": r"thursday|donnerstag|jueves|jeudi",
    "fri": r"friday|freitag|viernes|vendredi", "sat": r"saturday|samstag|sonnabend|s[áa]bado|samedi",
    "sun": r"sunday|sonntag|domingo|dimanche", "today": r"today|tonight|heute|hoy|aujourd'hui",
    "tomorrow": r"tomorrow|(?<!guten )morgen(?!s)|ma[ñn]ana|demain|[üu]bermorgen",
    "end_of_week": r"end\s+of\s+(?:the\s+)?week|ende\s+der\s+woche|fin\s+de\s+(?:la\s+)?semana",
}
_DAYS = {key: re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE) for key, pattern in DAYS.items()}
_MONTH = (r"(?:jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch)?|m[äa]rz|apr(?:il)?|ma[iy]|june?|juni|july?|juli|"
          r"aug(?:ust)?|sept?(?:ember)?|o[ck]t(?:ober)?|nov(?:ember)?|de[cz](?:ember)?)\.?(?!\w)")
_DATE = re.compile(rf"(?<![\w/.-])\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}(?![\w/-])"
                   rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
                   rf"|\b\d{{1,2}}(?:st|nd|rd|th|\.)?\s+(?:of\s+)?{_MONTH}", re.IGNORECASE)
_URL = re.compile(r"\bhttps?://[^\s<>\"')\]]+|\bwww\.[^\s<>\"')\]]+"
                  r"|(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|shop|store|info|de|es|fr|uk|eu|"
                  r"at|ch|it|nl|pt|app|help)(?:/[^\s<>\"')\]]*)?(?![\w@])", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_CLAUSE_BREAK = re.compile(r"[,;:\"“”„()\[\]]|\s[-–]\s|\b(?:but|aber|pero|mais)\b", re.IGNORECASE)


def _negated(sentence: str, start: int, end: int) -> bool:
    """Whether the clause around sentence[start:end] is negated ("we do not offer refunds")."""
    before = _CLAUSE_BREAK.split(sentence[:start])[-1]
    after = _CLAUSE_BREAK.split(sentence[end:])[0]
    return bool(_NEGATION.search(f"{before} {sentence[start:end]} {after}"))


@dataclass(frozen=True)
class Claim:
    kind: str  # refund, credit, replacement, discount, compensation, amount, time frame, date, url, email, ...
    text: str  # as written in the draft
    key: object  # what must match in a source (for words: whether its clause is negated)


def _number(text: str) -> Decimal | None:
    text = re.sub(r"\s", "", text)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):  # 1.234 or 1,234: thousands
        text = re.sub(r"[.,]", "", text)
    elif re.search(r"[.,]\d{3}[.,]\d{1,2}$", text):  # 1.234,56 or 1,234.56
        text = re.sub(r"[.,](?=\d{3})", "", text)
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def _quantity(text: str | None) -> Decimal | None:
    if not text:
        return None
    word = NUMBER_WORDS.get(text.lower())
    return Decimal(word) if word is not None else _number(text)


_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "mär": 3, "apr": 4, "may": 5, "mai": 5, "jun": 6, "jul": 7, "aug": 8,
           "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "dez": 12}


def _date_key(text: str) -> tuple:
    """The same key for "March 5th", "5 March" and "5. März": the numbers, and the month if named."""
    month = re.search(r"[a-zä]{3}", text.lower())
    numbers = tuple(int(n) for n in re.findall(r"\d+", text))
    return (numbers, _MONTHS.get(month.group(0)) if month and month.group(0) in _MONTHS else None)


def _strip(text: str) -> str:
    return text.rstrip(".,;:!?)'\"")


def claims(sentence: str) -> list[Claim]:
    """Every promise-like statement in one sentence, in the order: words, contact and personal
    data, URLs, amounts, time frames, days and dates."""
    sentence = normalise(sentence)
    found: list[Claim] = []
    for kind, pattern in _WORDS.items():
        found += [Claim(kind, m.group(0), _negated(sentence, m.start(), m.end())) for m in pattern.finditer(sentence)]
    rest = sentence
    for kind, text in pii.find(sentence):
        key = re.sub(r"\D", "", text.replace("(0)", "")) if kind == "phone" else re.sub(r"\s+", " ", text.lower())
        found.append(Claim(kind, text, key))
        rest = rest.replace(text, " ")
    for match in _URL.finditer(rest):
        url = _strip(match.group(0))
        found.append(Claim("url", url, url.lower()))
        rest = rest.replace(match.group(0), " ")
    for match in _AMOUNT.finditer(rest):
        value = _number(match.group("a") or match.group("b"))
        unit = (match.group("pre") or match.group("post") or "").lower()
        found.append(Claim("amount", match.group(0).strip(), (value, _CURRENCY.get(re.sub(r"\s+", " ", unit)))))
    for match in _TIME_FRAME.finditer(rest):
        unit = next(name for name in UNITS if match.group(name))
        quantities = (_quantity(match.group("n1")), _quantity(match.group("n2")))
        numbers = tuple(sorted(n for n in quantities if n is not None))
        found.append(Claim("time frame", match.group(0).strip(), (numbers, unit)))
    for key, pattern in _DAYS.items():
        found += [Claim("date", m.group(0), key) for m in pattern.finditer(rest)]
    for match in _DATE.finditer(rest):
        found.append(Claim("date", match.group(0).strip(), _date_key(match.group(0))))
    return found


def _sentences(text: str) -> list[str]:
    return [s for line in text.splitlines() for s in _SENTENCE_END.split(line) if s.strip()]


@dataclass
class _Backing:
    """What the cited sources state, indexed for the claim checks."""

    text: str
    keys: set = field(default_factory=set)

    @classmethod
    def of(cls, sources: list[str]) -> "_Backing":
        backing = cls(" \n".join(_read(source)[0] for source in sources))
        for source in sources:
            backing.keys.update(_read(source)[1])
        return backing

    def supports(self, claim: Claim) -> bool:
        if claim.kind == "amount":
            value, currency = claim.key
            return any(kind == "amount" and key[0] == value and (not currency or not key[1] or key[1] == currency)
                       for kind, key in self.keys)
        if claim.kind in ("url", "email"):
            return claim.key in self.text
        return (claim.kind, claim.key) in self.keys


@lru_cache(maxsize=1024)
def _read(source: str) -> tuple[str, frozenset]:
    """(normalised lower-case text, claim keys) of one cited passage. Passages are knowledge
    articles, policies and document sections, the same few for many tickets, so their reading is
    kept (most of a draft's check); a ticket's own text never goes through here. Sources are joined
    by line breaks, which neither `normalise` nor the sentence split crosses, so reading them one
    by one gives what reading them joined gave."""
    text = normalise(source)
    keys = frozenset((claim.kind, claim.key) for sentence in _sentences(text) for claim in claims(sentence))
    return text.lower(), keys


def unsupported(sentence: str, backing: _Backing) -> list[Claim]:
    return [claim for claim in claims(sentence) if not backing.supports(claim)]


def unsupported_claims(text: str, sources: list[str]) -> list[str]:
    """Claims in `text` (as written) that no text in `sources` backs."""
    backing = _Backing.of(sources)
    return [claim.text for sentence in _sentences(text) for claim in unsupported(sentence, backing)]


@dataclass
class PromiseCheck:
    text: str  # the draft without the dropped sentences
    sentences: int  # sentences in the draft as given
    dropped: list[list[str]]  # per dropped sentence, the kinds of its unbacked claims

    @property
    def note(self) -> str:
        kinds = sorted({kind for sentence in self.dropped for kind in sentence})
        count = len(self.dropped)
        return (f"draft: removed {count} sentence{'s' if count != 1 else ''} promising what no cited article "
                f"or policy states ({', '.join(kinds)}); review before sending")


def check(text: str, sources: list[str]) -> PromiseCheck:
    """Drop every sentence with an unbacked claim; the rest keeps its lines and paragraphs."""
    backing = _Backing.of(sources)
    lines, dropped, total = [], [], 0
    for line in text.splitlines():
        kept = []
        for sentence in _SENTENCE_END.split(line):
            if not sentence.strip():
                continue
            total += 1
            bad = unsupported(sentence, backing)
            if bad:
                dropped.append(sorted({claim.kind for claim in bad}))
            else:
                kept.append(sentence)
        if kept or not line.strip():
            lines.append(" ".join(kept))
    result = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return PromiseCheck(result, total, dropped)


def backing_sources(cited: list[Source], evidence: Evidence) -> list[str]:
    """Texts that may back a promise: the cited articles, policies and document passages (title and passage)."""
    keys = {(source.kind, source.id) for source in cited if source.kind in ("article", "document")}
    return [f"{hit.title}\n{hit.passage}" for hit in evidence.articles
            if (hit.source_kind, hit.article_id) in keys]


def enforce(draft: Draft, evidence: Evidence) -> Draft:
    """The draft with its unbacked sentences dropped; marked for review with a note if any were."""
    result = check(draft.text, backing_sources(draft.sources, evidence))
    if not result.dropped:
        return draft
    return replace(draft, text=result.text, needs_review=True, review_notes=[*draft.review_notes, result.note])
