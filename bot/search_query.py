"""The search query language: user text -> `SearchQuery` -> normalised terms for a backend.

Pure (no storage, no I/O). Supported syntax, as users type it in chats and on the command line:

    gaza ceasefire            every word must match (Arabic spelling variants and prefixes match)
    "exact phrase"            the words in this order, adjacent (stop words inside are ignored)
    kyiv OR kiev              at least one of the words or phrases joined by OR (or |)
    -word, -"a phrase"        drop articles that match (NOT word works too)
    since:2025-09-01 until:2025-09-30 lang:ar|en source:NAME source:"Two words" page:2

Anything else is treated as text: brackets, `*`, `NEAR(`, `column:term` and stray operators never reach a
backend as syntax. Backends only ever see the normalised, stemmed terms of `compile_query`, quoted by them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from bot.errors import QueryError
from bot.records import CompiledQuery, SearchQuery
from digests.text import is_stop_word_as_typed, query_term, tokenize_spans

MAX_QUERY_CHARS = 4000
"""Longer input is refused before parsing (a pasted article is not a query)."""
MAX_TERMS = 32
"""Most normalised terms a query may carry, over all words, phrases, OR groups and exclusions."""
MAX_TERM_CHARS = 100
"""Longer terms are dropped at index and query time alike (backends cap lexeme sizes)."""
MAX_RESULTS_DEPTH = 500
"""Deepest result a page may reach (page * page_size)."""

USAGE = (
    'Search syntax: words (all must match), "exact phrase", word OR word, -word, '
    "since:YYYY-MM-DD, until:YYYY-MM-DD, lang:ar|en, source:NAME, page:N. "
    'Example: "وقف إطلاق النار" غزة OR رفح since:2025-01-01 lang:ar'
)

_QUOTES = '"“”„«»＂'
_FILTER = re.compile(r"(since|until|lang|source|page):", re.IGNORECASE)
_OR_WORDS = frozenset({"OR", "|", "||"})
_AND_WORDS = frozenset({"AND", "&", "&&", "+"})
_NOT_WORDS = frozenset({"NOT"})
_HARD_PUNCTUATION = re.compile(r"[()\[\]{}<>*^~:;=|\\]+")
_COLUMN_NAMES = frozenset(
    [
        "title",
        "body",
        "text",
        "content",
        "column",
        "col",
        "author",
        "url",
        "site",
        "intitle",
        "intext",
        "inurl",
        "tag",
        "category",
        "date",
    ]
)
_NEAR = re.compile(r"\bNEAR(?=\()")
# Punctuation trimmed from both ends of a word ("(gaza", "ceasefire)*", "NEAR(").
_TRIM = "()[]{}<>*^~:;,.!?؟،؛=+\"'`"


def phrase_terms(text: str) -> tuple[str, ...]:
    """Normalised, stemmed terms of a word or phrase, in order; () when it has only stop words.

    Stop words inside a phrase stay (the index keeps every word at its position, so "exact phrase" means
    word for word); an all-capitals word ("US") is never a stop word, and each word is judged as typed
    (علي is the name Ali, على the stop word "on").
    """
    terms: list[str] = []
    specific = False
    for token in tokenize_spans(text):
        term = query_term(token.term)
        if not term or len(term) > MAX_TERM_CHARS:
            return ()  # a word the index never holds: the item cannot match as written
        raw = text[token.start : token.end]
        shouted = len(raw) > 1 and raw.isupper()
        specific = specific or shouted or not is_stop_word_as_typed(token.term, raw)
        terms.append(term)
    return tuple(terms) if specific else ()


def compile_query(
    query: SearchQuery, terms_of: Callable[[str], tuple[str, ...]] = phrase_terms
) -> CompiledQuery:
    """Turn the raw words of `query` into normalised terms (the same digests functions as indexing).

    `query.compiled` when `parse_query` made the query. `terms_of` is `phrase_terms` or a cache of it.
    """
    if query.compiled is not None:
        return query.compiled
    required = [terms_of(word) for word in query.all_terms]
    required += [terms_of(" ".join(words)) for words in query.phrases]
    groups = []
    for group in query.any_groups:
        phrases = _unique(p for p in (terms_of(item) for item in group) if p)
        if len(phrases) == 1:
            required.append(phrases[0])
        elif phrases:
            groups.append(tuple(phrases))
    excluded = [terms_of(item) for item in query.excluded]
    return CompiledQuery(
        required=tuple(_unique(p for p in required if p)),
        any_groups=tuple(groups),
        excluded=tuple(_unique(p for p in excluded if p)),
    )


def _unique(items: Iterable[tuple[str, ...]]) -> list[tuple[str, ...]]:
    return list(dict.fromkeys(items))


@dataclass(slots=True)
class _Item:
    text: str
    negated: bool = False


@dataclass(slots=True)
class _Parsed:
    items: list[_Item | str]
    """Words and phrases in order, with the operator "OR" between some of them."""
    filters: dict[str, str]


def parse_query(text: str, *, page_size: int = 5) -> SearchQuery:
    """Parse what a user typed into a `SearchQuery`, or raise `QueryError` whose message explains the syntax.

    Never raises anything else, whatever the input (fuzz-tested).
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"The query is too long (at most {MAX_QUERY_CHARS} characters). {USAGE}",
            "too_long",
            max=MAX_QUERY_CHARS,
        )
    clean = _clean(text)
    parsed = _scan(clean)
    query = SearchQuery(text=clean.strip(), **_filters(parsed.filters, page_size))  # type: ignore[arg-type]
    terms_of = cache(phrase_terms)  # each word is normalised once, for grouping and for compiling
    query = _with_terms(query, parsed.items, terms_of)
    compiled = compile_query(query, terms_of)
    count = sum(len(p) for p in compiled.required + compiled.excluded)
    count += sum(len(p) for g in compiled.any_groups for p in g)
    if count > MAX_TERMS:
        raise QueryError(
            f"The query has too many words (at most {MAX_TERMS}). {USAGE}", "too_many_words", max=MAX_TERMS
        )
    has_filter = any((query.since, query.until, query.language, query.source))
    if not compiled.has_positive and not has_filter:
        if compiled.excluded:
            raise QueryError(
                f"Add a word to search for: -word only removes results. {USAGE}", "only_excluded"
            )
        if parsed.items:
            raise QueryError(
                f"Nothing specific to search for (only very common words or symbols). {USAGE}",
                "only_common_words",
            )
        raise QueryError(f"Type something to search for. {USAGE}", "empty")
    return replace(query, compiled=compiled)


