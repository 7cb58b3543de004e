"""The seed article format: optional whitespace, `date YYYY-MM-DD`, then the body.

The first paragraph may follow the date on the same line. The header is metadata, never a sentence.
"""

from __future__ import annotations

import datetime as dt
import re

_HEADER = re.compile(r"\A\s*date[ \t]+(\d{4})-(\d{2})-(\d{2})(?=\s|\Z)[ \t]*(?:\r?\n)?", re.IGNORECASE)


def split_date_header(text: str) -> tuple[dt.date | None, str]:
    """Return (date, body) for a text that starts with `date YYYY-MM-DD`, else (None, text) unchanged.

    >>> split_date_header(" date 2025-09-01 First paragraph.")
    (datetime.date(2025, 9, 1), 'First paragraph.')
    """
    match = _HEADER.match(text)
    if match is None:
        return None, text
    try:
        day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None, text
    return day, text[match.end() :]
