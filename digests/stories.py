"""Story grouping: articles about one event, whatever the outlet or language, in one story.

articles (sorted by id: the input order never matters)
| TF-IDF vectors over normalised, stemmed terms (title terms count extra)
| candidate pairs, never all pairs:
|     SimHash bands (copies)  +  inverted index of each article's rarest weighty terms (rewrites)
|     + evidence index of numbers and names shared by an Arabic and an English report
| similarity per candidate pair (1.0 for copies, cosine for rewrites, evidence score across languages),
|     damped when the publication times are days apart; a rewrite pair must share specific words, not
|     generic news vocabulary (digests.newswords), and more of them when set in different places
|     (digests.places)
|     (these edges are built in digests.story_edges)
| average-link clustering with a tuned threshold
| each cluster re-split with IDF local to it, then cut where its reports follow different protagonists
|     (digests.protagonists: the name each report repeats most)
-> stories (id = smallest article id; the most central article first)
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from digests import evidence, places, protagonists, story_edges
from digests import text as text_prep
from digests.model import Article, Story
from digests.newswords import generic_terms
from digests.similarity import (
    Edges,
    SparseVector,
    add_into,
    average_link,
    cosine,
    document_frequencies,
    idf_table,
    sublinear_tf,
    weigh_tf,
)


@dataclass(frozen=True, slots=True)
class StoryParams:
    """Tunable knobs, chosen on the ECB+ training topics (see bench/bench_stories.py)."""

    threshold: float = 0.06
    """Average-link merge threshold on cosine similarity. The ECB+ training topics pick 0.04 (dev ARI
    0.934 vs 0.928 at 0.06); 0.06 keeps small mixed batches (the bundled examples) from merging reports
    that merely share a word or two."""
    prior_docs: float = 20.0
    """IDF smoothing: as if this many extra articles contained none of the terms (see idf_table)."""
    title_boost: float = 2.0
    """Each title term counts as this many extra occurrences."""
    name_boost: float = 4.0
    """Counts of terms written as names (capitalised inside a sentence, Latin words in Arabic) multiply by
    this: two reports of the same kind of event differ mostly in who, where and how many."""
    name_conflict: float = 0.5
    """Similarity factor when both articles name at least `conflict_min_names` and share no name."""
    conflict_min_names: int = 2
    min_df: int = 2
    """Terms found in fewer articles of the batch weigh only `rare_term_weight` of their IDF: they
    cannot link two articles and would dilute every cosine of the article that has them (ECB+ train:
    pairwise AUC 0.91 -> 0.94)."""
    rare_term_weight: float = 0.2
    generic_weight: float = 0.3
    """IDF factor of generic news words (digests.newswords: "company", "percent", "said", weekdays): in a
    small batch in-batch IDF cannot tell them from names, and they never say which event a report tells.
    They do not count as shared words either."""
    min_plain_cosine: float = 0.0
    """Candidate pairs below this plain TF-IDF cosine get no edge (0 turns the gate off)."""
    min_shared_words: int = 4
    """A rewrite edge needs this many shared specific words (generic news words and figures not counted)
    among the vectors' terms."""
    place_conflict_shared_words: int = 8
    """Reports that both name places (gazetteer countries, cities, organisations) and share none of them
    need this many shared specific words: a Ukraine summit in France and a drought fund in Amman share
    "ministers", "meeting", "held", "next" and "again", never the event."""
    place_chars: int = places.LEAD_CHARS
    """Places are read in the title and this many characters of the body (see digests.places)."""
    min_df_batch: int = 0
    """`min_df` applies from this batch size on (0: always; ECB+ preferred always)."""
    max_terms: int = 60
    """Vector length kept per article (heaviest terms)."""
    body_terms: int = 400
    """Only the first terms of a long body are read: the lead carries the event."""
    max_hamming: int = 3
    min_fingerprint_terms: int = 12
    """Shorter texts have fingerprints too unstable to call copies."""
    full_gap_days: float = 2.0
    """Reports further apart in time than this are damped linearly down to 0 over `fade_days` more."""
    fade_days: float = 5.0
    min_edge: float = 0.05
    same_title_min_terms: int = 4
    """Articles whose titles have the same terms (at least this many) are copies of one report, whatever
    their bodies say (agency headlines reused by several outlets). 0 turns the rule off."""
    refine_threshold: float | None = 0.1
    """Second pass: each cluster is re-split with IDF computed inside it, so the words every member shares
    (the kind of event: "earthquake", "oscar host") stop counting and names, places and figures decide.
    None turns the pass off."""
    refine_prior_docs: float = 20.0
    """IDF smoothing inside a cluster (ECB+ training: 20 beats 0.5, 2 and 5)."""
    refine_max: int = 300
    """Larger clusters are left as they are (the pass compares all pairs inside a cluster)."""
    protagonist_repeats: int = 3
    """After the second pass, a cluster is cut where two groups of its reports follow different
    protagonists (see digests.protagonists); a report's protagonist is a name it repeats at least this
    many times, more than any other. 0 turns the cut off."""
    protagonist_chars: int = 1500
    """Names are counted in the title and this many characters of the body (about 250 words): the
    protagonist is named in the lead. ECB+ gives the same result from 600 to 3,200 characters; reading
    less keeps the cost small (counting Arabic place names is most of it)."""
    cross_language_min_keys: int = 2
    cross_language_scale: float = 0.08
    """Cross-language similarity = scale * sum of IDF of shared evidence keys (capped at 1)."""


