"""Suspected prompt injection in ticket text. Ticket text is data, never instructions: a ticket that
tries to talk to the model is escalated to a human instead of being triaged automatically."""

import re
from dataclasses import dataclass

_PATTERNS = [
    r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:instructions?|rules|prompts?|guidelines|directions|above|previous|prior)\b",
    r"\bsystem\s*prompt\b",
    r"\b(?:developer|admin|god|jailbreak|dan)\s+mode\b",
    r"\byou\s+are\s+now\b",
    r"\bact\s+as\s+(?:an?\s+)?(?:ai|assistant|system|admin|developer|different)\b",
    r"\bpretend\s+(?:to\s+be|you\s+are)\b",
    r"\b(?:classify|categori[sz]e|label|mark|tag|flag)\s+(?:this|it|me|the\s+ticket)?\s*(?:ticket\s+|request\s+)?as\s+"
    r"(?:an?\s+)?[\"']?(?:urgent|high|low|medium|critical|top|\w+_\w+|refund|shipping|payment|account|technical|"
    r"general|damaged|return|positive|negative|neutral|resolved|priority)\b",
    r"\bset\s+(?:the\s+)?(?:priority|category|confidence)\s+(?:to|=)",
    r"\b(?:priority|category)\s*[:=]\s*[\"']?(?:urgent|low|high|medium|\w+_\w+)",
    r"\bconfidence\s*(?:score)?\s*(?:[:=]|of|to|is)?\s*(?:1(?:\.0+)?|100\s*%)(?!\d)",
    r"\bnew\s+instructions?\b",
    r"\b(?:reveal|print|show|repeat|output)\b.{0,30}\b(?:prompt|instructions|system\s+message)\b",
    r"<\s*/?\s*(?:system|assistant|instructions?)\s*>",
    r"\[\s*(?:system|inst)\s*\]",
    r"###\s*(?:system|instruction)",
    r"\b(?:approve|issue|grant)\s+(?:a\s+|the\s+)?(?:full\s+)?refund\s+(?:automatically|immediately)\s+without\b",
    r"\b(?:do\s+not|don't)\s+escalate\b",
    r"\bas\s+an?\s+(?:ai|language\s+model)\b",
    # German, Spanish, French, Portuguese variants of "ignore the instructions"
    r"\bignorier\w*\b.{0,40}\banweisungen\b",
    r"\bignora\w*\b.{0,40}\binstrucciones\b",
    r"\bignore[rz]?\b.{0,40}\binstructions\b",
    r"\bignor[ae]\w*\b.{0,40}\binstruções\b",
]
_COMPILED = [re.compile(p, re.IGNORECASE | re.DOTALL) for p in _PATTERNS]


@dataclass
class InjectionCheck:
    suspected: bool
    cue: str = ""  # the matched text, for the audit trail

    def __bool__(self) -> bool:
        return self.suspected


def detect_injection(text: str) -> InjectionCheck:
    for pattern in _COMPILED:
        match = pattern.search(text or "")
        if match:
            return InjectionCheck(True, " ".join(match.group(0).split())[:120])
    return InjectionCheck(False)
