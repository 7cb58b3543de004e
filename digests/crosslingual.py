"""Arabic-English story links: pairs of reports in the two languages that share enough evidence.

Blocked like everything else: an inverted index over the evidence keys (numbers, Latin names, name
skeletons, see `digests.evidence`) that occur in both languages; only Arabic x English pairs that share a
key are scored. A score is the summed IDF of the shared keys, scaled and capped at 1.
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from digests import evidence, gazetteer
from digests.model import Article
from digests.similarity import document_frequencies


@dataclass(frozen=True, slots=True)
class CrossLanguageParams:
    body_chars: int
    body_terms: int
    prior_docs: float
    max_postings: int
    min_keys: int
    scale: float


def cross_language_scores(
    ordered: Sequence[Article], english_names: Sequence[frozenset[str]], p: CrossLanguageParams
) -> dict[tuple[int, int], float]:
    """Scores in (0, 1] for (i, j) index pairs (i < j) of an Arabic and an English article."""
    arabic = [i for i, a in enumerate(ordered) if a.language == "ar"]
    english = [i for i, a in enumerate(ordered) if a.language == "en"]
    if not arabic or not english:
        return {}
    keys: dict[int, tuple[str, ...]] = {}
    for i in arabic:
        a = ordered[i]
        keys[i] = _compact(evidence.arabic_keys(a.title, a.text[: p.body_chars], a.terms[: p.body_terms]))
    for i in english:
        a = ordered[i]
        keys[i] = _compact(evidence.english_keys(a.title, a.text[: p.body_chars], english_names[i]))
    ar_df = document_frequencies(keys[i] for i in arabic)
    en_df = document_frequencies(keys[i] for i in english)
    shared_keys = {k for k in ar_df if k in en_df}
    n = len(ordered)
    weight = {k: math.log((n + p.prior_docs) / (ar_df[k] + en_df[k])) for k in shared_keys}
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for i in english:
        for key in keys[i]:
            if key in shared_keys and en_df[key] <= p.max_postings:
                postings[key].append(i)
    scores: dict[tuple[int, int], float] = {}
    for i in arabic:
        hits: defaultdict[int, list[str]] = defaultdict(list)
        for key in sorted(key for key in keys[i] if key in shared_keys):
            if ar_df[key] <= p.max_postings:
                for j in postings.get(key, ()):
                    hits[j].append(key)
        for j, shared in hits.items():
            if enough_evidence(shared, p.min_keys):
                scores[(min(i, j), max(i, j))] = min(1.0, p.scale * sum(weight[key] for key in shared))
    return scores


def _compact(found: set[str]) -> tuple[str, ...]:
    """The keys as a tuple of shared strings: a set per report, and a copy of "#2025" in every report
    that mentions it, made this pass's peak ~150 MB at 50,000 synthetic articles."""
    return tuple(sys.intern(key) for key in found)


def enough_evidence(shared: Sequence[str], min_keys: int) -> bool:
    """At least `min_keys` distinct keys, and either one of them a name or two specific figures.

    A year or a round number is shared by countless unrelated reports; "5.5" and "3.1" together are not.
    Broad regions ("%gulf") only add to the score: half the region's news mentions them. A small figure
    ("20", "8%") counts as one key, so it links reports only beside a name or another figure.
    """
    strong = [key for key in shared if not gazetteer.is_weak(key)]
    if len(strong) < min_keys:
        return False
    if any(not key.startswith("#") for key in strong):
        return True
    return sum(1 for key in strong if specific_figure(key[1:])) >= 2


def specific_figure(figure: str) -> bool:
    """A figure unlikely to match by chance: not a year, not a round 10/100/1000, not a 1-digit percent."""
    if figure.endswith("%"):
        figure = figure[:-1]
        if len(figure) < 2:
            return False
    if "." in figure:
        return True
    if len(figure) == 4 and figure.startswith(("19", "20")):
        return False
    return figure.strip("0") not in {"", "1"} and len(figure) >= 2
