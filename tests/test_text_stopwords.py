"""Stop words: small lists, normalised, with the all-caps guard for English."""

from __future__ import annotations

import pytest

from digests.text import content_terms, is_stop_word, is_stop_word_as_typed, normalize, stem


@pytest.mark.parametrize("word", ["إلى", "الى", "على", "أن", "إن", "وفي", "the", "and"])
def test_function_words_are_stop_words(word: str) -> None:
    assert is_stop_word(normalize(word))


@pytest.mark.parametrize("word", ["الخميس", "رئيس", "غزة", "أوكرانيا", "ولي", "group", "world", "million"])
def test_news_words_are_kept(word: str) -> None:
    assert not is_stop_word(normalize(word))


def test_arabic_content_terms_drop_stop_words_after_normalising() -> None:
    terms = content_terms("وصل الرئيس إلى غزة يوم الخميس على متن طائرة", "ar")
    assert "الي" not in terms and "علي" not in terms
    assert stem(normalize("غزة"), "ar") in terms and stem(normalize("الخميس"), "ar") in terms


def test_all_caps_us_is_kept_but_the_pronoun_is_not() -> None:
    assert "us" in content_terms("US sanctions hit exports", "en")
    assert "us" not in content_terms("They told us about sanctions", "en")


def test_shouting_text_does_not_keep_every_stop_word() -> None:
    assert "the" not in content_terms("BREAKING: THE MARKETS FALL", "en")


def test_news_words_survive_in_english() -> None:
    assert content_terms("The group said a new world record of a million", "en") == [
        "group",
        "new",
        "world",
        "record",
        "million",
    ]


@pytest.mark.parametrize(
    ("typed", "stop"),
    [
        ("على", True),
        ("علي", False),  # the name Ali: only على ("on") folds into it
        ("عليّ", False),
        ("إلى", True),
        ("الى", True),
        ("فى", True),  # ى written for a final ي still counts
        ("في", True),
        ("لدي", True),  # "I have" is a stop word of its own
        ("والي", False),  # the governor, not و + إلى
        ("وعلى", True),
    ],
)
def test_a_query_word_is_judged_as_typed(typed: str, stop: bool) -> None:
    assert is_stop_word_as_typed(normalize(typed), typed) is stop


def test_search_for_the_name_ali_is_not_refused() -> None:
    from bot.search_query import parse_query

    assert parse_query("علي").compiled is not None
    assert parse_query("علي").compiled.required == parse_query("على الحدود علي").compiled.required[-1:]


def test_conjunction_waw_is_stripped_only_before_a_word_of_the_batch() -> None:
    assert content_terms("وأعلن الرئيس", "ar", vocabulary={"اعلن"})[0] == stem("اعلن")
    assert content_terms("وصل الوزير", "ar", vocabulary={"زير"})[1] == stem("وزير")
    assert content_terms("وبحسب", "ar", vocabulary={"بحسب", "حسب"}) == [stem("حسب")]


@pytest.mark.parametrize("word", ["لذلك", "بذلك", "وبذلك", "بهذه", "لهذا", "لبعض", "وببعض", "وبعد"])
def test_a_prefix_before_a_stop_word_leaves_no_term(word: str) -> None:
    # The batch has the bare stop words, so the prefix is stripped; what remains is still a stop word.
    vocabulary = {normalize(w) for w in ("ذلك", "هذه", "هذا", "بعض", "بعد", "الاجتماع")}
    assert content_terms(f"{word} الاجتماع", "ar", vocabulary=vocabulary) == [stem(normalize("الاجتماع"))]


def test_a_prefix_before_a_content_word_still_goes() -> None:
    vocabulary = {normalize(w) for w in ("ذلك", "الاجتماع", "اجتماع")}
    assert content_terms("لاجتماع ولذلك", "ar", vocabulary=vocabulary) == [stem("اجتماع")]
