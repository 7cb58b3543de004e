"""Search snippets: verbatim text around the matched words, with the matched words' offsets.

Pure. Matching uses the same digests terms as the index (a word matches when one of its index terms, its
stem or prefix-stripped variant, is a query term), while offsets point into the ORIGINAL text: tokens come
from `tokenize_spans`, which keeps each raw word's span even when normalising changed its length (NFKC
turns ﷲ into الله, harakat disappear).
"""

from __future__ import annotations

from functools import lru_cache

from digests.text import index_terms, tokenize_spans

SNIPPET_CHARS = 220
SCAN_CHARS = 20_000
"""Only the start of very long texts is scanned for matches (a snippet from the first 20k characters)."""

Span = tuple[int, int]


@lru_cache(maxsize=100_000)
def _word_terms(token: str) -> frozenset[str]:
    return frozenset(term for _, term in index_terms(token))


def _cores(terms: frozenset[str]) -> tuple[str, ...]:
    """A piece of each term that every word producing it contains: Arabic stems and prefix-stripped
    variants are substrings of the normalised word; Snowball English stems keep all but the last 1-2
    letters of the word ("batteri" <- "batteries", "happi" <- "happy")."""
    return tuple({term if len(term) <= 3 else term[: len(term) - 2] for term in terms})


def matched_spans(text: str, terms: frozenset[str], *, limit: int = SCAN_CHARS) -> list[Span]:
    """(start, end) of each word of `text[:limit]` that matches one of the query `terms`."""
    spans: list[Span] = []
    cores = _cores(terms)
    for token in tokenize_spans(text[:limit]):
        if not any(core in token.term for core in cores):
            continue  # cheap test first: most words cannot produce a query term
        if _word_terms(token.term) & terms and (not spans or spans[-1] != (token.start, token.end)):
            spans.append((token.start, token.end))
    return spans


def _best_window(spans: list[Span], width: int) -> int:
    """Start of the window of `width` characters that covers the most matched words."""
    best_start, best_count = spans[0][0], 0
    right = 0
    for left, (start, _) in enumerate(spans):
        right = max(right, left)
        while right + 1 < len(spans) and spans[right + 1][1] <= start + width:
            right += 1
        if right - left + 1 > best_count:
            best_start, best_count = start, right - left + 1
    return best_start


def make_snippet(
    text: str, terms: frozenset[str], *, width: int = SNIPPET_CHARS
) -> tuple[str, tuple[Span, ...]]:
    """A snippet of `text` around the densest run of matched words, and the matched words' offsets in it.

    Newlines become spaces (same length, so offsets hold); cuts fall on spaces and are marked with "…".
    """
    spans = matched_spans(text, terms)
    start = 0
    if spans:
        first = _best_window(spans, width)
        start = max(0, first - width // 4)
        if start > 0:
            space = text.rfind(" ", max(0, start - 30), first)
            start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start + width // 2, end)
        end = space if space > 0 else end
    body = text[start:end]
    lead = len(body) - len(body.lstrip())
    body = body.strip()
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start - lead
    snippet = prefix + body.replace("\n", " ").replace("\r", " ").replace("\t", " ") + suffix
    inside = tuple(
        (s + shift, e + shift) for s, e in spans if s >= start + lead and e <= start + lead + len(body)
    )
    return snippet, inside
