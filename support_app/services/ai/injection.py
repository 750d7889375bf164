"""Suspected prompt injection in ticket text (or in a source about to go into a prompt). Ticket
text is data, never instructions: a ticket that tries to talk to the model is escalated to a human
instead of being triaged automatically.

The cues are read in several forms of the text, so obfuscation does not hide them: the normalised
text (`normalise`), the revealed text (entities, %-escapes, accents, leetspeak), hidden Unicode tag
characters, base64 and rot13 payloads, reversed text, and text spelt out letter by letter (`i g n o r e`).
`without_injection` gives the text with the hostile parts cut out: what the customer actually
needs, for the classifier and the priority and sentiment cues.
"""

import base64
import binascii
import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

from support_app.services.ai.normalise import hidden_tag_text, normalise, reveal, squash

_LABELS = (r"(?:urgent|high|low|medium|critical|top|\w+_\w+|refund|shipping|payment|account|technical|"
           r"general|damaged|return|positive|negative|neutral|resolved|priority|dringend|hoch|niedrig|mittel|"
           r"kritisch|rückerstattung|ruckerstattung|erstattung)")
_INSTRUCTION_NOUNS = (r"(?:instructions?|rules|prompts?|guidelines|directions|guardrails|programming|"
                      r"system\s+(?:message|prompt)|restrictions|safety\s+rules|policies\s+above)")
_OTHERS = (r"(?:other|another|previous|last|all|every|different)\s+"
           r"(?:customer|user|client|buyer|account\s+holder)s?(?:'s|s')?(?!\s+(?:service|support|care))")
_PII_WORDS = (r"(?:e-?mail|address|phone|number|card|iban|bank|data|details|information|info|orders?|"
              r"tickets?|names?|passwords?|records)")

# Where an imperative starts: the start of a sentence, or after "please", "and", "you must", ...
_IMPERATIVE = (r"(?:^|(?<=[.!?;:,\n(\[])\s*|\b(?:please|pls|must|should|now|and|then|just|to|bitte|und|dann|"
               r"jetzt|sofort)\s+)")

