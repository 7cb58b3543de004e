"""Headline sentences: verbatim, article order, budgets, boilerplate penalties."""

from __future__ import annotations

import datetime as dt

import pytest

from digests import RawArticle, prepare, score_sentences, summarize
from digests.text import count_words

WHEN = dt.datetime(2025, 9, 1, tzinfo=dt.UTC)

EN_TEXT = (
    "Read more: our full coverage of the economy.\n"
    "The central bank raised its main interest rate to 4.5% on Thursday, the highest level in a decade. "
    "Officials said inflation had stayed above target for longer than expected. "
    "The decision was widely anticipated by investors. "
    "Mortgage lenders are expected to raise their rates within days. "
    "The bank's governor said further rate rises could not be ruled out if inflation persisted. "
    "Photo: Getty Images"
)
AR_TEXT = (
    "بيروت (أ.ف.ب)\n"
    "أعلنت الحكومة اللبنانية اليوم الخميس خطة طارئة لمواجهة أزمة الكهرباء التي تعاني منها البلاد منذ أشهر. "
    "وقال وزير الطاقة إن الخطة تتضمن استيراد الوقود ورفع ساعات التغذية تدريجيا. "
    "وشهدت شوارع العاصمة احتجاجات متفرقة. "
    "ويعاني لبنان من أزمة اقتصادية حادة أثرت في قطاع الكهرباء. "
    "اقرأ أيضا: أسعار الوقود ترتفع مجددا"
)


def en_article():  # type: ignore[no-untyped-def]
    raw = RawArticle(title="Central bank raises interest rate to 4.5%", text=EN_TEXT, source="t")
    return prepare(raw, published=WHEN)


def ar_article():  # type: ignore[no-untyped-def]
    raw = RawArticle(title="خطة حكومية لمواجهة أزمة الكهرباء في لبنان", text=AR_TEXT, source="t")
    return prepare(raw, published=WHEN)


def test_one_score_per_sentence() -> None:
    article = en_article()
    assert len(score_sentences(article)) == len(article.sentences)


@pytest.mark.parametrize("make", [en_article, ar_article])
def test_default_three_sentences_verbatim_in_article_order(make) -> None:  # type: ignore[no-untyped-def]
    article = make()
    chosen = summarize(article)
    assert len(chosen) == 3
    assert [s.start for s in chosen] == sorted(s.start for s in chosen)
    for sentence in chosen:
        assert sentence in article.sentences
        assert article.text[sentence.start : sentence.end] == sentence.text


def test_boilerplate_is_not_chosen() -> None:
    for article in (en_article(), ar_article()):
        texts = " ".join(s.text for s in summarize(article, sentences=4))
        assert "Read more" not in texts and "Getty" not in texts
        assert "اقرأ أيضا" not in texts and "(أ.ف.ب)" not in texts


def test_the_lead_sentence_carries_the_article() -> None:
    assert summarize(en_article(), sentences=1)[0].text.startswith("The central bank raised")
    assert summarize(ar_article(), sentences=1)[0].text.startswith("أعلنت الحكومة اللبنانية")


def test_sentence_budget() -> None:
    article = en_article()
    assert len(summarize(article, sentences=1)) == 1
    assert len(summarize(article, sentences=2)) == 2
    assert summarize(article, sentences=0) == []
    assert len(summarize(article, sentences=100)) == len(article.sentences)


def test_word_budget_takes_whole_sentences_until_reached() -> None:
    article = en_article()
    chosen = summarize(article, words=25)
    total = sum(count_words(s.text) for s in chosen)
    assert total >= 25
    # Without the lowest-scoring chosen sentence (the last one taken) the budget was not yet reached.
    scores = dict(zip(article.sentences, score_sentences(article), strict=True))
    last = min(chosen, key=lambda s: scores[s])
    assert total - count_words(last.text) < 25
    assert summarize(article, words=0) == []
    assert len(summarize(article, words=10_000)) == len(article.sentences)


def test_budgets_are_exclusive_and_non_negative() -> None:
    with pytest.raises(ValueError):
        summarize(en_article(), sentences=1, words=10)
    with pytest.raises(ValueError):
        summarize(en_article(), words=-1)


def test_empty_article() -> None:
    article = prepare(RawArticle(title="t", text="", source="s"), published=WHEN)
    assert summarize(article) == [] and score_sentences(article) == []


def test_weights_follow_the_language() -> None:
    from digests.headlines import ARABIC_WEIGHTS, ENGLISH_WEIGHTS, weights_for

    assert weights_for("ar") is ARABIC_WEIGHTS and weights_for("fa") is ARABIC_WEIGHTS
    assert weights_for("en") is ENGLISH_WEIGHTS and weights_for("unknown") is ENGLISH_WEIGHTS


def test_bylines_and_bare_datelines_score_below_real_sentences() -> None:
    raw = RawArticle(
        title="Floods close roads",
        text="By Jane Doe\nLONDON (Reuters)\nHeavy rain flooded roads across the north of England on Monday. "
        "Drivers were told to avoid the area.",
        source="t",
    )
    article = prepare(raw, published=WHEN)
    scores = score_sentences(article)
    texts = [s.text for s in article.sentences]
    assert scores[texts.index("By Jane Doe")] < min(scores[2:])
    assert scores[texts.index("LONDON (Reuters)")] < min(scores[2:])


def test_contact_lines_and_more_buttons_are_boilerplate() -> None:
    from digests.headlines import _boilerplate

    for text in ["المزيد", "name@example.com", "www.example.com", "@newsdesk", "Read more"]:
        assert _boilerplate(text) > 0
    assert _boilerplate("قال المتحدث إن المزيد من المساعدات سيصل غدا.") == 0
