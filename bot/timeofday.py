"""Times of day and timezone names as people write them, shared by the configuration and chat commands."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def parse_time(text: str) -> time:
    """Parse HH:MM (24 h). Raises ValueError with a readable message."""
    parts = text.strip().split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ValueError(f"{text!r} is not a time like 08:30")
    hour, minute = int(parts[0]), int(parts[1])
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(f"{text!r} is not a time of day (00:00-23:59)")
    return time(hour, minute)


def check_timezone(name: str) -> str:
    """Return `name` if it is an IANA timezone (or UTC). Raises ValueError otherwise."""
    try:
        if not name or name.startswith(("/", ".")) or ".." in name:
            raise ValueError
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"{name!r} is not an IANA timezone such as Asia/Riyadh or UTC") from None
    return name
