"""Backend match expressions built from normalised terms only, never from user text.

SQLite: an FTS5 MATCH string whose every token is a double-quoted string literal of an encoded term or slot
(bound as a parameter). PostgreSQL: tsquery input text whose every lexeme is single-quoted and escaped (bound
as a parameter and cast), with the operators & | ! <-> written by us.

SQLite has two indexes (see `bot.storage.search_index`). A query of single words runs on `article_fts`,
each word as the OR of its alternatives: the term alone and the slots holding it. A query with a phrase
(two or more terms, required, in an OR group or excluded) runs on `article_phrase`, each term as the OR of
its keys; when some term has more than one key, the MATCH string is a superset and `exact_match` decides
over the row's stored slots (registered on the connection as the SQL function `newsbot_match`).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.records import CompiledQuery
from bot.storage.search_index import SLOT_SEPARATOR, encode_term, quote_lexeme, slot_key

MAX_EXPANSION = 27
"""Most key combinations a phrase expands to on `article_phrase`; past it, a superset checked exactly."""
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
    """FTS5 MATCH strings for the positive part and the exclusions on one table, and, when they are only a
    superset of the query, the exact-test specification for `newsbot_match`."""

    table: str
    """"article_fts" (single words) or "article_phrase" (the query has a phrase)."""
    positive: str | None
    excluded: str | None = None
    exact_spec: str | None = None


def _literal(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _any(tokens: Sequence[str]) -> str:
    return "(" + " OR ".join(_literal(t) for t in tokens) + ")"


def has_phrase(query: CompiledQuery) -> bool:
    """True when some item of the query (required, in an OR group or excluded) has two or more terms."""
    items = [*query.required, *query.excluded, *(p for g in query.any_groups for p in g)]
    return any(len(p) > 1 for p in items)


class _Words:
    """Items of one term on `article_fts`: the term alone or any slot holding it (always exact)."""

    exact = True

    def __init__(self, slots: dict[str, list[str]]) -> None:
        self._slots = slots

    def item(self, phrase: Phrase) -> str:
        (term,) = phrase
        encoded = encode_term(term)
        return _any([encoded, *self._slots.get(encoded, [])])

    def excludable(self, phrase: Phrase) -> bool:
        return True


class _Keys:
    """Items on `article_phrase`: each term as the OR of its keys, a phrase as FTS5 phrases over them."""

    def __init__(self, slots: dict[str, list[str]]) -> None:
        self._slots = slots
        self.exact = True

    def keys(self, term: str) -> list[str]:
        """The keys a position holding `term` can have: the term itself (when it is its slot's key or stands
        alone) and the key of each slot holding it."""
        encoded = encode_term(term)
        found = {slot_key(slot.split(SLOT_SEPARATOR)) for slot in self._slots.get(encoded, [])}
        return sorted(found | {encoded})

    def excludable(self, phrase: Phrase) -> bool:
        """An exclusion can go into MATCH only when its expression is exact (one key per term)."""
        return all(len(self.keys(t)) == 1 for t in phrase)

    def item(self, phrase: Phrase) -> str:
        options = [self.keys(t) for t in phrase]
        if any(len(o) > 1 for o in options):
            self.exact = False
        if math.prod(len(o) for o in options) > MAX_EXPANSION:
            return "(" + " AND ".join(_any(o) for o in options) + ")"  # every term somewhere: a superset
        combos = ("(" + " + ".join(_literal(t) for t in combo) + ")" for combo in itertools.product(*options))
        return "(" + " OR ".join(combos) + ")"


def build_fts_match(query: CompiledQuery, slots: dict[str, list[str]]) -> FtsMatch:
    """The MATCH strings for `query`, given the slots of its terms (`search_slots`), on the table that
    answers it; with an exact spec when they only find a superset."""
    phrases = has_phrase(query)
    builder = _Keys(slots) if phrases else _Words(slots)
    parts = [builder.item(p) for p in query.required]
    parts += ["(" + " OR ".join(builder.item(p) for p in group) + ")" for group in query.any_groups]
    excluded = [builder.item(p) for p in query.excluded if builder.excludable(p)]
    exact = builder.exact and len(excluded) == len(query.excluded)
    spec = None if exact else json.dumps([query.required, query.any_groups, query.excluded])
    return FtsMatch(
        table="article_phrase" if phrases else "article_fts",
        positive=" AND ".join(parts) if parts else None,
        excluded=" OR ".join(excluded) if excluded else None,
        exact_spec=spec,
    )


# --- the exact test over stored SQLite slots -------------------------------------------------------------


def _phrase_pattern(phrase: Sequence[str]) -> re.Pattern[str]:
    """A phrase over a stored column: consecutive space-separated slots, each holding its term as one of
    its SLOT_SEPARATOR-separated terms."""
    sep = re.escape(SLOT_SEPARATOR)
    slots = [f"(?:[^ ]*{sep})?{re.escape(encode_term(t))}(?:{sep}[^ ]*)?" for t in phrase]
    return re.compile("(?:^| )" + " ".join(slots) + "(?= |$)")


@lru_cache(maxsize=64)
def _spec_patterns(
    spec: str,
) -> tuple[list[re.Pattern[str]], list[list[re.Pattern[str]]], list[re.Pattern[str]]]:
    required, groups, excluded = json.loads(spec)
    return (
        [_phrase_pattern(p) for p in required],
        [[_phrase_pattern(p) for p in group] for group in groups],
        [_phrase_pattern(p) for p in excluded],
    )


def exact_match(title: str | None, body: str | None, spec: str) -> int:
    """1 when the stored row satisfies the whole query (required, OR groups, exclusions), else 0.

    A phrase never spans the title and the body: each column is searched on its own.
    """
    required, groups, excluded = _spec_patterns(spec)
    columns = (title or "", body or "")

    def found(pattern: re.Pattern[str]) -> bool:
        return any(pattern.search(column) for column in columns)

    ok = all(found(p) for p in required) and all(any(found(p) for p in g) for g in groups)
    return int(ok and not any(found(p) for p in excluded))
