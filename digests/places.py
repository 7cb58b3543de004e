"""Where a report is set: the gazetteer places of its lead, and whether two reports' places conflict.

Two reports of one kind of news share most of their words (a collision, a municipal election, a market
close), whatever city or country they tell about; the places they name tell them apart. Story and topic
grouping ask for more shared words when two reports both name places and share none of them.

Stories compare cities: a collision in Mecca and one in Afif are two events. Topics compare countries
(`countries`): elections in Riyadh and in Mecca are one topic, Saudi municipal elections, while
elections in Argentina are another.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from digests import gazetteer
from digests.model import Article

LEAD_CHARS = 600
"""Places are read in the title and this many characters of the body: the lead says where."""

# Gazetteer cities and states (comma separated) by country key, so that topic grouping sees Istanbul and
# Turkey, or Riyadh and Mecca, as one place. Keys not listed (countries, organisations) stand for
# themselves.
_COUNTRY_OF_TEXT = """
saudi arabia: riyadh, jeddah, mecca, medina, dammam, neom
uae: dubai, abu dhabi, sharjah
qatar: doha
kuwait: kuwait city
bahrain: manama
oman: muscat
yemen: sanaa, aden
iraq: baghdad, basra, mosul, erbil
syria: damascus, aleppo
lebanon: beirut
jordan: amman
palestine: jerusalem, gaza, west bank, ramallah
egypt: cairo, alexandria, sinai, suez
sudan: khartoum
libya: tripoli, benghazi
tunisia: tunis
algeria: algiers
morocco: rabat, casablanca, marrakech
iran: tehran
turkey: istanbul, ankara
russia: moscow
ukraine: kyiv
usa: washington, new york, texas, california, austin
uk: london
france: paris
germany: berlin
italy: rome
spain: madrid
china: beijing
japan: tokyo
india: new delhi
pakistan: islamabad
argentina: buenos aires
"""


@lru_cache(maxsize=1)
def _country_of() -> dict[str, str]:
    """Gazetteer key of a city -> key of its country."""
    mapping: dict[str, str] = {}
    for line in _COUNTRY_OF_TEXT.strip().splitlines():
        country, cities = line.split(":")
        for city in cities.split(","):
            mapping[gazetteer.PLACE_PREFIX + city.strip()] = gazetteer.PLACE_PREFIX + country.strip()
    return mapping


def lead_places(article: Article, max_chars: int = LEAD_CHARS) -> frozenset[str]:
    """Gazetteer keys of the places and organisations the title and the first `max_chars` characters of
    the body name; broad regions ("Gulf", "Middle East") left out: they never say where a report is set."""
    lead = article.title + "\n" + article.text[:max_chars]
    found = gazetteer.english_places(lead) if article.language == "en" else gazetteer.arabic_places(lead)
    return frozenset(key for key in found if not gazetteer.is_weak(key))


def countries(places: frozenset[str]) -> frozenset[str]:
    """`places` with every city replaced by its country ("!istanbul" -> "!turkey")."""
    country_of = _country_of()
    return frozenset(country_of.get(key, key) for key in places)


def conflict(first: frozenset[str], second: frozenset[str]) -> bool:
    """True when both name places and share none: two events of one kind in two places, or two kinds."""
    return bool(first) and bool(second) and first.isdisjoint(second)


class LeadPlaces:
    """`lead_places` of `articles[i]` by index, each read once and only when asked for: most articles are
    never in a pair that words alone cannot settle, and reading places is the costly part (Arabic
    prefixes). Story grouping hands its reader on to topic grouping, which asks about the same articles."""

    def __init__(self, articles: Sequence[Article], max_chars: int = LEAD_CHARS) -> None:
        self._articles = articles
        self._max_chars = max_chars
        self._cache: dict[int, frozenset[str]] = {}

    def __call__(self, index: int) -> frozenset[str]:
        found = self._cache.get(index)
        if found is None:
            found = self._cache[index] = lead_places(self._articles[index], self._max_chars)
        return found
