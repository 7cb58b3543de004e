"""Topics: stories that share keywords, ranked by how widely and how recently they were covered.

stories (from digests.stories, with their articles' TF-IDF vectors)
| story centroids; candidate story pairs from an inverted index of centroid keywords (no all pairs)
| average-link clustering at a looser threshold than stories ("the war", not "this strike")
| score = distinct outlets + log(1 + articles) + recency (half-life decay from `now`)
-> topics, best first; each lists its stories and articles best first, with keywords
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from digests import places
from digests.model import Article
from digests.newswords import generic_terms
from digests.similarity import (
    Edges,
    SparseVector,
    add_edge,
    add_into,
    average_link,
    blocked_pairs,
    cosine,
    document_frequencies,
    key_terms,
    normalized,
    shared_words,
)
from digests.stories import StoryGrouping
from digests.story_edges import timestamp


@dataclass(frozen=True, slots=True)
class TopicParams:
    """Knobs of topic grouping and ranking."""

    threshold: float = 0.15
    """Average-link threshold on story-centroid cosine."""
    centroid_terms: int = 40
    key_terms: int = 8
    max_postings: int = 300
    keywords: int = 5
    min_shared_words: int = 3
    place_conflict_shared_words: int = 6
    """Stories set in different countries (digests.places) need this many shared words to share a topic:
    elections in Argentina and municipal elections in Saudi Arabia share "elections", "voters" and
    "candidates", not a subject."""
    source_weight: float = 1.0
    article_weight: float = 0.5
    recency_weight: float = 1.0
    half_life_hours: float = 12.0


@dataclass(frozen=True, slots=True)
class TopicGroup:
    """One topic before labels and sentences: indices into the grouping, best first."""

    stories: tuple[int, ...]
    """Indices into `StoryGrouping.stories`, best story first."""
    articles: tuple[int, ...]
    """Indices into `StoryGrouping.articles`: story by story, each story's lead first."""
    keywords: tuple[str, ...]
    """Stemmed terms, heaviest first (generic news words left out; up to twice `TopicParams.keywords`)."""
    centroid: SparseVector
    score: float
    language: str


def group_topics(
    grouping: StoryGrouping, *, now: datetime, params: TopicParams | None = None
) -> list[TopicGroup]:
    """Group the stories of `grouping` into topics and rank them (highest score first, ties by first id)."""
    p = params or TopicParams()
    articles = grouping.articles
    if not articles:
        return []
    centroids = [_centroid(members, grouping.vectors, p.centroid_terms) for members in grouping.clusters]
    clusters = average_link(
        len(centroids), _story_edges(centroids, p, _story_countries(grouping)), p.threshold
    )
    topics = [_build(cluster, grouping, centroids, now, p) for cluster in clusters]
    topics.sort(key=lambda t: (-t.score, articles[t.articles[0]].id))
    return topics


def _centroid(members: Sequence[int], vectors: Sequence[SparseVector], max_terms: int) -> SparseVector:
    total: dict[str, float] = {}
    for i in members:
        add_into(total, vectors[i])
    return normalized(total, max_terms)


def _story_edges(
    centroids: Sequence[SparseVector], p: TopicParams, story_countries: Callable[[int], frozenset[str]]
) -> Edges:
    """Cosine between story centroids that share a key term (blocked, never all pairs)."""
    df = document_frequencies(centroids)
    keys = [key_terms(c, df, p.key_terms, p.max_postings) for c in centroids]
    edges: Edges = {}
    for i, j in blocked_pairs(keys, p.max_postings):
        similarity = cosine(centroids[i], centroids[j])
        # Topics are stories that share keywords: one shared word ("Gulf", "Arab") is not a topic.
        shared = shared_words(centroids[i], centroids[j], generic_terms())
        if similarity <= 0.0 or shared < p.min_shared_words:
            continue
        if shared < p.place_conflict_shared_words and places.conflict(story_countries(i), story_countries(j)):
            continue
        add_edge(edges, i, j, similarity)
    return edges


def _story_countries(grouping: StoryGrouping) -> Callable[[int], frozenset[str]]:
    """The countries (digests.places) the articles of story `s` name in their leads, read when asked."""
    article_places = grouping.places
    return lambda s: places.countries(frozenset().union(*(article_places(i) for i in grouping.clusters[s])))


def _build(
    cluster: Sequence[int],
    grouping: StoryGrouping,
    centroids: Sequence[SparseVector],
    now: datetime,
    p: TopicParams,
) -> TopicGroup:
    articles = grouping.articles
    stories = sorted(cluster, key=lambda s: _story_rank(grouping.clusters[s], articles))
    members = [i for s in stories for i in grouping.clusters[s]]
    total: dict[str, float] = {}
    for s in stories:
        add_into(total, centroids[s], len(grouping.clusters[s]))
    centroid = normalized(total, p.centroid_terms)
    # Bare figures ("3", "2025") make poor keywords: words first, figures only to fill up. Generic news
    # words ("said", "company", "percent") say nothing about the topic. Twice the shown count is kept:
    # the digest drops stems it cannot spell as a word of the articles.
    # Title words first: headline writers pick the words that tell the story.
    generic = generic_terms()
    in_titles = {t for i in members[: 2 * p.keywords] for t in articles[i].title_terms}
    ranked = sorted(
        (t for t in centroid if t not in generic),
        key=lambda t: (_is_figure(t), t not in in_titles, -centroid[t], t),
    )
    keywords = tuple(ranked[: 2 * p.keywords])
    return TopicGroup(
        stories=tuple(stories),
        articles=tuple(members),
        keywords=keywords,
        centroid=centroid,
        score=round(coverage_score([articles[i] for i in members], now, p), 4),
        language=dominant_language(articles[i] for i in members),
    )


def _story_rank(members: Sequence[int], articles: Sequence[Article]) -> tuple[int, int, float, str]:
    """Bigger, more widely carried and fresher stories first; the lead's id breaks ties."""
    sources = {articles[i].source for i in members}
    newest = max(timestamp(articles[i].published) for i in members)
    return (-len(sources), -len(members), -newest, articles[members[0]].id)


def coverage_score(articles: Sequence[Article], now: datetime, params: TopicParams | None = None) -> float:
    """Attention a topic got: distinct outlets, article count (log), freshness of its newest report."""
    p = params or TopicParams()
    sources = len({a.source for a in articles})
    newest = max(timestamp(a.published) for a in articles)
    age_hours = max(0.0, (timestamp(now) - newest) / 3600.0)
    recency = math.pow(0.5, age_hours / p.half_life_hours)
    return (
        p.source_weight * sources + p.article_weight * math.log1p(len(articles)) + p.recency_weight * recency
    )


def dominant_language(articles: Iterable[Article]) -> str:
    """The most common language among the articles (ties: alphabetical)."""
    counts = Counter(a.language for a in articles)
    if not counts:
        return "unknown"
    return min(counts, key=lambda lang: (-counts[lang], lang))


def _is_figure(term: str) -> bool:
    return not any(ch.isalpha() for ch in term)

