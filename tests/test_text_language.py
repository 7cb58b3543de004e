"""Language detection by script (ARABIC.md cases)."""

from __future__ import annotations

import pytest

from digests.text import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عاجل: زلزال في تركيا", "ar"),
        ("Quake hits Turkey", "en"),
        ("أعلنت شركة Apple عن هاتف iPhone 16 Pro Max في مؤتمر WWDC", "ar"),
        ('The Arabic word "شكرا" means thanks in English', "en"),
        ("", "unknown"),
        ("2025 - 3.5%", "unknown"),
        ("   \n\t", "unknown"),
        ("بايدن", "ar"),
        ("NATO", "en"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_persian_is_not_arabic() -> None:
    assert detect_language("دولت ایران روز یکشنبه گفت که گفتگوها با کشورهای اروپایی ادامه پیدا می‌کند") == "fa"


def test_urdu_is_told_apart() -> None:
    assert detect_language("وزیر اعظم نے کہا کہ حکومت عوام کے لیے نئے منصوبے شروع کرے گی") == "ur"


@pytest.mark.parametrize("text", ["\x00\ud800", "٫٬٪", "🙂🙂", "\u200f\u200c"])
def test_never_raises(text: str) -> None:
    assert detect_language(text) in {"ar", "en", "fa", "ur", "unknown"}
