"""bench/rouge.py: the ROUGE used for headline quality (hand-computed cases)."""

from __future__ import annotations

import pytest

from bench.rouge import lcs_length, rouge_tokens, score


def test_tokens_normalise_arabic_like_the_reference_files() -> None:
    expected = ["الاعظم", "مسوول", "في", "القدس", "هييه", "علي"]
    assert rouge_tokens("الأعظمُ مسؤولٌ في القــدس، هيئة على") == expected
    assert rouge_tokens("Hello, World-wide 3.5") == ["hello", "world", "wide", "3", "5"]


def test_identical_texts_score_100_and_disjoint_texts_0() -> None:
    assert score("the cat sat", ["the cat sat"]).r1 == pytest.approx(100)
    assert score("the cat sat", ["the cat sat"]).rl == pytest.approx(100)
    assert score("dogs bark", ["the cat sat"]).r1 == 0


def test_hand_computed_values() -> None:
    # candidate: a b c d ; reference: a b e  -> R-1: overlap 2, P 2/4, R 2/3, F 4/7
    result = score("a b c d", ["a b e"])
    assert result.r1 == pytest.approx(100 * 4 / 7)
    # bigrams: (a b) shared; P 1/3, R 1/2 -> F 0.4
    assert result.r2 == pytest.approx(40)
    assert lcs_length(["a", "x", "b", "c"], ["a", "b", "y", "c"]) == 3


def test_scores_are_averaged_over_references() -> None:
    assert score("a b", ["a b", "c d"]).r1 == pytest.approx(50)
