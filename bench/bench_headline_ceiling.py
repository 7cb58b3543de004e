"""Is there headroom over the lead on EASC? How far a sentence ranker that never sees the references can get.

EASC's Arabic headline figure (bench_headlines) has newsbot barely above the length-matched lead. This
benchmark asks whether that is a tuning gap or a ceiling, with the same sentences, budget and cut:

1. lead vs newsbot, with a paired bootstrap 95% interval of the per-article difference;
2. an oracle ranking our sentences by their pick rate (the share of references that contain the sentence),
   in-sample, and the same with Gaussian noise on the rate: how well must a ranker know the rate to gain?
3. the pick rate by sentence position: what the annotators keep;
4. a ridge ranker fitted to the pick rate, cross-validated over articles, with position features only and
   with position plus content features (length, centrality, cosine with the first sentence, keyword share).

Pick rates match a sentence to a reference on squashed ROUGE tokens (no spaces), because EASC's references
glue words at their line wraps and cut lines at 255 characters.
"""

from __future__ import annotations

import math
import random
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bench.bench_headlines import Item, load_easc
from bench.rouge import rouge_n, rouge_tokens
from digests.headlines import select, summarize
from digests.model import Article, RawArticle
from digests.prepare import prepare
from digests.similarity import cosine, normalized
from digests.text import content_terms, count_words, tokenize

TITLE = "EASC headline ceiling: how far past the lead can a reference-blind ranker get? (ROUGE-1 F1 x100)"
FULL_ONLY = False  # about 10 s on one core

SEED = 0
BOOTSTRAP_DRAWS = 2000
NOISE_SD = 0.3
NOISE_DRAWS = 20
POSITIONS = 8
FOLDS = 5
CV_REPEATS = 3
RIDGES = (1.0, 10.0, 100.0, 1000.0)
PROBE_CHARS = 80
POSITION_FEATURES = ("first", "second", "1/(i+1)", "log(i+1)", "i/n", "last")
CONTENT_FEATURES = ("length", "centrality", "cosine with first", "keyword share")
KEYWORDS = 10
_PUBLISHED = datetime(2025, 1, 1, tzinfo=UTC)  # prepare() needs a time; headline choice ignores it


@dataclass(frozen=True)
class Doc:
    item: Item
    article: Article
    references: tuple[list[str], ...]
    """ROUGE tokens of each reference."""
    pick_rates: tuple[float, ...]
    """One per sentence of the article."""


def load_docs(items: Sequence[Item]) -> list[Doc]:
    docs = []
    for item in items:
        raw = RawArticle(title=item.title, text=item.text, source="bench", language=item.language)
        article = prepare(raw, published=_PUBLISHED)
        rates = tuple(pick_rate(s.text, item.references) for s in article.sentences)
        refs = tuple(rouge_tokens(ref) for ref in item.references)
        docs.append(Doc(item, article, refs, rates))
    return docs


def _squash(text: str) -> str:
    return "".join(rouge_tokens(text))


def pick_rate(sentence: str, references: Sequence[str]) -> float:
    """Share of `references` containing the sentence, compared without spaces (words glued at line wraps
    still match) on the sentence's first 80 characters (references cut long lines at 255 characters)."""
    probe = _squash(sentence)[:PROBE_CHARS]
    if not probe or not references:
        return 0.0
    return sum(probe in _squash(ref) for ref in references) / len(references)


def rouge1(doc: Doc, text: str) -> float:
    """ROUGE-1 F1 x100 of `text` cut to the budget, averaged over the references (bench_headlines' figure)."""
    tokens = rouge_tokens(text)[: doc.item.budget]
    return 100 * statistics.fmean(rouge_n(tokens, ref, 1) for ref in doc.references)


def ranked_rouge1(doc: Doc, scores: Sequence[float]) -> float:
    """ROUGE-1 of the sentences `scores` ranks best, taken as newsbot takes them (headlines.select)."""
    chosen = select(doc.article.sentences, scores, words=doc.item.budget)
    return rouge1(doc, " ".join(s.text for s in chosen))


