"""Small stop-word lists kept in the repo (stopwords_*.txt beside this module), normalised when loaded.

Large published lists drop news words ("us", "group", "world", "million") or carry harakat and hamza
forms that never match; ours are short and pass through the same `normalize` as the text.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from digests.text.normalize import normalize

# Real words that a و/ف prefix would turn into a stop word (ولي العهد: the crown prince).
_NOT_STOP = frozenset({"ولي", "فيل"})


def _load(name: str) -> list[str]:
    text = resources.files("digests.text").joinpath(name).read_text(encoding="utf-8")
    return [
        normalize(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


@cache
def arabic_stop_words() -> frozenset[str]:
    """Normalised Arabic stop words, with their و and ف forms (وفي, فإن)."""
    words = set(_load("stopwords_ar.txt"))
    words |= {prefix + word for word in list(words) for prefix in ("و", "ف") if len(word) >= 2}
    return frozenset(words - _NOT_STOP)


@cache
def english_stop_words() -> frozenset[str]:
    """Normalised (casefolded) English stop words."""
    return frozenset(_load("stopwords_en.txt"))


def is_stop_word(token: str) -> bool:
    """Whether a normalised token is a stop word; the token's script picks the list."""
    if token.isascii():
        return token in english_stop_words()
    return token in arabic_stop_words()
