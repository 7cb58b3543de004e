"""The one HTTP client for every outbound fetch: bounded in time, size, redirects and reachable addresses.

    SafeClient.get(url)
      | for each hop (at most `max_redirects` redirects, http/https only):
      |   GuardedBackend.connect_tcp: resolve the host ourselves, refuse blocked addresses (bot.ingest.guard),
      |                               connect to the checked IP (Host header and TLS SNI keep the host name)
      |   stream the body, decoding gzip/deflate ourselves with a bounded output size
      | all under one total deadline
      -> FetchedResponse (status, headers, bytes, final URL, permanent redirect target)

httpx and httpcore errors never leave this module: they become `bot.errors.FetchError`; a refused address
becomes `BlockedAddress`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import typing
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field

import httpcore
import httpx

from bot.config import IngestSettings
from bot.errors import BlockedAddress, FetchError
from bot.ingest.guard import PRIVATE_NETWORKS_HINT, AddressPolicy, blocked_kind

Resolver = Callable[[str, int], Awaitable[list[str]]]
"""Turns (host, port) into IP address strings. Tests pass a stub mapping made-up host names."""

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the operating system (getaddrinfo), keeping its order and dropping repeats."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{host}:{port}", f"cannot resolve host: {exc}", code="unresolved") from None
    addresses: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that only ever connects to addresses the policy allows.

    Resolution happens here, once per connection, and the socket is opened to the very IP that was
    checked; TLS SNI and certificate checks still use the host name because httpcore passes it to
    `start_tls` separately.
    """

    def __init__(self, policy: AddressPolicy, resolver: Resolver = system_resolver) -> None:
        self._policy = policy
        self._resolver = resolver
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        where = f"{host}:{port}"
        try:
            async with asyncio.timeout(timeout):
                addresses = await self._resolve(host, port)
        except TimeoutError:
            raise FetchError(where, "timed out resolving the host", code="timeout") from None
        allowed = [a for a in addresses if self._policy.refusal(host, a) is None]
        if not allowed:
            if not addresses:
                raise BlockedAddress(where, "refused to connect to no address", code="unresolved")
            reason = self._policy.refusal(host, addresses[0])
            code = f"blocked.{blocked_kind(addresses[0]) or 'non_global'}"
            raise BlockedAddress(
                where, f"refused to connect to {reason} ({PRIVATE_NETWORKS_HINT})", code=code
            )
        last_error: Exception | None = None
        for address in allowed:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    async def _resolve(self, host: str, port: int) -> list[str]:
        literal = host.strip("[]")
        try:
            return [str(ipaddress.ip_address(literal))]
        except ValueError:
            return await self._resolver(host, port)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[typing.Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress(path, "unix sockets are never used for fetching")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class _CoreStream(httpx.AsyncByteStream):
    """Adapts an httpcore response body to httpx, turning httpcore errors into FetchError."""

    def __init__(self, response: httpcore.Response, url: str) -> None:
        self._response = response
        self._url = url

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.aiter_stream():
                yield chunk
        except Exception as exc:
            raise _translate(exc, self._url) from None

    async def aclose(self) -> None:
        await self._response.aclose()


class GuardedTransport(httpx.AsyncBaseTransport):
    """httpx transport over an httpcore pool that uses `GuardedBackend`. No proxies, no environment."""

    def __init__(
        self, backend: GuardedBackend, *, max_connections: int = 16, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            network_backend=backend,
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
            headers=request.headers.raw,
            content=typing.cast(typing.AsyncIterable[bytes], request.stream),
            extensions=request.extensions,
        )
        try:
            response = await self._pool.handle_async_request(core_request)
        except FetchError:
            raise
        except Exception as exc:
            raise _translate(exc, str(url)) from None
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_CoreStream(response, str(url)),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._pool.aclose()


def _translate(exc: Exception, url: str) -> Exception:
    """An httpcore/httpx exception as a FetchError with a readable reason; anything else unchanged."""
    if isinstance(exc, FetchError):
        return exc
    if isinstance(exc, httpcore.ConnectTimeout | httpx.ConnectTimeout):
        return FetchError(url, "timed out connecting", code="timeout")
    if isinstance(exc, httpcore.TimeoutException | httpx.TimeoutException):
        return FetchError(url, "timed out waiting for the server", code="timeout")
    if isinstance(exc, httpcore.NetworkError | httpx.NetworkError):
        return FetchError(url, f"connection failed: {exc or type(exc).__name__}", code="connection_failed")
    if isinstance(exc, httpcore.ProtocolError | httpcore.UnsupportedProtocol | httpx.HTTPError):
        return FetchError(url, f"HTTP error: {exc or type(exc).__name__}", code="bad_response")
    return exc


@dataclass(frozen=True, slots=True)
class FetchedResponse:
    """A complete, size-capped response after redirects."""

    url: str
    """The URL asked for."""
    final_url: str
    status: int
    headers: Mapping[str, str]
    """Lower-case header names."""
    content: bytes
    permanent_url: str | None = None
    """Where every redirect hop was permanent (301/308): the URL to store instead of `url`."""
    redirects: tuple[str, ...] = field(default=())

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class _BoundedDecoder:
    """Decodes a gzip/deflate (or identity) body incrementally, never producing more than `limit` bytes.

    httpx's own decoders inflate a whole network chunk at once, so a 64 KiB chunk of a gzip bomb could
    become ~64 MiB in one step; zlib's `max_length` keeps each step within the remaining allowance.
    """

    def __init__(self, encoding: str, limit: int, url: str) -> None:
        self._encoding = encoding
        self._limit = limit
        self._url = url
        self._produced = 0
        self._zlib: typing.Any = None
        self._raw_fallback = False
        if encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)
            self._raw_fallback = True
        elif encoding not in ("", "identity"):
            raise FetchError(url, f"unsupported content encoding {encoding!r}", code="bad_response")

    def feed(self, data: bytes) -> bytes:
        if self._zlib is None:
            return self._count(data)
        out = bytearray()
        while data:
            try:
                piece = self._zlib.decompress(data, self._limit - self._produced - len(out) + 1)
            except zlib.error as exc:
                if self._encoding == "deflate" and self._produced == 0 and not out and self._raw_fallback:
                    # Some servers send raw deflate without the zlib header.
                    self._raw_fallback = False
                    self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise FetchError(
                    self._url, f"corrupt {self._encoding} body: {exc}", code="bad_response"
                ) from None
            out += piece
            self._raw_fallback = False
            if self._produced + len(out) > self._limit:
                break
            if self._zlib.eof and self._zlib.unused_data and self._encoding != "deflate":
                data = self._zlib.unused_data  # a further gzip member
                self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
            else:
                data = self._zlib.unconsumed_tail
        return self._count(bytes(out))

    def _count(self, data: bytes) -> bytes:
        self._produced += len(data)
        if self._produced > self._limit:
            raise FetchError(self._url, f"body larger than the {self._limit} byte limit", code="too_large")
        return data


