"""The seed's `date YYYY-MM-DD` header is metadata."""

from __future__ import annotations

import datetime as dt

from digests.text import split_date_header


def test_date_then_first_paragraph_on_the_same_line() -> None:
    assert split_date_header(" date 2025-09-01 قال الوزير إن.\n\nوأضاف.") == (
        dt.date(2025, 9, 1),
        "قال الوزير إن.\n\nوأضاف.",
    )


def test_date_on_its_own_line() -> None:
    assert split_date_header("\n  date 2024-02-29\nBody text.") == (dt.date(2024, 2, 29), "Body text.")


def test_absent_or_invalid_header_returns_the_text_unchanged() -> None:
    for text in [
        "Body only.",
        "dated 2025-09-01 x",
        "date 2025-02-30 x",
        "date 2025-9-1 x",
        "",
        "date 2025-09-01x",
    ]:
        assert split_date_header(text) == (None, text)


def test_header_alone() -> None:
    assert split_date_header("date 2025-01-02") == (dt.date(2025, 1, 2), "")
