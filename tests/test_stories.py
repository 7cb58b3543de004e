"""Story grouping: copies, rewrites, different events of one kind, Arabic + English, determinism."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from digests import group_stories, prepare
from digests.evidence import arabic_skeleton, english_keys, latin_skeleton, number_keys
from digests.model import Article, RawArticle
from digests.similarity import average_link, blocked_pairs
from digests.stories import StoryGrouper

DAY = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)


def make(
    aid: str, title: str, text: str, source: str = "wire", *, hours: float = 0, lang: str | None = None
) -> Article:
    raw = RawArticle(
        title=title, text=text, source=source, published=DAY + timedelta(hours=hours), language=lang
    )
    return prepare(raw, id=aid)


QUAKE_TURKEY = make(
    "a1",
    "Strong earthquake shakes eastern Turkey near Malatya",
    "A magnitude 6.4 earthquake struck eastern Turkey near the city of Malatya on Monday morning, "
    "damaging dozens of buildings. Turkish disaster agency AFAD said 37 people were injured and rescue "
    "teams were searching collapsed homes in the Malatya province. Aftershocks rattled the region for hours.",
    "Wire One",
)
QUAKE_TURKEY_COPY = make(
    "a2",
    "Strong earthquake shakes eastern Turkey near Malatya",
    "A magnitude 6.4 earthquake struck eastern Turkey near the city of Malatya on Monday morning, "
    "damaging dozens of buildings. Turkish disaster agency AFAD said 37 people were injured and rescue "
    "teams were searching collapsed homes in the Malatya province. Aftershocks rattled the region.",
    "Daily Two",
    hours=1,
)
QUAKE_TURKEY_REWRITE = make(
    "a3",
    "Malatya quake injures 37 as buildings collapse",
    "Rescue teams in Malatya searched through collapsed homes after a 6.4 magnitude quake hit eastern "
    "Turkey. The AFAD disaster agency put the number of injured at 37. Residents spent the night outside "
    "as aftershocks continued across Malatya province.",
    "Gazette Three",
    hours=2,
)
QUAKE_CHILE = make(
    "b1",
    "Earthquake hits northern Chile near Antofagasta",
    "A magnitude 7.1 earthquake struck northern Chile near the port of Antofagasta on Monday, "
    "cutting power to thousands of homes. Chile's emergency office ONEMI said four people were injured "
    "and several roads near Antofagasta were blocked by landslides. A tsunami warning was lifted later.",
    "Wire One",
    hours=3,
)
QUAKE_CHILE_REWRITE = make(
    "b2",
    "Antofagasta shaken by 7.1 quake, tsunami alert lifted",
    "Residents of Antofagasta rushed to higher ground after a 7.1 magnitude earthquake in northern Chile. "
    "ONEMI reported four injured people and landslides on roads near the port. Power returned to most "
    "homes by evening and the tsunami alert was lifted.",
    "Daily Two",
    hours=4,
)
BUDGET = make(
    "c1",
    "Parliament approves new education budget",
    "Lawmakers approved a larger budget for schools and universities after a long debate. The finance "
    "minister said teacher salaries would rise next year and new classrooms would be built in rural areas.",
    "Gazette Three",
    hours=5,
)


def story_of(stories: list, article_id: str) -> str:
    return next(s.id for s in stories if article_id in s.article_ids)


def test_copies_and_rewrites_join_and_other_quake_stays_apart() -> None:
    stories = group_stories(
        [QUAKE_TURKEY, QUAKE_TURKEY_COPY, QUAKE_TURKEY_REWRITE, QUAKE_CHILE, QUAKE_CHILE_REWRITE, BUDGET]
    )
    assert story_of(stories, "a1") == story_of(stories, "a2") == story_of(stories, "a3")
    assert story_of(stories, "b1") == story_of(stories, "b2")
    assert story_of(stories, "a1") != story_of(stories, "b1")
    assert story_of(stories, "c1") not in {story_of(stories, "a1"), story_of(stories, "b1")}
    assert len(stories) == 3


def test_story_id_is_smallest_article_id_and_every_article_once() -> None:
    arts = [QUAKE_CHILE_REWRITE, BUDGET, QUAKE_TURKEY_REWRITE, QUAKE_TURKEY]
    stories = group_stories(arts)
    ids = [aid for s in stories for aid in s.article_ids]
    assert sorted(ids) == sorted(a.id for a in arts)
    for story in stories:
        assert story.id == min(story.article_ids)


def test_same_event_weeks_apart_is_not_one_story() -> None:
    later = make("z9", QUAKE_TURKEY_COPY.title, QUAKE_TURKEY_COPY.text, "Daily Two", hours=24 * 30)
    stories = group_stories([QUAKE_TURKEY, later])
    assert len(stories) == 2


def test_order_does_not_matter() -> None:
    arts = [QUAKE_TURKEY, QUAKE_TURKEY_COPY, QUAKE_TURKEY_REWRITE, QUAKE_CHILE, QUAKE_CHILE_REWRITE, BUDGET]
    expected = group_stories(arts)
    for seed in range(3):
        shuffled = arts[:]
        random.Random(seed).shuffle(shuffled)
        assert group_stories(shuffled) == expected


def test_empty_and_single() -> None:
    assert group_stories([]) == []
    assert [s.article_ids for s in group_stories([BUDGET])] == [("c1",)]


ARABIC_QUAKE = make(
    "d1",
    "زلزال بقوة 6.4 درجات يضرب شرق تركيا قرب ملاطية",
    "ضرب زلزال بقوة 6.4 درجات شرق تركيا قرب مدينة ملاطية صباح الاثنين، وألحق أضرارا بعشرات المباني. "
    "وقالت هيئة الكوارث التركية AFAD إن 37 شخصا أصيبوا، فيما تبحث فرق الإنقاذ بين المنازل المنهارة.",
    "الوكالة العربية",
    hours=1,
    lang="ar",
)
ARABIC_BUDGET = make(
    "d2",
    "البرلمان يقر ميزانية جديدة للتعليم",
    "أقر النواب ميزانية أكبر للمدارس والجامعات بعد نقاش طويل، وقال وزير المالية إن رواتب المعلمين "
    "سترتفع العام المقبل وستبنى فصول جديدة في المناطق الريفية.",
    "صحيفة اليوم",
    hours=2,
    lang="ar",
)


def test_arabic_and_english_report_of_one_event_join_when_numbers_and_names_match() -> None:
    english = [QUAKE_TURKEY, QUAKE_TURKEY_REWRITE, QUAKE_CHILE, QUAKE_CHILE_REWRITE, BUDGET]
    stories = group_stories([*english, ARABIC_QUAKE, ARABIC_BUDGET])
    assert story_of(stories, "d1") == story_of(stories, "a1")
    assert story_of(stories, "d1") != story_of(stories, "b1")
    assert story_of(stories, "d2") not in {story_of(stories, "a1"), story_of(stories, "b1")}
    # Same subject, but no shared figure or name: the evidence is not there, so they stay apart.
    assert story_of(stories, "d2") != story_of(stories, "c1")


def test_arabic_copies_join_across_outlets() -> None:
    copy = make("d3", ARABIC_QUAKE.title, ARABIC_QUAKE.text, "صحيفة الشرق", hours=2, lang="ar")
    stories = group_stories([ARABIC_QUAKE, copy, ARABIC_BUDGET])
    assert story_of(stories, "d1") == story_of(stories, "d3") != story_of(stories, "d2")


def test_identical_headlines_without_body_are_copies_but_short_titles_with_bodies_are_not() -> None:
    empty_a = make("e1", "كاريكاتير", " ", "صحيفة أ", lang="ar")
    empty_b = make("e2", "كاريكاتير", " ", "صحيفة ب", hours=20, lang="ar")
    stories = group_stories([empty_a, empty_b, ARABIC_BUDGET])
    assert story_of(stories, "e1") == story_of(stories, "e2")


def test_skeletons_match_names_across_scripts() -> None:
    assert arabic_skeleton("بايدن") == latin_skeleton("Biden") == "BDN"
    assert arabic_skeleton("ترامب") == latin_skeleton("Trump")
    assert arabic_skeleton("اسطنبول") == latin_skeleton("Istanbul")
    assert arabic_skeleton("ماكرون") == latin_skeleton("Macron")
    assert arabic_skeleton("بغداد") != latin_skeleton("Paris")


def test_number_keys_normalise_digits_and_thousands() -> None:
    assert number_keys("ضبط ٣٢٠ ألف حبة") == {"#320"}
    assert number_keys("seized 320,000 pills") == {"#320", "#320000"}
    assert number_keys("magnitude 6.4, 2 dead") == {"#6.4"}


def test_english_names_skip_sentence_starts() -> None:
    keys = english_keys("", "Officials met. The Minister said Erdogan called Biden on Monday.")
    assert "@erdogan" in keys and "@biden" in keys
    assert "@officials" not in keys and "@the" not in keys


def test_blocking_never_pairs_documents_without_shared_key_terms() -> None:
    keys = [["a", "b"], ["b", "c"], ["x", "y"], ["a", "b", "z"]]
    assert blocked_pairs(keys, max_postings=10) == [(0, 1), (0, 3), (1, 3)]
    assert blocked_pairs(keys, max_postings=10, min_shared=2) == [(0, 3)]
    # "b" is in three documents: over the postings cap, so only "a" links 0 and 3.
    assert blocked_pairs(keys, max_postings=2) == [(0, 3)]


def test_average_link_resists_chaining() -> None:
    # 0-1 and 1-2 are close, 0-2 unrelated: single link would chain all three; average link keeps the
    # mean of the cross pairs (0.9 + 0) / 2 below the threshold.
    edges = {(0, 1): 0.95, (1, 2): 0.9}
    assert average_link(3, edges, threshold=0.5) == [[0, 1], [2]]
    assert average_link(3, edges, threshold=0.4) == [[0, 1, 2]]


def test_grouping_keeps_the_most_central_article_first() -> None:
    grouping = StoryGrouper().group([QUAKE_TURKEY, QUAKE_TURKEY_COPY, QUAKE_TURKEY_REWRITE])
    assert len(grouping.stories) == 1
    assert set(grouping.stories[0].article_ids) == {"a1", "a2", "a3"}
    assert grouping.stories[0].id == "a1"


def test_cross_language_evidence_rules() -> None:
    from digests.crosslingual import enough_evidence

    assert enough_evidence(["#5.5", "#3.1"], 2)  # two specific figures
    assert not enough_evidence(["#2025", "#100"], 2)  # a year and a round number: coincidence
    assert enough_evidence(["#2025", "~TRMB"], 2)  # a figure and a name
    assert not enough_evidence(["~TRMB"], 2)


def test_arabic_and_english_rate_decision_join_on_two_figures() -> None:
    english = [
        make("r1", "Central bank holds key rate at 5.5% as inflation cools",
             "The central bank kept its main interest rate at 5.5% for a third meeting, saying inflation "
             "slowed to 3.1% in August.", "Markets Wire"),
        BUDGET, QUAKE_CHILE, QUAKE_TURKEY,
    ]  # fmt: skip
    arabic = make(
        "r2",
        "البنك المركزي يبقي سعر الفائدة عند 5.5%",
        "أبقى البنك المركزي سعر الفائدة الرئيسي عند ٥٫٥٪ للاجتماع الثالث، مع تراجع التضخم إلى ٣٫١٪ في أغسطس.",
        "صحيفة المال",
        lang="ar",
    )
    stories = group_stories([*english, arabic, ARABIC_BUDGET])
    assert story_of(stories, "r1") == story_of(stories, "r2")
    assert story_of(stories, "d2") != story_of(stories, "r1")
