"""Stemming: PyStemmer (Snowball) for Latin-script tokens, a Light10-style light stemmer for Arabic script.

The token's script decides, not the `language` argument: an Arabic article quoting "Apple" stems the
English word as English, and index time and query time agree without knowing each other's language.

The Arabic stemmer follows the Light10 family (Larkey, Ballesteros and Connell): strip a leading و, then a
definite article (ال وال بال كال فال لل), then suffixes; plus a rule for the accusative alef (اجتماعا →
اجتماع). It never strips a lone ب/ل/ك/ف (that destroys بغداد, لبنان, فرنسا): `content_terms` and
`index_terms` handle those prefixes with the batch vocabulary. A protect list keeps names that the suffix
rules would turn into other words (لبنان → لبن "milk").
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import Stemmer

from digests.text.normalize import normalize

_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")  # ة is already ه after normalising

# Names the suffix or article rules would turn into other words; written in their normalised form.
PROTECTED = frozenset(
    normalize(word)
    for word in (
        "لبنان",
        "إيران",
        "عمان",
        "عمّان",
        "اليونان",
        "السودان",
        "اليابان",
        "الجزائر",
        "ألمانيا",
        "المانيا",
        "البحرين",
        "الكويت",
        "المغرب",
        "اليمن",
        "الأردن",
        "الصين",
        "الهند",
        "الفلبين",
        "الأرجنتين",
        "البرازيل",
        "الإمارات",
        "الله",
        "لندن",
        "بكين",
        "برلين",
        "عثمان",
        "سليمان",
        "رمضان",
        "شعبان",
        "بيان",
        "ميدان",
        "عنوان",
        "حيوان",
        "مكان",
        "إنسان",
        "برلمان",
        "سلطان",
        "البيان",
        "البرلمان",
    )
)

_local = threading.local()


def _english_stemmer() -> Stemmer.Stemmer:
    # PyStemmer instances are not thread-safe: one per thread.
    stemmer: Stemmer.Stemmer | None = getattr(_local, "english", None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer("english")
        _local.english = stemmer
    return stemmer


_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


@lru_cache(maxsize=200_000)
def arabic_stem(token: str) -> str:
    """Light-stem one normalised Arabic token (no lone ب/ل/ك/ف stripping)."""
    word = token
    if word in PROTECTED:
        return word
    if word.startswith("و") and len(word) > 3:
        if word[1:] in PROTECTED:
            return word[1:]
        word = word[1:]
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            rest = word[len(article) :]
            if article == "لل" and "ل" + rest in PROTECTED:  # للبنان = ل + لبنان
                return "ل" + rest
            if word in PROTECTED:
                return word
            word = rest
            break
    if word in PROTECTED:
        return word
    # The accusative alef (اجتماعا, جديدا) and adverbs in -يا (حاليا); names in -ا are stemmed the same
    # way wherever they occur, so matching stays consistent.
    if word.endswith("ا") and len(word) >= 4 and not word.endswith(("اا", "ها")):
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
            if word in PROTECTED:
                break
    return word


def english_stem(token: str) -> str:
    """Snowball English stem of one normalised token (PyStemmer, one instance per thread)."""
    return str(_english_stemmer().stemWord(token))


def stem(token: str, language: str = "") -> str:
    """Stem one normalised token. The token's script picks the stemmer; `language` is only a hint.

    Arabic script → the light stemmer; ASCII/Latin letters → Snowball English; numbers and other scripts
    are returned unchanged.
    """
    return _stem(token, language == "en")


@lru_cache(maxsize=300_000)
def _stem(token: str, english_hint: bool) -> str:
    if not token:
        return token
    if _ARABIC_SCRIPT.search(token):
        return arabic_stem(token)
    if token[0].isdigit():
        return token
    if token.isascii() or english_hint:
        return english_stem(token)
    return token
