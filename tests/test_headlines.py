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


# --- bylines and datelines of real news layouts (review item 2) ---------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "سارة العلي – صحيفة الوادي",  # NAME – OUTLET
        "صحيفة الوادي – متابعات",  # OUTLET – desk credit
        "صحيفة الوادي – الدمام",  # OUTLET – CITY
        "خالد المطيري - تبوك",  # NAME - CITY, with a hyphen
        "متابعات",
        "المنامة - خاص",
        "Rosa Gilmore – Harbour Herald",
        "Harbour Herald — Portsmouth",
        "LONDON, Sept 2 -",
        "By staff reporter",
        "By Rosa Gilmore and Tom Hale",
    ],
)
def test_short_name_outlet_and_place_lines_are_bylines(line: str) -> None:
    from digests.headlines import is_boilerplate

    assert is_boilerplate(line)


def test_a_line_naming_the_articles_own_outlet_is_a_byline() -> None:
    from digests.headlines import is_boilerplate

    assert is_boilerplate("Harbour Herald, Portsmouth", "Harbour Herald")
    assert not is_boilerplate("Harbour Herald, Portsmouth", "Coast Courier")
    assert is_boilerplate("صحيفة الوادي: الدمام", "صحيفة الوادي")


@pytest.mark.parametrize(
    "sentence",
    [
        # a dateline glued to a real sentence: the sentence is good
        "الدمام (وكالات) - افتتحت البلدية اليوم جسرا جديدا فوق الطريق السريع بطول كيلومترين.",
        "PORTSMOUTH (Reuters) - Ferries were cancelled on Monday as gales swept the Channel.",
        # short sentences with a dash but a clause in them
        "ارتفعت أسعار الوقود – في المدن الكبرى.",
        "Prices rose – sharply – after the report was published.",
        "By Tuesday, the council had approved the new bus routes.",
    ],
)
def test_sentences_with_a_dateline_or_dash_are_not_bylines(sentence: str) -> None:
    from digests.headlines import is_boilerplate

    assert not is_boilerplate(sentence)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_byline_first_line_is_never_the_headline(language: str) -> None:
    if language == "ar":
        text = (
            "سارة العلي – صحيفة الوادي\n"
            "افتتحت بلدية الدمام اليوم جسرا جديدا فوق الطريق السريع لتخفيف الزحام عند مدخل المدينة. "
            "وقال رئيس البلدية إن الجسر يخدم أكثر من ستين ألف سيارة يوميا."
        )
    else:
        text = (
            "Rosa Gilmore – Harbour Herald\n"
            "The city opened a new bridge over the ring road on Monday to ease traffic at the harbour. "
            "The mayor said the bridge would carry more than 60,000 cars a day."
        )
    raw = RawArticle(title="", text=text, source="t", language=language)
    article = prepare(raw, published=WHEN)
    chosen = summarize(article, sentences=1)
    assert "–" not in chosen[0].text
    assert "–" not in " ".join(s.text for s in summarize(article, sentences=2))


def test_strip_dateline() -> None:
    from digests.headlines import strip_dateline

    assert strip_dateline("عمّان (وكالات) - أعلنت ثماني دول خطة مشتركة.") == "أعلنت ثماني دول خطة مشتركة."
    assert strip_dateline("LONDON, Sept 2 (Reuters) - The bank raised rates.") == "The bank raised rates."
    assert strip_dateline("بيروت – أعلنت الحكومة خطة طارئة.") == "أعلنت الحكومة خطة طارئة."
    # Not a dateline: a clause before the dash, or a hyphenated name.
    for text in ["Prices rose – sharply – after the report.", "Al-Qaeda said it carried out the attack."]:
        assert strip_dateline(text) == text
    # Nothing would be left of the sentence.
    assert strip_dateline("LONDON (Reuters) - Rates") == "LONDON (Reuters) - Rates"


# --- quotes whose speaker is only a pronoun need the sentence before them (review item 18) ------------------


