"""A loopback HTTP server (aiohttp, port 0) serving good feeds and every hostile case ingestion must survive.

All texts are written for these tests. Routes record the requests they saw (`server.seen`), so tests can
check conditional headers, the User-Agent, and that a refused address was never contacted.
"""

from __future__ import annotations

import asyncio
import functools
import json
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web

AR_TITLE = "ارتفاع أسعار القمح في الأسواق العالمية"
AR_BODY = "قالت وزارة التجارة إن أسعار القمح ارتفعت هذا الأسبوع بنسبة خمسة في المئة بسبب الجفاف."
EN_TITLE = "City council approves new cycling lanes"
EN_BODY = "The city council voted on Tuesday to build twelve kilometres of protected cycling lanes."


def rss20(items: list[tuple[str, str, str, str]], encoding: str = "utf-8") -> str:
    """An RSS 2.0 document; each item is (guid, title, link, html description)."""
    body = "".join(
        f"<item><guid isPermaLink='false'>{guid}</guid><title>{title}</title><link>{link}</link>"
        f"<pubDate>Tue, 02 Sep 2025 08:00:00 +0000</pubDate>"
        f"<description><![CDATA[{html}]]></description></item>"
        for guid, title, link, html in items
    )
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel><title>Test feed</title>'
        f"<link>https://news.test/</link><description>d</description>{body}</channel></rss>"
    )


RSS20 = rss20(
    [
        (
            "g-1",
            EN_TITLE,
            "https://news.test/a?utm_source=rss&id=1",
            f"<p>{EN_BODY}</p><script>evil()</script>",
        ),
        ("g-2", AR_TITLE, "https://news.test/b", f"<p>{AR_BODY}</p><p>فقرة ثانية.</p>"),
    ]
)
RSS10 = f"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.test/"><title>RDF feed</title><link>https://news.test/</link>
    <description>d</description></channel>
  <item rdf:about="https://news.test/rdf-1"><title>{EN_TITLE}</title><link>https://news.test/rdf-1</link>
    <description>{EN_BODY}</description><dc:date>2025-09-02T08:00:00Z</dc:date></item>
</rdf:RDF>"""
RSS091 = f"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old feed</title><link>https://news.test/</link><description>d</description>
<item><title>{EN_TITLE}</title><link>https://news.test/old-1</link><description>{EN_BODY}</description></item>
</channel></rss>"""
ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom feed</title><id>urn:test:feed</id>
  <updated>2025-09-02T08:00:00Z</updated>
  <entry><id>urn:test:atom-1</id><title type="html">{EN_TITLE} &amp;amp; more</title>
    <link href="https://news.test/atom-1"/><updated>2025-09-02T08:00:00Z</updated>
    <content type="html">&lt;p&gt;{EN_BODY}&lt;/p&gt;&lt;nav&gt;Menu&lt;/nav&gt;</content></entry>
  <entry xml:lang="ar"><id>urn:test:atom-2</id><title>{AR_TITLE}</title>
    <link href="https://news.test/atom-2"/><published>2025-09-01T10:00:00+03:00</published>
    <updated>2025-09-01T10:00:00+03:00</updated><summary>{AR_BODY}</summary></entry>