def paired_bootstrap(diffs: Sequence[float], draws: int, seed: int) -> tuple[float, float]:
    """95% percentile interval of the mean of `diffs`, resampling articles with replacement."""
    rng = random.Random(seed)
    n = len(diffs)
    means = sorted(sum(diffs[rng.randrange(n)] for _ in range(n)) / n for _ in range(draws))
    return means[int(0.025 * draws)], means[min(draws - 1, int(0.975 * draws))]


def lead_and_newsbot(docs: Sequence[Doc]) -> tuple[list[float], list[float], tuple[float, float]]:
    """Per-article lead and newsbot ROUGE-1 and the bootstrap interval of newsbot - lead."""
    lead = [rouge1(d, d.item.text) for d in docs]
    ours = [rouge1(d, " ".join(s.text for s in summarize(d.article, words=d.item.budget))) for d in docs]
    gains = [mine - theirs for mine, theirs in zip(ours, lead, strict=True)]
    return lead, ours, paired_bootstrap(gains, BOOTSTRAP_DRAWS, SEED)


def pick_rate_oracle(docs: Sequence[Doc], noise_sd: float = 0.0) -> float:
    """Mean ROUGE-1 when sentences are ranked by their true pick rate (plus noise: mean of a few draws)."""
    if noise_sd == 0:
        return statistics.fmean(ranked_rouge1(d, d.pick_rates) for d in docs)
    rng = random.Random(SEED)
    return statistics.fmean(
        ranked_rouge1(d, [r + rng.gauss(0, noise_sd) for r in d.pick_rates])
        for _ in range(NOISE_DRAWS)
        for d in docs
    )


def pick_rate_by_position(docs: Sequence[Doc]) -> list[tuple[float, int]]:
    """Mean pick rate and sentence count at each of the first positions."""
    out = []
    for i in range(POSITIONS):
        rates = [d.pick_rates[i] for d in docs if i < len(d.pick_rates)]
        out.append((statistics.fmean(rates) if rates else 0.0, len(rates)))
    return out


def sentence_features(texts: Sequence[str], language: str) -> list[list[float]]:
    """One row per sentence: POSITION_FEATURES then CONTENT_FEATURES."""
    vocabulary = set(tokenize(" ".join(texts)))
    bags = [Counter(content_terms(t, language, vocabulary=vocabulary)) for t in texts]
    article: Counter[str] = Counter()
    for bag in bags:
        article.update(bag)
    keywords = {term for term, _ in article.most_common(KEYWORDS)}
    first = normalized(bags[0]) if bags else {}
    n = len(texts)
    rows = []
    for i, (text, bag) in enumerate(zip(texts, bags, strict=True)):
        unit = normalized(bag)
        rows.append([
            float(i == 0), float(i == 1), 1 / (i + 1), math.log(i + 1), i / n, float(i == n - 1),
            min(count_words(text), 60) / 60,
            cosine(unit, normalized(article - bag)),  # leave the sentence out of its own centroid
            cosine(unit, first),
            len(keywords & bag.keys()) / max(1, len(keywords)),
        ])  # fmt: skip
    return rows


def solve(a: list[list[float]], b: list[float]) -> list[float]:
    """x with a x = b, by Gaussian elimination with partial pivoting (a is small and well-conditioned)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col and m[r][col] != 0:
                factor = m[r][col] / m[col][col]
                m[r] = [x - factor * y for x, y in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


Group = tuple[Sequence[Sequence[float]], Sequence[float]]
"""One article: a feature row per sentence, and the sentences' targets."""


def fit_ridge(groups: Sequence[Group], ridge: float) -> list[float]:
    """Ridge least squares on features and targets centred within each group (article), so the weights
    learn how to order an article's sentences, not which articles have high pick rates."""
    k = len(groups[0][0][0])
    xtx = [[ridge * (i == j) for j in range(k)] for i in range(k)]
    xty = [0.0] * k
    for rows, targets in groups:
        means = [statistics.fmean(col) for col in zip(*rows, strict=True)]
        target_mean = statistics.fmean(targets)
        for row, target in zip(rows, targets, strict=True):
            x = [v - mu for v, mu in zip(row, means, strict=True)]
            for i in range(k):
                xty[i] += x[i] * (target - target_mean)
                for j in range(k):
                    xtx[i][j] += x[i] * x[j]
    return solve(xtx, xty)