_PATTERNS = [
    # Overrides: "ignore all previous instructions", "disregard the rules above"
    rf"\b(?:ignore|disregard|forget|override|bypass|skip|drop)\b.{{0,40}}?\b{_INSTRUCTION_NOUNS}\b",
    r"\b(?:ignore|disregard|forget)\s+(?:everything|all|anything)\s+(?:above|before|previous|prior|you\s+were\s+told)",
    r"\bsystem\s*(?:prompt|message|instructions?)\b",
    r"\b(?:developer|admin|god|jailbreak|dan|debug|maintenance|sudo|unrestricted)\s+mode\b",
    r"\bjailbreak\w*\b|\bdo\s+anything\s+now\b",
    # Role play
    r"\byou\s+are\s+(?:now|no\s+longer)\b|\byou'?re\s+(?:now|no\s+longer)\b",
    r"\bfrom\s+now\s+on,?\s+(?:you|your|the\s+assistant)\b",
    r"\bact\s+as\s+(?:an?\s+|my\s+|the\s+)?(?:ai|assistant|system|admin\w*|developer|different|manager|"
    r"supervisor|agent|bot|model|unfiltered)\b",
    r"\bpretend\s+(?:to\s+be|you\s+are|you're|that\s+you)\b",
    r"\b(?:role-?\s?play|let'?s\s+play\s+a\s+game|imagine\s+you\s+are|stay\s+in\s+character)\b",
    r"\bi\s+am\s+(?:your|the)\s+(?:developer|administrator|admin|creator|operator|supervisor)\b",
    # Forged turns and prompt markup
    r"<\s*/?\s*(?:system|assistant|instructions?|ticket|sources|user|prompt)\s*>",
    r"<\|?\s*im_(?:start|end)\s*\|?>|<\|\s*(?:system|assistant|user|endoftext)\s*\|>|<<\s*/?sys\s*>>",
    r"\[\s*/?\s*(?:system|inst|assistant)\s*\]",
    r"#{2,}\s*(?:system|instructions?|assistant|response|new\s+task)\b",
    r"(?m)^\s*(?:system|developer)\s*:\s*(?=.{0,80}\b(?:ignore|classify|categori[sz]e|priority|category|"
    r"instructions?|respond|reply|answer|must|refund|approved?|escalat\w*|label|confidence|"
    r"you\s+(?:are|must|will|should|may))\b)",
    r"(?m)^\s*(?:assistant|ai|bot|gemini|chatgpt)\s*:\s*(?=.{0,80}\b(?:sure|ok|okay|understood|certainly|"
    r"of\s+course|i\s+will|i'll|classified|approved?|refund\w*)\b)",
    r"\bend\s+of\s+(?:the\s+)?(?:ticket|user\s+input|customer\s+message|prompt|context)\b",
    r"\bbegin\s+(?:system|admin|new)\s+(?:message|instructions?|prompt)\b",
    # Forced labels, confidence and escalation
    rf"{_IMPERATIVE}(?:classify|categori[sz]e|label|mark|tag|flag|route)\s+(?:this|it|me|the\s+ticket|my\s+ticket)?\s*"
    rf"(?:ticket\s+|request\s+|message\s+)?as\s+(?:an?\s+)?[\"']?{_LABELS}\b",
    r"\bset\s+(?:the\s+|its\s+|my\s+|this\s+ticket'?s?\s+)?(?:priority|category|confidence|sentiment|"
    r"escalation|status)\s+(?:to|=|as)\b",
    r"[\"'{\[,]?\s*\b(?:priority|category|sentiment|confidence|escalat\w*|injection_suspected|"
    r"needs_review)\b[\"']?\s*[:=]\s*[\"']?(?:urgent|low|high|medium|critical|true|false|none|\w+_\w+|"
    r"positive|neutral|negative|\d)",
    r"\bconfidence\s*(?:score)?\s*(?:[:=]|of|to|is)?\s*(?:1(?:\.0+)?|100\s*%)(?!\d)",
    r"\b(?:do\s+not|don'?t|never|no\s+need\s+to|must\s+not)\s+(?:escalate|flag\s+this\s+(?:ticket|message)|"
    r"involve\s+a\s+human|forward\s+(?:this|it)\s+to\s+(?:a\s+)?(?:human|agent|person))\b",
    r"\b(?:no|without)\s+human\s+(?:review|oversight|approval)\s+(?:is\s+)?(?:needed|required|necessary)\b|"
    r"\bskip\s+(?:the\s+)?human\s+review\b",
    r"\bnew\s+(?:instructions?|directives?)\b|\bnew\s+(?:rules|task)\s*:",
    r"\b(?:reveal|print|show|repeat|output|display|leak|dump)\b.{0,30}\b(?:prompt|instructions|system\s+message|"
    r"configuration|api\s*key)\b",
    r"\bwhat\s+(?:are|were)\s+your\s+(?:instructions|rules|guidelines)\b",
    # Dictating what the reply promises
    r"\b(?:approve|issue|grant|authori[sz]e)\s+(?:a\s+|the\s+|my\s+)?(?:full\s+)?refund\s+(?:automatically|"
    r"immediately|without)\b",
    rf"{_IMPERATIVE}(?:promise|guarantee|offer)\s+(?:me|the\s+customer|us)\b.{{0,30}}?\b(?:refund|credit|replacement|"
    rf"discount|compensation|voucher|money)",
    rf"{_IMPERATIVE}(?:say|write|state|tell\s+me)\s+(?:that\s+)?(?:it|you|we|the\s+(?:refund|parcel|order|money))\s+"
    rf"(?:will|arrives?|has|have|is|are|can)\b",
    r"\b(?:your|the)\s+(?:reply|response|answer|draft)\s+(?:must|should|has\s+to|will|shall)\s+"
    r"(?:say|state|promise|confirm|include|contain|tell|begin|start)\b",
    r"\b(?:reply|respond|answer)\s+(?:only\s+)?with\s+(?:exactly|only|the\s+following|this|\")",
    r"\b(?:include|write|put)\s+(?:this|the\s+following|these\s+words)\s+(?:in|into)\s+(?:your|the)\s+"
    r"(?:reply|response|answer|draft)\b",
    r"\bas\s+an?\s+(?:ai|language\s+model|llm)\b",
    # Other customers' data
    rf"\b{_OTHERS}.{{0,60}}?\b{_PII_WORDS}\b",
    rf"\b{_PII_WORDS}\s+(?:of|for|from)\s+(?:the\s+)?{_OTHERS}",
    r"\b(?:list|export|dump|give\s+me|send\s+me|show\s+me)\s+(?:all|every|the)\s+(?:other\s+)?"
    r"(?:customers|users|clients|customer\s+(?:data|emails|records|list))\b",
    r"\b(?:dump|export)\s+(?:the\s+)?(?:database|db|table|customer\s+table)\b",
    # German
    r"\b(?:ignorier\w*|vergiss|vergessen\s+sie|missacht\w*|uberg[eia]h\w*|übergeh\w*)\b.{0,40}?\b"
    r"(?:anweisung\w*|regeln|instruktion\w*|vorgaben|richtlinien|befehle|prompts?)\b",
    r"\bsystem-?\s?(?:prompt|anweisung\w*|nachricht\w*|befehl\w*)\b",
    r"\bneue\s+(?:anweisung\w*|instruktion\w*)\b|\bneue\s+(?:regeln|aufgabe)\s*:",
    r"\b(?:du\s+bist|sie\s+sind)\s+(?:jetzt|nun|ab\s+sofort|ab\s+jetzt|nicht\s+mehr)\b",
    r"\bab\s+(?:jetzt|sofort)\s+(?:bist\s+du|sind\s+sie|antwortest\s+du)\b",
    r"\b(?:tu|tue|tun\s+sie)\s+so,?\s+als\b|\brollenspiel\b|\bspiel\w*\s+(?:die\s+rolle|den\s+\w+|eine\s+rolle)\b",
    r"\b(?:entwickler|admin|gott|debug|wartungs)-?\s?modus\b",
    rf"{_IMPERATIVE}(?:stufe|kategorisiere|klassifiziere|markiere|setze|behandle|kennzeichne)\b.{{0,40}}?"
    rf"\b(?:als|auf)\s+"
    rf"[\"']?{_LABELS}\b",
    r"\bsetze?\s+(?:die\s+|deine\s+)?(?:priorit[aä]t|kategorie|dringlichkeit|konfidenz)\b",
    r"\b(?:priorit[aä]t|kategorie|dringlichkeit|konfidenz)\s*[:=]\s*[\"']?\w+",
    r"\b(?:nicht|niemals|keinesfalls)\s+(?:an\s+einen\s+menschen\s+)?eskalier\w*|\beskalier\w*\s+(?:\w+\s+)?nicht\b|"
    r"\bkeine\s+eskalation\b|\bohne\s+menschliche\s+pr[uü]fung\b",
    r"\b(?:versprich|verspreche|versprechen\s+sie|garantiere)\b.{0,40}?\b(?:r[uü]ckerstattung|erstattung|"
    r"gutschrift|gutschein|ersatz|rabatt|entsch[aä]digung|geld)\w*",
    r"\b(?:deine|ihre|die)\s+antwort\s+(?:muss|soll|sollte)\b",
    r"\b(?:zeig\w*|verrat\w*|gib)\b.{0,30}\b(?:systemprompt|prompt|anweisungen|konfiguration)\b",
    r"\b(?:anderer|anderen|fremder|fremden|aller|alle|s[aä]mtliche\w*|vorherigen|letzten)\s+kunden\w*\b.{0,60}?"
    r"\b(?:e-?mail\w*|adresse\w*|telefon\w*|nummer\w*|daten|namen|bestellungen|iban|karten\w*|kontodaten)\b",
    r"\b(?:e-?mail\w*|adresse\w*|telefon\w*|handynummer|kartennummer|kontonummer|nummer|daten|namen|bestellungen|"
    r"iban)\b.{0,40}?\b(?:(?:des|der|eines|von)\s+(?:anderen|anderer|vorherigen|letzten|fremden|fremder)|aller|"
    r"allen|anderer)\s+kunden\b",
    # Spanish, French, Portuguese
    r"\bignora\w*\b.{0,40}\binstrucciones\b|\bolvida\w*\b.{0,40}\binstrucciones\b|\bahora\s+eres\b",
    r"\bignore[rz]?\b.{0,40}\binstructions\b|\boublie\w*\b.{0,40}\binstructions\b|\btu\s+es\s+maintenant\b",
    r"\bignor[ae]\w*\b.{0,40}\binstru[cç][oõ]es\b|\bagora\s+voc[eê]\s+[eé]\b",
]
_COMPILED = [re.compile(p, re.IGNORECASE | re.DOTALL) for p in _PATTERNS]

