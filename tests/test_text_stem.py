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


@pytest.mark.parametrize(
    ("bare", "with_article"),
    [
        ("برلمان", "البرلمان"),
        ("سودان", "السودان"),
        ("يمن", "اليمن"),
        ("كويت", "الكويت"),
        ("وزير", "الوزير"),
        ("وزارة", "والوزارة"),
        ("ألماني", "الألماني"),
        ("طيران", "للطيران"),
    ],
)
def test_a_word_and_its_article_form_share_a_stem(bare: str, with_article: str) -> None:
    assert s(bare) == s(with_article)


def test_protected_names_stay_whole_with_and_without_prefixes() -> None:
    assert s("البحرين") == s("بحرين") == normalize("بحرين")  # not بحر, "sea"
    assert s("السودان") == normalize("سودان")  # not سود, "black"
    assert {s("لبنان"), s("للبنان"), s("ولبنان"), s("بلبنان")} == {"لبنان"}
    assert {s("الله"), s("والله"), s("لله")} == {"الله"}


def test_conjunction_waw_is_not_cut_from_a_root_waw() -> None:
    assert s("وزير") != s("زير")
    assert s("وزارة") != s("زار")  # "visited"


@pytest.mark.parametrize(
    ("word", "other"),
    [("سلمان", "السلم"), ("طيران", "الطير"), ("إعلان", "أعلى"), ("عدنان", "عدن"), ("الأمان", "أم")],
)
def test_a_noun_in_an_is_not_a_dual(word: str, other: str) -> None:
    assert s(word) != s(other)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("الفيضان", "الفيضانات"),
        ("المهرجان", "المهرجانات"),
        ("الطرفان", "الطرفين"),  # a common 3-letter dual
        ("الوزيران", "الوزير"),  # a dual of a longer stem
    ],
)
def test_an_forms_that_belong_together_meet(left: str, right: str) -> None:
    assert s(left) == s(right)


def test_hamza_seat_variants_share_a_stem() -> None:
    assert s("مسئول") == s("المسؤول") == s("مسوول")
    assert s("الشئون") == s("شؤون")
    assert s("اللاجئون") == s("لاجئ") == s("اللاجئين")


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
