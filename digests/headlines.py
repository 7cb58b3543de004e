"""Headline sentences: the few verbatim sentences that carry an article.

Each sentence gets one score from features measured to help on the dev sets (bench/bench_headlines.py):
position (news puts the point first), centrality (similarity to the article's term centroid), overlap
with the title, a length prior, and penalties for boilerplate (bylines, datelines, "read more", "اقرأ
أيضا", agency tags, photo credits). Selection takes the best sentences and restores article order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from digests.model import Article, Sentence
from digests.text import content_terms, count_words, tokenize


@dataclass(frozen=True, slots=True)
class HeadlineWeights:
    """Feature weights of the sentence score (tuned on a dev subset, see bench/bench_headlines.py)."""

    position: float = 1.0
    centrality: float = 1.0
    title: float = 0.5
    length: float = 0.3
    boilerplate: float = 2.0


DEFAULT_WEIGHTS = HeadlineWeights()
DEFAULT_SENTENCES = 3

_BOILERPLATE = re.compile(
    r"read more|click here|sign up|subscribe|newsletter|all rights reserved|copyright|©|"
    r"photo:|photograph:|image:|getty images|reuters photo|\bap photo\b|follow us|share this|"
    r"related:|see also|more on this story|"
    r"اقرأ أيضا|اقرأ ايضا|اقرأ المزيد|إقرأ أيضا|اضغط هنا|للمزيد|تابعونا|شارك|جميع الحقوق محفوظة|"
    r"حقوق النشر|مصدر الصورة|صورة:|تصوير:|الصورة:|المصدر:",
    re.IGNORECASE,
)
# "By Jane Doe", "بقلم", a bare agency tag or dateline such as "(أ.ف.ب)" or "LONDON (Reuters) -".
_BYLINE = re.compile(r"^\s*(?:by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\s*$|بقلم|كتب\s*:|إعداد\s*:)")
_AGENCY = re.compile(
    r"\((?:أ\s*\.?\s*ف\s*\.?\s*ب|رويترز|د\s*ب\s*ا|واس|قنا|وام|AFP|Reuters|AP)\)", re.IGNORECASE
)


def _sentence_terms(article: Article) -> list[list[str]]:
    vocabulary = set(tokenize(article.title)) | set(tokenize(article.text))
    return [content_terms(s.text, article.language, vocabulary=vocabulary) for s in article.sentences]


def _cosine(left: Counter[str], right: Counter[str], right_norm: float) -> float:
    if not left or right_norm == 0:
        return 0.0
    dot = sum(count * right.get(term, 0) for term, count in left.items())
    left_norm = math.sqrt(sum(count * count for count in left.values()))
    return dot / (left_norm * right_norm)


def _length_prior(words: int) -> float:
    """1 for typical news sentences (12-40 words), lower for fragments and run-ons."""
    if words < 5:
        return 0.0
    if words < 12:
        return (words - 4) / 8
    if words <= 40:
        return 1.0
    return max(0.3, 1.0 - (words - 40) / 60)


def _boilerplate(text: str) -> float:
    score = 0.0
    if _BOILERPLATE.search(text):
        score += 1.0
    if _BYLINE.search(text):
        score += 1.0
    stripped = _AGENCY.sub("", text).strip(" -–—:.")
    if len(stripped) < 0.5 * len(text.strip()):
        score += 1.0  # little more than an agency tag or dateline
    return score


def score_sentences(article: Article, weights: HeadlineWeights = DEFAULT_WEIGHTS) -> list[float]:
    """One score per `article.sentences`, higher means more headline-worthy."""
    sentences = article.sentences
    if not sentences:
        return []
    terms = _sentence_terms(article)
    centroid: Counter[str] = Counter()
    for sentence_terms in terms:
        centroid.update(set(sentence_terms))
    centroid_norm = math.sqrt(sum(count * count for count in centroid.values()))
    title = set(article.title_terms)
    scores: list[float] = []
    for index, (sentence, sentence_terms) in enumerate(zip(sentences, terms, strict=True)):
        bag = Counter(sentence_terms)
        position = 1.0 / math.sqrt(index + 1)
        centrality = _cosine(bag, centroid, centroid_norm)
        overlap = len(title & bag.keys()) / len(title) if title else 0.0
        length = _length_prior(count_words(sentence.text))
        score = (
            weights.position * position
            + weights.centrality * centrality
            + weights.title * overlap
            + weights.length * length
            - weights.boilerplate * _boilerplate(sentence.text)
        )
        scores.append(score)
    return scores


def select(
    sentences: Sequence[Sentence],
    scores: Sequence[float],
    *,
    count: int | None = None,
    words: int | None = None,
) -> list[Sentence]:
    """Best sentences by score (ties: earlier first) in article order; `words` takes whole sentences
    until the budget is reached, else `count` sentences (default 3)."""
    order = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    if words is not None:
        total = 0
        for index in order:
            if total >= words:
                break
            chosen.append(index)
            total += count_words(sentences[index].text)
    else:
        chosen = order[: DEFAULT_SENTENCES if count is None else count]
    return [sentences[i] for i in sorted(chosen)]


def summarize(
    article: Article,
    *,
    sentences: int | None = None,
    words: int | None = None,
    weights: HeadlineWeights = DEFAULT_WEIGHTS,
) -> list[Sentence]:
    """Headline sentences of `article`, verbatim, in article order.

    `words=N` picks whole sentences (best first) until N words are reached; otherwise `sentences`
    sentences (default 3). Give one of the two, not both.
    """
    if sentences is not None and words is not None:
        raise ValueError("give either sentences or words, not both")
    if (sentences is not None and sentences < 0) or (words is not None and words < 0):
        raise ValueError("sentence and word budgets cannot be negative")
    return select(article.sentences, score_sentences(article, weights), count=sentences, words=words)