class SafeClient:
    """Fetches URLs safely; use as `async with SafeClient(settings) as client: await client.get(url)`.

    `resolver` replaces DNS (tests map made-up names to loopback); `allowed_hosts` exempts host names from
    the address guard (e.g. an intranet feed server), whatever they resolve to; `ssl_context` replaces the
    default certificate verification context (a private CA).
    """

    def __init__(
        self,
        settings: IngestSettings,
        *,
        resolver: Resolver = system_resolver,
        allowed_hosts: Collection[str] = (),
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.settings = settings
        self.policy = AddressPolicy.create(settings.allow_private_networks, allowed_hosts)
        transport = GuardedTransport(
            GuardedBackend(self.policy, resolver),
            max_connections=4 * settings.concurrency,
            ssl_context=ssl_context,
        )
        self._client = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(settings.timeout_seconds),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        )

    async def __aenter__(self) -> SafeClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def get(
        self, url: str, *, headers: Mapping[str, str] | None = None, max_bytes: int | None = None
    ) -> FetchedResponse:
        """GET `url`, following redirects, within the deadline and byte cap. Any status is returned as is.

        Raises BlockedAddress for a refused scheme or address and FetchError for every other failure.
        """
        deadline = self.settings.deadline_seconds
        try:
            async with asyncio.timeout(deadline):
                return await self._follow(url, dict(headers or {}), max_bytes or self.settings.max_bytes)
        except TimeoutError:
            raise FetchError(url, f"took longer than the {deadline:g} s deadline", code="timeout") from None

    async def _follow(self, url: str, headers: dict[str, str], limit: int) -> FetchedResponse:
        current = check_url(url)
        hops: list[str] = []
        permanent = True
        while True:
            request = self._client.build_request("GET", current, headers=headers)
            try:
                response = await self._client.send(request, stream=True)
            except httpx.HTTPError as exc:
                raise _translate(exc, str(current)) from None
            try:
                location = response.headers.get("location")
                if response.status_code in REDIRECT_STATUSES and location:
                    permanent = permanent and response.status_code in PERMANENT_REDIRECTS
                    try:
                        target = current.join(location.strip())
                    except (httpx.InvalidURL, ValueError) as exc:
                        raise FetchError(
                            url, f"bad redirect location {location!r}: {exc}", code="redirects"
                        ) from None
                    if len(hops) >= self.settings.max_redirects:
                        loop = " (a redirect loop)" if str(target) in hops or target == current else ""
                        raise FetchError(
                            url, f"more than {self.settings.max_redirects} redirects{loop}", code="redirects"
                        )
                    hops.append(str(current))
                    current = check_url(str(target))
                    continue
                content = await _read_body(response, limit, str(current))
            finally:
                await response.aclose()
            return FetchedResponse(
                url=url,
                final_url=str(current),
                status=response.status_code,
                headers={k.lower(): v for k, v in response.headers.items()},
                content=content,
                permanent_url=str(current) if hops and permanent else None,
                redirects=tuple(hops),
            )


def check_url(url: str | httpx.URL) -> httpx.URL:
    """Parse `url` and refuse anything but an absolute http(s) URL with a host."""
    try:
        parsed = httpx.URL(url) if isinstance(url, str) else url
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError(str(url), f"invalid URL: {exc}", code="bad_url") from None
    if parsed.scheme not in ("http", "https"):
        # A bare word or "//host/feed" has no scheme at all: say what to write rather than "not ''".
        found = f", not {parsed.scheme!r}" if parsed.scheme else "; write http:// or https:// in front"
        raise BlockedAddress(str(url), f"only http and https URLs are fetched{found}", code="bad_url")
    if not parsed.host:
        raise FetchError(str(url), "URL has no host", code="bad_url")
    return parsed


async def _read_body(response: httpx.Response, limit: int, url: str) -> bytes:
    """Stream the body, decoded, refusing more than `limit` bytes on the wire or after decoding."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    decoder = _BoundedDecoder(encoding, limit, url)
    body = bytearray()
    received = 0
    async for chunk in response.aiter_raw():
        received += len(chunk)
        if received > limit:
            raise FetchError(url, f"body larger than the {limit} byte limit", code="too_large")
        body += decoder.feed(chunk)
    return bytes(body)
