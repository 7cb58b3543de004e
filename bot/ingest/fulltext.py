"""Optional full text for teaser-only feed entries (`[ingest] fetch_full_text`).

The linked page is fetched through the same SafeClient (guard, caps, deadline) and its main text is
extracted with trafilatura. Any failure keeps the teaser: full text is a bonus, never a reason to lose
an entry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace

from bot.errors import FetchError, ParseError
from bot.ingest.encoding import decode_bytes, header_charset
from bot.ingest.http import SafeClient
from digests.model import RawArticle
from digests.text import count_words

TEASER_WORDS = 80
"""An entry body shorter than this is taken for a teaser."""
MAX_PAGES_PER_FEED = 30
"""Full-text fetches per feed fetch: a feed of 500 teasers must not mean 500 page loads each tick."""
MAX_PAGE_BYTES = 5 * 1024 * 1024


def is_teaser(raw: RawArticle) -> bool:
    return bool(raw.url) and count_words(raw.text) < TEASER_WORDS


def extract_main_text(html: str) -> str | None:
    """The main article text of a web page (boilerplate, menus and comments removed), or None."""
    import trafilatura  # heavy import, only needed when full text is switched on

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    return text.strip() if text and text.strip() else None


async def fetch_full_text(client: SafeClient, url: str) -> str | None:
    """Fetch `url` and extract its main text; None when the page is unavailable or has no article text."""
    try:
        response = await client.get(
            url,
            headers={"Accept": "text/html,application/xhtml+xml;q=0.9"},
            max_bytes=min(MAX_PAGE_BYTES, client.settings.max_bytes),
        )
    except FetchError:
        return None
    content_type = response.header("content-type") or ""
    if response.status != 200 or ("html" not in content_type.lower() and content_type):
        return None
    try:
        html, _ = decode_bytes(response.content, declared=header_charset(content_type), where=url)
    except ParseError:
        return None
    return await asyncio.to_thread(extract_main_text, html)


async def enrich_teasers(
    client: SafeClient, entries: Sequence[RawArticle], *, concurrency: int
) -> list[RawArticle]:
    """Entries with teaser bodies replaced by the full text of their pages where that text is longer."""
    semaphore = asyncio.Semaphore(max(1, concurrency))
    teasers = [i for i, raw in enumerate(entries) if is_teaser(raw)][:MAX_PAGES_PER_FEED]

    async def enrich(raw: RawArticle) -> RawArticle:
        async with semaphore:
            text = await fetch_full_text(client, raw.url or "")
        return replace(raw, text=text) if text and len(text) > len(raw.text) else raw

    enriched = await asyncio.gather(*(enrich(entries[i]) for i in teasers))
    result = list(entries)
    for index, raw in zip(teasers, enriched, strict=True):
        result[index] = raw
    return result
