"""Personal data in text: emails, phone numbers, card numbers, IBANs and street addresses.

Resolved tickets were written to and about other customers. `redact` replaces their personal data
with a placeholder before a resolution is indexed for reuse and again before a retrieved one enters
a prompt, so it never reaches Gemini nor a draft for someone else.
"""

import re

from support_app.services.ai.normalise import normalise

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
PHONE = re.compile(
    r"(?<![\w+-])(?:(?:\+|00)\d{1,3}[\s./-]?(?:\(0?\d{1,4}\)[\s./-]?)?\d[\d\s./-]{4,14}\d"  # international
    r"|\(?0\d{2,5}\)?[\s./-]\d[\d\s./-]{3,12}\d"                                            # national, 0...
    r"|\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4})(?![\w-])")                                         # 555-123-4567
_STREET_EN = (r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Terrace|"
              r"Close|Crescent|Square|Sq|Parkway|Pkwy|Highway|Hwy)\b\.?")
ADDRESS = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:[A-Z][\w'.-]*\s+){{1,4}}{_STREET_EN}"                       # 12 Baker Street
    r"|\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer)\s+\d{1,4}\s?[a-z]?\b"
    r"|\b(?:Calle|C/|Avenida|Avda\.?|Paseo|Plaza|Rua|Travessa)\s+(?:[\wÀ-ÿ.'-]+\s+){1,4}\d{1,4}\b"
    r"|\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|boulevard|bd|chemin|all[ée]e|place|impasse|quai)\s+"
    r"(?:[\wÀ-ÿ'-]+\s?){1,4}",
    re.UNICODE)

PLACEHOLDERS = {"email": "[email]", "iban": "[IBAN]", "card": "[card number]", "phone": "[phone]",
                "address": "[address]"}
_ORDER = (("email", EMAIL), ("iban", IBAN), ("card", CARD), ("phone", PHONE), ("address", ADDRESS))


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _luhn(number: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _valid(kind: str, text: str) -> bool:
    if kind == "card":
        return _luhn(_digits(text))
    if kind == "phone":
        return 7 <= len(_digits(text)) <= 15
    if kind == "iban":
        return len(text.replace(" ", "")) >= 15
    return True


def find(text: str | None) -> list[tuple[str, str]]:
    """(kind, text) of every piece of personal data, in the order `redact` replaces them."""
    text = normalise(text)
    found = []
    for kind, pattern in _ORDER:
        for match in pattern.finditer(text):
            if _valid(kind, match.group(0)):
                found.append((kind, match.group(0).strip()))
                text = text.replace(match.group(0), " " * len(match.group(0)))
    return found


def redact(text: str | None) -> str:
    """The text with every piece of personal data replaced by a placeholder such as `[email]`."""
    text = normalise(text)
    for kind, pattern in _ORDER:
        text = pattern.sub(lambda m, k=kind: PLACEHOLDERS[k] if _valid(k, m.group(0)) else m.group(0), text)
    return text
