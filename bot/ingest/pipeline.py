"""Ingestion orchestration: sources in, deduplicated articles stored, source state updated.

    ingest_source(source):
      | feed: fetch_feed (conditional GET via SafeClient) -> RawArticles [-> full text for teasers]
      | file: scan_files (only new or changed since the stored FileStates) -> read_article_file each
      | to_new_article: digests.prepare -> language, fingerprint; canonical URL; content hash
      | storage.add_articles (dedupe per source, link near-duplicates across sources)
      | storage.record_fetch_success / record_fetch_failure (exponential backoff, deactivation)
      -> SourceReport (counts, failures, chats to tell when the source was deactivated)

    ingest_locations(["feed URL", "dir", "file.opml", ...]) registers sources as needed
      (bot.ingest.registration), then ingests them; a one-off feed URL whose first fetch fails is not kept.
    read_articles([...]) (bot.ingest.direct) reads files and feeds without any database (`digest --from`).

Decisions about what is important never happen here; this module only moves and records.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from bot.config import IngestSettings
from bot.errors import AlreadyExists, FetchError, ParseError
from bot.ingest.direct import is_unnamed, read_articles
from bot.ingest.feeds import fetch_feed
from bot.ingest.files import read_files, scan_files
from bot.ingest.fulltext import enrich_teasers
from bot.ingest.http import SafeClient
from bot.ingest.registration import Registration, register_all
from bot.ingest.reports import Failure, FailureReason, IngestReport, SourceReport
from bot.ingest.urls import canonical_url
from bot.ports import Storage
from bot.records import AddResult, ChatRef, NewArticle, Source
from digests.model import RawArticle
from digests.prepare import prepare
from digests.text import normalize

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(days=1)
MAX_RETRY_AFTER = timedelta(days=2)
MAX_CACHE_AGE = timedelta(hours=12)

Progress = Callable[[int, int], None]
"""Called as progress(done, total) after each source of an `ingest_locations` run."""


def content_hash(title: str, text: str) -> str:
    """sha256 hex of the normalised title and body (spelling variants and spacing do not matter)."""
    normalised = " ".join(normalize(title).split()) + "\n" + " ".join(normalize(text).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def to_new_article(raw: RawArticle, *, fallback_published: datetime) -> NewArticle:
    """Derive what storage needs for deduplication from a raw article (pure, CPU only)."""
    article = prepare(raw, published=fallback_published)
    return NewArticle(
        raw=raw,
        language=article.language,
        published=article.published,
        canonical_url=canonical_url(raw.url),
        content_hash=content_hash(raw.title, article.text),
        fingerprint=article.fingerprint,
    )


def _new_articles(raws: Sequence[RawArticle], now: datetime) -> list[NewArticle]:
    """to_new_article for a batch; CPU-bound, so callers run it in a worker thread."""
    return [to_new_article(raw, fallback_published=now) for raw in raws]


async def ingest_source(
    source: Source, storage: Storage, client: SafeClient, settings: IngestSettings, *, now: datetime
) -> SourceReport:
    """Fetch or read one source, store its articles, and record how it went. Never raises for a bad source:
    its problem is in the report (and in the source's stored state)."""
    try:
        if source.kind == "file" or (source.path and not source.url):
            return await _ingest_files(source, storage, settings, now)
        return await _ingest_feed(source, storage, client, settings, now)
    except (FetchError, ParseError) as exc:
        return await _record_failure(source, storage, settings, now, exc)


async def _ingest_feed(
    source: Source, storage: Storage, client: SafeClient, settings: IngestSettings, now: datetime
) -> SourceReport:
    url = source.url or ""
    fetched = await fetch_feed(
        client, url, source_name=source.name, now=now, etag=source.etag, last_modified=source.last_modified
    )
    if fetched.gone:
        gone = FetchError(url, "HTTP 410 Gone: the feed was removed", status=410, code="gone")
        return await _record_failure(source, storage, settings, now, gone, deactivate=True)
    entries = fetched.entries
    name = _feed_name(source, fetched.title)
    if name != source.name:
        entries = [replace(entry, source=name) for entry in entries]
    if settings.fetch_full_text and entries:
        entries = await enrich_teasers(client, entries, concurrency=settings.concurrency)
    articles = await asyncio.to_thread(_new_articles, entries, now)
    result = await asyncio.to_thread(storage.add_articles, source.id, articles, now=now) if articles else None
    wait = timedelta(minutes=source.interval_minutes)
    if fetched.max_age:
        wait = max(wait, min(timedelta(seconds=fetched.max_age), MAX_CACHE_AGE))
    success = partial(
        storage.record_fetch_success,
        source.id,
        now=now,
        next_due_at=now + wait,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        name=name if name != source.name else None,
    )
    try:
        await asyncio.to_thread(success, new_url=fetched.new_url)
    except AlreadyExists:
        # The feed moved to a URL another source already fetches: keep ours as it is.
        log.warning("source %s redirected to %s, which another source has", source.id, fetched.new_url)
        await asyncio.to_thread(success)
    return _stored_report(replace(source, name=name), result, not_modified=fetched.not_modified)


def _feed_name(source: Source, feed_title: str) -> str:
    """A feed nobody named (called by its host or URL) takes the title it gives itself, as feed files do;
    a name someone chose stays."""
    if feed_title and source.url and is_unnamed(source.name, source.url):
        return feed_title
    return source.name


async def _ingest_files(
    source: Source, storage: Storage, settings: IngestSettings, now: datetime
) -> SourceReport:
    root = Path(source.path or "")
    if not root.exists():
        raise ParseError(str(root), "no such file or directory")
    known = await asyncio.to_thread(storage.file_states, source.id)
    changed, states = await asyncio.to_thread(scan_files, root, known)
    raws, failures = await asyncio.to_thread(read_files, changed, source.name, settings.max_file_bytes)
    articles = await asyncio.to_thread(_new_articles, raws, now)
    result = await asyncio.to_thread(storage.add_articles, source.id, articles, now=now) if articles else None
    # Only changed files' states are written (the rest are stored already). Failed files are remembered
    # too: they are read again only once they change.
    changed_paths = {str(path) for path in changed}
    fresh = [state for state in states if state.path in changed_paths]
    if fresh:
        await asyncio.to_thread(storage.save_file_states, source.id, fresh)
    await asyncio.to_thread(
        storage.record_fetch_success,
        source.id,
        now=now,
        next_due_at=now + timedelta(minutes=source.interval_minutes),
    )
    return _stored_report(source, result, not_modified=not changed, failures=failures)


def _stored_report(
    source: Source,
    result: AddResult | None,
    *,
    not_modified: bool,
    failures: Sequence[Failure] = (),
) -> SourceReport:
    """The report of a source that was read and stored (`result` is None when it had no articles)."""
    return SourceReport(
        source_id=source.id,
        name=source.name,
        new=result.new if result else 0,
        updated=result.updated if result else 0,
        duplicate=result.duplicate if result else 0,
        failed=len(failures),
        failures=tuple(failures),
        not_modified=not_modified,
    )


def backoff(interval_minutes: int, error_count: int) -> timedelta:
    """Wait before retrying after `error_count` consecutive failures: the interval doubled per failure,
    at most a day."""
    doublings: int = max(0, min(error_count - 1, 16))
    wait = timedelta(minutes=interval_minutes) * (1 << doublings)
    return min(wait, MAX_BACKOFF)


async def _record_failure(
    source: Source,
    storage: Storage,
    settings: IngestSettings,
    now: datetime,
    error: FetchError | ParseError,
    *,
    deactivate: bool = False,
) -> SourceReport:
    errors = source.error_count + 1
    wait = backoff(source.interval_minutes, errors)
    retry_after = error.retry_after if isinstance(error, FetchError) else None
    if retry_after is not None:
        wait = max(wait, min(timedelta(seconds=retry_after), MAX_RETRY_AFTER))
    deactivate = deactivate or errors >= settings.max_errors
    reason = error.reason
    await asyncio.to_thread(
        storage.record_fetch_failure,
        source.id,
        now=now,
        error=reason,
        next_due_at=now + wait,
        deactivate=deactivate,
    )
    notify: tuple[ChatRef, ...] = ()
    if deactivate:
        chats = await asyncio.to_thread(storage.chats_using_source, source.id)
        notify = tuple(dict.fromkeys([*chats, *([source.added_by] if source.added_by else [])]))
    # A refused hop names host:port; the report names the feed the user knows.
    where = source.location if isinstance(error, FetchError) else error.where
    return SourceReport(
        source_id=source.id,
        name=source.name,
        failed=1,
        failures=(Failure(where or source.location, reason),),
        deactivated=deactivate,
        notify=notify,
        error=reason,
        reason=failure_reason(source, error),
    )


def failure_reason(source: Source, error: FetchError | ParseError) -> FailureReason:
    """`error` as a code a chat can say in its language: a FetchError names its own; a ParseError means
    a feed's content is not a feed, or a file source could not be read."""
    if isinstance(error, FetchError):
        return FailureReason(error.code, error.status)
    if source.kind == "file" or not source.url:
        return FailureReason("unreadable")
    return FailureReason("not_a_feed")


async def ingest_locations(
    locations: Sequence[str],
    storage: Storage,
    settings: IngestSettings,
    *,
    now: datetime,
    progress: Progress | None = None,
    client: SafeClient | None = None,
) -> IngestReport:
    """`newsbot ingest SOURCE...`: register each location (feed URL, file, directory, OPML file) as a
    source when it is not one yet, then ingest those sources, at most `settings.concurrency` at a time.

    A feed URL given on its own whose first fetch fails is not kept as a source: `ingest` means "ingest
    now", and a source nobody asked to keep would be retried by `run` until it is deactivated. New sources
    that are kept are marked `added` in their reports."""
    registrations, failures = await asyncio.to_thread(register_all, locations, storage, settings)
    own_client = client is None
    active_client = client or SafeClient(settings)
    semaphore = asyncio.Semaphore(settings.concurrency)
    done = 0

    async def run(registration: Registration) -> SourceReport:
        nonlocal done
        async with semaphore:
            report = await ingest_source(registration.source, storage, active_client, settings, now=now)
        done += 1
        if progress is not None:
            progress(done, len(registrations))
        return await _keep_or_drop(registration, report, storage)

    try:
        reports = await asyncio.gather(*(run(r) for r in registrations))
    finally:
        if own_client:
            await active_client.aclose()
    return IngestReport.combine(list(reports), failures)


async def _keep_or_drop(registration: Registration, report: SourceReport, storage: Storage) -> SourceReport:
    """A new source stays (its report says `added`) unless it is a one-off feed URL that failed."""
    if not registration.new:
        return report
    if registration.one_off and report.error is not None:
        await asyncio.to_thread(storage.remove_source, registration.source.id)
        return report
    return replace(report, added=True)


__all__ = [
    "Failure",
    "FailureReason",
    "IngestReport",
    "SourceReport",
    "content_hash",
    "failure_reason",
    "ingest_locations",
    "ingest_source",
    "read_articles",
    "to_new_article",
]
