"""Feed fetching and parsing: every format, charsets, conditional GET, status handling, hostile XML."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.config import IngestSettings
from bot.errors import FetchError, ParseError
from bot.ingest.feeds import cache_max_age, fetch_feed, parse_feed, retry_after_seconds
from bot.ingest.http import SafeClient
from tests.fakes.feed_server import (
    AR_BODY,
    AR_TITLE,
    BILLION_LAUGHS,
    EN_BODY,
    EN_TITLE,
    QUADRATIC,
    FeedServer,
    feed_server,
)

NOW = datetime(2025, 9, 2, 8, 30, tzinfo=UTC)
SETTINGS = IngestSettings(
    allow_private_networks=True, timeout_seconds=0.5, deadline_seconds=2.0, max_bytes=1024 * 1024
)


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with feed_server() as running:
        yield running


@pytest.fixture
async def client() -> AsyncIterator[SafeClient]:
    async with SafeClient(SETTINGS) as safe:
        yield safe


async def fetch(client: SafeClient, url: str, **kwargs: str) -> object:
    return await fetch_feed(client, url, source_name="Test", now=NOW, **kwargs)


async def test_rss20(server: FeedServer, client: SafeClient) -> None:
    result = await fetch_feed(client, server.url("/rss20"), source_name="Test", now=NOW)
    assert [e.title for e in result.entries] == [EN_TITLE, AR_TITLE]
    english, arabic = result.entries
    assert english.text == EN_BODY  # the script is dropped
    # the link shown in digests and search loses its tracking parameters (review item 18)
    assert english.guid == "g-1" and english.url == "https://news.test/a?id=1"
    assert english.published == datetime(2025, 9, 2, 8, 0, tzinfo=UTC)
    assert arabic.text == f"{AR_BODY}\n\nفقرة ثانية."  # paragraphs kept
    assert english.source == "Test"


@pytest.mark.parametrize("path", ["/rss10", "/rss091", "/atom", "/json"])
async def test_other_formats(server: FeedServer, client: SafeClient, path: str) -> None:
    result = await fetch_feed(client, server.url(path), source_name="Test", now=NOW)
    assert result.entries, path
    first = result.entries[0]
    assert first.title.startswith(EN_TITLE)
    assert first.text == EN_BODY
    assert first.url and first.url.startswith("https://news.test/")


async def test_atom_details(server: FeedServer, client: SafeClient) -> None:
    result = await fetch_feed(client, server.url("/atom"), source_name="Test", now=NOW)
    english, arabic = result.entries
    assert english.title == f"{EN_TITLE} & more"
    assert "Menu" not in english.text
    assert arabic.language == "ar" and arabic.text == AR_BODY
    assert arabic.published == datetime(2025, 9, 1, 7, 0, tzinfo=UTC)


async def test_json_feed_details(server: FeedServer, client: SafeClient) -> None:
    result = await fetch_feed(client, server.url("/json"), source_name="Test", now=NOW)
    assert [e.guid for e in result.entries] == ["j-1", "2"]  # the empty item is skipped
    assert result.entries[1].language == "ar" and result.entries[1].text == AR_BODY


@pytest.mark.parametrize("path", ["/arabic-1256", "/wrong-charset"])
async def test_arabic_legacy_encoding(server: FeedServer, client: SafeClient, path: str) -> None:
    result = await fetch_feed(client, server.url(path), source_name="Test", now=NOW)
    assert result.entries[0].title == AR_TITLE
    assert result.entries[0].text == AR_BODY


async def test_gzip_feed(server: FeedServer, client: SafeClient) -> None:
    result = await fetch_feed(client, server.url("/gzip-ok"), source_name="Test", now=NOW)
    assert len(result.entries) == 2


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/malformed", "not a feed"),
        ("/html", "HTML page"),
        ("/billion-laughs", "entity"),
        ("/quadratic", "entity"),
    ],
)
async def test_bad_documents_are_parse_errors(
    server: FeedServer, client: SafeClient, path: str, message: str
) -> None:
    with pytest.raises(ParseError, match=message):
        await fetch_feed(client, server.url(path), source_name="Test", now=NOW)


@pytest.mark.parametrize("document", [BILLION_LAUGHS, QUADRATIC])
def test_entity_attacks_fail_fast_in_bounded_memory(document: str) -> None:
    data = document.encode()
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ParseError):
            parse_feed(data, where="bomb", source_name="x")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 1.0
    assert peak < 20 * len(data) + 2_000_000


def test_entity_refusal_sees_through_utf16() -> None:
    with pytest.raises(ParseError, match="entity"):
        parse_feed(BILLION_LAUGHS.encode("utf-16"), where="bomb", source_name="x")


def test_bytes_that_look_like_a_path_are_never_opened() -> None:
    with pytest.raises(ParseError):
        parse_feed(b"/etc/passwd", where="x", source_name="x")


async def test_conditional_get(server: FeedServer, client: SafeClient) -> None:
    first = await fetch_feed(client, server.url("/conditional"), source_name="Test", now=NOW)
    assert len(first.entries) == 2 and first.etag == '"v1"'
    assert first.last_modified == "Tue, 02 Sep 2025 08:00:00 GMT"
    second = await fetch_feed(
        client,
        server.url("/conditional"),
        source_name="Test",
        now=NOW,
        etag=first.etag,
        last_modified=first.last_modified,
    )
    assert second.not_modified and second.entries == [] and second.etag == '"v1"'
    headers = server.seen[-1][1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Tue, 02 Sep 2025 08:00:00 GMT"


async def test_permanent_redirect_gives_the_new_url(server: FeedServer, client: SafeClient) -> None:
    result = await fetch_feed(client, server.url("/moved"), source_name="Test", now=NOW)
    assert result.new_url == server.url("/rss20") and len(result.entries) == 2


async def test_gone(server: FeedServer, client: SafeClient) -> None:
    result = await fetch_feed(client, server.url("/gone"), source_name="Test", now=NOW)
    assert result.gone and not result.entries


async def test_retry_after(server: FeedServer, client: SafeClient) -> None:
    with pytest.raises(FetchError) as busy:
        await fetch_feed(client, server.url("/busy"), source_name="Test", now=NOW)
    assert busy.value.status == 429 and busy.value.retry_after == 120
    with pytest.raises(FetchError) as unavailable:
        await fetch_feed(client, server.url("/unavailable"), source_name="Test", now=NOW)
    assert unavailable.value.status == 503 and unavailable.value.retry_after == 1800  # HTTP date, 30 min
    with pytest.raises(FetchError) as missing:
        await fetch_feed(client, server.url("/not-found"), source_name="Test", now=NOW)
    assert missing.value.status == 404 and missing.value.retry_after is None


async def test_cache_control(server: FeedServer, client: SafeClient) -> None:
    result = await fetch_feed(client, server.url("/cached"), source_name="Test", now=NOW)
    assert result.max_age == 7200


def test_header_helpers() -> None:
    assert retry_after_seconds("30", NOW) == 30
    assert retry_after_seconds("soon", NOW) is None
    assert retry_after_seconds("Tue, 02 Sep 2025 08:00:00 GMT", NOW) == 0
    assert cache_max_age("no-cache") is None
    assert cache_max_age("s-maxage=60, max-age=30") in (60, 30)


def test_slightly_broken_feed_still_yields_its_entries() -> None:
    broken = (
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title><item><title>Fish & chips</title>"
        b"<description>Prices rose & queues grew.</description></item></channel>"
    )  # bare & and no </rss>
    feed = parse_feed(broken, where="b", source_name="x")
    assert [e.title for e in feed.entries] == ["Fish & chips"]


def test_json_hostile_inputs() -> None:
    with pytest.raises(ParseError, match="malformed JSON"):
        parse_feed(b"{\"a\": " + b"[" * 100_000, where="deep", source_name="x")
    with pytest.raises(ParseError, match="JSON Feed version"):
        parse_feed(b'{"items": []}', where="plain", source_name="x")
