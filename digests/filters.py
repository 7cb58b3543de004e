"""Include/exclude keyword filters with normalised word matching (no user regex).

A filter word matches an article when every content term of the word is among the article's terms, so
"أوكرانيا" matches "اوكرانيا", "لأوكرانيا" and "الأوكرانية", and "earthquakes" matches "earthquake".
A word made only of stop words ("the") falls back to its normalised tokens in the title and body.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from digests import text as text_prep
from digests.model import Article

# One-letter Arabic prefixes an article term may still carry when the batch vocabulary did not let
# prepare() strip them ("لاوكران" when no article of the batch said "اوكرانيا" bare).
_PREFIXES = ("و", "ب", "ل", "ك", "ف", "وب", "ول", "وك", "فب", "فل")


@dataclass(frozen=True, slots=True)
class FilterWord:
    """One include/exclude word, prepared once per digest."""

    raw: str
    terms: tuple[str, ...]
    tokens: tuple[str, ...]


def prepare_words(words: Iterable[str]) -> tuple[FilterWord, ...]:
    """Normalise and stem filter words; blank words are dropped."""
    prepared = []
    for word in words:
        if not word.strip():
            continue
        language = "ar" if any("\u0600" <= ch <= "\u06ff" for ch in word) else "en"
        terms = tuple(text_prep.content_terms(word, language))
        prepared.append(FilterWord(raw=word, terms=terms, tokens=tuple(text_prep.tokenize(word))))
    return tuple(prepared)


def mentions(article: Article, word: FilterWord, term_set: frozenset[str]) -> bool:
    """True when the article mentions `word` (all of its terms, prefixed Arabic forms included)."""
    if word.terms:
        return all(_has_term(term, term_set) for term in word.terms)
    if not word.tokens:
        return False
    tokens = set(text_prep.tokenize(f"{article.title}\n{article.text}"))
    return all(token in tokens for token in word.tokens)


def _has_term(term: str, term_set: frozenset[str]) -> bool:
    if term in term_set:
        return True
    return not term.isascii() and any(prefix + term in term_set for prefix in _PREFIXES)


def keep(article: Article, include: Sequence[FilterWord], exclude: Sequence[FilterWord]) -> bool:
    """Kept when it mentions one of `include` (if any) and none of `exclude`."""
    if not include and not exclude:
        return True
    term_set = frozenset(article.terms)  # title terms are among them (prepare puts them first)
    if include and not any(mentions(article, word, term_set) for word in include):
        return False
    return not any(mentions(article, word, term_set) for word in exclude)