</feed>"""
JSON_FEED = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON feed",
        "language": "en",
        "items": [
            {
                "id": "j-1",
                "url": "https://news.test/j-1",
                "title": EN_TITLE,
                "content_html": f"<p>{EN_BODY}</p>",
                "date_published": "2025-09-02T08:00:00Z",
            },
            {
                "id": 2,
                "url": "https://news.test/j-2",
                "title": AR_TITLE,
                "content_text": AR_BODY,
                "language": "ar",
            },
            {"id": "j-3"},
        ],
    },
    ensure_ascii=False,
)
ARABIC_1256 = rss20([("ar-1", AR_TITLE, "https://news.test/ar-1", AR_BODY)], encoding="windows-1256")
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + "]><rss version='2.0'><channel><title>&lol9;</title></channel></rss>"
)
QUADRATIC = (
    f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{"x" * 50_000}">]>'
    f"<rss version='2.0'><channel><title>q</title><item><title>{'&a;' * 20_000}</title></item>"
    "</channel></rss>"
)
HTML_PAGE = (
    "<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome to our site</p></body></html>"
)
TEASER_FEED = rss20([("t-1", "Teaser title", "{base}/article", "<p>Read more.</p>")])
ARTICLE_PAGE = (
    "<html><head><title>Full story</title></head><body><nav>Home | World | Sport</nav>"
    "<article><h1>Full story</h1>"
    + "".join(
        f"<p>Paragraph {i}: the harbour authority said the new container terminal will double capacity "
        f"and bring hundreds of jobs to the coastal town over the coming years.</p>"
        for i in range(8)
    )
    + "</article><footer>Copyright</footer></body></html>"
)


@functools.lru_cache(maxsize=2)
def gzip_bomb(decoded_mib: int = 64) -> bytes:
    """A gzip body of `decoded_mib` MiB of zeros (about 1000:1)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = bytes(1024 * 1024)
    parts = [compressor.compress(chunk) for _ in range(decoded_mib)]
    return b"".join(parts) + compressor.flush()


@dataclass
class FeedServer:
    base: str
    port: int
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def paths(self) -> list[str]:
        return [path for path, _ in self.seen]


def _feed(text: str, content_type: str = "application/rss+xml", encoding: str = "utf-8") -> web.Response:
    return web.Response(body=text.encode(encoding), headers={"Content-Type": content_type})


Handler = Callable[[web.Request], Awaitable[web.Response]]

DOCUMENTS: dict[str, tuple[str, str, str]] = {
    "/rss20": (RSS20, "application/rss+xml", "utf-8"),
    "/rss10": (RSS10, "application/rdf+xml", "utf-8"),
    "/rss091": (RSS091, "text/xml", "latin-1"),
    "/atom": (ATOM, "application/atom+xml", "utf-8"),
    "/json": (JSON_FEED, "application/feed+json", "utf-8"),
    "/arabic-1256": (ARABIC_1256, "application/rss+xml", "cp1256"),
    "/malformed": ("<<<>>> this is not <xml at all & never was", "application/rss+xml", "utf-8"),
    "/html": (HTML_PAGE, "text/html", "utf-8"),
    "/billion-laughs": (BILLION_LAUGHS, "application/rss+xml", "utf-8"),
    "/quadratic": (QUADRATIC, "application/rss+xml", "utf-8"),
}
"""Fixed documents served as they are: path -> (text, Content-Type, encoding)."""


def _document(text: str, content_type: str, encoding: str) -> Handler:
    async def handler(_: web.Request) -> web.Response:
        return _feed(text, content_type, encoding)

    return handler


