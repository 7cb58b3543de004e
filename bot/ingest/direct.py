"""Reading sources straight into RawArticles, without a database (`digest --from`, `summarize`)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from bot.config import IngestSettings
from bot.errors import FetchError, ParseError
from bot.ingest.common import one_line
from bot.ingest.feeds import fetch_feed
from bot.ingest.files import iter_article_files, read_files
from bot.ingest.http import SafeClient, check_url
from bot.ingest.reports import Failure
from digests.model import RawArticle

MAX_FEED_URL_CHARS = 2000
_URL_SHAPED = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


class FeedUrl(NamedTuple):
    url: str
    """As given, without surrounding spaces: what a source stores."""
    host: str
    """As it is resolved: an IPv6 literal without brackets, a non-ASCII name as typed."""
    port: int


def looks_like_url(location: str) -> bool:
    """Whether a location is written as a URL ("scheme://..."), so that a refusal should say what is wrong
    with it rather than "no such file"."""
    return bool(_URL_SHAPED.match(location.strip()))


def is_feed_url(location: str) -> bool:
    """Whether `feed_url` takes `location`: how ingestion tells a feed URL from a file or directory."""
    try:
        feed_url(location)
    except FetchError:
        return False
    return True


def feed_url(location: str) -> FeedUrl:
    """The one rule for a feed URL, shared by `/addsource`, `newsbot sources add` and ingestion: an absolute
    http(s) URL with a host and a port from 1 to 65535, without spaces, at most MAX_FEED_URL_CHARS long.
    Raises BlockedAddress for another scheme, FetchError for anything else. (Whether its addresses are
    public is the guard's business, at fetch time, and `/addsource`'s before it stores the source.)"""
    url = location.strip()
    if len(url) > MAX_FEED_URL_CHARS:
        raise FetchError(url[:80] + "…", f"URL longer than {MAX_FEED_URL_CHARS} characters")
    if any(char.isspace() for char in url):
        raise FetchError(url, "URL contains spaces")
    parsed = check_url(url)
    port = parsed.port if parsed.port is not None else (443 if parsed.scheme == "https" else 80)
    if not 1 <= port <= 65535:
        raise FetchError(url, f"port {port} is out of range")
    return FeedUrl(url, parsed.host, port)


def read_articles(
    locations: Sequence[str], settings: IngestSettings
) -> tuple[list[RawArticle], list[Failure]]:
    """Read files, directories (recursively, in path order) and feed URLs, in the order given.

    Paths stay as given, so articles carry the path the user typed. Feed URLs are fetched through the
    SafeClient (same guard and limits as the bot); this needs no running event loop (it is called from the
    synchronous CLI), and with one running, URLs are reported as failures instead.
    """
    per_location: list[tuple[list[RawArticle], list[Failure]]] = []
    urls: dict[int, str] = {}
    for index, location in enumerate(locations):
        if looks_like_url(location):
            try:
                urls[index] = feed_url(location).url
                per_location.append(([], []))
            except FetchError as refused:
                per_location.append(([], [Failure(location, refused.reason)]))
            continue
        root = Path(location)
        if not root.exists():
            per_location.append(([], [Failure(location, "no such file or directory")]))
            continue
        name = root.resolve().name or location
        per_location.append(read_files(list(iter_article_files(root)), name, settings.max_file_bytes))
    if urls:
        for index, result in _fetch_all(urls, settings).items():
            per_location[index] = result
    raws = [raw for found, _ in per_location for raw in found]
    failures = [failure for _, bad in per_location for failure in bad]
    return raws, failures


def _fetch_all(
    urls: dict[int, str], settings: IngestSettings
) -> dict[int, tuple[list[RawArticle], list[Failure]]]:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_fetch_feeds(urls, settings))
    return {
        i: ([], [Failure(url, "feeds cannot be fetched here (an event loop is running)")])
        for i, url in urls.items()
    }


async def _fetch_feeds(
    urls: dict[int, str], settings: IngestSettings
) -> dict[int, tuple[list[RawArticle], list[Failure]]]:
    semaphore = asyncio.Semaphore(settings.concurrency)
    now = datetime.now(UTC)  # only for Retry-After arithmetic, which a one-off read ignores

    async def one(client: SafeClient, url: str) -> tuple[list[RawArticle], list[Failure]]:
        async with semaphore:
            try:
                fetched = await fetch_feed(client, url, source_name=host_name(url), now=now)
            except (FetchError, ParseError) as exc:
                return [], [Failure(url, exc.reason)]
        if fetched.gone:
            return [], [Failure(url, "HTTP 410 Gone: the feed was removed")]
        # as for feed files: the outlet a feed names itself beats its host name
        if fetched.title:
            return [replace(entry, source=fetched.title) for entry in fetched.entries], []
        return fetched.entries, []

    async with SafeClient(settings) as client:
        results = await asyncio.gather(*(one(client, url) for url in urls.values()))
    return dict(zip(urls.keys(), results, strict=True))


def host_name(url: str) -> str:
    """The host of a feed URL, lower-cased, as a name for it (the URL itself if it has none)."""
    host = url.split("://", 1)[-1].split("/", 1)[0].split("@")[-1]
    return one_line(host.lower()) or url


def is_unnamed(name: str, url: str) -> bool:
    """Whether `name` is only what a feed is called until someone names it: its host or its URL."""
    wanted = name.strip().casefold()
    return wanted in (host_name(url).casefold(), url.strip().casefold())
