"""Tokenisation: after normalising, numbers whole, the Arabic comma never inside a token."""

from __future__ import annotations

from digests.text import count_words, tokenize, tokenize_spans


def test_tokens_are_normalised() -> None:
    assert tokenize("خُمس مساحة") == ["خمس", "مساحه"]


def test_numbers_stay_whole() -> None:
    assert tokenize("بلغ النمو ٣٫٥٪ في ٢٠٢٥") == ["بلغ", "النمو", "3.5", "في", "2025"]
    assert tokenize("12,500 people and 3.5% growth") == ["12,500", "people", "and", "3.5", "growth"]


def test_arabic_comma_is_never_part_of_a_token() -> None:
    tokens = tokenize("زار باريس، ولندن،وبرلين ،ثم عاد")
    assert tokens == ["زار", "باريس", "ولندن", "وبرلين", "ثم", "عاد"]
    assert all("،" not in token for token in tokens)


def test_a_number_followed_by_a_comma_is_not_glued() -> None:
    assert tokenize("في 2025، قال") == ["في", "2025", "قال"]


def test_harakat_and_tatweel_do_not_split_words() -> None:
    assert tokenize("القــدسُ عاصمةٌ") == ["القدس", "عاصمه"]


def test_possessive_apostrophe_stays_inside() -> None:
    assert tokenize("Ukraine’s allies") == ["ukraine's", "allies"]


def test_spans_point_into_the_original_text() -> None:
    text = "أَعلنت   Café، ١٢٬٣٤٥"
    spans = tokenize_spans(text)
    assert [token.term for token in spans] == ["اعلنت", "cafe", "12,345"]
    assert [text[t.start : t.end] for t in spans] == ["أَعلنت", "Café", "١٢٬٣٤٥"]


def test_count_words() -> None:
    assert count_words("One, two — 3.5 four.") == 4
    assert count_words("") == 0
