"""Stems from ARABIC.md (light stemming without mangling names) and English via PyStemmer."""

from __future__ import annotations

import threading

import pytest

from digests.text import normalize, stem


def s(word: str, language: str = "ar") -> str:
    return stem(normalize(word), language)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("الأمنية", "الامنية"),
        ("الاجتماع", "اجتماعا"),
        ("الاجتماع", "والاجتماعات"),
        ("الضمانات", "ضمانات"),
        ("والدول", "الدول"),
    ],
)
def test_arabic_variants_share_a_stem(left: str, right: str) -> None:
    assert s(left) == s(right)


@pytest.mark.parametrize("name", ["فرنسا", "بريطانيا", "بغداد", "فلسطين"])
def test_names_keep_their_first_letter(name: str) -> None:
    assert s(name)[0] == normalize(name)[0]
    assert s(name).startswith(normalize(name)[:3])


def test_lebanon_is_not_milk() -> None:
    assert s("لبنان") != s("لبن")
    assert s("للبنان") == s("لبنان")


def test_group_is_not_meeting() -> None:
    assert s("مجموعة") != s("اجتماع")


def test_english_stems() -> None:
    assert s("running", "en") == "run"
    assert s("sanctions", "en") == s("sanction", "en")
    assert s("Ukraine’s", "en") == s("Ukraine", "en")


def test_script_decides_not_the_language_hint() -> None:
    assert stem("apple", "ar") == stem("apple", "en")
    assert stem("والدول", "en") == stem("والدول", "ar")
    assert stem("2025", "en") == "2025"


def test_english_stemming_is_thread_safe() -> None:
    words = ["connections", "running", "generously", "nationalities"] * 500
    expected = [stem(word, "en") for word in words]
    results: list[list[str]] = []

    def work() -> None:
        results.append([stem(word, "en") for word in words])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected for result in results)
