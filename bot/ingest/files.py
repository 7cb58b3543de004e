"""Article files: .txt (seed format), .md (front matter), .html, .json/.jsonl records, and feed files.

    scan_files(root, known states) -> changed files + current states   (incremental directory scans)
    read_article_file(path) -> RawArticles + per-record failures         (raises ParseError for a bad file)

Formats are described in ARCHITECTURE.md ("Article files"). Every file is decoded with our charset
detection (UTF-8 with or without BOM, UTF-16, Windows-1256 and other legacy code pages).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.errors import ParseError
from bot.ingest.common import derive_title, language_code, one_line, parse_datetime
from bot.ingest.encoding import decode_bytes
from bot.ingest.feeds import parse_feed, parse_json_feed
from bot.ingest.markup import front_matter, html_document, markdown_to_text
from bot.ingest.reports import Failure
from bot.ingest.urls import without_tracking
from bot.records import FileState
from digests.model import RawArticle
from digests.text import split_date_header

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf"})
SUPPORTED_SUFFIXES = (
    TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
)
# A folder of articles often carries its project's notes (examples/README.md): never news in a walk.
PROJECT_FILE_PREFIXES = ("README", "LICENSE", "LICENCE", "CHANGELOG", "CONTRIBUTING")


@dataclass(frozen=True, slots=True)
class FileRead:
    articles: list[RawArticle]
    failures: list[Failure]
    """Records inside the file that were skipped (JSON lines); a wholly bad file raises instead."""


def iter_article_files(root: Path) -> Iterator[Path]:
    """Supported files under `root` (or `root` itself), recursively, sorted; hidden entries and project
    files (README*, LICENSE*, CHANGELOG*, CONTRIBUTING*) are skipped in a walk, read when named.

    Symbolic links to directories are not followed, so a link loop cannot trap the scan.
    """
    if not root.is_dir():
        yield root
        return
    for directory, subdirs, files in os.walk(root, followlinks=False):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            if _is_article_name(name):
                yield Path(directory) / name


def _is_article_name(name: str) -> bool:
    if name.startswith(".") or name.upper().startswith(PROJECT_FILE_PREFIXES):
        return False
    return Path(name).suffix.lower() in SUPPORTED_SUFFIXES


def scan_files(root: Path, known: Mapping[str, FileState]) -> tuple[list[Path], list[FileState]]:
    """Files under `root` that are new or changed since `known` (by mtime_ns and size), and the states of
    every file present now (to store for the next scan). Files that vanish mid-scan are left out."""
    changed: list[Path] = []
    states: list[FileState] = []
    for path in iter_article_files(root):
        try:
            info = path.stat()
        except OSError:
            continue
        state = FileState(path=str(path), mtime_ns=info.st_mtime_ns, size=info.st_size)
        states.append(state)
        if known.get(state.path) != state:
            changed.append(path)
    return changed, states


def read_files(
    paths: Sequence[Path], source_name: str, max_bytes: int
) -> tuple[list[RawArticle], list[Failure]]:
    """Read each file; a bad one becomes a Failure (path and reason) and the batch goes on."""
    raws: list[RawArticle] = []
    failures: list[Failure] = []
    for path in paths:
        try:
            read = read_article_file(path, source_name=source_name, max_bytes=max_bytes)
        except ParseError as exc:
            failures.append(Failure(exc.where, exc.reason))
            continue
        except Exception as exc:  # a parser bug on one odd file must not stop the batch; it is logged
            log.warning("unexpected error reading %s", path, exc_info=True)
            failures.append(Failure(str(path), f"unexpected error: {type(exc).__name__}: {exc}"))
            continue
        raws.extend(read.articles)
        failures.extend(read.failures)
    return raws, failures


def read_article_file(path: Path, *, source_name: str, max_bytes: int) -> FileRead:
    """Read one article file. Raises ParseError naming the path and the reason for a bad file."""
    where = str(path)
    try:
        info = path.stat()
        if info.st_size > max_bytes:
            raise ParseError(where, f"file too large ({info.st_size} bytes, limit {max_bytes})")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
        mtime = datetime.fromtimestamp(info.st_mtime, tz=UTC)
    except OSError as exc:
        raise ParseError(where, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise ParseError(where, f"file too large (more than {max_bytes} bytes)")
    if not data.strip():
        raise ParseError(where, "empty file")
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        feed = parse_feed(data, where=where, source_name=source_name)
        # a feed document names its outlet in its title: prefer it to the folder or file name
        outlet = feed.title or source_name
        return FileRead([replace(entry, source=outlet) for entry in feed.entries], [])
    text, _ = decode_bytes(data, where=where)
    if suffix in MARKDOWN_SUFFIXES:
        return FileRead([_markdown_article(text, where, source_name, mtime)], [])
    if suffix in HTML_SUFFIXES:
        return FileRead([_html_article(text, where, source_name, mtime)], [])
    if suffix in JSON_SUFFIXES:
        return _json_articles(text, where, source_name, mtime)
    if suffix in JSONL_SUFFIXES:
        return _jsonl_articles(text, where, source_name, mtime)
    return FileRead([_text_article(text, where, source_name, mtime)], [])


def _text_article(text: str, where: str, source_name: str, mtime: datetime) -> RawArticle:
    day, body = split_date_header(text)
    body = body.strip()
    if not body:
        raise ParseError(where, "no article text")
    published = parse_datetime(day) if day else mtime
    return RawArticle(
        title=derive_title(body), text=body, source=source_name, guid=where, path=where, published=published
    )


def _markdown_article(text: str, where: str, source_name: str, mtime: datetime) -> RawArticle:
    meta, body_markdown = front_matter(text)
    title, body = markdown_to_text(body_markdown)
    title = meta.get("title") or title
    if not body and not title:
        raise ParseError(where, "no article text")
    return RawArticle(
        title=one_line(title) or derive_title(body),
        text=body or one_line(title),
        source=meta.get("source") or source_name,
        url=without_tracking(meta.get("url")),
        guid=where,
        path=where,
        published=parse_datetime(meta.get("date")) or mtime,
        language=language_code(meta.get("language") or meta.get("lang")),
    )


def _html_article(text: str, where: str, source_name: str, mtime: datetime) -> RawArticle:
    page = html_document(text)
    if not page.text:
        raise ParseError(where, "no visible text in the HTML")
    return RawArticle(
        title=page.title or derive_title(page.text),
        text=page.text,
        source=source_name,
        url=without_tracking(page.url),
        guid=where,
        path=where,
        published=parse_datetime(page.date) or mtime,
        language=language_code(page.language),
    )


def _json_articles(text: str, where: str, source_name: str, mtime: datetime) -> FileRead:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ParseError(where, f"malformed JSON: {exc}") from None
    if isinstance(document, dict) and str(document.get("version", "")).startswith("https://jsonfeed.org/"):
        return FileRead(parse_json_feed(text, where=where, source_name=source_name).entries, [])
    if isinstance(document, dict):
        listed = document.get("articles", document.get("items"))
        records: list[Any] = listed if isinstance(listed, list) else [document]
    elif isinstance(document, list):
        records = document
    else:
        raise ParseError(where, 'JSON must be an article record, a list of them, or {"articles": [...]}')
    return _records(((f"{where}#{i}", r) for i, r in enumerate(records)), where, source_name, mtime)


def _jsonl_articles(text: str, where: str, source_name: str, mtime: datetime) -> FileRead:
    def lines() -> Iterator[tuple[str, Any]]:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                yield f"{where}:{number}", json.loads(line)
            except (ValueError, RecursionError) as exc:
                yield f"{where}:{number}", ParseError(f"{where}:{number}", f"malformed JSON: {exc}")

    return _records(lines(), where, source_name, mtime)


def _records(items: Iterator[tuple[str, Any]], where: str, source_name: str, mtime: datetime) -> FileRead:
    """Turn JSON records into articles; a bad record is a Failure and the others go on."""
    articles: list[RawArticle] = []
    failures: list[Failure] = []
    for record_where, record in items:
        try:
            if isinstance(record, ParseError):
                raise record
            articles.append(_record_article(record, record_where, where, source_name, mtime))
        except ParseError as exc:
            failures.append(Failure(exc.where, exc.reason))
    if failures and not articles:
        raise ParseError(where, f"no valid record ({failures[0].reason})")
    return FileRead(articles, failures)


def _record_article(
    record: Any, record_where: str, path: str, source_name: str, mtime: datetime
) -> RawArticle:
    if not isinstance(record, dict):
        raise ParseError(record_where, "a record must be a JSON object")
    fields = {k: v for k, v in record.items() if isinstance(v, str | int | float)}
    text = next((str(fields[k]).strip() for k in ("text", "content", "body", "article") if fields.get(k)), "")
    title = one_line(str(fields.get("title", "")))
    if not text and not title:
        raise ParseError(record_where, "record without text or title")
    url = without_tracking(str(fields["url"])) if fields.get("url") else None
    guid = next((str(fields[k]) for k in ("guid", "id") if fields.get(k) not in (None, "")), None)
    return RawArticle(
        title=title or derive_title(text),
        text=text or title,
        source=str(fields.get("source") or source_name),
        url=url,
        guid=guid or (None if url else record_where),
        path=path,
        published=parse_datetime(record.get("date") or record.get("published")) or mtime,
        language=language_code(str(fields.get("language", ""))),
    )
