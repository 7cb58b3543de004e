"""Tokenisation: words and whole numbers, in matching form, optionally with their verbatim spans.

The raw text is scanned first (harakat, tatweel and invisible characters count as part of a word, because
stdlib `\\w` does not match them), then each raw word is normalised on its own (cached: news vocabulary
repeats) and re-split if normalising produced separators (NFKC can turn "½" into "1⁄2").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from digests.text.normalize import normalize_word

# Characters that belong inside a word although `\w` does not match them.
_INWORD = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"  # harakat, Quranic marks, tatweel
    "\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2060\ufeff\u061c\u00ad"  # invisibles
    "\u0300-\u036f"  # Latin combining accents
)
_WORD_CHAR = rf"(?:[^\W_]|[{_INWORD}])"
_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
_RAW_TOKEN = re.compile(
    rf"{_DIGIT}+(?:[.,\u066b\u066c]{_DIGIT}+)+(?!{_WORD_CHAR})"  # 3.5, 12,500, ٣٫٥
    rf"|{_WORD_CHAR}+(?:['’ʼ]{_WORD_CHAR}+)*"  # words, with inner apostrophes (Ukraine's)
)
# The same shapes over text that is already normalised.
_NORM_TOKEN = re.compile(r"\d+(?:[.,]\d+)+(?![^\W_])|[^\W_]+(?:'[^\W_]+)*")


class Token(NamedTuple):
    """One token: its matching form and the span of its raw form in the original text."""

    term: str
    start: int
    end: int


@lru_cache(maxsize=300_000)
def word_pieces(raw: str) -> tuple[str, ...]:
    """The normalised tokens of one raw word (usually one; NFKC may split "½" into two)."""
    norm = normalize_word(raw)
    if _NORM_TOKEN.fullmatch(norm):
        return (norm,)
    return tuple(_NORM_TOKEN.findall(norm))


def tokenize(text: str) -> list[str]:
    """Split `text` into normalised tokens; numbers stay whole ("3.5", "12,500").

    >>> tokenize("بلغ النمو ٣٫٥٪ في ٢٠٢٥")
    ['بلغ', 'النمو', '3.5', 'في', '2025']
    """
    tokens: list[str] = []
    for raw in _RAW_TOKEN.findall(text):
        pieces = word_pieces(raw)
        if len(pieces) == 1:
            tokens.append(pieces[0])
        else:
            tokens.extend(pieces)
    return tokens


def tokenize_spans(text: str) -> list[Token]:
    """Like `tokenize`, with each token's verbatim span [start, end) in `text` (for highlighting)."""
    tokens: list[Token] = []
    for match in _RAW_TOKEN.finditer(text):
        pieces = word_pieces(match.group())
        tokens.extend(Token(piece, match.start(), match.end()) for piece in pieces)
    return tokens


def raw_words(text: str) -> list[str]:
    """The verbatim words of `text`, before normalising (used for the all-caps stop-word guard)."""
    return _RAW_TOKEN.findall(text)


def count_words(text: str) -> int:
    """Number of words and numbers in `text` (the unit of `--words N` budgets)."""
    return sum(1 for _ in _RAW_TOKEN.finditer(text))