@pytest.mark.parametrize(
    ("sentence", "dependent"),
    [
        ('"We will open the bridge before winter," she said.', True),
        ('"We will open the bridge before winter," he added, "and the tunnel next year."', True),
        ('He added: "The tunnel comes next year."', True),
        ("«سنفتتح الجسر قبل الشتاء»، وأضاف.", True),
        ("وأضاف: «سنفتتح النفق العام المقبل».", True),
        ('"We will open the bridge before winter," the mayor said.', False),
        ('"We will open the bridge before winter," said Mayor Lopez.', False),
        ("«سنفتتح الجسر قبل الشتاء»، قال رئيس البلدية.", False),
        ("وقال رئيس البلدية إن الجسر سيفتتح قبل الشتاء.", False),
    ],
)
def test_dependent_quote(sentence: str, dependent: bool) -> None:
    from digests.headlines import dependent_quote

    assert dependent_quote(sentence) is dependent


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_self_contained_sentence_beats_a_quote_attributed_by_a_pronoun(language: str) -> None:
    # Without the penalty the quote (a central sentence) would be chosen before `fact`.
    if language == "ar":
        opening = "افتتحت بلدية الدمام جسرا جديدا فوق الطريق السريع اليوم بتكلفة بلغت مئة مليون ريال."
        named = "وقالت رئيسة البلدية سارة العلي إن العمل بدأ قبل عامين."
        quote = "«الجسر الجديد فوق الطريق السريع يخفف الزحام في الدمام»، وأضافت."
        fact = "ويعبر الطريق السريع أكثر من ستين ألف سيارة يوميا."
    else:
        opening = "The city of Dammam opened a new bridge over the highway on Monday at a cost of $27m."
        named = "The mayor, Sara Al-Ali, said work had started two years ago."
        quote = '"The new bridge over the highway will ease traffic in Dammam," she said.'
        fact = "About 60,000 cars a day use the highway through Dammam that the new bridge crosses."
    raw = RawArticle(title="", text=f"{opening} {named} {quote} {fact}", source="t", language=language)
    article = prepare(raw, published=WHEN)
    # Standing alone (a digest bullet), the self-contained sentence ranks above the quote.
    scores = dict(zip([s.text for s in article.sentences], score_sentences(article), strict=True))
    assert scores[fact] > scores[quote]
    if language == "en":
        assert [s.text for s in summarize(article, sentences=2)] == [opening, fact]
    else:
        # Arabic position weights take the sentence naming the speaker second; right after it, the quote
        # no longer dangles and gets its penalty back.
        assert [s.text for s in summarize(article, sentences=3)] == [opening, named, quote]
    # Alone, the quote is still the headline: the penalty only ranks it.
    alone = prepare(RawArticle(title="", text=quote, source="t", language=language), published=WHEN)
    assert [s.text for s in summarize(alone, sentences=1)] == [quote]


@pytest.mark.parametrize(
    ("first", "rest"),
    [
        (
            "منى الزهراني",  # a columnist's name alone on the first line
            "أصبح معرض الكتاب في الدمام موعدا ثقافيا ينتظره القراء كل عام. "
            "وتزداد أعداد الزوار عاما بعد عام. ويشارك فيه ناشرون من عشرين دولة.",
        ),
        (
            "Harbour Park",  # a venue alone on the first line
            "Portsmouth beat Exeter 2-1 with a late goal on Saturday. "
            "The home side had trailed at half-time. Their manager praised the crowd.",
        ),
    ],
)
def test_a_bare_name_opening_an_article_is_a_byline(first: str, rest: str) -> None:
    from digests.headlines import boilerplate_signals

    article = prepare(RawArticle(title="", text=f"{first}\n{rest}", source="t"), published=WHEN)
    assert boilerplate_signals(article)[0] > 0 and not any(boilerplate_signals(article)[1:])
    assert first not in " ".join(s.text for s in summarize(article, sentences=2))
    # Alone, or in a two-line text, it is not judged: there is too little around it.
    short = prepare(RawArticle(title="", text=f"{first}\n{rest.split('. ')[0]}.", source="t"), published=WHEN)
    assert not any(boilerplate_signals(short))
