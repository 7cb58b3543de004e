"""Feeds: conditional fetching through the safe client, and parsing RSS, Atom and JSON Feed from bytes.

fetch_feed(client, url, etag, last_modified)
  | SafeClient.get with If-None-Match / If-Modified-Since
  | 304 -> not modified; 410 -> gone; 429/503 -> FetchError(retry_after); other non-2xx -> FetchError
  | parse_feed(bytes): decode (our own charset detection), refuse entity declarations,
  |                    feedparser on the bytes (never a URL or a path), or JSON Feed
  -> FeedFetch(entries as RawArticle, validators, permanent new URL, Cache-Control max-age)
"""

from __future__ import annotations

import calendar
import io
import json
import re
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser

from bot.errors import FetchError, ParseError
from bot.ingest.common import derive_title, language_code, one_line, parse_datetime
from bot.ingest.encoding import decode_bytes, header_charset
from bot.ingest.html import html_to_text
from bot.ingest.http import FetchedResponse, SafeClient
from bot.ingest.urls import without_tracking
from bot.ingest.xmlsafe import refuse_unsafe_xml
from digests.model import RawArticle

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, application/json;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
MAX_ENTRIES = 2000
"""Entries read from one document: a feed is a window on recent news, not an archive."""

_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])[^"']*(["'])""")
_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-)?max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    language: str | None
    entries: list[RawArticle]
    version: str
    """feedparser's version ("rss20", "atom10", "rss10"...) or "json1"/"json11"."""


@dataclass(frozen=True, slots=True)
class FeedFetch:
    """The outcome of one conditional fetch. `entries` is empty when not modified or gone."""

    entries: list[RawArticle]
    not_modified: bool = False
    gone: bool = False
    etag: str | None = None
    last_modified: str | None = None
    new_url: str | None = None
    """Set after a permanent redirect (301/308): the URL to store."""
    max_age: float | None = None
    """Cache-Control max-age in seconds: do not fetch again sooner."""
    title: str = ""


