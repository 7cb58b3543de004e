"""Language-neutral evidence that two reports tell the same event: numbers, Latin names, name skeletons.

Arabic and English reports share no words, but they share figures ("320", "6.1"), names written in Latin
script inside Arabic text ("Apple", "WWDC") and names transliterated between scripts. For the last, both
scripts map to a coarse consonant skeleton: بايدن and Biden both become "BDN", ترامب and Trump "TRMB".
Short or irregular names (الأردن / Jordan, الرياض / Riyadh) come from a small bilingual gazetteer
(`digests.gazetteer`). Keys are namespaced strings: "#320" (number), "#8%" (percentage), "@apple" (Latin
word), "~BDN" (skeleton), "!jordan" (gazetteer place or organisation), "%gulf" (broad region: weak).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from digests import gazetteer, newswords
from digests.text.stem import ARTICLES

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_PERCENT = re.compile(r"\s?(?:%|٪|per ?cent|percent)")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
_CAPITALISED = re.compile(r"(?<![A-Za-z'’-])[A-Z][A-Za-z'’-]*[A-Za-z]")

# Arabic letters to consonant classes; long vowels, hamza carriers and the gutturals drop out because
# English spellings of Arabic names rarely keep them (محمد = Mohammed, عمان = Amman).
_ARABIC_CLASSES = {
    "ب": "B", "ف": "F", "ت": "T", "ط": "T", "ث": "T", "د": "D", "ض": "D", "ذ": "D", "ظ": "D",
    "س": "S", "ص": "S", "ش": "S", "ز": "S", "ك": "K", "ق": "K", "خ": "K", "غ": "K", "ج": "K",
    "ل": "L", "م": "M", "ن": "N", "ر": "R", "پ": "B", "چ": "S", "ژ": "S", "گ": "K", "ڤ": "F", "ک": "K",
}  # fmt: skip
_LATIN_DIGRAPHS = (("sh", "S"), ("ch", "S"), ("th", "T"), ("kh", "K"), ("gh", "K"), ("ph", "F"), ("ck", "K"))
_LATIN_CLASSES = {
    "b": "B", "p": "B", "f": "F", "v": "F", "t": "T", "d": "D", "s": "S", "z": "S", "c": "K", "k": "K",
    "q": "K", "g": "K", "j": "K", "x": "K", "l": "L", "m": "M", "n": "N", "r": "R",
}  # fmt: skip
MIN_SKELETON = 3
# Capitalised in English without naming anyone: two reports "on Monday" share a day, not an actor.
_NOT_NAMES_TEXT = (
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december the this that these those there their they his her its "
    "our we he she it in on at of for and but or as by from with after before when while if an"
)
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())


def ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits (and separators) to ASCII."""
    return text.translate(_DIGITS)


def number_keys(text: str) -> set[str]:
    """Figures of two or more digits, thousands separators dropped; "320,000" also yields "320".

    The short form lets "320 ألف" (320 thousand) meet "320,000". A percentage also yields "#8%", whatever
    its digits: "8%" and "٨٪" say the same figure (a single-digit one, so weak evidence on its own).
    "3٬400" (Arabic thousands separator) and "3,400" both give "#3400".
    """
    keys = set()
    ascii_text = ascii_digits(text)
    for match in _NUMBER.finditer(ascii_text):
        raw = match.group().rstrip(".,")
        if _PERCENT.match(ascii_text, match.end()):
            keys.add("#" + raw.replace(",", "") + "%")
        if raw.count(",") and all(len(g) == 3 for g in raw.split(",")[1:]):
            head = raw.split(",")[0]
            if raw.endswith(",000") and len(head) >= 2:
                keys.add("#" + head)
            raw = raw.replace(",", "")
        if sum(ch.isdigit() for ch in raw) >= 2:
            keys.add("#" + raw)
    return keys


@lru_cache(maxsize=65536)
def latin_skeleton(word: str) -> str:
    """Consonant skeleton of a Latin-script name: "Zelensky" -> "SLNSK"."""
    letters = unicodedata.normalize("NFKD", word.casefold())
    letters = "".join(ch for ch in letters if "a" <= ch <= "z")
    for digraph, cls in _LATIN_DIGRAPHS:
        letters = letters.replace(digraph, cls)
    classes = [ch if ch.isupper() else _LATIN_CLASSES.get(ch, "") for ch in letters]
    return _collapse(classes)


