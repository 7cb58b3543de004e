"""ROUGE-1, ROUGE-2 and ROUGE-L F1 (x100) with a Unicode tokenizer.

Arabic is normalised on both sides as shared/data/README.md describes (the EASC references spell hamza
and alef forms normalised): harakat and tatweel stripped, أإآٱ→ا, ى→ي, ة→ه, ؤ→و, ئ→ي; then casefold.
No stemming and no stop-word removal, so figures compare with the README's reference numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_TOKEN = re.compile(r"[^\W_]+")


def rouge_tokens(text: str) -> list[str]:
    """Tokens for ROUGE: Unicode words after the README's Arabic normalisation, casefolded."""
    return _TOKEN.findall(_MARKS.sub("", text).translate(_LETTERS).casefold())


@dataclass(frozen=True, slots=True)
class Rouge:
    r1: float
    r2: float
    rl: float


def _f1(overlap: float, candidate: int, reference: int) -> float:
    if overlap == 0 or candidate == 0 or reference == 0:
        return 0.0
    precision = overlap / candidate
    recall = overlap / reference
    return 2 * precision * recall / (precision + recall)


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def rouge_n(candidate: Sequence[str], reference: Sequence[str], n: int) -> float:
    cand, ref = _ngrams(candidate, n), _ngrams(reference, n)
    overlap = sum((cand & ref).values())
    return _f1(overlap, sum(cand.values()), sum(ref.values()))


def lcs_length(left: Sequence[str], right: Sequence[str]) -> int:
    """Length of the longest common subsequence (two-row dynamic programme)."""
    if len(left) < len(right):
        left, right = right, left
    previous = [0] * (len(right) + 1)
    for token in left:
        current = [0]
        for j, other in enumerate(right, start=1):
            current.append(previous[j - 1] + 1 if token == other else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def rouge_l(candidate: Sequence[str], reference: Sequence[str]) -> float:
    return _f1(lcs_length(candidate, reference), len(candidate), len(reference))


def score(candidate: str | Sequence[str], references: Sequence[str]) -> Rouge:
    """Mean F1 x100 of `candidate` against each reference (text, or already-made tokens)."""
    cand = rouge_tokens(candidate) if isinstance(candidate, str) else list(candidate)
    refs = [rouge_tokens(reference) for reference in references]
    if not refs:
        return Rouge(0.0, 0.0, 0.0)
    r1 = sum(rouge_n(cand, ref, 1) for ref in refs) / len(refs)
    r2 = sum(rouge_n(cand, ref, 2) for ref in refs) / len(refs)
    rl = sum(rouge_l(cand, ref) for ref in refs) / len(refs)
    return Rouge(100 * r1, 100 * r2, 100 * rl)
