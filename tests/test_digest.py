"""build_digest and digest_to_json: filters, languages, max_topics, determinism, the JSON contract."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta

import pytest

from digests import DigestOptions, build_digest, digest_to_json, prepare
from digests.model import Article, RawArticle

NOW = datetime(2025, 9, 1, 18, 0, tzinfo=UTC)


def make(
    aid: str, title: str, text: str, source: str, *, hours_ago: float = 2, lang: str | None = None
) -> Article:
    raw = RawArticle(
        title=title,
        text=text,
        source=source,
        url=f"https://news.example/{aid}",
        published=NOW - timedelta(hours=hours_ago),
        language=lang,
    )
    return prepare(raw, id=aid)


UKRAINE_EN = [
    make(
        "u1",
        "Ukraine and Poland sign grain transit deal in Warsaw",
        "Ukraine and Poland signed a grain transit agreement in Warsaw on Monday after weeks of talks. "
        "The deal lets 40 trucks an hour cross the border at Dorohusk, officials said. Farmers' groups in "
        "Poland said they would watch prices closely.",
        "Wire One",
    ),
    make(
        "u2",
        "Warsaw deal reopens Dorohusk crossing for Ukrainian grain",
        "Trucks carrying Ukrainian grain will cross at Dorohusk again under a deal signed in Warsaw. "
        "Poland and Ukraine agreed on 40 trucks an hour and joint inspections. The agreement ends a "
        "dispute that had kept grain stuck at the border.",
        "Daily Two",
        hours_ago=3,
    ),
]
UKRAINE_AR = [
    make(
        "u3",
        "أوكرانيا وبولندا توقعان اتفاقا لعبور الحبوب في وارسو",
        "وقعت أوكرانيا وبولندا في وارسو اتفاقا لعبور الحبوب بعد أسابيع من المحادثات. ويسمح الاتفاق بعبور "
        "40 شاحنة في الساعة عند معبر دوروهوسك. وقال مزارعون في بولندا إنهم سيراقبون الأسعار.",
        "الصحيفة الأولى",
        lang="ar",
    ),
    make(
        "u4",
        "اتفاق بين اوكرانيا وبولندا يعيد فتح معبر الحبوب",
        "أعاد اتفاق وقع في وارسو فتح معبر دوروهوسك أمام شاحنات الحبوب القادمة من اوكرانيا. واتفق البلدان "
        "على عبور 40 شاحنة في الساعة مع تفتيش مشترك.",
        "الوكالة الثانية",
        hours_ago=4,
        lang="ar",
    ),
]
FOOTBALL = make(
    "f1",
    "City win derby 3-1 at home",
    "City beat their neighbours 3-1 in a lively derby on Sunday. Two late goals sealed the win after a "
    "tense first half, and the manager praised the young midfield.",
    "Sports Desk",
    hours_ago=20,
)
FOOTBALL_AR = make(
    "f2",
    "الهلال يفوز على النصر في الديربي",
    "فاز الهلال على النصر بهدفين مقابل هدف في مباراة الديربي مساء الأحد، وسجل المهاجم هدف الفوز في "
    "الدقائق الأخيرة وسط حضور جماهيري كبير.",
    "الرياضية",
    hours_ago=6,
    lang="ar",
)
WEATHER = make(
    "w1",
    "Heatwave warning for the south coast",
    "Forecasters issued a heatwave warning for the south coast, with temperatures expected to reach 41 "
    "degrees by Wednesday. Hospitals were told to prepare for more patients.",
    "Daily Two",
    hours_ago=1,
)
ALL = [*UKRAINE_EN, *UKRAINE_AR, FOOTBALL, FOOTBALL_AR, WEATHER]


def topic_of(digest, article_id: str):  # type: ignore[no-untyped-def]
    return next(t for t in digest.topics if any(a.id == article_id for a in t.articles))


def test_empty_input_gives_empty_digest() -> None:
    digest = build_digest([], DigestOptions(), now=NOW)
    assert digest.topics == () and digest.article_count == 0
    assert digest.date == NOW.date()
    assert digest_to_json(digest) == {"date": "2025-09-01", "language": "all", "topics": []}


def test_widely_covered_topic_ranks_first_with_sentences_from_different_outlets() -> None:
    digest = build_digest(ALL, DigestOptions(max_topics=0, sentences_per_topic=2), now=NOW)
    top = digest.topics[0]
    assert {a.id for a in top.articles} == {"u1", "u2", "u3", "u4"}
    assert len(top.sentences) == 2
    sources = {next(a.source for a in top.articles if a.id == s.article_id) for s in top.sentences}
    assert len(sources) == 2
    assert top.label in {a.title for a in top.articles}
    assert top.score > digest.topics[-1].score
    scores = [t.score for t in digest.topics]
    assert scores == sorted(scores, reverse=True)


def test_sentences_are_verbatim_and_not_redundant() -> None:
    digest = build_digest(ALL, DigestOptions(max_topics=1, sentences_per_topic=3), now=NOW)
    top = digest.topics[0]
    for sentence in top.sentences:
        article = next(a for a in top.articles if a.id == sentence.article_id)
        assert sentence.text in article.text
    assert len({s.text for s in top.sentences}) == len(top.sentences)


def test_max_topics_zero_places_every_article_in_exactly_one_topic() -> None:
    for seed in range(4):
        subset = random.Random(seed).sample(ALL, k=4 + seed)
        digest = build_digest(subset, DigestOptions(max_topics=0), now=NOW)
        placed = [a.id for t in digest.topics for a in t.articles]
        assert sorted(placed) == sorted(a.id for a in subset)


def test_max_topics_limits_the_topic_count() -> None:
    assert len(build_digest(ALL, DigestOptions(max_topics=2), now=NOW).topics) == 2


def test_include_matches_arabic_spelling_variants() -> None:
    # "أوكرانيا" with hamza must match "اوكرانيا" without it, and the English articles not at all.
    digest = build_digest(ALL, DigestOptions(max_topics=0, include=("أوكرانيا",)), now=NOW)
    assert {a.id for t in digest.topics for a in t.articles} == {"u3", "u4"}
    digest = build_digest(ALL, DigestOptions(max_topics=0, include=("اوكرانيا",)), now=NOW)
    assert {a.id for t in digest.topics for a in t.articles} == {"u3", "u4"}


def test_include_english_stems_and_exclude() -> None:
    digest = build_digest(ALL, DigestOptions(max_topics=0, include=("derbies", "heatwave")), now=NOW)
    assert {a.id for t in digest.topics for a in t.articles} == {"f1", "w1"}
    digest = build_digest(ALL, DigestOptions(max_topics=0, exclude=("grain", "الحبوب")), now=NOW)
    assert {a.id for t in digest.topics for a in t.articles} == {"f1", "f2", "w1"}


def test_languages_filter_and_language_argument() -> None:
    arabic = build_digest(ALL, DigestOptions(max_topics=0, languages=frozenset({"ar"})), now=NOW)
    assert {a.language for t in arabic.topics for a in t.articles} == {"ar"}
    english = build_digest(ALL, DigestOptions(max_topics=0), now=NOW, language="en")
    assert {a.language for t in english.topics for a in t.articles} == {"en"}
    assert english.language == "en" and english.article_count == 4


def test_same_input_twice_and_shuffled_gives_the_same_digest() -> None:
    options = DigestOptions(max_topics=0, sentences_per_topic=2)
    first = build_digest(ALL, options, now=NOW)
    assert build_digest(ALL, options, now=NOW) == first
    for seed in range(3):
        shuffled = ALL[:]
        random.Random(seed).shuffle(shuffled)
        assert build_digest(shuffled, options, now=NOW) == first


def test_recency_breaks_equal_coverage() -> None:
    old = make(
        "o1",
        "Museum reopens after long renovation",
        "The city museum reopened its doors after a renovation that lasted three years, with new galleries.",
        "Arts Page",
        hours_ago=30,
    )
    fresh = make(
        "n1",
        "Bridge closed for urgent repairs",
        "The river bridge was closed for urgent repairs after engineers found cracks in two supports.",
        "City Desk",
        hours_ago=1,
    )
    digest = build_digest([old, fresh], DigestOptions(max_topics=0), now=NOW)
    assert [t.articles[0].id for t in digest.topics] == ["n1", "o1"]


def test_json_contract_shape() -> None:
    digest = build_digest(ALL, DigestOptions(max_topics=3), now=NOW, date=date(2025, 9, 1))
    data = digest_to_json(digest, paths={"u1": "inbox/u1.txt"})
    json.dumps(data, ensure_ascii=False)  # serialisable as is
    assert set(data) == {"date", "language", "topics"}
    assert data["date"] == "2025-09-01" and data["language"] == "all"
    for topic in data["topics"]:
        assert set(topic) == {"label", "keywords", "score", "sentences", "articles"}
        assert isinstance(topic["label"], str) and topic["label"]
        assert all(isinstance(k, str) for k in topic["keywords"])
        assert isinstance(topic["score"], float)
        ids = {a["id"] for a in topic["articles"]}
        for sentence in topic["sentences"]:
            assert set(sentence) == {"text", "article"} and sentence["article"] in ids
        for article in topic["articles"]:
            assert set(article) == {"id", "title", "url", "path", "source", "language", "published"}
            assert datetime.fromisoformat(article["published"]).utcoffset() is not None
    first = data["topics"][0]["articles"]
    paths = {a["id"]: a["path"] for a in first}
    assert paths.get("u1") == "inbox/u1.txt"


def test_keywords_are_readable_words_not_stems() -> None:
    digest = build_digest(UKRAINE_EN, DigestOptions(max_topics=1), now=NOW)
    keywords = digest.topics[0].keywords
    assert keywords
    titles = " ".join(a.title.casefold() for a in UKRAINE_EN)
    assert all(k.casefold() in titles for k in keywords)


@pytest.mark.parametrize("count", [0, 1, 3])
def test_sentences_per_topic(count: int) -> None:
    digest = build_digest(ALL, DigestOptions(max_topics=0, sentences_per_topic=count), now=NOW)
    assert all(len(t.sentences) <= count for t in digest.topics)
    assert len(digest.topics[0].sentences) == count


def test_odd_articles_never_break_the_digest() -> None:
    blank = make("x1", "", " ", "Nowhere")
    numbers_only = make("x2", "2025 - 3.5%", "12,500 / 3.5%", "Ticker")
    naive = Article(
        id="x3", title="Naive time", text="A report with a naive timestamp.", source="Old Feed",
        published=datetime(2025, 9, 1, 9, 0), language="en", sentences=(), terms=("naiv", "time"),
    )  # fmt: skip
    articles = [blank, numbers_only, naive, *UKRAINE_EN]
    digest = build_digest(articles, DigestOptions(max_topics=0), now=NOW)
    assert sorted(a.id for t in digest.topics for a in t.articles) == sorted(a.id for a in articles)
    data = digest_to_json(digest)
    assert all(t["label"] for t in data["topics"])
    json.dumps(data)


def test_include_matches_an_arabic_word_behind_a_one_letter_prefix() -> None:
    prefixed = make(
        "p1",
        "دعم جديد لأوكرانيا",
        "أعلنت الحكومة حزمة مساعدات جديدة لأوكرانيا تشمل معدات طبية ومولدات كهرباء.",
        "صحيفة ج",
        lang="ar",
    )
    other = make(
        "p2",
        "افتتاح معرض الكتاب",
        "افتتح معرض الكتاب أبوابه أمس بمشاركة مئات الناشرين.",
        "صحيفة د",
        lang="ar",
    )
    digest = build_digest([prefixed, other], DigestOptions(max_topics=0, include=("أوكرانيا",)), now=NOW)
    assert [a.id for t in digest.topics for a in t.articles] == ["p1"]
    digest = build_digest([prefixed, other], DigestOptions(max_topics=0, exclude=("اوكرانيا",)), now=NOW)
    assert [a.id for t in digest.topics for a in t.articles] == ["p2"]


# --- labels never repeat as bullets; keywords are words (issue 3) ------------------------------------------

FERRY_FIRST = "أعلنت شركة الملاحة تشغيل خط عبّارات جديد بين ميناءين على البحر الأحمر."
FERRY_UNTITLED = make(
    "t1",
    FERRY_FIRST,  # an untitled article: ingestion derived the title from the first sentence
    FERRY_FIRST + " وتبحر العبّارة الأولى من ميناء ينبع صباح الخميس وعلى متنها 300 راكب. "
    "وقال مدير الخط إن الرحلة تستغرق ست ساعات.",
    "صحيفة الساحل",
    lang="ar",
)
FERRY_OTHER = make(
    "t2",
    "خط عبّارات جديد بين ينبع وميناء على البحر الأحمر",
    "تبدأ العبّارة الأولى على الخط الجديد رحلاتها من ميناء ينبع صباح الخميس وتحمل 300 راكب في ست ساعات.",
    "وكالة الموانئ",
    hours_ago=3,
    lang="ar",
)


def _shown_sentences(topic) -> list[str]:  # type: ignore[no-untyped-def]
    return [" ".join(topic.label.split())] + [" ".join(s.text.split()) for s in topic.sentences]


FERRY_SECOND_FIRST = (
    "تنطلق صباح الخميس من ميناء ينبع أولى رحلات خط العبّارات الجديد على البحر الأحمر وعلى متنها 300 راكب "
    "بحسب إدارة الميناء."
)
FERRY_UNTITLED_OTHER = make(
    "t3",
    FERRY_SECOND_FIRST,  # untitled too, and long
    FERRY_SECOND_FIRST + " وتستغرق الرحلة ست ساعات بين الميناءين.",
    "وكالة الموانئ",
    hours_ago=3,
    lang="ar",
)


def test_a_label_taken_from_a_sentence_is_never_repeated_as_a_bullet() -> None:
    options = DigestOptions(max_topics=0, sentences_per_topic=3)
    for batch in ([FERRY_UNTITLED], [FERRY_UNTITLED, FERRY_OTHER], [FERRY_UNTITLED, FERRY_UNTITLED_OTHER]):
        digest = build_digest(batch, options, now=NOW)
        assert len(digest.topics) == 1
        shown = _shown_sentences(digest.topics[0])
        assert len(shown) == len(set(shown)), shown
    # Alone, the untitled article's first sentence labels the topic; the bullets are its other sentences.
    alone = build_digest([FERRY_UNTITLED], options, now=NOW).topics[0]
    assert alone.label == FERRY_FIRST and alone.sentences
    # A real title beats a derived one.
    titled = build_digest([FERRY_UNTITLED, FERRY_OTHER], options, now=NOW).topics[0]
    assert titled.label == FERRY_OTHER.title
    # Only untitled articles: the short sentence labels the topic, and the other outlet's sentence leads.
    untitled = build_digest([FERRY_UNTITLED, FERRY_UNTITLED_OTHER], options, now=NOW).topics[0]
    assert untitled.label == FERRY_FIRST
    assert untitled.sentences[0].article_id == "t3"


LONG_FIRST = (
    "Engineers at the northern water utility said on Thursday that a new desalination plant on the coast "
    "would double the supply to the port city of Wakra by the end of next year."
)
PLANT_UNTITLED = make(
    "p1",
    LONG_FIRST,
    LONG_FIRST + " The plant will treat 90,000 cubic metres a day. Construction starts in March.",
    "Coast Daily",
)
PLANT_TITLED = make(
    "p2",
    "Wakra desalination plant to double water supply",
    "A desalination plant planned on the coast near Wakra will double the port city's water supply, "
    "treating 90,000 cubic metres a day from the end of next year, engineers said.",
    "Water Wire",
    hours_ago=1,
)


def test_a_long_untitled_sentence_stays_a_bullet_and_a_real_title_labels_the_topic() -> None:
    digest = build_digest([PLANT_UNTITLED, PLANT_TITLED], DigestOptions(sentences_per_topic=2), now=NOW)
    assert len(digest.topics) == 1
    topic = digest.topics[0]
    assert topic.label == "Wakra desalination plant to double water supply"
    assert LONG_FIRST in [s.text for s in topic.sentences]
    shown = _shown_sentences(topic)
    assert len(shown) == len(set(shown))


def test_without_any_real_title_a_long_sentence_labels_cut_and_other_sentences_are_bullets() -> None:
    topic = build_digest([PLANT_UNTITLED], DigestOptions(sentences_per_topic=2), now=NOW).topics[0]
    # The opening clause, cut before "that" (review item 9), not the whole 31-word sentence.
    assert topic.label == "Engineers at the northern water utility said on Thursday…"
    assert topic.sentences and all(s.text != LONG_FIRST for s in topic.sentences)


# --- derived labels: dateline dropped, cut at a clause boundary (review item 9) ----------------------------

TRAIN_FIRST = (
    "القاهرة (وكالات) - افتتحت وزارة النقل خط قطار سريع يربط العاصمة بمدينة ساحلية على البحر المتوسط، "
    "في رحلة تستغرق ساعة ونصف الساعة بدلا من ثلاث ساعات."
)
TRAIN_UNTITLED = make(
    "r1",
    TRAIN_FIRST,
    TRAIN_FIRST
    + " وتسير ثماني رحلات يوميا في كل اتجاه. وقال مدير الهيئة إن أسعار التذاكر ستعلن الأسبوع المقبل.",
    "صحيفة السكك",
    lang="ar",
)


def test_an_untitled_arabic_article_is_labelled_by_its_opening_clause_without_the_dateline() -> None:
    topic = build_digest([TRAIN_UNTITLED], DigestOptions(sentences_per_topic=3), now=NOW).topics[0]
    assert topic.label == "افتتحت وزارة النقل خط قطار سريع يربط العاصمة بمدينة ساحلية…"
    # The sentence the label repeats, dateline and all, is still never a bullet.
    assert topic.sentences and all("افتتحت وزارة النقل" not in s.text for s in topic.sentences)


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        # short: kept whole, with its full stop
        ("أعلنت الشركة خطا جديدا للعبّارات.", "أعلنت الشركة خطا جديدا للعبّارات."),
        # a dateline alone is dropped; the rest is short enough to keep whole
        (
            "LONDON (Reuters) - The bank of a small island raised its rate.",
            "The bank of a small island raised its rate.",
        ),
        ("بيروت – أعلنت الحكومة خطة طارئة للكهرباء.", "أعلنت الحكومة خطة طارئة للكهرباء."),
        # a comma between words 6 and 12 ends the clause
        (
            "WASHINGTON, Sept 2 - Lawmakers approved a bill on rail safety late on Monday, ending a dispute "
            "that had lasted two years.",
            "Lawmakers approved a bill on rail safety late on Monday…",
        ),
        # no clause boundary: before a preposition, never ending on a function word
        (
            "Heavy snow closed mountain roads across three northern provinces for the third day running "
            "this week.",
            "Heavy snow closed mountain roads across three northern provinces…",
        ),
        (
            "قال رئيس البلدية إن أعمال الصيانة في الجسر الرئيسي ستبدأ الأسبوع المقبل وتستمر حتى نهاية الشهر.",
            "قال رئيس البلدية إن أعمال الصيانة في الجسر الرئيسي ستبدأ الأسبوع المقبل…",
        ),
    ],
)
def test_short_label(sentence: str, label: str) -> None:
    from digests.digest import LABEL_WORDS, short_label

    assert short_label(sentence) == label
    assert len(short_label(sentence).split()) <= LABEL_WORDS


def test_keywords_are_informative_words_as_written() -> None:
    articles = [
        make(
            "e1",
            "Early frost ruins apricot harvest in mountain villages",
            "An early frost ruined most of the apricot harvest in the mountain villages, farmers said. "
            "According to the growers' union, early blossoms froze overnight. Farmers use smoke pots, "
            "according to the union, but the early frost came too fast.",
            "Farm News",
        ),
        make(
            "e2",
            "Apricot growers count frost losses",
            "Apricot growers in the mountain villages said the early frost destroyed the blossoms, "
            "according to local officials. Many use nets, but the frost was early.",
            "Valley Post",
            hours_ago=3,
        ),
    ]
    topic = build_digest(articles, DigestOptions(max_topics=1), now=NOW).topics[0]
    assert topic.keywords
    written = " ".join(f"{a.title} {a.text}" for a in articles).split()
    words = {w.strip(".,'").casefold() for w in written}
    for keyword in topic.keywords:
        assert keyword.casefold() in words, keyword  # spelled as the writers did: no "earli", "apricot" ok
    assert not {"according", "accord", "said", "use", "earli", "early"} & {
        k.casefold() for k in topic.keywords
    }
    assert {"apricot", "frost"} <= {k.casefold() for k in topic.keywords}


def test_a_byline_is_never_a_bullet_even_when_an_outlets_best_sentence_is_taken() -> None:
    first = make(
        "b1",
        "Storm cuts power to the coastal towns of Marlow Bay",
        "A winter storm cut power to 40,000 homes in the coastal towns of Marlow Bay on Sunday night.",
        "Coast Courier",
    )
    # The other outlet's only sentence repeats the first one; what is left of it is its byline.
    second = make(
        "b2",
        "Marlow Bay storm leaves 40,000 homes without power",
        "Rosa Gilmore – Harbour Herald\n"
        "A winter storm cut power to 40,000 homes in the coastal towns of Marlow Bay late on Sunday.",
        "Harbour Herald",
        hours_ago=3,
    )
    topic = build_digest([first, second], DigestOptions(sentences_per_topic=3), now=NOW).topics[0]
    assert len(topic.articles) == 2
    assert [s.article_id for s in topic.sentences] == ["b1"]
