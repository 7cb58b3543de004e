"""Small helpers shared by the feed and file readers: titles, language tags, dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

_FIRST_SENTENCE = re.compile(r"^(.{20,}?[.!?؟])(?:\s|$)", re.DOTALL)
_SPACES = re.compile(r"\s+")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?=$|[-_])")

MAX_TITLE_CHARS = 160


def one_line(text: str) -> str:
    """Collapse all whitespace (newlines included) to single spaces."""
    return _SPACES.sub(" ", text).strip()


def derive_title(text: str) -> str:
    """A title for an article that has none: its first sentence if short, else its opening words.

    >>> derive_title("Rates held at 5.5%. The bank said more.")
    'Rates held at 5.5%.'
    """
    first_paragraph = text.strip().split("\n\n", 1)[0]
    line = one_line(first_paragraph)
    match = _FIRST_SENTENCE.match(line)
    if match and len(match.group(1)) <= MAX_TITLE_CHARS:
        return match.group(1)
    if len(line) <= MAX_TITLE_CHARS:
        return line
    cut = line[:MAX_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def language_code(tag: str | None) -> str | None:
    """The primary language subtag, lower-cased: "ar-SA" -> "ar", "en_US" -> "en"; junk -> None."""
    if not tag:
        return None
    match = _LANGUAGE.match(tag.strip())
    return match.group(0).lower() if match else None


def as_utc(moment: datetime) -> datetime:
    """Timezone-aware UTC; a naive datetime is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def date_at_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def parse_datetime(value: object) -> datetime | None:
    """Read a date or date-time from front matter or JSON: ISO 8601 / RFC 3339, or YYYY-MM-DD."""
    if isinstance(value, datetime):
        return as_utc(value)
    if isinstance(value, date):
        return date_at_midnight(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return as_utc(datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00")))
    except ValueError:
        pass
    try:
        return date_at_midnight(date.fromisoformat(text[:10]))
    except ValueError:
        return None