def _clean(text: str) -> str:
    """Control characters (NUL included) and lone surrogates become spaces; the rest is kept for display."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)


def _scan(text: str) -> _Parsed:
    """Split the text into words, phrases, OR operators and key:value filters."""
    items: list[_Item | str] = []
    filters: dict[str, str] = {}
    negate_next = False
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        negated = negate_next
        negate_next = False
        if char in "-!" and i + 1 < n and not text[i + 1].isspace():
            negated, i = True, i + 1
            char = text[i]
        if char in _QUOTES:
            end = _closing_quote(text, i + 1)
            items.append(_Item(text[i + 1 : end], negated))
            i = end + 1
            continue
        match = _FILTER.match(text, i)
        if match and not negated:
            value, i = _filter_value(text, match.end())
            filters[match.group(1).lower()] = value
            continue
        end = i
        while end < n and not text[end].isspace() and text[end] not in _QUOTES:
            end += 1
        word = text[i:end]
        i = end
        if word in _OR_WORDS and not negated:
            items.append("OR")
        elif word in _NOT_WORDS:
            negate_next = True
        elif word not in _AND_WORDS:
            items.extend(_Item(piece, negated) for piece in _pieces(word))
    return _Parsed(items, filters)


def _pieces(word: str) -> list[str]:
    """A chunk split at query-syntax punctuation of other engines (brackets, *, column:, NEAR( ...).

    A column filter of another engine ("title:gaza") searches its value only.
    """
    key, colon, value = word.partition(":")
    if colon and key.lower().lstrip("(+") in _COLUMN_NAMES:
        word = value
    pieces = []
    for piece in _HARD_PUNCTUATION.split(_NEAR.sub(" ", word)):
        piece = piece.strip(_TRIM)
        if piece:
            pieces.append(piece)
    return pieces


def _closing_quote(text: str, start: int) -> int:
    """Index of the quote that closes a phrase; an unclosed phrase runs to the end of the text."""
    for j in range(start, len(text)):
        if text[j] in _QUOTES:
            return j
    return len(text)


def _filter_value(text: str, start: int) -> tuple[str, int]:
    """The value after `key:`: a quoted string or everything up to the next space."""
    if start < len(text) and text[start] in _QUOTES:
        end = _closing_quote(text, start + 1)
        return text[start + 1 : end].strip(), end + 1
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end], end


def _filters(raw: dict[str, str], page_size: int) -> dict[str, object]:
    """Validate key:value filters; a bad value is a usage error naming the filter."""
    out: dict[str, object] = {}
    for key in ("since", "until"):
        if key in raw:
            out[key] = _date(key, raw[key])
    if out.get("since") and out.get("until") and out["since"] > out["until"]:  # type: ignore[operator]
        raise QueryError(f"since: must not be after until:. {USAGE}", "since_after_until")
    if "lang" in raw:
        lang = raw["lang"].strip().lower()
        aliases = {"ar": "ar", "en": "en", "arabic": "ar", "english": "en", "عربي": "ar", "العربية": "ar"}
        if lang not in aliases:
            raise QueryError(f"lang: takes ar or en. {USAGE}", "bad_lang")
        out["language"] = aliases[lang]
    if "source" in raw:
        name = " ".join(raw["source"].split())[:200]
        if not name:
            raise QueryError(
                f'source: needs a name, e.g. source:BBC or source:"Al Jazeera". {USAGE}', "bad_source"
            )
        out["source"] = name
    if "page" in raw:
        out["page"] = _page(raw["page"], page_size)
    return out


def _date(key: str, value: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(
            f"{key}: needs a date written YYYY-MM-DD, e.g. {key}:2025-09-01. {USAGE}", "bad_date", key=key
        ) from None


def _page(value: str, page_size: int) -> int:
    last = max(1, MAX_RESULTS_DEPTH // max(1, page_size))
    if not re.fullmatch(r"[0-9]{1,6}", value) or not 1 <= int(value) <= last:
        raise QueryError(f"page: takes a number from 1 to {last}. {USAGE}", "bad_page", last=last)
    return int(value)


def _with_terms(
    query: SearchQuery, items: list[_Item | str], terms_of: Callable[[str], tuple[str, ...]]
) -> SearchQuery:
    """Group the scanned items: OR joins its neighbours; negated items are exclusions."""
    groups: list[list[str]] = []
    excluded: list[str] = []
    pending_or = False
    for item in items:
        if isinstance(item, str):  # "OR": joins the next positive item to the previous group
            pending_or = bool(groups)
            continue
        words = " ".join(item.text.split())
        if not words or not terms_of(words):
            pending_or = pending_or and bool(groups)
            continue
        if item.negated:
            excluded.append(words)
        elif pending_or:
            groups[-1].append(words)
        else:
            groups.append([words])
        pending_or = False
    all_terms = [g[0] for g in groups if len(g) == 1 and " " not in g[0]]
    phrases = [tuple(g[0].split()) for g in groups if len(g) == 1 and " " in g[0]]
    any_groups = [tuple(dict.fromkeys(g)) for g in groups if len(g) > 1]
    return replace(
        query,
        all_terms=tuple(dict.fromkeys(all_terms)),
        phrases=tuple(dict.fromkeys(phrases)),
        any_groups=tuple(any_groups),
        excluded=tuple(dict.fromkeys(excluded)),
    )
