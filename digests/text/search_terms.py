"""Terms for full-text search: the same function at index time and at query time.

Decisions (documented for the search index):
- Every token gets a position, stop words included, and stop words are kept as terms (stemmed like any
  other word) so that "exact phrase" queries match word for word. The query side decides whether a lone
  stop word is worth searching (`is_stop_word`).
- A token with a one-letter prefix (و ب ل ك ف, or و + one of the others) ALSO yields the prefix-stripped
  stem at the SAME position, so "اوكرانيا" finds a text that only has "لأوكرانيا" and "قال" finds "وقال".
  Queries are never expanded: a query word is one term (`query_term`). Articles (ال وال بال كال فال لل)
  are stripped by the stemmer itself.
- Protected names (لبنان) never yield a stripped extra term, so "لبنان" is never indexed as "بنان"/"بن";
  a prefix before one (ولبنان, بلبنان) yields only the name.
"""

from __future__ import annotations

from digests.text.stem import PROTECTED, stem
from digests.text.tokens import tokenize

_ONE_LETTER_PREFIXES = "وبلكف"


def _prefix_variants(token: str) -> list[str]:
    """The token without a leading one-letter prefix (and without و + another one)."""
    if len(token) < 4 or token in PROTECTED or token.isascii():
        return []
    if token[1:] in PROTECTED:
        return [token[1:]]
    variants: list[str] = []
    if token[0] in _ONE_LETTER_PREFIXES:
        variants.append(token[1:])
    if len(token) >= 5 and token[0] == "و" and token[1] in _ONE_LETTER_PREFIXES:
        variants.append(token[2:])
    return variants


def index_terms(text: str, language: str | None = None) -> list[tuple[int, str]]:
    """(position, term) pairs for indexing `text`; several terms may share one position.

    >>> index_terms("لأوكرانيا")
    [(0, 'لاوكران'), (0, 'اوكران')]
    """
    lang = language or ""
    pairs: list[tuple[int, str]] = []
    for position, token in enumerate(tokenize(text)):
        term = stem(token, lang)
        pairs.append((position, term))
        for variant in _prefix_variants(token):
            extra = stem(variant, lang)
            if extra != term and len(extra) >= 2:
                pairs.append((position, extra))
    return _dedupe(pairs)


def _dedupe(pairs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    seen: set[tuple[int, str]] = set()
    unique: list[tuple[int, str]] = []
    for pair in pairs:
        if pair not in seen:
            seen.add(pair)
            unique.append(pair)
    return unique


def query_term(word: str, language: str | None = None) -> str | None:
    """How one query word is normalised and stemmed (not expanded); None if nothing is left.

    A query string that tokenizes into several tokens ("U.S." → "u", "s") yields the first one; callers
    should split queries with `tokenize` first.
    """
    tokens = tokenize(word)
    if not tokens:
        return None
    return stem(tokens[0], language or "")
