"""Backend match expressions built from normalised terms only, never from user text.

SQLite: an FTS5 MATCH string whose every token is a double-quoted string literal of an encoded term or slot
(bound as a parameter). PostgreSQL: tsquery input text whose every lexeme is single-quoted and escaped (bound
as a parameter and cast), with the operators & | ! <-> written by us.

A phrase on SQLite expands to the OR of one FTS5 phrase per combination of its terms' alternatives (the
term itself and the slots holding it). When that product exceeds MAX_EXPANSION, the MATCH string keeps
only a superset (each term's alternatives ANDed) and the exact test runs in `exact_match` over the row's
stored tokens, registered on the connection as the SQL function `newsbot_match`.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass

from bot.records import CompiledQuery
from bot.storage.search_index import SLOT_SEPARATOR, encode_term, quote_lexeme

MAX_EXPANSION = 27
Phrase = tuple[str, ...]


# --- PostgreSQL ------------------------------------------------------------------------------------------


def _ts_phrase(phrase: Phrase) -> str:
    return "(" + " <-> ".join(quote_lexeme(t) for t in phrase) + ")"


def tsquery_text(query: CompiledQuery, *, positive: bool = True) -> str | None:
    """tsquery input for the positive part (with exclusions) or, `positive=False`, the exclusions alone."""
    excluded = " | ".join(_ts_phrase(p) for p in query.excluded)
    if not positive:
        return excluded or None
    parts = [_ts_phrase(p) for p in query.required]
    parts += ["(" + " | ".join(_ts_phrase(p) for p in group) + ")" for group in query.any_groups]
    if not parts:
        return None
    text = " & ".join(parts)
    return f"({text}) & !({excluded})" if excluded else text


# --- SQLite ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FtsMatch:
    """FTS5 MATCH strings for the positive part and the exclusions, and, when phrases were too ambiguous
    to expand, the exact-test specification for `newsbot_match`."""

    positive: str | None
    excluded: str | None = None
    exact_spec: str | None = None
    impossible: bool = False
    """Some required word never occurs in the index: nothing can match."""
    ranking: str | None = None
    """A looser expression for bm25 when the positive part has phrases (see `FtsBuilder.ranking`)."""


def _literal(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


class FtsBuilder:
    """Builds FTS5 MATCH strings for one query, knowing each encoded term's slots."""

    def __init__(self, slots: dict[str, list[str]]) -> None:
        self._slots = slots
        self.relaxed = False

    def alternatives(self, term: str) -> list[str]:
        """FTS5 tokens that hold `term` at a position: the term alone, the slots it starts (a prefix
        query), and the slots where it is the stem (from `search_slots`)."""
        encoded = encode_term(term)
        slots = self._slots.get(encoded, [])
        starts = encoded + SLOT_SEPARATOR
        found = [_literal(encoded)]
        if any(slot.startswith(starts) for slot in slots):
            found.append(_literal(starts) + " *")
        return found + [_literal(slot) for slot in slots if not slot.startswith(starts)]

    def phrase(self, phrase: Phrase, *, exact: bool = True) -> str | None:
        """The phrase as an FTS5 expression, or None when it cannot be expressed exactly (exclusions)."""
        options = [self.alternatives(t) for t in phrase]
        size = 1
        for o in options:
            size *= len(o)
        if size <= MAX_EXPANSION:
            return "(" + " OR ".join("(" + " + ".join(c) + ")" for c in itertools.product(*options)) + ")"
        if not exact:
            return None
        # Too many combinations: a superset (every term somewhere), checked exactly afterwards.
        self.relaxed = True
        return self.terms(phrase)

    def terms(self, phrase: Phrase) -> str:
        """Every term of the phrase somewhere (any order): a superset of the phrase."""
        return "(" + " AND ".join("(" + " OR ".join(self.alternatives(t)) + ")" for t in phrase) + ")"

    def ranking(self, query: CompiledQuery) -> str | None:
        """The positive part with phrases loosened to their terms, for bm25 (None: no phrase to loosen).

        bm25 counts the rows matching each phrase of the expression over the WHOLE table; for a phrase of
        common words (or its many spellings) that costs seconds on a large index, while counting single
        terms only reads their doclists. The exact expression still decides which rows match.
        """
        phrases = [*query.required, *(p for g in query.any_groups for p in g)]
        if all(len(p) == 1 for p in phrases):
            return None
        parts = [self.terms(p) for p in query.required]
        parts += ["(" + " OR ".join(self.terms(p) for p in g) + ")" for g in query.any_groups]
        return " AND ".join(parts)

    def positive(self, query: CompiledQuery) -> str | None:
        """AND of required phrases and OR groups; None when some requirement can never match."""
        parts = []
        for phrase in query.required:
            expr = self.phrase(phrase)
            if expr is None:
                return None
            parts.append(expr)
        for group in query.any_groups:
            exprs = [e for e in (self.phrase(p) for p in group) if e is not None]
            if not exprs:
                return None
            parts.append("(" + " OR ".join(exprs) + ")")
        return " AND ".join(parts) if parts else None

    def exclusion(self, query: CompiledQuery) -> str | None:
        """OR of the excluded phrases that can be expanded exactly (the others go to the exact test)."""
        exprs = []
        for phrase in query.excluded:
            expr = self.phrase(phrase, exact=False)
            if expr is None:
                self.relaxed = True  # ambiguous excluded phrase: only the exact test can apply it
            else:
                exprs.append(expr)
        return " OR ".join(exprs) if exprs else None


def build_fts_match(query: CompiledQuery, slots: dict[str, list[str]]) -> FtsMatch:
    """The MATCH strings for the positive part and the exclusions, plus an exact spec when needed."""
    builder = FtsBuilder(slots)
    positive = builder.positive(query)
    if query.has_positive and positive is None:
        return FtsMatch(None, impossible=True)
    excluded = builder.exclusion(query)
    spec = json.dumps([query.required, query.any_groups, query.excluded]) if builder.relaxed else None
    return FtsMatch(positive, excluded, spec, ranking=builder.ranking(query) if positive else None)


# --- the exact test over stored SQLite tokens ------------------------------------------------------------


def _token_terms(column: str) -> list[set[str]]:
    return [set(token.split(SLOT_SEPARATOR)) for token in column.split(" ")] if column else []


def _has_phrase(columns: Sequence[list[set[str]]], phrase: Sequence[str]) -> bool:
    encoded = [encode_term(t) for t in phrase]
    for terms in columns:
        for start in range(len(terms) - len(encoded) + 1):
            if all(encoded[i] in terms[start + i] for i in range(len(encoded))):
                return True
    return False


def exact_match(title: str | None, body: str | None, spec: str) -> int:
    """1 when the stored row satisfies the whole query (required, OR groups, exclusions), else 0."""
    required, groups, excluded = json.loads(spec)
    columns = (_token_terms(title or ""), _token_terms(body or ""))
    ok = all(_has_phrase(columns, p) for p in required)
    ok = ok and all(any(_has_phrase(columns, p) for p in g) for g in groups)
    ok = ok and not any(_has_phrase(columns, p) for p in excluded)
    return int(ok)
