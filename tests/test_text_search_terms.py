"""Search at the term level (ARABIC.md "Search" cases): index_terms and query_term agree."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digests.text import index_terms, query_term, tokenize


def finds(query: str, text: str) -> bool:
    term = query_term(query)
    return term is not None and term in {t for _, t in index_terms(text)}


def phrase_finds(query: str, text: str) -> bool:
    """All query words at consecutive positions."""
    wanted = [query_term(word) for word in query.split()]
    by_position: dict[int, set[str]] = {}
    for position, term in index_terms(text):
        by_position.setdefault(position, set()).add(term)
    return any(
        all(wanted[k] in by_position.get(start + k, set()) for k in range(len(wanted)))
        for start in by_position
    )


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("أوكرانيا", "قدمت فرنسا دعما لأوكرانيا أمس"),
        ("أوكرانيا", "زار الوزير اوكرانيا"),
        ("خمس", "خُمس المساحة"),
        ("خُمس", "خمس المساحة"),
        ("اعلنت", "أَعلنت الحكومة"),
        ("cafe", "Café de Flore"),
        ("فلسطين", "دولة فلسطين"),
    ],
)
def test_query_finds(query: str, text: str) -> None:
    assert finds(query, text)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("برلمان", "صوّت البرلمان على القانون"),
        ("سودان", "اتفاق في السودان"),
        ("الفيضان", "بعد الفيضانات التي ضربت المدينة"),
        ("مسئول", "قال مسؤول في الوزارة"),
        ("شئون", "لجنة شؤون اللاجئين"),
        ("موتمر", "افتتح المؤتمر أمس"),
        ("قال", "وقال المتحدث"),  # و is an extra term at the same position
        ("وزير", "وصل الوزير"),
    ],
)
def test_query_finds_its_variants(query: str, text: str) -> None:
    assert finds(query, text)


@pytest.mark.parametrize(
    ("query", "text"),
    [("سلمان", "دعا إلى السلم الأهلي"), ("طيران", "الطير المهاجر"), ("وزير", "زير ماء")],
)
def test_query_does_not_find_another_word(query: str, text: str) -> None:
    assert not finds(query, text)


def test_a_prefix_before_a_name_yields_only_the_name() -> None:
    assert {term for _, term in index_terms("ولبنان")} == {"لبنان"}


def test_phrases_match_across_hamza_forms_both_ways() -> None:
    assert phrase_finds("الضمانات الامنية", "ناقشوا الضمانات الأمنية أمس")
    assert phrase_finds("الضمانات الأمنية", "ناقشوا الضمانات الامنية أمس")


def test_lebanon_does_not_find_milk() -> None:
    assert not finds("لبنان", "شرب كوب لبن")
    assert not finds("لبن", "زار لبنان")


def test_stripped_term_shares_the_position() -> None:
    pairs = index_terms("دعم لأوكرانيا")
    positions = {term: position for position, term in pairs}
    assert positions[query_term("أوكرانيا")] == 1
    assert len([p for p, _ in pairs if p == 1]) == 2


def test_stop_words_keep_positions_and_terms() -> None:
    pairs = index_terms("the state of the art")
    assert [p for p, _ in pairs] == [0, 1, 2, 3, 4]
    assert phrase_finds("state of the art", "a state of the art lab")


def test_query_term_of_nothing_is_none() -> None:
    assert query_term("") is None
    assert query_term(" ،. ") is None


def test_same_term_whatever_the_language_hint() -> None:
    assert query_term("والاجتماعات", "ar") == query_term("والاجتماعات", None) == query_term("الاجتماع", "en")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("ابتلكفوةىأإآيهنمرسعدقـًُّCafeéUS’s"), min_size=1, max_size=9),
        min_size=1,
        max_size=6,
    )
)
def test_every_indexed_word_is_found_by_its_own_query_term(words: list[str]) -> None:
    text = " ".join(words)
    indexed = {term for _, term in index_terms(text)}
    for word in words:
        term = query_term(word)
        if term is not None and len(tokenize(word)) == 1:
            assert term in indexed