# Letters-only forms of the strongest cues, for text spelt out letter by letter (`i g n o r e`).
_SQUASHED = re.compile(
    r"ignor\w{0,3}(?:all|the|your|any|previous|prior|above|my){0,3}(?:instructions?|rules|prompt)|"
    r"disregard\w{0,20}(?:instructions|rules)|systemprompt|developermode|jailbreak|youarenow|"
    r"ignorier\w{0,25}anweisungen|vergiss\w{0,25}anweisungen|neueanweisungen|dubistjetzt|"
    r"setpriorityto|classifyas(?:urgent|low|refund)|donotescalate|dontescalate|nichteskalieren")
_SPELT_OUT = re.compile(r"(?<!\w)(?:\w[^\w\n]{1,3}){4,}\w(?!\w)")
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")


@dataclass(frozen=True)
class InjectionCheck:
    suspected: bool
    cue: str = ""  # the matched text, for the audit trail
    form: str = ""  # where it was seen: text, revealed, hidden, base64, rot13, reversed, spelt out
    span: tuple[int, int] | None = None  # in the normalised text, when seen there

    def __bool__(self) -> bool:
        return self.suspected


def _search(text: str) -> re.Match | None:
    for pattern in _COMPILED:
        match = pattern.search(text)
        if match:
            return match
    return None


