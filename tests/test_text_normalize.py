"""Normalisation cases from ARABIC.md, plus idempotence as a property."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digests.text import normalize

CASES = [
    ("خُمس", "خمس"),
    ("دولٍ", "دول"),
    ("أَعلنت", "اعلنت"),
    ("أوكرانيا", "اوكرانيا"),
    ("إيران", "ايران"),
    ("آسيا", "اسيا"),
    ("ٱلقرآن", "القران"),
    ("ا\u0654", "ا"),
    ("على", "علي"),
    ("مساحة", "مساحه"),
    ("القــدس", "القدس"),
    ("٢٠٢٥", "2025"),
    ("۱۴۰۳", "1403"),
    ("٣٫٥", "3.5"),
    ("١٢٬٣٤٥", "12,345"),
    ("٪", "%"),
    ("ﻻ", "لا"),
    ("باي\u200fدن", "بايدن"),
    ("باي\u200cدن", "بايدن"),
    ("\u202bبايدن\u202c", "بايدن"),
    ("رئیس", "رئيس"),
    ("کتاب", "كتاب"),
    ("Café ÉLYSÉE", "cafe elysee"),
    ("Straße", "strasse"),
    ("Ukraine’s", "ukraine's"),
    ("ﷲ", "الله"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_normalize_cases(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_teh_marbuta_switch_off_keeps_it() -> None:
    assert normalize("مساحة", fold_teh_marbuta=False) == "مساحة"
    assert normalize("المساحةُ", fold_teh_marbuta=False) == "المساحة"


def test_hamza_on_waw_and_yeh_are_kept_consistently() -> None:
    # A deliberate choice: ؤ and ئ are letters, not spelling noise.
    assert normalize("مؤتمر") == "مؤتمر"
    assert normalize("رئيس") == "رئيس"
    assert normalize("مُؤتَمَر") == "مؤتمر"


def test_ascii_fast_path_matches_general_path() -> None:
    assert normalize("Hello `World`") == "hello 'world'"
    assert normalize("Hello `World` é") == "hello 'world' e"


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("أإآٱىیکةـًٌٍَُِّْٰ٠١٢٫٬٪\u200c\u200fابتثجحخدذرزسشصضطظعغفقكلمنهوي é’ß")))
def test_normalize_is_idempotent_on_arabic_heavy_text(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert normalize(once, fold_teh_marbuta=False) == normalize(once, fold_teh_marbuta=False)
