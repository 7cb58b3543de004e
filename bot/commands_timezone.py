"""Timezones as people type them in a chat: any case ("asia/riyadh"), a city alone ("Riyadh"), a fixed
offset ("UTC+3", "GMT-5"), and close names suggested for a typo ("Asia/Riyad")."""

from __future__ import annotations

import difflib
import re
from functools import cache
from zoneinfo import available_timezones

from bot.i18n import t
from bot.timeofday import check_timezone

MAX_SUGGESTIONS = 3
_REGIONS = frozenset(
    [
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    ]
)
_OFFSET = re.compile(r"(?:utc|gmt)([+-])(\d{1,2})(?::?(\d{2}))?")
# Etc/GMT zones exist for whole hours only; these places keep the other offsets in use (as standard time).
_PLACES_AT_OFFSET = {
    "-9:30": ("Pacific/Marquesas",),
    "-3:30": ("America/St_Johns",),
    "+3:30": ("Asia/Tehran",),
    "+4:30": ("Asia/Kabul",),
    "+5:30": ("Asia/Kolkata", "Asia/Colombo"),
    "+5:45": ("Asia/Kathmandu",),
    "+6:30": ("Asia/Yangon",),
    "+8:45": ("Australia/Eucla",),
    "+9:30": ("Australia/Darwin", "Australia/Adelaide"),
    "+10:30": ("Australia/Lord_Howe",),
    "+12:45": ("Pacific/Chatham",),
}


class UnknownTimezone(ValueError):
    """Nothing matched. `suggestions` are close IANA names; `offset` is set ("+5:30") when a fixed offset
    was typed that no Etc/GMT zone has, and `suggestions` are then places with that time."""

    def __init__(self, suggestions: tuple[str, ...] = (), offset: str | None = None) -> None:
        super().__init__(offset or ", ".join(suggestions))
        self.suggestions = suggestions
        self.offset = offset


def resolve_timezone(text: str) -> str:
    """The IANA name for what was typed. Raises UnknownTimezone.

    "asia/riyadh" -> "Asia/Riyadh"; "riyadh" -> "Asia/Riyadh" (a city that names one zone); "utc", "GMT",
    "Z", "UTC+0" -> "UTC"; "UTC+3" -> "Etc/GMT-3". Etc/GMT names follow the POSIX sign, the inverse of the
    usual one: Etc/GMT-3 is three hours *ahead* of UTC.
    """
    typed = text.strip().replace("−", "-").replace("–", "-")
    folded = typed.casefold()
    if folded in ("utc", "gmt", "z", "zulu"):
        return "UTC"
    offset = _OFFSET.fullmatch(folded.replace(" ", ""))
    if offset:
        return _fixed_offset_zone(*offset.groups())
    names = _names_by_folded()
    if folded in names:
        return check_timezone(names[folded])
    cities = _names_by_city().get(folded.replace(" ", "_"), ())
    if len(cities) == 1:
        return check_timezone(cities[0])
    raise UnknownTimezone(cities[:MAX_SUGGESTIONS] or close_names(folded))


def _fixed_offset_zone(sign: str, hours_text: str, minutes_text: str | None) -> str:
    hours, minutes = int(hours_text), int(minutes_text or 0)
    if hours == minutes == 0:
        return "UTC"
    if minutes:
        label = f"{sign}{hours}:{minutes:02d}"
        raise UnknownTimezone(_PLACES_AT_OFFSET.get(label, ()), offset=label)
    # UTC+3 is Etc/GMT-3; Etc/GMT-14 (UTC+14) to Etc/GMT+12 (UTC-12) exist.
    if (sign == "+" and hours > 14) or (sign == "-" and hours > 12):
        raise UnknownTimezone(offset=f"{sign}{hours}")
    return check_timezone(f"Etc/GMT{'-' if sign == '+' else '+'}{hours}")


def close_names(folded: str) -> tuple[str, ...]:
    """Up to MAX_SUGGESTIONS IANA names close to a mistyped one, by full name or by city."""
    if len(folded) > 64:  # no zone name is this long; difflib's cost grows with it
        return ()
    names, cities = _names_by_folded(), _names_by_city()
    candidates = list(names) + list(cities)
    found: list[str] = []
    for match in difflib.get_close_matches(folded.replace(" ", "_"), candidates, n=6, cutoff=0.75):
        for name in (names[match],) if match in names else cities[match]:
            if name not in found:
                found.append(name)
    return tuple(found[:MAX_SUGGESTIONS])


def timezone_label(language: str, name: str) -> str:
    """How a chat sees a zone: the name, and for an Etc/GMT zone the offset it means ("Etc/GMT-3, that is
    UTC+3 all year"), since its sign reads backwards."""
    match = re.fullmatch(r"Etc/GMT([+-])(\d{1,2})", name)
    if not match:
        return name
    offset = ("-" if match.group(1) == "+" else "+") + match.group(2)
    return t(language, "cmd.timezone.fixed", zone=name, offset=offset)


@cache
def _names_by_folded() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}


@cache
def _names_by_city() -> dict[str, tuple[str, ...]]:
    """Regional names by their last part, "riyadh" -> ("Asia/Riyadh",); not Etc/ nor legacy "US/..."."""
    cities: dict[str, list[str]] = {}
    for name in sorted(available_timezones()):
        region, _, city = name.rpartition("/")
        if region and region.split("/")[0] in _REGIONS:
            cities.setdefault(city.casefold(), []).append(name)
    return {city: tuple(names) for city, names in cities.items()}