def _base64_payloads(text: str) -> list[str]:
    payloads = []
    for token in _BASE64.findall(text):
        try:
            decoded = base64.b64decode(token + "=" * (-len(token) % 4), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
        if decoded and sum(ch.isprintable() or ch.isspace() for ch in decoded) / len(decoded) > 0.9:
            payloads.append(decoded)
    return payloads


def _found(match: re.Match, form: str, in_normalised: bool = False) -> InjectionCheck:
    return InjectionCheck(True, " ".join(match.group(0).split())[:120], form,
                          match.span() if in_normalised else None)


def detect_injection(text: str | None) -> InjectionCheck:
    return _detect(text or "")


@lru_cache(maxsize=4096)  # retrieved passages and resolutions come back ticket after ticket
def _detect(raw: str) -> InjectionCheck:
    normal = normalise(raw)
    match = _search(normal)
    if match:
        return _found(match, "text", in_normalised=True)
    hidden = hidden_tag_text(raw)
    if len(hidden.split()) > 1:  # words hidden in tag characters (a flag emoji holds one short code)
        return InjectionCheck(True, f"hidden text in Unicode tag characters: {hidden[:80]}", "hidden")
    revealed = reveal(normal)
    forms = [("revealed", revealed), ("rot13", codecs.encode(revealed, "rot13")), ("reversed", revealed[::-1])]
    forms += [("base64", reveal(payload)) for payload in _base64_payloads(normal)]
    for form, variant in forms:
        match = _search(variant)
        if match:
            return _found(match, form)
    for run in _SPELT_OUT.findall(revealed) + _SPELT_OUT.findall(revealed[::-1]):
        match = _SQUASHED.search(squash(run)) or _SQUASHED.search(squash(run[::-1]))
        if match:
            return InjectionCheck(True, match.group(0)[:120], "spelt out")
    return InjectionCheck(False)


def check_ticket(ticket) -> InjectionCheck:
    """A ticket's text, then the other fields the customer typed (name, order number)."""
    check = detect_injection(ticket.text)
    if check:
        return check
    return detect_injection(f"{ticket.customer.name or ''}\n{ticket.order_number or ''}")


def without_injection(text: str | None) -> str:
    """The normalised text without its hostile sentences: what the customer actually needs. When
    every sentence carries a cue, the part of each before its cue; when that is empty too, the
    whole normalised text (the classifier needs something to read)."""
    normal = normalise(text)
    kept, heads = [], []
    for sentence in _SENTENCE.split(normal):
        check = detect_injection(sentence)
        if not check:
            kept.append(sentence)
        elif check.span and check.span[0] > 0:
            heads.append(sentence[:check.span[0]].strip(" ,;:-–"))
    content = "\n".join(s for s in kept if s.strip()) or "\n".join(h for h in heads if len(h.split()) >= 2)
    return content or normal
