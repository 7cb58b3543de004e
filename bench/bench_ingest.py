"""Ingestion throughput: articles per second from article files and from feed documents.

Real article texts (SaudiNewsNet, Arabic; BBC, English) are written out as seed-format .txt files (UTF-8
and Windows-1256), Markdown files, and RSS 2.0 / Atom / JSON Feed documents of 100 entries with HTML
bodies. Measured: reading and parsing only (`read_articles`, `parse_feed`), and parsing plus
`to_new_article` (digests.prepare: language, sentences, terms, fingerprint; canonical URL; content hash).
No network and no database: those are measured elsewhere (search, storage).
"""

from __future__ import annotations

import html
import json
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import IngestSettings
from bot.ingest.feeds import parse_feed
from bot.ingest.pipeline import read_articles, to_new_article
from digests.model import RawArticle

if TYPE_CHECKING:
    from bench.harness import Context

TITLE = "Ingestion: articles per second from files and feed documents"
FULL_ONLY = False
ENTRIES_PER_FEED = 100
NOW = datetime(2025, 9, 1, tzinfo=UTC)


def _load(shared: Path, full: bool) -> list[tuple[str, str, str]]:
    """(title, body, language) from the evaluation sets: Arabic news first, then English."""
    limit_ar, limit_en = (10_000, 10_000) if full else (800, 400)
    items: list[tuple[str, str, str]] = []
    with (shared / "saudinewsnet" / "saudinewsnet_2015-08-08_to_11.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("content", "").strip() and len(items) < limit_ar:
                items.append((record["title"], record["content"], "ar"))
    count_ar = len(items)
    with (shared / "bbc" / "bbc.dev.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if len(items) - count_ar < limit_en:
                items.append((record["title"], record["article"], "en"))
    return items


def _paragraphs_html(body: str) -> str:
    return "".join(f"<p>{html.escape(p.strip())}</p>" for p in body.split("\n") if p.strip())


def _rss(batch: Sequence[tuple[str, str, str]], offset: int) -> bytes:
    items = "".join(
        f"<item><guid>g{offset + i}</guid><title>{html.escape(t)}</title>"
        f"<link>https://bench.example/a/{offset + i}?utm_source=rss</link>"
        f"<pubDate>Mon, 01 Sep 2025 08:00:00 +0000</pubDate>"
        f"<description><![CDATA[{_paragraphs_html(b)}<script>track()</script>]]></description></item>"
        for i, (t, b, _) in enumerate(batch)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>'
        f"<link>https://bench.example/</link><description>d</description>{items}</channel></rss>"
    ).encode()


def _atom(batch: Sequence[tuple[str, str, str]], offset: int) -> bytes:
    entries = "".join(
        f"<entry><id>urn:bench:{offset + i}</id><title>{html.escape(t)}</title>"
        f'<link href="https://bench.example/a/{offset + i}"/><updated>2025-09-01T08:00:00Z</updated>'
        f'<content type="html">{html.escape(_paragraphs_html(b))}</content></entry>'
        for i, (t, b, _) in enumerate(batch)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Bench</title>'
        f"<id>urn:bench</id><updated>2025-09-01T08:00:00Z</updated>{entries}</feed>"
    ).encode()


def _json_feed(batch: Sequence[tuple[str, str, str]], offset: int) -> bytes:
    items = [
        {
            "id": f"j{offset + i}",
            "url": f"https://bench.example/j/{offset + i}",
            "title": t,
            "content_html": _paragraphs_html(b),
            "date_published": "2025-09-01T08:00:00Z",
        }
        for i, (t, b, _) in enumerate(batch)
    ]
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "Bench", "items": items}
    return json.dumps(document, ensure_ascii=False).encode()


def _write_files(root: Path, items: Sequence[tuple[str, str, str]], kind: str) -> int:
    """Write one file per article; returns total bytes written."""
    total = 0
    for i, (title, body, language) in enumerate(items):
        if kind == "md":
            data = f"---\ntitle: {title}\ndate: 2025-09-01\nlanguage: {language}\n---\n{body}\n".encode()
            path = root / f"{i:05d}.md"
        else:
            text = f"date 2025-09-01\n{body}\n"
            data = text.encode("cp1256", errors="replace") if kind == "cp1256" else text.encode()
            path = root / f"{i:05d}.txt"
        path.write_bytes(data)
        total += len(data)
    return total


def _prepare_all(raws: Sequence[RawArticle]) -> None:
    for raw in raws:
        to_new_article(raw, fallback_published=NOW)


def _measure(label: str, megabytes: float, parse: Callable[[], list[RawArticle]]) -> str:
    """Time `parse`, then `to_new_article` over what it returned: one table row."""
    started = time.perf_counter()
    raws = parse()
    parsed = time.perf_counter()
    _prepare_all(raws)
    return _row(label, len(raws), megabytes, parsed - started, time.perf_counter() - parsed)


def _row(label: str, articles: int, megabytes: float, parse_s: float, prepare_s: float) -> str:
    return (
        f"| {label} | {articles} | {megabytes:.1f} | {articles / parse_s:,.0f} | "
        f"{articles / (parse_s + prepare_s):,.0f} |"
    )


def run(ctx: Context) -> str:
    """Measure and return the Markdown section."""
    if ctx.shared is None:
        return "Skipped: the evaluation data (shared/data) is absent."
    load_before = os.getloadavg()[0]
    items = _load(ctx.shared, ctx.full)
    arabic = [x for x in items if x[2] == "ar"]
    rows: list[str] = []
    settings = IngestSettings(max_file_bytes=50 * 1024 * 1024)
    cases = [
        ("txt UTF-8 (ar+en)", items, "txt"),
        ("txt Windows-1256 (ar)", arabic, "cp1256"),
        ("md front matter (ar+en)", items, "md"),
    ]
    for label, subset, kind in ctx.progress(cases, label="files"):
        with tempfile.TemporaryDirectory() as tmp:
            size = _write_files(Path(tmp), subset, kind)

            def read_all(tmp: str = tmp) -> list[RawArticle]:
                return read_articles([tmp], settings)[0]

            rows.append(_measure(label, size / 1e6, read_all))
    batches = [items[i : i + ENTRIES_PER_FEED] for i in range(0, len(items), ENTRIES_PER_FEED)]
    for label, build in ctx.progress(
        [("RSS 2.0", _rss), ("Atom 1.0", _atom), ("JSON Feed 1.1", _json_feed)], label="feeds"
    ):
        documents = [build(batch, i * ENTRIES_PER_FEED) for i, batch in enumerate(batches)]

        def parse_all(documents: list[bytes] = documents) -> list[RawArticle]:
            return [e for d in documents for e in parse_feed(d, where="bench", source_name="bench").entries]

        size = sum(len(d) for d in documents) / 1e6
        rows.append(_measure(f"{label} ({ENTRIES_PER_FEED}/doc)", size, parse_all))
    table = "\n".join(
        [
            "| input | articles | MB | parse only (art/s) | parse + prepare (art/s) |",
            "|---|---:|---:|---:|---:|",
            *rows,
        ]
    )
    notes = (
        f"\n\nData: {len(arabic)} SaudiNewsNet (ar) + {len(items) - len(arabic)} BBC (en) article texts, "
        "written as files / feed documents in a temporary directory (page cache warm). Parse = decode, "
        "detect charset, read format, HTML to text; prepare = `to_new_article` (digests.prepare, canonical "
        "URL, content hash). One process, no network, no database. "
        f"Load average at start: {load_before:.1f} (other work on the same cores lowers these figures)."
    )
    return table + notes
