"""Content terms for grouping and scoring: tokens without stop words, stemmed.

Arabic one-letter prefixes (و ب ل ك ف, and و + one of the others) are stripped only when the remainder is a
word already seen in the batch (`vocabulary`): "لأوكرانيا" becomes "اوكرانيا" when some article says
"أوكرانيا", and "وقال" becomes "قال", while "لبنان", "فرنسا", "بغداد" and "وزير" stay whole because "بنان",
"رنسا", "غداد" and "زير" are never words of the batch. Stop words are checked before and after the
prefix goes: "لذلك" is ل + the stop word "ذلك", not a term "ذلك".
"""

from __future__ import annotations

import sys
from collections.abc import Collection

from digests.text.stem import PROTECTED, stem
from digests.text.stopwords import arabic_stop_words, english_stop_words
from digests.text.tokens import raw_words, word_pieces

_ONE_LETTER_PREFIXES = frozenset("وبلكف")


def strip_known_prefix(token: str, vocabulary: Collection[str]) -> str:
    """Drop a one-letter Arabic prefix (و ب ل ك ف, or و + another) if the rest is in `vocabulary`."""
    if len(token) < 4 or token in PROTECTED:
        return token
    if token[1:] in PROTECTED:
        return token[1:]
    # و + another prefix first, so that وبحسب and بحسب both become حسب.
    if token[0] == "و" and token[1] in _ONE_LETTER_PREFIXES and len(token) >= 5 and token[2:] in vocabulary:
        return token[2:]
    if token[0] in _ONE_LETTER_PREFIXES and token[1:] in vocabulary:
        return token[1:]
    return token


def _mostly_upper(words: list[str]) -> bool:
    letters = [char for word in words for char in word if char.isalpha() and char.isascii()]
    return bool(letters) and sum(char.isupper() for char in letters) > 0.6 * len(letters)


def normalized_words(text: str) -> list[tuple[str, str]]:
    """(raw word, normalised token) pairs of `text` (a raw word may yield several tokens)."""
    return [(raw, piece) for raw in raw_words(text) for piece in word_pieces(raw)]


def content_terms(text: str, language: str, *, vocabulary: Collection[str] | None = None) -> list[str]:
    """Normalised, stemmed content terms of `text` in text order, stop words removed.

    An all-caps Latin word is never a stop word ("US sanctions" keeps "us"), unless the whole text shouts.
    `vocabulary` is the set of normalised tokens of the batch; None means the text's own tokens.
    """
    pairs = normalized_words(text)
    if vocabulary is None:
        vocabulary = {token for _, token in pairs}
    shouting = _mostly_upper([raw for raw, _ in pairs if raw.isascii()])
    arabic_stops = arabic_stop_words()
    english_stops = english_stop_words()
    terms: list[str] = []
    for raw, token in pairs:
        if token.isascii():
            if token in english_stops and (shouting or not (len(raw) > 1 and raw.isupper())):
                continue
        elif token in arabic_stops:
            continue
        else:
            token = strip_known_prefix(token, vocabulary)
            if token in arabic_stops:  # ب/ل/ك + a stop word (لذلك, بهذه, وببعض); و/ف forms are listed
                continue
        if len(token) == 1 and not token.isdigit():
            continue  # stray letters (initials, list markers) carry no topic
        # Interned: a batch's articles then share one string per term (SaudiNewsNet: 80k copies of 45k
        # terms otherwise, where stemming leaves a word as it is).
        terms.append(sys.intern(stem(token, language)))
    return terms
