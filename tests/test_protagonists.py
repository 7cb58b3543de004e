"""Protagonist split and the name counts it reads (digests.protagonists, digests.evidence.name_mentions)."""

from __future__ import annotations

from collections.abc import Callable

from digests import protagonists
from digests.evidence import name_mentions, word_keys
from digests.gazetteer import arabic_place_mentions, arabic_places
from digests.protagonists import Mentions


def test_english_name_counts_take_every_mention_of_a_name() -> None:
    counts = name_mentions(
        "Okafor arrested",
        "Police stopped Okafor on Sunday. Okafor's lawyer said the New Harbor team backs him. Okafor left.",
        "en",
    )
    # Sentence starts and possessives count once a word is known as a name; "New" and "Sunday" are not
    # whom a report is about, and "Police" opens a sentence.
    assert counts["okafor"] == 4
    assert counts["harbor"] == 1
    assert "new" not in counts and "sunday" not in counts and "police" not in counts


def test_arabic_name_counts_use_gazetteer_places_and_latin_words() -> None:
    counts = name_mentions(
        "أمطار على جدة",
        "غمرت السيول شوارع جدة، وأغلقت بلدية جدة الأنفاق بحسب تطبيق Waze. وقال مسؤول في الخليج إن بجدة فرقا.",
        "ar",
    )
    assert counts["!jeddah"] == 4
    assert counts["waze"] == 1
    assert "%gulf" not in counts  # a broad region never says where a report is set


def test_gazetteer_counts_each_mention_of_a_place() -> None:
    assert arabic_place_mentions("من الرياض إلى جدة ثم عاد إلى الرياض وبالرياض") == {
        "!riyadh": 3,
        "!jeddah": 1,
    }


def test_gazetteer_drops_a_one_letter_prefix_only_before_a_name() -> None:
    assert arabic_places("وصل بجدة ولبنان") == {"!jeddah", "!lebanon"}
    # و + ال + فروسية (horsemanship): the letter after the article is part of the word, not a prefix.
    assert arabic_places("بطولة الفروسية") == set()
    # Marks on a name's last letters do not hide it.
    assert arabic_places("زار جدّةَ") == {"!jeddah"}


def test_english_word_keys_find_lower_case_mentions() -> None:
    assert "okafor" in word_keys("", "the okafor family's lawyer")
    assert "family" in word_keys("", "the okafor family's lawyer")


def _names(leads: dict[int, str], named: dict[int, set[str]], language: str = "en") -> dict[int, Mentions]:
    return {
        i: Mentions(
            language=language, leads=frozenset({leads[i]}) if i in leads else frozenset(), named=frozenset(n)
        )
        for i, n in named.items()
    }


def _two_groups(first: set[int], second: set[int]) -> Callable[[int, int], float]:
    """Reports similar within each group (0.5) and less across (0.2)."""

    def closeness(i: int, j: int) -> float:
        return 0.5 if ({i, j} <= first or {i, j} <= second) else 0.2

    return closeness


# Reports 0-2 are about "okafor", 3-5 about "lindqvist"; 3 also mentions "okafor" in passing.
LEADS = {0: "okafor", 1: "okafor", 2: "okafor", 3: "lindqvist", 4: "lindqvist", 5: "lindqvist"}
NAMED = {
    0: {"okafor"},
    1: {"okafor"},
    2: {"okafor"},
    3: {"lindqvist", "okafor"},
    4: {"lindqvist"},
    5: {"lindqvist"},
}


def test_groups_following_different_protagonists_split() -> None:
    closeness = _two_groups({0, 1, 2}, {3, 4, 5})
    assert protagonists.split(list(range(6)), _names(LEADS, NAMED), closeness) == [[3, 4, 5], [0, 1, 2]]


def test_no_split_when_the_silent_reports_share_no_protagonist() -> None:
    leads = {0: "okafor", 1: "okafor", 2: "okafor", 3: "lindqvist", 4: "bay", 5: "ramos"}
    closeness = _two_groups({0, 1, 2}, {3, 4, 5})
    assert protagonists.split(list(range(6)), _names(leads, NAMED), closeness) == [list(range(6))]


def test_no_split_on_two_reports_with_an_angle_of_their_own() -> None:
    leads = {0: "okafor", 1: "okafor", 2: "okafor", 3: "lindqvist", 4: "lindqvist"}
    named = {i: NAMED[i] for i in range(5)}
    closeness = _two_groups({0, 1, 2}, {3, 4})
    assert protagonists.split(list(range(5)), _names(leads, named), closeness) == [list(range(5))]


def test_no_split_when_the_texts_are_as_close_across_as_within() -> None:
    assert protagonists.split(list(range(6)), _names(LEADS, NAMED), lambda i, j: 0.5) == [list(range(6))]


def test_a_report_in_another_language_joins_the_side_it_is_closest_to() -> None:
    names = _names(LEADS, NAMED) | _names({6: "!jeddah"}, {6: {"!jeddah"}}, language="ar")

    def closeness(i: int, j: int) -> float:
        if 6 in (i, j):
            return 0.4 if {i, j} & {3, 4, 5} else 0.0
        return _two_groups({0, 1, 2}, {3, 4, 5})(i, j)

    assert protagonists.split(list(range(7)), names, closeness) == [[3, 4, 5, 6], [0, 1, 2]]


def test_no_split_when_the_silent_reports_protagonist_also_leads_the_others() -> None:
    # 0-2 lead with the spokeswoman "ramos", 3-5 with "okafor" and name her too, 6-8 lead with "okafor"
    # and never name her: "okafor" leads on both sides, so all nine tell one story.
    leads = {i: "ramos" if i < 3 else "okafor" for i in range(9)}
    named = {i: {"ramos", "okafor"} if i < 6 else {"okafor"} for i in range(9)}
    closeness = _two_groups(set(range(6)), {6, 7, 8})
    assert protagonists.split(list(range(9)), _names(leads, named), closeness) == [list(range(9))]
