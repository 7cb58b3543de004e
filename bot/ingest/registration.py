"""Locations given to `newsbot ingest` (feed URL, file, directory, OPML file) turned into sources.

A location that is not a source yet is registered (or, when it was removed, brought back under its own
name). What happens to a new source after its first fetch is the pipeline's call (`ingest_locations`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bot.config import IngestSettings
from bot.errors import AlreadyExists, NewsbotError, ParseError
from bot.ingest.direct import feed_url, host_name, looks_like_url
from bot.ingest.guard import literal_refusal
from bot.ingest.opml import read_opml_file
from bot.ingest.reports import Failure
from bot.ports import Storage
from bot.records import Source

NO_SUCH_LOCATION = "no such file or directory (feeds need http:// or https://)"
"""Why a location that is neither written as a URL nor on disk is refused."""


@dataclass(frozen=True, slots=True)
class Registration:
    source: Source
    new: bool
    """Not an active source before this run: registered now, or brought back."""
    one_off: bool
    """A feed URL given on its own (not listed in an OPML file): "ingest now" rather than "subscribe"."""


def default_name(*, url: str | None = None, path: str | None = None) -> str:
    """What a source nobody named is called: a feed by its host (until it names itself), files by their
    folder or file name."""
    if url is not None:
        return host_name(url)
    return Path(path or "").resolve().name or path or ""


def literal_host_refusal(url: str, settings: IngestSettings) -> str | None:
    """Why every fetch of `url` would be refused, known without DNS: its host is an address the guard
    blocks. Host names are checked when fetched (their addresses may change)."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return None
    return literal_refusal(host, settings.allow_private_networks)


def register_all(
    locations: Sequence[str], storage: Storage, settings: IngestSettings
) -> tuple[list[Registration], list[Failure]]:
    """One Registration per distinct source (the first mention wins), and a Failure per bad location."""
    registered: dict[int, Registration] = {}
    failures: list[Failure] = []
    for location in locations:
        try:
            for registration in _register(location, storage, settings):
                registered.setdefault(registration.source.id, registration)
        except (NewsbotError, OSError) as exc:
            failures.append(Failure(location, getattr(exc, "reason", None) or str(exc)))
    return list(registered.values()), failures


def _register(location: str, storage: Storage, settings: IngestSettings) -> list[Registration]:
    if looks_like_url(location):
        url = feed_url(location).url  # a URL it refuses fails with the exact reason (scheme, host, port...)
        return [_find_or_add(storage, settings, name=default_name(url=url), url=url, one_off=True)]
    path = Path(location)
    if not path.exists():
        raise ParseError(location, NO_SUCH_LOCATION)
    if path.is_file() and _is_opml(path):
        return [
            _find_or_add(storage, settings, name=feed.title or host_name(feed.url), url=feed.url)
            for feed in read_opml_file(path)
        ]
    resolved = str(path.resolve())
    return [_find_or_add(storage, settings, name=default_name(path=resolved), path=resolved)]


def _is_opml(path: Path) -> bool:
    """An .opml file, or an .xml file whose root element is <opml>."""
    suffix = path.suffix.lower()
    if suffix == ".opml":
        return True
    if suffix != ".xml":
        return False
    with path.open("rb") as handle:
        head = handle.read(2048).lower()
    return b"<opml" in head


def _find_or_add(
    storage: Storage,
    settings: IngestSettings,
    *,
    name: str,
    url: str | None = None,
    path: str | None = None,
    one_off: bool = False,
) -> Registration:
    location = url or path or ""
    found = storage.find_source(location)
    if found is not None and found.location == location and found.active:
        return Registration(found, new=False, one_off=one_off)
    try:
        # `name` is only a default (host, folder, OPML title): a source coming back keeps its own
        added = storage.add_source(
            name, url=url, path=path, interval_minutes=settings.interval_minutes, keep_name=True
        )
    except AlreadyExists:  # another process registered it meanwhile
        again = storage.find_source(location)
        if again is None:
            raise
        return Registration(again, new=False, one_off=one_off)
    return Registration(added, new=True, one_off=one_off)