def cross_validated_ranker(
    docs: Sequence[Doc], features: Sequence[Sequence[Sequence[float]]], ridge: float
) -> float:
    """Held-out mean ROUGE-1 of a ridge ranker fitted to the pick rate (one feature row per sentence),
    5-fold over articles, averaged over a few shuffles."""
    results = []
    for repeat in range(CV_REPEATS):
        order = list(range(len(docs)))
        random.Random(SEED + repeat).shuffle(order)
        for fold in range(FOLDS):
            test = set(order[fold::FOLDS])
            train = [(features[k], docs[k].pick_rates) for k in range(len(docs)) if k not in test]
            weights = fit_ridge(train, ridge)
            for k in test:
                scores = [sum(w * x for w, x in zip(weights, row, strict=True)) for row in features[k]]
                results.append(ranked_rouge1(docs[k], scores))
    return statistics.fmean(results)


def run(ctx: Any) -> str:
    if ctx.shared is None:
        return "Skipped: shared/data is absent."
    docs = [d for d in load_docs(load_easc(ctx.shared)) if d.article.sentences]
    lead_scores, ours, (low, high) = lead_and_newsbot(docs)
    lead = statistics.fmean(lead_scores)
    noisy = pick_rate_oracle(docs, NOISE_SD)
    rows = [
        ("lead (length-matched)", "no", lead, ""),
        (
            "newsbot",
            "no",
            statistics.fmean(ours),
            f"paired bootstrap 95% CI of the gain: {low:+.2f}..{high:+.2f}",
        ),
        ("pick-rate oracle", "yes (in-sample)", pick_rate_oracle(docs), "ceiling for our sentences and cut"),
        (f"pick rate + N(0, {NOISE_SD})", "yes, noisy", noisy, f"mean of {NOISE_DRAWS} draws"),
    ]
    lines = ["| ranker | sees references | R-1 | vs lead | notes |", "|---|---|---|---|---|"]
    lines += [f"| {name} | {sees} | {r1:.2f} | {r1 - lead:+.2f} | {note} |" for name, sees, r1, note in rows]

    features = [sentence_features([s.text for s in d.article.sentences], d.item.language) for d in docs]
    position_only = [[row[: len(POSITION_FEATURES)] for row in sentence_rows] for sentence_rows in features]
    lines += ["", "| held-out ridge ranker, R-1 at lambda | " + " | ".join(f"{r:g}" for r in RIDGES) + " |"]
    lines.append("|---|" + "---|" * len(RIDGES))
    for name, table in (("position features", position_only), ("position + content features", features)):
        scores = [cross_validated_ranker(docs, table, ridge) for ridge in RIDGES]
        lines.append(f"| {name} | " + " | ".join(f"{r1:.2f}" for r1 in scores) + " |")

    by_position = pick_rate_by_position(docs)
    lines += [
        "",
        "| sentence position | " + " | ".join(str(i + 1) for i in range(POSITIONS)) + " |",
        "|---|" + "---|" * POSITIONS,
        "| pick rate | " + " | ".join(f"{rate:.2f}" for rate, _ in by_position) + " |",
        "| sentences | " + " | ".join(str(n) for _, n in by_position) + " |",
        "",
        f"{len(docs)} EASC dev articles; budget, sentences and cut as in bench_headlines. Pick rate: "
        "share of an article's references containing the sentence (squashed tokens, first 80 characters). "
        f"Ridge: least squares on the pick rate, centred within articles, {FOLDS}-fold over articles x "
        f"{CV_REPEATS} shuffles, held-out articles only. A large lambda turns the weights into each "
        "feature's covariance with the pick rate, dominated by position: the ranker then keeps sentence "
        "order, i.e. becomes the lead; the more the fit follows the data (small lambda), the worse. "
        f"Position features: {', '.join(POSITION_FEATURES)}; content: {', '.join(CONTENT_FEATURES)}. "
        f"Seed {SEED}.",
    ]
    return "\n".join(lines)
