"""SafeClient against a real loopback server: limits in time, size, redirects and addresses."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import AsyncIterator

import pytest

from bot.config import IngestSettings
from bot.errors import BlockedAddress, FetchError
from bot.ingest.http import SafeClient
from tests.fakes.feed_server import RSS20, FeedServer, feed_server

LOOPBACK = IngestSettings(
    allow_private_networks=True,
    timeout_seconds=0.5,
    deadline_seconds=2.0,
    max_bytes=1024 * 1024,
    max_redirects=5,
)


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with feed_server() as running:
        yield running


@pytest.fixture
async def client() -> AsyncIterator[SafeClient]:
    async with SafeClient(LOOPBACK) as safe:
        yield safe


async def test_fetches_a_feed_with_our_user_agent(server: FeedServer, client: SafeClient) -> None:
    response = await client.get(server.url("/rss20"))
    assert response.status == 200
    assert response.content == RSS20.encode()
    headers = server.seen[-1][1]
    assert headers["User-Agent"].startswith("newsbot/")
    assert "br" not in headers["Accept-Encoding"]


async def test_default_settings_refuse_loopback(server: FeedServer) -> None:
    async with SafeClient(IngestSettings()) as strict:
        with pytest.raises(BlockedAddress, match="loopback"):
            await strict.get(server.url("/rss20"))
        with pytest.raises(BlockedAddress, match="loopback"):
            await strict.get(f"http://localhost:{server.port}/rss20")
    assert server.seen == []  # never contacted


async def test_only_http_and_https(client: SafeClient) -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/feed", "gopher://x/", "/etc/passwd"):
        with pytest.raises(FetchError):
            await client.get(url)


async def test_gzip_is_decoded(server: FeedServer, client: SafeClient) -> None:
    response = await client.get(server.url("/gzip-ok"))
    assert response.content == RSS20.encode()


async def test_gzip_bomb_stops_at_the_cap_in_bounded_memory(server: FeedServer, client: SafeClient) -> None:
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="limit"):
            await client.get(server.url("/gzip-bomb"))  # 64 MiB of zeros in ~64 KiB
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert peak < 8 * LOOPBACK.max_bytes, f"peak {peak} bytes"  # the bomb inflates to 64 MiB


async def test_endless_body_stops_at_the_cap(server: FeedServer, client: SafeClient) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="limit"):
            await client.get(server.url("/endless"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * LOOPBACK.max_bytes


async def test_never_answering_server_times_out(server: FeedServer, client: SafeClient) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        await client.get(server.url("/hang"))
    assert time.monotonic() - started < LOOPBACK.deadline_seconds + 1


async def test_trickling_body_hits_the_total_deadline(server: FeedServer, client: SafeClient) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="deadline"):
        await client.get(server.url("/trickle"))  # a byte every 50 ms: each read is quick, the whole is not
    assert time.monotonic() - started < LOOPBACK.deadline_seconds + 1


async def test_permanent_redirects_report_the_new_url(server: FeedServer, client: SafeClient) -> None:
    response = await client.get(server.url("/moved-twice"))
    assert response.status == 200 and response.content == RSS20.encode()
    assert response.permanent_url == server.url("/rss20")
    temporary = await client.get(server.url("/found"))
    assert temporary.status == 200 and temporary.permanent_url is None


async def test_redirect_loop_is_bounded(server: FeedServer, client: SafeClient) -> None:
    with pytest.raises(FetchError, match="redirects"):
        await client.get(server.url("/loop-a"))
    assert len(server.seen) == LOOPBACK.max_redirects + 1


async def test_redirect_to_a_private_address_is_refused(server: FeedServer) -> None:
    """A host the policy allows ("public.test", resolved by a stub to loopback) redirects to 127.0.0.1:
    with private networks off, that hop is refused and never contacted."""

    async def resolver(host: str, port: int) -> list[str]:
        assert host == "public.test"
        return ["127.0.0.1"]

    strict = IngestSettings(timeout_seconds=0.5, deadline_seconds=2.0)
    async with SafeClient(strict, resolver=resolver, allowed_hosts={"public.test"}) as safe:
        ok = await safe.get(f"http://public.test:{server.port}/rss20")
        assert ok.status == 200  # the allowed host works, through the stub's address
        with pytest.raises(BlockedAddress, match="loopback"):
            await safe.get(f"http://public.test:{server.port}/to-private")
        with pytest.raises(BlockedAddress, match="link-local"):
            await safe.get(f"http://public.test:{server.port}/to-metadata")
        with pytest.raises(BlockedAddress, match="only http and https"):
            await safe.get(f"http://public.test:{server.port}/to-file")
    assert server.paths() == ["/rss20", "/to-private", "/to-metadata", "/to-file"]
    assert server.seen[0][1]["Host"] == f"public.test:{server.port}"  # Host header keeps the name


async def test_connects_to_the_address_it_checked(server: FeedServer) -> None:
    """The name is resolved once, by us; the connection goes to that answer (no second lookup to rebind)."""
    answers = iter([["127.0.0.1"], ["169.254.169.254"]])

    async def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    async with SafeClient(LOOPBACK, resolver=rebinding) as safe:
        first = await safe.get(f"http://rebind.test:{server.port}/rss20")
    assert first.status == 200


async def test_status_codes_pass_through(server: FeedServer, client: SafeClient) -> None:
    assert (await client.get(server.url("/gone"))).status == 410
    busy = await client.get(server.url("/busy"))
    assert busy.status == 429 and busy.header("Retry-After") == "120"


async def test_connection_refused_is_a_fetch_error(client: SafeClient) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match=r"connection failed|timed out"):
        await client.get(f"http://127.0.0.1:{port}/")


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",  # decimal 127.0.0.1
        "http://0x7f000001/",  # hexadecimal
        "http://127.1/",  # short form
        "http://0/",  # unspecified
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 form of 169.254.169.254
        "http://user:pw@10.0.0.1/",
        "http://[fe80::1%25lo]/",
    ],
)
async def test_numeric_spellings_of_blocked_addresses(url: str) -> None:
    async with SafeClient(IngestSettings(timeout_seconds=1, deadline_seconds=2)) as strict:
        with pytest.raises(BlockedAddress):
            await strict.get(url)


def _gzip(data: bytes) -> bytes:
    import gzip

    return gzip.compress(data)


def _decode_in_chunks(encoding: str, body: bytes, limit: int = 10_000, chunk: int = 7) -> bytes:
    from bot.ingest.http import _BoundedDecoder

    decoder = _BoundedDecoder(encoding, limit, "u")
    return b"".join(decoder.feed(body[i : i + chunk]) for i in range(0, len(body), chunk))


def test_bounded_decoder_formats() -> None:
    import zlib

    text = b"<rss>" + b"news " * 200 + b"</rss>"
    assert _decode_in_chunks("gzip", _gzip(text)) == text
    assert _decode_in_chunks("x-gzip", _gzip(text[:500]) + _gzip(text[500:])) == text  # two gzip members
    assert _decode_in_chunks("deflate", zlib.compress(text)) == text
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    assert _decode_in_chunks("deflate", raw.compress(text) + raw.flush()) == text  # headerless deflate
    assert _decode_in_chunks("identity", text) == text
    with pytest.raises(FetchError, match="limit"):
        _decode_in_chunks("gzip", _gzip(bytes(50_000)), limit=10_000, chunk=4096)
    with pytest.raises(FetchError, match="corrupt"):
        _decode_in_chunks("gzip", b"\x1f\x8b\x08garbage-not-gzip")
    with pytest.raises(FetchError, match="unsupported"):
        _decode_in_chunks("br", b"xx")
