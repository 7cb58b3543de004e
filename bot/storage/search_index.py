"""Building the full-text index rows from digests' search terms, identically for both backends.

`digests.text.index_terms` gives (position, term) pairs; a position may carry several terms (a word and its
prefix-stripped variant: لأوكرانيا -> لاوكران + اوكران). A term matches a position when it is one of the
position's terms, and a phrase matches consecutive positions. Both backends keep exactly that meaning:

- PostgreSQL: a `tsvector` with explicit positions ('لاوكران':7 'اوكران':7), title positions weighted A and
  body positions (D) starting two after the title's last, so no phrase spans title and body.
- SQLite FTS5 has no same-position terms for Python code (its "colocated" tokens need a C tokenizer), so
  each position of `article_fts` is ONE token, a "slot": the variants then the stem, joined by U+E100
  (اوكران<E100>لاوكران). The side table `search_slots(term, slot)` lists the slots of each term. A query
  word matches a position as the term alone or as one of its listed slots.
  A phrase over slots would be the OR of every combination of its words' slots, one FTS5 phrase scan each
  (seconds on a million articles). So phrases run on a second, contentless FTS5 table, `article_phrase`,
  whose token at each position is the slot's KEY: its shortest term (اوكران for لاوكران; دول for للدول,
  whose variant لدول is longer). A term's keys are itself and the keys of its slots, nearly always just
  itself: then a phrase is one FTS5 phrase and exact; otherwise it matches a superset that is checked
  over the stored slots (see `bot.storage.search_sql`).

Both drop the same things: terms longer than MAX_TERM_CHARS, title positions past MAX_TITLE_POSITIONS,
body positions past MAX_BODY_POSITIONS, and occurrences of a term past its 256th in a document (PostgreSQL
keeps at most 256 positions per lexeme). A position left without terms is a filler token on SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bot.search_query import MAX_TERM_CHARS
from digests.text import index_terms, tokenize

MAX_TITLE_POSITIONS = 200
MAX_BODY_POSITIONS = 16_000
MAX_OCCURRENCES = 256
SLOT_SEPARATOR = "\ue100"
FILLER = "\ue101"
_PUA_BASE = 0xE000


def encode_term(term: str) -> str:
    """A term as one FTS5 `ascii`-tokenizer token: ASCII punctuation (' . , in "ukraine's", "3.5") would
    split it, so each such character becomes a private-use character; everything else stays."""
    if term.isalnum():
        return term
    return "".join(chr(_PUA_BASE + ord(c)) if c < "\x80" and not c.isalnum() else c for c in term)


def slot_token(terms: list[str]) -> str:
    """The one SQLite token for a position carrying `terms` (encoded, the word's own stem first): the
    prefix-stripped variants first and the stem last, so that a query for a variant can find every slot
    it starts with by one FTS5 prefix query ("اوكران<U+E100>" *)."""
    if not terms:
        return FILLER
    return terms[0] if len(terms) == 1 else SLOT_SEPARATOR.join([*terms[1:], terms[0]])


def slot_key(terms: list[str]) -> str:
    """The `article_phrase` token of a position holding `terms` (encoded): the shortest, then the first in
    code-point order; the filler stays the filler."""
    return min(terms, key=lambda term: (len(term), term))


def phrase_column(column: str) -> str:
    """An `article_phrase` column from the `article_fts` column (slot tokens) of the same row. Both the
    insert and the contentless table's delete take it from here, so they always agree."""
    return " ".join(slot_key(token.split(SLOT_SEPARATOR)) for token in column.split(" ")) if column else ""


@lru_cache(maxsize=400_000)
def token_terms(token: str, language: str | None) -> tuple[str, ...]:
    """The index terms of one normalised token (its stem and prefix-stripped variants), cached.

    `index_terms` gives each token of a text its own position and derives its terms from the token alone,
    so terms per token equal terms per position (checked by a test); the cache pays off because news
    vocabulary repeats.
    """
    return tuple(dict.fromkeys(t for _, t in index_terms(token, language) if len(t) <= MAX_TERM_CHARS))


def positions(text: str, language: str | None, limit: int) -> list[list[str]]:
    """The terms at each position of `text` (consecutive positions, at most `limit` of them)."""
    return [list(token_terms(token, language)) for token in tokenize(text)[:limit]]


@dataclass(frozen=True, slots=True)
class IndexedDoc:
    """One article's index content: the terms at each title and body position."""

    article_id: int
    title: list[list[str]]
    body: list[list[str]]


def build_doc(article_id: int, title: str, text: str, language: str | None) -> IndexedDoc:
    """Terms per position for an article, with the per-document caps applied (see the module docstring)."""
    doc = IndexedDoc(
        article_id,
        positions(title, language, MAX_TITLE_POSITIONS),
        positions(text, language, MAX_BODY_POSITIONS),
    )
    seen: dict[str, int] = {}
    for slot in (*doc.title, *doc.body):
        kept = []
        for term in slot:
            seen[term] = seen.get(term, 0) + 1
            if seen[term] <= MAX_OCCURRENCES:
                kept.append(term)
        slot[:] = kept
    return doc


def fts_columns(doc: IndexedDoc) -> tuple[str, str, set[tuple[str, str]]]:
    """SQLite: the title and body columns (space-joined slot tokens) and the (term, slot) pairs of the
    multi-term slots, for `search_slots`."""
    pairs: set[tuple[str, str]] = set()

    def column(slots: list[list[str]]) -> str:
        tokens = []
        for terms in slots:
            encoded = [encode_term(t) for t in terms]
            token = slot_token(encoded)
            if len(encoded) > 1:
                pairs.update((t, token) for t in encoded)
            tokens.append(token)
        return " ".join(tokens)

    return column(doc.title), column(doc.body), pairs


def quote_lexeme(term: str) -> str:
    """A term as a quoted tsvector/tsquery lexeme (backslash and quote escaped)."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(doc: IndexedDoc) -> str:
    """PostgreSQL: the document as tsvector input text with explicit positions and weights."""
    entries: dict[str, list[str]] = {}
    for index, terms in enumerate(doc.title):
        for term in terms:
            entries.setdefault(term, []).append(f"{index + 1}A")
    body_start = len(doc.title) + 2
    for index, terms in enumerate(doc.body):
        for term in terms:
            entries.setdefault(term, []).append(str(body_start + index))
    return " ".join(f"{quote_lexeme(term)}:{','.join(spots)}" for term, spots in entries.items())