async def fetch_feed(
    client: SafeClient,
    url: str,
    *,
    source_name: str,
    now: datetime,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FeedFetch:
    """Fetch and parse the feed at `url`. Raises FetchError (network, status) or ParseError (document)."""
    headers = {"Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    response = await client.get(url, headers=headers)
    if response.status == 410:
        return FeedFetch(entries=[], gone=True, new_url=response.permanent_url)
    fetched = FeedFetch(
        entries=[],
        etag=response.header("etag") or etag,
        last_modified=response.header("last-modified") or last_modified,
        new_url=response.permanent_url,
        max_age=cache_max_age(response.header("cache-control")),
    )
    if response.status == 304:
        return replace(fetched, not_modified=True)
    _raise_for_status(response, url, now)
    feed = parse_feed(
        response.content,
        where=url,
        source_name=source_name,
        content_type=response.header("content-type"),
        base_url=response.final_url,
    )
    return replace(fetched, entries=feed.entries, title=feed.title)


def _raise_for_status(response: FetchedResponse, url: str, now: datetime) -> None:
    status = response.status
    if 200 <= status < 300:
        return
    if status in (429, 503):
        wait = retry_after_seconds(response.header("retry-after"), now)
        raise FetchError(
            url, f"HTTP {status} (server busy)", status=status, retry_after=wait, code="http_status"
        )
    raise FetchError(url, f"HTTP {status}", status=status, code="http_status")


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds from `now`: either delta-seconds or an HTTP date. None if absent or bad."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def cache_max_age(value: str | None) -> float | None:
    """The max-age (or s-maxage) of a Cache-Control header, in seconds."""
    if not value:
        return None
    match = _MAX_AGE.search(value)
    return float(match.group(1)) if match else None


def parse_feed(
    data: bytes,
    *,
    where: str,
    source_name: str,
    content_type: str | None = None,
    base_url: str | None = None,
) -> ParsedFeed:
    """Parse a feed document (RSS 0.9x/1.0/2.0, Atom, JSON Feed) into RawArticles. Raises ParseError."""
    text, _encoding = decode_bytes(data, declared=header_charset(content_type), where=where)
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return parse_json_feed(stripped, where=where, source_name=source_name)
    refuse_unsafe_xml(text, where)
    utf8 = _XML_ENCODING.sub(r"\g<1>utf-8\g<2>", text, count=1).encode("utf-8")
    try:
        result = _feedparser_parse(utf8, base_url)
    except Exception as exc:  # feedparser reports problems as "bozo"; anything raised is a bug on odd input
        raise ParseError(where, f"feed parser failed: {type(exc).__name__}: {exc}") from None
    if not result.get("version") and not result.entries:
        raise ParseError(where, _why_not_a_feed(stripped, result))
    feed = result.feed
    language = language_code(feed.get("language"))
    entries = []
    for entry in result.entries[:MAX_ENTRIES]:
        raw = _entry_to_raw(entry, source_name)
        if raw is not None:
            entries.append(raw)
    return ParsedFeed(
        title=one_line(html_to_text(feed.get("title", ""))),
        language=language,
        entries=entries,
        version=result.get("version") or "unknown",
    )


def _feedparser_parse(utf8: bytes, base_url: str | None) -> Any:
    # A stream, never bytes or str: feedparser treats a str as a URL and even bytes as a file name.
    return feedparser.parse(
        io.BytesIO(utf8),
        response_headers={
            "content-type": "application/xml; charset=utf-8",
            "content-location": base_url or "",
        },
        resolve_relative_uris=False,
        sanitize_html=False,
    )


def _why_not_a_feed(text: str, result: Any) -> str:
    head = text[:1000].lower()
    if "<html" in head or "<!doctype html" in head:
        return "not a feed: the server sent an HTML page"
    problem = result.get("bozo_exception")
    return f"not a feed: {problem}" if problem else "not a feed: no RSS, Atom or JSON Feed found"


def _entry_to_raw(entry: Any, source_name: str) -> RawArticle | None:
    """One feedparser entry as a RawArticle. The feed-level language is not copied to entries: mixed
    Arabic/English feeds are common and detection per article is reliable (ARABIC.md)."""
    contents = entry.get("content") or []
    body_html = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "")
    text = html_to_text(body_html if len(body_html) >= len(summary) else summary)
    title = one_line(html_to_text(entry.get("title", "")))
    if not title and not text:
        return None
    # xml:lang (Atom) lands in the *_detail dicts; content items carry their own.
    details = [*contents, entry.get("summary_detail") or {}, entry.get("title_detail") or {}]
    language = next((language_code(d.get("language")) for d in details if d.get("language")), None)
    return RawArticle(
        title=title or derive_title(text),
        text=text or title,
        source=source_name,
        url=without_tracking(entry.get("link")),
        guid=entry.get("id") or None,
        published=_struct_time_to_utc(entry.get("published_parsed") or entry.get("updated_parsed")),
        language=language or language_code(entry.get("language")),
    )


def _struct_time_to_utc(value: time.struct_time | None) -> datetime | None:
    """feedparser's parsed dates are UTC struct_times."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def parse_json_feed(text: str, *, where: str, source_name: str) -> ParsedFeed:
    """Parse a JSON Feed (https://jsonfeed.org, versions 1 and 1.1). Raises ParseError."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ParseError(where, f"malformed JSON: {exc}") from None
    version = document.get("version", "") if isinstance(document, dict) else ""
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        raise ParseError(where, "not a feed: JSON without a JSON Feed version")
    items = document.get("items")
    if not isinstance(items, list):
        raise ParseError(where, "JSON Feed without an items list")
    language = language_code(_string(document.get("language")))
    entries = []
    for item in items[:MAX_ENTRIES]:
        if isinstance(item, dict):
            raw = _json_item_to_raw(item, source_name)
            if raw is not None:
                entries.append(raw)
    return ParsedFeed(
        title=one_line(_string(document.get("title"))),
        language=language,
        entries=entries,
        version="json11" if version.rstrip("/").endswith("1.1") else "json1",
    )


def _json_item_to_raw(item: dict[str, Any], source_name: str) -> RawArticle | None:
    html = _string(item.get("content_html"))
    text = html_to_text(html) if html else html_to_text(_string(item.get("content_text")))
    if not text:
        text = html_to_text(_string(item.get("summary")))
    title = one_line(_string(item.get("title")))
    if not title and not text:
        return None
    guid = item.get("id")
    return RawArticle(
        title=title or derive_title(text),
        text=text or title,
        source=source_name,
        url=without_tracking(_string(item.get("url")) or _string(item.get("external_url"))),
        guid=str(guid) if isinstance(guid, str | int) and str(guid) else None,
        published=parse_datetime(item.get("date_published") or item.get("date_modified")),
        language=language_code(_string(item.get("language"))),
    )


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""
