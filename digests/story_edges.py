"""The edges of story grouping: which pairs of articles may tell one event, and how strongly.

Four kinds, each found without comparing all pairs (see digests.stories for the whole flow):
copies (SimHash bands), reused titles, rewrites (shared rarest weighty terms, then cosine checked against
specific words and places) and Arabic/English pairs sharing numbers and names (digests.crosslingual).
Every weight is damped when the reports are days apart (`gap_factor`) or name different people and places
(`name_factor`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from digests import places
from digests import text as text_prep
from digests.crosslingual import CrossLanguageParams, cross_language_scores
from digests.model import Article
from digests.newswords import generic_terms
from digests.similarity import (
    Edges,
    SparseVector,
    add_edge,
    blocked_pairs,
    cosine,
    document_frequencies,
    key_terms,
    specific_overlap,
)

if TYPE_CHECKING:
    # digests.stories imports this module; the parameters are only annotations here.
    from digests.stories import StoryParams

_MASK64 = (1 << 64) - 1
_DAY = 86400.0


def copy_edges(params: StoryParams, ordered: Sequence[Article], edges: Edges) -> None:
    """Near-duplicate copies: SimHash within `max_hamming` bits, found by banding (pigeonhole)."""
    bands = params.max_hamming + 1
    width = 64 // bands
    buckets: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
    prints: dict[int, int] = {}
    for index, article in enumerate(ordered):
        if article.fingerprint == 0 or len(article.terms) < params.min_fingerprint_terms:
            continue
        value = article.fingerprint & _MASK64
        prints[index] = value
        for band in range(bands):
            buckets[(band, (value >> (band * width)) & ((1 << width) - 1))].append(index)
    for members in buckets.values():
        for pos, first in enumerate(members):
            for second in members[pos + 1 :]:
                if (prints[first] ^ prints[second]).bit_count() <= params.max_hamming:
                    add_edge(edges, first, second, time_factor(params, ordered[first], ordered[second]))


def same_title_edges(params: StoryParams, ordered: Sequence[Article], edges: Edges) -> None:
    """Identical normalised titles mark one report carried by several outlets.

    Normalised tokens rather than `title_terms`: batch-guided prefix stripping may stem one title's
    words differently from its copy's. A short title ("Cartoon") links only articles without a body:
    then the title is all there is, and identical articles are copies.
    """
    min_terms = params.same_title_min_terms
    if min_terms <= 0:
        return
    by_title: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, article in enumerate(ordered):
        tokens = tuple(text_prep.tokenize(article.title))
        if tokens:
            by_title[tokens].append(index)
    for tokens, members in by_title.items():
        if len(tokens) < min_terms:
            members = [i for i in members if len(ordered[i].terms) - len(ordered[i].title_terms) < 3]
        for pos, first in enumerate(members):
            for second in members[pos + 1 :]:
                add_edge(edges, first, second, time_factor(params, ordered[first], ordered[second]))


def rewrite_edges(
    params: StoryParams,
    ordered: Sequence[Article],
    vectors: Sequence[SparseVector],
    names: Sequence[frozenset[str]],
    lead_places: places.LeadPlaces,
    edges: Edges,
    gate: Sequence[SparseVector] | None,
) -> None:
    """Rewrites: cosine similarity on pairs that share one of their rarest weighty terms.

    The edge must rest on specific evidence: enough shared words outside the generic news list (more
    when the two reports are set in different places), and a similarity that those words and shared
    figures reach on their own: generic words may add to an edge, never make one.

    `gate` holds plain TF-IDF vectors (rare terms at full weight): a pair whose plain cosine stays below
    `min_plain_cosine` shares too little of its text to be one story, however heavy the few shared
    words are ("Gulf" in a heatwave report and in a football final).
    """
    n = len(ordered)
    k, max_postings, min_shared = blocking_budget(n)
    df = document_frequencies(vectors)
    keys = [key_terms(vector, df, k, max_postings) for vector in vectors]
    times = [timestamp(a.published) for a in ordered]
    min_edge = params.min_edge
    generic = generic_terms()
    for i, j in blocked_pairs(keys, max_postings, min_shared):
        similarity = cosine(vectors[i], vectors[j])
        if similarity < min_edge:
            continue
        specific, shared = specific_overlap(vectors[i], vectors[j], generic)
        if specific < min_edge or shared < params.min_shared_words:
            continue
        if gate is not None and cosine(gate[i], gate[j]) < params.min_plain_cosine:
            continue
        similarity *= gap_factor(params, times[i], times[j]) * name_factor(params, names[i], names[j])
        if similarity < min_edge:
            continue
        # Last: reading places costs more than every check above.
        if shared < params.place_conflict_shared_words and places.conflict(lead_places(i), lead_places(j)):
            continue
        add_edge(edges, i, j, similarity)


def cross_language_edges(
    params: StoryParams, ordered: Sequence[Article], raw_names: Sequence[frozenset[str]], edges: Edges
) -> None:
    """Arabic and English reports linked by shared numbers and names (see digests.crosslingual)."""
    settings = CrossLanguageParams(
        body_chars=params.body_terms * 8,
        body_terms=params.body_terms,
        prior_docs=params.prior_docs,
        max_postings=blocking_budget(len(ordered))[1],
        min_keys=params.cross_language_min_keys,
        scale=params.cross_language_scale,
    )
    for (i, j), score in sorted(cross_language_scores(ordered, raw_names, settings).items()):
        score *= time_factor(params, ordered[i], ordered[j])
        if score >= params.min_edge:
            add_edge(edges, i, j, score)


def name_factor(params: StoryParams, first: frozenset[str], second: frozenset[str]) -> float:
    """Damp reports that both name people or places and share none of them: same kind, other event."""
    if (
        len(first) >= params.conflict_min_names
        and len(second) >= params.conflict_min_names
        and first.isdisjoint(second)
    ):
        return params.name_conflict
    return 1.0


def time_factor(params: StoryParams, a: Article, b: Article) -> float:
    """1 for reports within `full_gap_days`, fading to 0 over `fade_days` more."""
    return gap_factor(params, timestamp(a.published), timestamp(b.published))


def gap_factor(params: StoryParams, first: float, second: float) -> float:
    """`time_factor` of two publication times given in seconds (see `timestamp`)."""
    gap = abs(first - second) / _DAY
    excess = gap - params.full_gap_days
    if excess <= 0:
        return 1.0
    return max(0.0, 1.0 - excess / params.fade_days)


def blocking_budget(n: int) -> tuple[int, int, int]:
    """Key terms per article, longest postings list and key terms a candidate pair must share, by batch
    size: generous when small, lean when huge (measured in bench/bench_digest_scale.py)."""
    if n <= 1_000:
        return 30, n, 1
    if n <= 20_000:
        return 12, 400, 2
    return 10, 300, 2


def timestamp(moment: datetime) -> float:
    """Seconds since the epoch; a naive time is taken as UTC rather than failing a comparison."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
