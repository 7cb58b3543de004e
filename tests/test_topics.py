"""Topics: stories sharing keywords form one topic; ranking by outlets, articles and recency; labels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from digests import prepare
from digests.model import Article, RawArticle
from digests.stories import StoryGrouper, StoryParams
from digests.topics import TopicParams, coverage_score, dominant_language, group_topics

NOW = datetime(2025, 9, 1, 18, 0, tzinfo=UTC)


def make(aid: str, title: str, text: str, source: str, *, hours_ago: float = 2, lang: str = "en") -> Article:
    raw = RawArticle(
        title=title, text=text, source=source, published=NOW - timedelta(hours=hours_ago), language=lang
    )
    return prepare(raw, id=aid)


def test_coverage_score_rewards_outlets_articles_and_recency() -> None:
    a = make("a", "Bridge closed", "The bridge was closed for repairs.", "One")
    b = make("b", "Bridge closed", "The bridge was closed for repairs.", "Two")
    c = make("c", "Bridge closed", "The bridge was closed for repairs.", "One")
    stale = make("d", "Bridge closed", "The bridge was closed for repairs.", "One", hours_ago=48)
    assert coverage_score([a, b], NOW) > coverage_score([a, c], NOW)  # two outlets beat one
    assert coverage_score([a, c], NOW) > coverage_score([a], NOW)  # more articles beat fewer
    assert coverage_score([a], NOW) > coverage_score([stale], NOW)  # fresh beats stale
    weights = TopicParams(source_weight=0.0, article_weight=0.0, recency_weight=1.0)
    assert coverage_score([a], NOW - timedelta(hours=10), weights) == 1.0  # future times count as fresh


def test_dominant_language() -> None:
    en = make("a", "Bridge closed", "The bridge was closed.", "One")
    ar = make("b", "إغلاق الجسر", "أغلق الجسر للصيانة.", "Two", lang="ar")
    assert dominant_language([en, ar, ar]) == "ar"
    assert dominant_language([]) == "unknown"


def _grain_and_rail() -> list[Article]:
    return [
        make(
            "g1",
            "Poland and Ukraine sign grain transit deal",
            "Poland and Ukraine signed a grain transit deal in Warsaw, letting 40 trucks an hour cross the "
            "border at Dorohusk. Grain exports had been stuck for weeks.",
            "Wire One",
        ),
        make(
            "g2",
            "Grain deal signed in Warsaw reopens Dorohusk crossing",
            "A grain transit deal signed by Poland and Ukraine in Warsaw reopens the Dorohusk crossing to "
            "40 trucks an hour. Grain exports resume this week.",
            "Daily Two",
            hours_ago=3,
        ),
        make(
            "g3",
            "Polish farmers block border over Ukrainian grain prices",
            "Polish farmers blocked roads near the Ukraine border at Medyka, saying cheap Ukrainian grain "
            "pushes down prices. Poland's farm minister promised talks on grain imports.",
            "Gazette",
            hours_ago=5,
        ),
        make(
            "r1",
            "New rail line opens between two northern cities",
            "A new rail line opened between the two northern cities, cutting the journey to 50 minutes. "
            "Trains will run every half hour from the central station.",
            "City Desk",
            hours_ago=1,
        ),
    ]


def test_related_stories_share_a_topic_and_unrelated_ones_do_not() -> None:
    # Strict story settings keep the farmers' protest apart from the transit deal; the topic joins them.
    grouping = StoryGrouper(StoryParams(threshold=0.3, refine_threshold=None, rare_term_weight=1.0)).group(
        _grain_and_rail()
    )
    assert len(grouping.stories) == 3
    topics = group_topics(grouping, now=NOW)
    by_article = {grouping.articles[i].id: n for n, t in enumerate(topics) for i in t.articles}
    assert by_article["g1"] == by_article["g2"] == by_article["g3"]
    assert by_article["r1"] != by_article["g1"]
    grain = topics[by_article["g1"]]
    assert "grain" in grain.keywords
    assert grain.score > topics[by_article["r1"]].score


def test_topic_articles_go_story_by_story_with_each_lead_first() -> None:
    grouping = StoryGrouper().group(_grain_and_rail())
    topics = group_topics(grouping, now=NOW)
    for topic in topics:
        listed = list(topic.articles)
        expected = [i for s in topic.stories for i in grouping.clusters[s]]
        assert listed == expected
        assert sorted(listed) == sorted(set(listed))


def test_no_articles_no_topics() -> None:
    assert group_topics(StoryGrouper().group([]), now=NOW) == []


def _markets_and_startup() -> list[Article]:
    return [
        make(
            "x1",
            "Gulf markets close higher as shipping companies gain",
            "Most Gulf markets closed higher on Tuesday, led by shipping companies, officials said. The main "
            "index rose 1.2 percent, according to the exchange, and trading volume reached a record.",
            "Markets Wire",
        ),
        make(
            "x2",
            "Startup company unveils drone for date palm farms",
            "A startup company in the Gulf unveiled a drone that sprays date palms on Tuesday, its founder "
            "said. The company expects to cut water use by 30 percent, according to early trials in the "
            "main farms.",
            "Tech Desk",
            hours_ago=3,
        ),
    ]


def test_stories_sharing_only_generic_news_words_are_separate_topics() -> None:
    # Gulf, company, Tuesday, percent, main, said, according: shared, yet nothing ties the two events.
    grouping = StoryGrouper(StoryParams(threshold=0.9, refine_threshold=None)).group(_markets_and_startup())
    assert len(grouping.stories) == 2
    topics = group_topics(grouping, now=NOW)
    assert len(topics) == 2
    for topic in topics:
        assert not {"gulf", "compani", "said", "accord", "percent", "tuesday", "main", "use"} & set(
            topic.keywords
        )


# Elections in Argentina and municipal elections in Saudi Arabia share "elections", "voters", "candidates"
# and "entitled to vote"; the countries they are set in tell the subjects apart.
ELECTIONS_AR = [
    (
        "v1",
        "انطلاق الانتخابات التمهيدية الرئاسية في الأرجنتين",
        "أدلى الناخبون في الأرجنتين اليوم بأصواتهم في الانتخابات التمهيدية الرئاسية لاختيار المرشحين، ويحق "
        "لنحو 32 مليون ناخب التصويت. ويتنافس حاكم بوينس آيرس مع مرشح المعارضة على صدارة السباق.",
    ),
    (
        "v2",
        "أمانة المدينة المنورة تستعرض استعدادات الانتخابات البلدية",
        "استعرض منسق الانتخابات البلدية في المدينة المنورة قائمة الناخبين وقائمة المرشحين، وأوضح أنه يحق "
        "لكل مواطن مسجل التصويت في مراكز الاقتراع. وتشارك المرأة لأول مرة ناخبة ومرشحة في المجالس البلدية.",
    ),
    (
        "v3",
        "الرياض تنظم ورشا لتعريف الناخبات بالانتخابات البلدية",
        "نظمت أمانة الرياض ست ورش لتعريف النساء بالانتخابات البلدية وطريقة تسجيل الناخبين والمرشحين في "
        "مراكز الاقتراع، ويحق للمرأة التصويت والترشح لأول مرة في المجالس البلدية.",
    ),
]
ELECTIONS_EN = [
    (
        "w1",
        "Argentines vote in presidential primaries",
        "Voters in Argentina cast their ballots on Sunday in presidential primary elections to choose the "
        "candidates, with some 32 million voters entitled to vote. The governor of Buenos Aires leads the "
        "race.",
    ),
    (
        "w2",
        "Medina prepares for municipal elections",
        "The coordinator of municipal elections in Medina reviewed the lists of voters and candidates, "
        "saying every registered citizen is entitled to vote at polling stations. Women take part as voters "
        "and candidates for the first time.",
    ),
    (
        "w3",
        "Riyadh holds workshops for women voters",
        "Riyadh municipality held six workshops to explain the municipal elections to women, covering how "
        "voters and candidates register at polling stations. Women are entitled to vote and stand as "
        "candidates for the first time.",
    ),
]


def _topic_sets(
    reports: list[tuple[str, str, str]], language: str, params: TopicParams | None = None
) -> set[frozenset[str]]:
    from digests.prepare import batch_vocabulary

    raws = [
        RawArticle(
            title=title,
            text=text,
            source=f"outlet {aid}",
            published=NOW - timedelta(hours=n),
            language=language,
        )
        for n, (aid, title, text) in enumerate(reports)
    ]
    vocabulary = batch_vocabulary(raws)
    articles = [
        prepare(raw, id=aid, vocabulary=vocabulary) for raw, (aid, _, _) in zip(raws, reports, strict=True)
    ]
    grouping = StoryGrouper().group(articles)
    return {
        frozenset(grouping.articles[i].id for i in topic.articles)
        for topic in group_topics(grouping, now=NOW, params=params)
    }


def test_elections_in_two_countries_are_two_topics_and_in_two_saudi_cities_one() -> None:
    no_place_rule = TopicParams(place_conflict_shared_words=0)
    for reports, language in ((ELECTIONS_AR, "ar"), (ELECTIONS_EN, "en")):
        argentina, medina, riyadh = (aid for aid, _, _ in reports)
        assert _topic_sets(reports, language, no_place_rule) == {frozenset({argentina, medina, riyadh})}
        # Medina and Riyadh are both in Saudi Arabia (digests.places.countries): one subject
        # (here even one story: the two reports share more than the kind of event)
        assert _topic_sets(reports, language) == {frozenset({argentina}), frozenset({medina, riyadh})}
