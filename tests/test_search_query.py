"""The search query language, pure: parsing, validation, normalised terms, hostile input."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import QueryError, UsageError
from bot.records import SearchQuery
from bot.search_query import MAX_TERMS, USAGE, compile_query, parse_query, phrase_terms
from digests.text import query_term


def test_words_must_all_match() -> None:
    query = parse_query("gaza ceasefire talks")
    assert query.all_terms == ("gaza", "ceasefire", "talks")
    assert compile_query(query).required == (("gaza",), ("ceasefir",), ("talk",))


def test_exact_phrase_keeps_order_and_stop_words() -> None:
    query = parse_query('"security guarantees for Ukraine" talks')
    assert query.phrases == (("security", "guarantees", "for", "Ukraine"),)
    assert query.all_terms == ("talks",)
    assert ("secur", "guarante", "for", "ukrain") in compile_query(query).required


def test_arabic_phrase_terms_are_normalised_and_stemmed() -> None:
    compiled = compile_query(parse_query('"الضمانات الأمنية"'))
    assert compiled.required == (phrase_terms("الضمانات الامنية"),)
    assert compiled.required[0] == (query_term("ضمانات"), query_term("امنيه"))


def test_or_groups_words_and_phrases() -> None:
    query = parse_query('kyiv OR kiev OR "the capital" war')
    assert query.any_groups == (("kyiv", "kiev", "the capital"),)
    assert query.all_terms == ("war",)
    assert compile_query(query).any_groups == ((("kyiv",), ("kiev",), ("the", "capit")),)


def test_pipe_is_or_too() -> None:
    assert parse_query("kyiv | kiev").any_groups == (("kyiv", "kiev"),)


def test_excluded_words_and_phrases() -> None:
    query = parse_query('election -sport -"world cup" NOT football')
    assert query.all_terms == ("election",)
    assert query.excluded == ("sport", "world cup", "football")
    assert compile_query(query).excluded == (("sport",), ("world", "cup"), ("footbal",))


def test_filters() -> None:
    query = parse_query('غزة since:2025-09-01 until:2025-09-30 lang:ar source:"Al Jazeera" page:3')
    assert query.since == date(2025, 9, 1)
    assert query.until == date(2025, 9, 30)
    assert query.language == "ar"
    assert query.source == "Al Jazeera"
    assert query.page == 3
    assert query.all_terms == ("غزة",)


def test_filter_keys_are_case_insensitive_and_source_takes_one_word() -> None:
    query = parse_query("LANG:EN Source:bbc storm")
    assert (query.language, query.source, query.all_terms) == ("en", "bbc", ("storm",))


def test_filters_alone_are_a_query() -> None:
    query = parse_query("source:reuters")
    assert query.source == "reuters" and not compile_query(query).has_positive


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("gaza since:2025-13-01", "since:"),
        ("gaza since:yesterday", "since:"),
        ("gaza until:2025/09/01", "until:"),
        ("gaza since:2025-09-02 until:2025-09-01", "since:"),
        ("gaza lang:fr", "lang:"),
        ("gaza page:0", "page:"),
        ("gaza page:999999", "page:"),
        ("gaza page:two", "page:"),
        ('gaza source:""', "source:"),
    ],
)
def test_bad_filter_values_explain_themselves(text: str, hint: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert hint in str(caught.value) and USAGE in str(caught.value)


def test_query_error_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        parse_query("")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "OR",
        "OR OR",
        "-",
        "- -",
        "AND",
        "NOT",
        "*",
        "()",
        '"',
        '""',
        "|",
        "the of and",
        "في على من",
        "-sport",
        '-"world cup"',
        "\x00\x01",
        "NEAR(",
        ":",
        "title:",
    ],
)
def test_nothing_to_search_is_a_usage_message(text: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert "Search syntax" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ('"gaza ceasefire', [("gaza", "ceasefir")]),  # unbalanced quote: phrase to the end
        ("gaza)) ((rafah", [("gaza",), ("rafah",)]),
        ("NEAR(gaza rafah, 5)", [("gaza",), ("rafah",), ("5",)]),
        ("title:gaza body:rafah", [("gaza",), ("rafah",)]),
        ("gaza*", [("gaza",)]),
        ("gaza OR", [("gaza",)]),
        ("OR gaza", [("gaza",)]),
        ("gaza AND rafah", [("gaza",), ("rafah",)]),
        ("gaza\x00rafah", [("gaza",), ("rafah",)]),
        ("gaza\ud800rafah", [("gaza",), ("rafah",)]),  # a lone surrogate (never encodable)
        ("gaza\u200b \x1b[31m", [("gaza",), ("31m",)]),
        ("+gaza", [("gaza",)]),
        ("'; DROP TABLE articles; --", [("drop",), ("tabl",), ("articl",)]),
        ('gaza" OR "1"="1', [("gaza",), ("or",), ("1",)]),  # a quoted "OR" is a word
    ],
)
def test_hostile_input_becomes_plain_terms(text: str, terms: list[tuple[str, ...]]) -> None:
    compiled = compile_query(parse_query(text))
    assert list(compiled.required) == terms


def test_capital_us_is_not_a_stop_word() -> None:
    assert compile_query(parse_query("US sanctions")).required == (("us",), ("sanction",))
    with pytest.raises(QueryError):
        parse_query("us")


def test_parsed_query_carries_its_terms_compiled_once() -> None:
    query = parse_query('"الضمانات الأمنية" gaza OR kyiv -"world cup"')
    assert query.compiled == compile_query(replace(query, compiled=None))  # a hand-built query compiles alike
    assert compile_query(query) is query.compiled  # the backend takes them as they are


def test_long_queries() -> None:
    assert parse_query("gaza " * 400).all_terms == ("gaza",)  # 2,000 characters, one word repeated
    with pytest.raises(QueryError, match="too many words"):
        parse_query(" ".join(f"word{i}" for i in range(MAX_TERMS + 1)))
    with pytest.raises(QueryError, match="too long"):
        parse_query("x" * 5000)
    # One 2,000-letter word is longer than any indexed term: nothing specific is left.
    with pytest.raises(QueryError):
        parse_query("a" * 2000)


def test_text_keeps_what_the_user_typed_for_display() -> None:
    assert parse_query("  Gaza  ceasefire ").text == "Gaza  ceasefire"


_ALPHABET = st.sampled_from(
    list("abcXYZ019 \"'-|()*:^~+!,.;\t\n\x00\x07")
    + list("غزةأوكرانيالُ«»“”")
    + ["OR", "NEAR(", "since:", "page:"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_fuzz_parse_never_raises_anything_but_query_error(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError:
        return
    assert isinstance(query, SearchQuery)
    compiled = compile_query(query)
    assert compiled.has_positive or query.source or query.since or query.until or query.language
    for phrase in (*compiled.required, *compiled.excluded, *(p for g in compiled.any_groups for p in g)):
        assert phrase and all(term and "\x00" not in term for term in phrase)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_any_unicode(text: str) -> None:
    with contextlib.suppress(QueryError):
        parse_query(text)