@asynccontextmanager
async def feed_server() -> AsyncIterator[FeedServer]:
    """Run the server on 127.0.0.1, port 0, for the duration of the block."""
    stopping = asyncio.Event()
    bomb = gzip_bomb()
    server = FeedServer(base="", port=0)
    routes = web.RouteTableDef()

    @web.middleware
    async def record(request: web.Request, handler: object) -> web.StreamResponse:
        server.seen.append((request.path, dict(request.headers)))
        return await handler(request)  # type: ignore[operator, no-any-return]

    @routes.get("/wrong-charset")
    async def _wrong_charset(_: web.Request) -> web.Response:
        # Declares UTF-8 in the XML and the header, but the bytes are Windows-1256.
        text = ARABIC_1256.replace('encoding="windows-1256"', 'encoding="utf-8"')
        return web.Response(body=text.encode("cp1256"), headers={"Content-Type": "text/xml; charset=utf-8"})

    @routes.get("/gzip-bomb")
    async def _bomb(_: web.Request) -> web.Response:
        return web.Response(
            body=bomb, headers={"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"}
        )

    @routes.get("/gzip-ok")
    async def _gzip_ok(_: web.Request) -> web.Response:
        compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        body = compressor.compress(RSS20.encode()) + compressor.flush()
        return web.Response(
            body=body, headers={"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"}
        )

    @routes.get("/endless")
    async def _endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await response.prepare(request)
        chunk = b"<item>" + b"x" * 65_536
        try:
            while not stopping.is_set():
                await response.write(chunk)
        except (ConnectionError, RuntimeError):
            pass  # the client hung up, as it should
        return response

    @routes.get("/trickle")
    async def _trickle(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await response.prepare(request)
        try:
            while not stopping.is_set():
                await response.write(b"<")
                await asyncio.sleep(0.05)
        except (ConnectionError, RuntimeError):
            pass
        return response

    @routes.get("/hang")
    async def _hang(_: web.Request) -> web.Response:
        await stopping.wait()
        return _feed(RSS20)

    @routes.get("/conditional")
    async def _conditional(request: web.Request) -> web.Response:
        headers = {
            "ETag": '"v1"',
            "Last-Modified": "Tue, 02 Sep 2025 08:00:00 GMT",
            "Content-Type": "text/xml",
        }
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304, headers=headers)
        return web.Response(body=RSS20.encode(), headers=headers)

    @routes.get("/cached")
    async def _cached(_: web.Request) -> web.Response:
        return web.Response(body=RSS20.encode(), headers={"Cache-Control": "public, max-age=7200"})

    @routes.get("/moved")
    async def _moved(_: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently("/rss20")

    @routes.get("/moved-twice")
    async def _moved_twice(_: web.Request) -> web.Response:
        raise web.HTTPPermanentRedirect("/moved")

    @routes.get("/found")
    async def _found(_: web.Request) -> web.Response:
        raise web.HTTPFound("/rss20")

    @routes.get("/gone")
    async def _gone(_: web.Request) -> web.Response:
        raise web.HTTPGone()

    @routes.get("/not-found")
    async def _not_found(_: web.Request) -> web.Response:
        raise web.HTTPNotFound()

    @routes.get("/busy")
    async def _busy(_: web.Request) -> web.Response:
        raise web.HTTPTooManyRequests(headers={"Retry-After": "120"})

    @routes.get("/unavailable")
    async def _unavailable(_: web.Request) -> web.Response:
        raise web.HTTPServiceUnavailable(headers={"Retry-After": "Tue, 02 Sep 2025 09:00:00 GMT"})

    @routes.get("/loop-a")
    async def _loop_a(_: web.Request) -> web.Response:
        raise web.HTTPFound("/loop-b")

    @routes.get("/loop-b")
    async def _loop_b(_: web.Request) -> web.Response:
        raise web.HTTPFound("/loop-a")

    @routes.get("/to-private")
    async def _to_private(_: web.Request) -> web.Response:
        raise web.HTTPFound(f"http://127.0.0.1:{server.port}/rss20")

    @routes.get("/to-metadata")
    async def _to_metadata(_: web.Request) -> web.Response:
        raise web.HTTPFound("http://169.254.169.254/latest/meta-data/")

    @routes.get("/to-file")
    async def _to_file(_: web.Request) -> web.Response:
        raise web.HTTPFound("file:///etc/passwd")

    @routes.get("/teasers")
    async def _teasers(_: web.Request) -> web.Response:
        return _feed(TEASER_FEED.replace("{base}", server.base))

    @routes.get("/article")
    async def _article(_: web.Request) -> web.Response:
        return web.Response(body=ARTICLE_PAGE.encode(), headers={"Content-Type": "text/html; charset=utf-8"})

    @routes.get("/echo")
    async def _echo(request: web.Request) -> web.Response:
        return web.json_response(dict(request.headers))

    for path, document in DOCUMENTS.items():
        routes.get(path)(_document(*document))
    app = web.Application(middlewares=[record])
    app.add_routes(routes)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    server.port = port
    server.base = f"http://127.0.0.1:{port}"
    try:
        yield server
    finally:
        stopping.set()
        await runner.cleanup()
