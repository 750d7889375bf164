"""Offline language detection. Common function words decide the usual case quickly (en, de, es,
fr, pt, it, nl); anything unclear goes to langdetect, seeded so the same text always gets the same
answer. Short texts default to English."""

import re
import threading

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

DEFAULT_LANGUAGE = "en"
MIN_LETTERS = 20  # below this langdetect guesses; short tickets are most often English
MIN_PROBABILITY = 0.5

STOPWORDS = {
    "en": "the and is are was to of in for my i you it this that with have not on be can your please would "
          "a an do how where what why when me want need cant can't don't",
    "de": "der die das und ist nicht ich sie mit für ein eine auf zu den dem bitte haben wir es ihr mein meine",
    "es": "el la los las y es de que en no por para un una con mi su se lo por favor está gracias",
    "fr": "le la les et est de des que en pas pour un une avec mon ma je vous nous ce qui merci",
    "pt": "o os as e é de que em não para um uma com meu minha se da por obrigado está você",
    "it": "il lo la gli le e è di che in non per un una con mio mia sono grazie",
    "nl": "de het een en is van dat niet ik je met voor op zijn mijn bedankt",
}
_STOPWORDS = {lang: set(words.split()) for lang, words in STOPWORDS.items()}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_lock = threading.Lock()  # DetectorFactory is a module-level singleton


def preload() -> None:
    """Load langdetect's language profiles now (about 1 s, once per process) rather than on the
    first ticket that needs them."""
    from langdetect.detector_factory import init_factory

    with _lock:
        init_factory()


def _by_function_words(text: str) -> str | None:
    words = _WORD.findall(text.lower())[:300]
    hits = sorted(((sum(1 for w in words if w in stop), lang) for lang, stop in _STOPWORDS.items()), reverse=True)
    (best, lang), (second, _) = hits[0], hits[1]
    if best >= 2 and best >= 2 * second:
        return lang
    return None


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text`; "en" when the text is too short or detection is unsure."""
    text = (text or "")[:1500]
    if len(_LETTERS.findall(text)) < MIN_LETTERS:
        return DEFAULT_LANGUAGE
    quick = _by_function_words(text)
    if quick:
        return quick
    with _lock:
        DetectorFactory.seed = 0
        try:
            candidates = detect_langs(text)
        except LangDetectException:
            return DEFAULT_LANGUAGE
    short = len(text) < 100  # langdetect is unreliable on a few words: trust it only when sure
    if not candidates or candidates[0].prob < (0.9 if short else MIN_PROBABILITY):
        return DEFAULT_LANGUAGE
    return candidates[0].lang.split("-")[0]
