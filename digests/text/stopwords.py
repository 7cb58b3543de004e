"""Small stop-word lists kept in the repo (stopwords_*.txt beside this module), normalised when loaded.

Large published lists drop news words ("us", "group", "world", "million") or carry harakat and hamza
forms that never match; ours are short and pass through the same `normalize` as the text.

A query word is judged as typed (`is_stop_word_as_typed`): ى → ي folds على ("on") into علي (the name Ali),
so a word the user typed with ي is not a stop word when only ى-spelled stop words fold into it. Typed ى
(or Persian ی) still counts as the stop word, since many writers put ى for a final ي (فى, الذى).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from digests.text.normalize import normalize

# Real words that a و/ف prefix would turn into a stop word (ولي العهد: the crown prince).
_NOT_STOP = frozenset({"ولي", "فيل"})
_PREFIXES = ("و", "ف")
_FINAL_YEH_LOOKALIKES = ("ى", "ی")  # alef maqsura, Persian yeh


def _lines(name: str) -> list[str]:
    text = resources.files("digests.text").joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _with_prefixes(words: set[str]) -> set[str]:
    return words | {prefix + word for word in words for prefix in _PREFIXES if len(word) >= 2}


@cache
def arabic_stop_words() -> frozenset[str]:
    """Normalised Arabic stop words, with their و and ف forms (وفي, فإن)."""
    words = _with_prefixes({normalize(line) for line in _lines("stopwords_ar.txt")})
    return frozenset(words - _NOT_STOP)


@cache
def _folded_from_alef_maqsura_only() -> frozenset[str]:
    """Stop words that only a ى-spelled entry folds into (على → علي, حتى → حتي), with و/ف forms."""
    lines = _lines("stopwords_ar.txt")
    with_maqsura = {normalize(line) for line in lines if "ى" in line}
    without = {normalize(line) for line in lines if "ى" not in line}  # لدي ("I have") is one of its own
    return frozenset(_with_prefixes(with_maqsura - without) - _with_prefixes(without))


@cache
def english_stop_words() -> frozenset[str]:
    """Normalised (casefolded) English stop words."""
    return frozenset(normalize(line) for line in _lines("stopwords_en.txt"))


def is_stop_word(token: str) -> bool:
    """Whether a normalised token is a stop word; the token's script picks the list."""
    if token.isascii():
        return token in english_stop_words()
    return token in arabic_stop_words()


def is_stop_word_as_typed(token: str, typed: str) -> bool:
    """Whether `token` (normalised) is a stop word as the user typed it (`typed`, the raw word).

    >>> is_stop_word_as_typed("علي", "على"), is_stop_word_as_typed("علي", "علي")
    (True, False)
    """
    if not is_stop_word(token):
        return False
    if token in _folded_from_alef_maqsura_only():
        return any(char in typed for char in _FINAL_YEH_LOOKALIKES)
    return True
