"""The EASC ceiling benchmark's helpers, on a hand-written Arabic article (no data text)."""

from __future__ import annotations

import pytest

from bench.bench_headline_ceiling import (
    fit_ridge,
    lead_and_newsbot,
    load_docs,
    paired_bootstrap,
    pick_rate,
    pick_rate_by_position,
    pick_rate_oracle,
    ranked_rouge1,
    run,
    sentence_features,
    solve,
)
from bench.bench_headlines import Item
from bench.harness import Context
from bench.rouge import rouge_tokens, score

OPENING = "افتتحت البلدية صباح اليوم حديقة عامة جديدة في وسط المدينة."
PLAYGROUNDS = "وتضم الحديقة ملاعب للأطفال وممرات طويلة للمشي وبحيرة صغيرة."
MAYOR = "وقال رئيس البلدية إن المشروع استغرق عامين من العمل المتواصل."
VISITORS = "ومن المتوقع أن يزور الحديقة آلاف السكان في عطلة نهاية الأسبوع."
SENTENCES = [OPENING, PLAYGROUNDS, MAYOR, VISITORS]


def _item() -> Item:
    # Both annotators keep the opening and the mayor; one glues two words at a line wrap.
    glued = MAYOR.replace("رئيس البلدية", "رئيسالبلدية")
    references = (f"{OPENING} {MAYOR}", f"{OPENING}\n{glued}")
    budget = len(rouge_tokens(f"{OPENING} {MAYOR}"))
    return Item("", " ".join(SENTENCES), "ar", references, budget)


def test_pick_rate_ignores_glued_words_and_counts_references() -> None:
    references = _item().references
    assert pick_rate(OPENING, references) == 1.0
    assert pick_rate(MAYOR, references) == 1.0  # matched in the glued reference too
    assert pick_rate(PLAYGROUNDS, references) == 0.0
    assert pick_rate(OPENING, (OPENING, VISITORS)) == 0.5
    assert pick_rate("", references) == 0.0


def test_oracle_takes_the_picked_sentences_and_beats_the_lead() -> None:
    [doc] = load_docs([_item()])
    assert [s.text for s in doc.article.sentences] == SENTENCES
    assert doc.pick_rates == (1.0, 0.0, 1.0, 0.0)
    # The oracle's text is exactly the opening and the mayor: perfect on the clean reference, and only the
    # glued words lost on the other.
    clean, glued = doc.item.references
    assert pick_rate_oracle([doc]) == pytest.approx((100.0 + score(clean, [glued]).r1) / 2)
    assert ranked_rouge1(doc, [4, 3, 2, 1]) < 100.0  # sentence order: the opening, then the playgrounds
    lead, _, _ = lead_and_newsbot([doc])
    assert lead[0] == pytest.approx(ranked_rouge1(doc, [4, 3, 2, 1]))
    assert pick_rate_by_position([doc])[:5] == [(1.0, 1), (0.0, 1), (1.0, 1), (0.0, 1), (0.0, 0)]


def test_paired_bootstrap_is_seeded_and_brackets_the_mean() -> None:
    assert paired_bootstrap([0.5] * 10, draws=200, seed=1) == (0.5, 0.5)
    diffs = [-1.0, 0.0, 2.0, 1.0, 0.5, 3.0]
    low, high = paired_bootstrap(diffs, draws=500, seed=3)
    assert low < sum(diffs) / len(diffs) < high
    assert paired_bootstrap(diffs, draws=500, seed=3) == (low, high)


def test_sentence_features_mark_position_and_content() -> None:
    rows = sentence_features(SENTENCES, "ar")
    assert len(rows) == 4 and all(len(row) == 10 for row in rows)
    first, second, inverse, _, relative, last = zip(*(row[:6] for row in rows), strict=True)
    assert first == (1.0, 0.0, 0.0, 0.0) and second == (0.0, 1.0, 0.0, 0.0) and last == (0.0, 0.0, 0.0, 1.0)
    assert inverse[0] == 1.0 and relative[0] == 0.0
    assert rows[0][8] == pytest.approx(1.0)  # cosine of the opening with itself
    assert all(0.0 <= row[9] <= 1.0 for row in rows)


def test_solve_and_ridge_recover_within_article_weights() -> None:
    assert solve([[2.0, 1.0], [1.0, 3.0]], [3.0, 5.0]) == pytest.approx([0.8, 1.4])
    # target = 2 a - b plus an offset per article, which centring must ignore
    groups = []
    for offset, rows in (
        (5.0, [[0.0, 1.0], [1.0, 0.0], [2.0, 3.0]]),
        (-3.0, [[1.0, 1.0], [0.0, 2.0], [3.0, 0.0]]),
    ):
        groups.append((rows, [2 * a - b + offset for a, b in rows]))
    assert fit_ridge(groups, ridge=1e-9) == pytest.approx([2.0, -1.0], abs=1e-6)


def test_run_skips_without_shared_data() -> None:
    assert run(Context(shared=None)).startswith("Skipped")