@dataclass(frozen=True, slots=True)
class StoryGrouping:
    """Stories plus what was computed to find them, so topics can reuse the vectors."""

    articles: tuple[Article, ...]
    """The input sorted by id: every index below refers to this order."""
    vectors: tuple[SparseVector, ...]
    clusters: tuple[tuple[int, ...], ...]
    """Article indices per story, most central first; stories ordered as `stories`."""
    stories: tuple[Story, ...]
    edges: Edges = field(default_factory=dict)
    places: places.LeadPlaces = field(default_factory=lambda: places.LeadPlaces(()))
    """Where each article is set (digests.places), read on demand and kept for topic grouping."""


def group_stories(articles: Sequence[Article]) -> list[Story]:
    """Group articles about one event into stories (deterministic; story id = smallest article id)."""
    return list(StoryGrouper().group(articles).stories)


class StoryGrouper:
    """Finds stories in a batch of articles with the given parameters."""

    def __init__(self, params: StoryParams | None = None) -> None:
        self.params = params or StoryParams()

    def group(self, articles: Sequence[Article]) -> StoryGrouping:
        """Group `articles`; the result does not depend on their order."""
        ordered = tuple(sorted(articles, key=_sort_key))
        raw_names = [_raw_names(a, self.params.body_terms * 8) for a in ordered]
        bags, names = self._bags(ordered, raw_names)
        lead_places = places.LeadPlaces(ordered, self.params.place_chars)
        vectors = self._weigh(bags)
        gate = self._weigh(bags, rare_weight=1.0) if self.params.min_plain_cosine > 0 else None
        # The refine pass counts each cluster's bags again (~1 s at 50,000 articles): keeping all of them
        # until then held ~190 MB through the edge passes (bench digest_scale).
        del bags
        edges: Edges = {}
        story_edges.copy_edges(self.params, ordered, edges)
        story_edges.same_title_edges(self.params, ordered, edges)
        story_edges.rewrite_edges(self.params, ordered, vectors, names, lead_places, edges, gate)
        story_edges.cross_language_edges(self.params, ordered, raw_names, edges)
        clusters = average_link(len(ordered), edges, self.params.threshold)
        if self.params.refine_threshold is not None:
            clusters = [part for cluster in clusters for part in self._refine(ordered, names, cluster, edges)]
        ranked = [_rank_members(cluster, vectors) for cluster in clusters]
        stories = [
            Story(id=min(ordered[i].id for i in members), article_ids=tuple(ordered[i].id for i in members))
            for members in ranked
        ]
        order = sorted(range(len(stories)), key=lambda s: stories[s].id)
        return StoryGrouping(
            articles=ordered,
            vectors=tuple(vectors),
            clusters=tuple(tuple(ranked[s]) for s in order),
            stories=tuple(stories[s] for s in order),
            edges=edges,
            places=lead_places,
        )

    def _refine(
        self,
        ordered: Sequence[Article],
        names: Sequence[frozenset[str]],
        cluster: list[int],
        edges: Edges,
    ) -> list[list[int]]:
        """Split a cluster using IDF local to it, then where its parts follow different protagonists;
        copies and cross-language links keep their weight."""
        p = self.params
        if len(cluster) < 3 or len(cluster) > p.refine_max or p.refine_threshold is None:
            return [cluster]
        bags = [self._bag(self._term_counts(ordered[i]), names[i]) for i in cluster]
        local = self._weigh(bags, p.refine_prior_docs)
        local_edges: Edges = {}
        times = [story_edges.timestamp(ordered[i].published) for i in cluster]
        for a, b in itertools.combinations(range(len(cluster)), 2):
            i, j = cluster[a], cluster[b]
            similarity = cosine(local[a], local[b])
            if similarity > 0.0:
                gap = story_edges.gap_factor(p, times[a], times[b])
                similarity *= gap * story_edges.name_factor(p, names[i], names[j])
            if edges.get((i, j), 0.0) >= 0.999 or ordered[i].language != ordered[j].language:
                similarity = max(similarity, edges.get((i, j), 0.0))
            if similarity > 0.0:
                local_edges[(a, b)] = similarity
        parts = [
            [cluster[a] for a in part] for part in average_link(len(cluster), local_edges, p.refine_threshold)
        ]
        if p.protagonist_repeats <= 0:
            return parts
        return [
            piece
            for part in parts
            for piece in self._split_on_protagonists(ordered, part, cluster, local_edges)
        ]

    def _split_on_protagonists(
        self, ordered: Sequence[Article], part: list[int], cluster: list[int], local_edges: Edges
    ) -> list[list[int]]:
        """`part` (of `cluster`, whose pairs `local_edges` scores) cut by digests.protagonists."""
        if len(part) < 2 * protagonists.MIN_REPORTS:
            return [part]
        position = {i: a for a, i in enumerate(cluster)}

        def closeness(i: int, j: int) -> float:
            a, b = sorted((position[i], position[j]))
            return local_edges.get((a, b), 0.0)

        repeats, chars = self.params.protagonist_repeats, self.params.protagonist_chars
        mentions = {i: protagonists.mentions(ordered[i], repeats, chars) for i in part}
        return protagonists.split(part, mentions, closeness)

    def _bags(
        self, ordered: Sequence[Article], raw_names: Sequence[frozenset[str]]
    ) -> tuple[list[dict[str, float]], list[frozenset[str]]]:
        """Sublinear term frequencies per article (the body's first terms, title terms and names weighted
        up) and the name terms of each article."""
        counts = []
        all_names = []
        for article, article_names in zip(ordered, raw_names, strict=True):
            term_counts = self._term_counts(article)
            names = frozenset(t for t in _name_terms(article_names, article.language) if t in term_counts)
            counts.append(self._bag(term_counts, names))
            all_names.append(names)
        return counts, all_names

    def _term_counts(self, article: Article) -> dict[str, float]:
        """How often each of the body's first terms occurs, a title term counting `title_boost` more."""
        p = self.params
        counts: dict[str, float] = dict(Counter(article.terms[: p.body_terms]))
        for term in article.title_terms:
            counts[term] = counts.get(term, 0.0) + p.title_boost
        return counts

    def _bag(self, term_counts: dict[str, float], names: frozenset[str]) -> dict[str, float]:
        """Sublinear frequencies once the counts of `names` are multiplied by `name_boost` (in place)."""
        for term in names:
            term_counts[term] *= self.params.name_boost
        return sublinear_tf(term_counts)

    def _weigh(
        self,
        counts: Sequence[dict[str, float]],
        prior_docs: float | None = None,
        rare_weight: float | None = None,
    ) -> list[SparseVector]:
        """TF-IDF vectors with IDF taken over `counts` (the batch, or one cluster when refining)."""
        p = self.params
        df = document_frequencies(counts)
        idf = idf_table(df, len(counts), p.prior_docs if prior_docs is None else prior_docs)
        if len(counts) >= p.min_df_batch:
            for term, count in df.items():
                if count < p.min_df:
                    idf[term] *= p.rare_term_weight if rare_weight is None else rare_weight
        if p.generic_weight != 1.0:
            for term in df.keys() & generic_terms():
                idf[term] *= p.generic_weight
        return [weigh_tf(tf, idf, p.max_terms) for tf in counts]

def _raw_names(article: Article, max_chars: int) -> frozenset[str]:
    """Names an article mentions, as written: English capitals, Latin-script words in other text."""
    body = article.text[:max_chars]
    if article.language == "en":
        return frozenset(evidence.english_names(article.title, body))
    return frozenset(evidence.latin_words(article.title + "\n" + body))


def _name_terms(names: frozenset[str], language: str) -> set[str]:
    """Stemmed terms of the names (matching the article's own terms)."""
    if not names:
        return set()
    return set(text_prep.content_terms(" ".join(sorted(names)), language))


def _rank_members(members: Sequence[int], vectors: Sequence[SparseVector]) -> list[int]:
    """Most central article first: closest to the story's centroid; ties by index (i.e. by id)."""
    if len(members) <= 2:
        return list(members)
    centroid: dict[str, float] = {}
    for i in members:
        add_into(centroid, vectors[i])
    return sorted(members, key=lambda i: (-round(cosine(vectors[i], centroid), 9), i))


def _sort_key(article: Article) -> tuple[str, str, str, str]:
    return (article.id, article.source, article.title, article.text)
