"""One normal form for untrusted text before any rule-based check (injection cues, sensitive topics,
priority and sentiment cues), so that `fr\u200baud` or a Cyrillic letter inside `lawyer` still match.

`normalise` is safe for every reader (the classifier, the prompt): Unicode NFKC (full-width and
mathematical letters become plain ones), invisible format characters removed (zero-width, bidi
controls, soft hyphen, tag characters, variation selectors), and Cyrillic/Greek look-alikes folded
to Latin inside words that are written in Latin or could be (a real Russian or Greek word keeps its
letters). `reveal` goes further and is for detection only: it also decodes hidden ASCII in Unicode
tag characters, HTML entities and %-escapes, drops accents and reads leetspeak (`1gn0re`).
"""

import html
import re
import unicodedata
from urllib.parse import unquote

# Look-alikes of Latin letters (Cyrillic, Greek, a few IPA/Latin extensions NFKC keeps).
CONFUSABLES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "к": "k", "м": "m", "н": "h",
    "т": "t", "ѵ": "v", "ɡ": "g", "ı": "i", "ɑ": "a", "ʟ": "l", "ɩ": "i",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "У": "Y", "Ԁ": "D", "Һ": "H", "Ԛ": "Q", "Ԝ": "W",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "γ": "y", "ϲ": "c", "ϳ": "j",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C",
})
_CONFUSABLE_CHARS = frozenset(chr(c) for c in CONFUSABLES)
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z]")
_TAG_CHARS = re.compile("[\U000e0000-\U000e007f]")
_EXTRA_INVISIBLE = frozenset("\u034f\u115f\u1160\u3164\uffa0") | frozenset(chr(c) for c in range(0xFE00, 0xFE10))


def _fold_word(match: re.Match) -> str:
    word = match.group(0)
    if not _CONFUSABLE_CHARS.intersection(word):
        return word
    if _LATIN.search(word) or all(ch in _CONFUSABLE_CHARS for ch in word):
        return word.translate(CONFUSABLES)
    return word  # a word of another script, e.g. Russian: leave it alone


def _visible(text: str) -> str:
    return "".join(ch for ch in text
                   if ch not in _EXTRA_INVISIBLE and (unicodedata.category(ch) != "Cf"))


def normalise(text: str | None) -> str:
    """NFKC, invisible characters removed, look-alike letters folded. Idempotent."""
    text = unicodedata.normalize("NFKC", _visible(text or ""))
    return _WORD.sub(_fold_word, text)


def hidden_tag_text(text: str | None) -> str:
    """ASCII smuggled in Unicode tag characters (U+E0020..E007E), invisible on screen."""
    return "".join(chr(ord(ch) - 0xE0000) for ch in _TAG_CHARS.findall(text or "")
                   if 0x20 <= ord(ch) - 0xE0000 <= 0x7E)


_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_LEET_TOKEN = re.compile(r"[\w@$]*[A-Za-z][\w@$]*")
_HAS_LEET = re.compile(r"[013457@$]")


def _unleet(match: re.Match) -> str:
    token = match.group(0)
    return token.translate(_LEET) if _HAS_LEET.search(token) else token


def strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


def reveal(text: str | None) -> str:
    """The text as a detector should read it: `normalise`, plus entities and %-escapes decoded,
    accents dropped and leetspeak read as letters. Not for display or for the classifier."""
    text = normalise(text)
    text = html.unescape(unquote(text)) if ("&" in text or "%" in text) else text
    text = normalise(strip_accents(text))
    return _LEET_TOKEN.sub(_unleet, text)


def squash(text: str) -> str:
    """Letters only, lower-case: `i g n o r e`, `ig-nore` and `i.g.n.o.r.e` all read `ignore`."""
    return re.sub(r"[^a-z]", "", text.lower())
