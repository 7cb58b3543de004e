"""Clustering agreement measures for story grouping: ARI, B-cubed F1, pairwise F1.

All take two equally long label sequences (gold, predicted), one label per item.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence


def _pairs(n: int) -> float:
    return n * (n - 1) / 2


def adjusted_rand_index(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Hubert and Arabie's ARI: 1 for identical partitions, about 0 for chance agreement."""
    n = len(gold)
    if n < 2:
        return 1.0
    joint = Counter(zip(gold, predicted, strict=True))
    index = sum(_pairs(c) for c in joint.values())
    gold_sum = sum(_pairs(c) for c in Counter(gold).values())
    pred_sum = sum(_pairs(c) for c in Counter(predicted).values())
    expected = gold_sum * pred_sum / _pairs(n)
    maximum = (gold_sum + pred_sum) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def pairwise_f1(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, float, float]:
    """Precision, recall and F1 over item pairs placed together."""
    joint = Counter(zip(gold, predicted, strict=True))
    together_both = sum(_pairs(c) for c in joint.values())
    together_pred = sum(_pairs(c) for c in Counter(predicted).values())
    together_gold = sum(_pairs(c) for c in Counter(gold).values())
    precision = together_both / together_pred if together_pred else 1.0
    recall = together_both / together_gold if together_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def bcubed_f1(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin), averaged over items."""
    joint = Counter(zip(gold, predicted, strict=True))
    gold_sizes = Counter(gold)
    pred_sizes = Counter(predicted)
    n = len(gold)
    if n == 0:
        return 1.0, 1.0, 1.0
    precision = sum(joint[(g, p)] / pred_sizes[p] for g, p in zip(gold, predicted, strict=True)) / n
    recall = sum(joint[(g, p)] / gold_sizes[g] for g, p in zip(gold, predicted, strict=True)) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