@lru_cache(maxsize=262144)
def arabic_skeleton(word: str) -> str:
    """Consonant skeleton of an Arabic word after dropping a definite-article prefix: "ترامب" -> "TRMB"."""
    for prefix in ARTICLES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix) :]
            break
    return _collapse([_ARABIC_CLASSES.get(ch, "") for ch in word])


def _collapse(classes: Iterable[str]) -> str:
    """Join classes, merging runs of one class (double letters, "mm" = "م" with shadda)."""
    out: list[str] = []
    for cls in classes:
        if cls and (not out or out[-1] != cls):
            out.append(cls)
    return "".join(out)


def english_names(title: str, text: str) -> set[str]:
    """Capitalised words that are likely names: anywhere in the title, inside sentences of the body."""
    names = {w for w in _CAPITALISED.findall(title) if len(w) >= 3}
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        if len(word) >= 3 and word not in names and not _starts_sentence(text, match.start()):
            names.add(word)
    return {name for name in names if name.casefold() not in _NOT_NAMES}


def _starts_sentence(text: str, start: int) -> bool:
    """True when the word at `start` opens a sentence, where capitals say nothing about names."""
    before = text[max(0, start - 4) : start].rstrip(" \"'“‘(`")
    return not before or before[-1] in ".!?؟\n:"


# Generic news words that open many names ("New Zealand", "National Guard"): never whom a report is about.
_GENERIC_NAME_WORDS = frozenset(word.casefold() for word in newswords.ENGLISH_WORDS)
_POSSESSIVES = ("'s", "’s")


def name_key(word: str) -> str:
    """A name as matched across reports: casefolded, possessive dropped ("Jackson's" -> "jackson")."""
    return _drop_possessive(word.casefold())


def _drop_possessive(word: str) -> str:
    return word[:-2] if word.endswith(_POSSESSIVES) else word


def name_mentions(title: str, text: str, language: str) -> Counter[str]:
    """How many times a report names each person, place or organisation it names.

    English: every occurrence (sentence starts too) of a word `english_names` takes for a name. Other
    languages have no capitals: Latin-script words and gazetteer places (keys such as "!jeddah") stand in,
    broad regions ("%gulf") left out: they never say where a report is about.
    """
    full = title + "\n" + text
    if language == "en":
        names = {name_key(name) for name in english_names(title, text)} - _GENERIC_NAME_WORDS
        return Counter(key for word in _CAPITALISED.findall(full) if (key := name_key(word)) in names)
    counts = Counter(key for word in latin_words(full) if (key := name_key(word)) not in _GENERIC_NAME_WORDS)
    places = gazetteer.arabic_place_mentions(full)
    counts.update({key: count for key, count in places.items() if not gazetteer.is_weak(key)})
    return counts


def word_keys(title: str, text: str) -> frozenset[str]:
    """Every Latin-script word of a report as a name key: "the williams family" still names Williams."""
    words = set(_LATIN_WORD.findall((title + "\n" + text).casefold()))
    return frozenset(_drop_possessive(word) for word in words)


def latin_words(text: str) -> list[str]:
    """Latin-script words of three letters or more (brands and names inside Arabic text)."""
    return [w for w in _LATIN_WORD.findall(text) if len(w) >= 3]


def english_keys(title: str, text: str, names: Iterable[str] | None = None) -> set[str]:
    """Evidence keys of an English report: numbers, names and their skeletons (`names`: if known)."""
    keys = number_keys(title + "\n" + text)
    keys |= gazetteer.english_places(title + "\n" + text)
    for name in english_names(title, text) if names is None else names:
        keys.add("@" + name.casefold())
        skeleton = latin_skeleton(name)
        if len(skeleton) >= MIN_SKELETON:
            keys.add("~" + skeleton)
    return keys


def arabic_keys(title: str, text: str, terms: Iterable[str]) -> set[str]:
    """Evidence keys of an Arabic report: numbers, Latin-script words, skeletons of its Arabic terms."""
    full = title + "\n" + text
    keys = number_keys(full) | gazetteer.arabic_places(full)
    for word in latin_words(full):
        keys.add("@" + word.casefold())
    for term in set(terms):
        if term and "\u0600" <= term[0] <= "\u06ff":
            skeleton = arabic_skeleton(term)
            if len(skeleton) >= MIN_SKELETON:
                keys.add("~" + skeleton)
    return keys
