"""What each `newsbot` command does. Parsing and exit codes are in `bot/cli.py`.

Each function takes the parsed arguments and returns an exit code; failures raise `bot.errors` errors,
which `bot.cli.main` prints as one line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli_digest import (
    digest_options,
    local_day,
    newest_day,
    parse_date,
    print_digest,
    stored_for_digest,
    today_in,
)
from bot.config import Settings, load_settings
from bot.errors import FetchError, NewsbotError, UsageError

if TYPE_CHECKING:
    from bot.ports import Storage

def examples_dir() -> Path | None:
    """The bundled examples: beside the package in a source checkout, else ./examples (the Docker image)."""
    for candidate in (Path(__file__).resolve().parent.parent / "examples", Path.cwd() / "examples"):
        if (candidate / "articles").is_dir():
            return candidate
    return None


def dispatch(args: argparse.Namespace) -> int:
    from bot.logs import setup_logging

    settings = load_settings(args.config, os.environ)
    setup_logging(replace(settings.ops, log_level="DEBUG") if args.debug else settings.ops)
    handler: Callable[[argparse.Namespace, Settings], int] = _HANDLERS[args.command]
    return handler(args, settings)


# --- commands that need no database ------------------------------------------------------------------


def cmd_summarize(args: argparse.Namespace, settings: Settings) -> int:
    import digests
    from bot.ingest.pipeline import read_articles

    raws, failures = read_articles(args.files, settings.ingest)
    _report_failures(failures)
    articles = digests.prepare_batch(raws, published=_now())
    for article in articles:
        picked = digests.summarize(article, sentences=args.sentences, words=args.words)
        if args.format == "json":
            line = {"path": article.path, "language": article.language, "sentences": [s.text for s in picked]}
            print(json.dumps(line, ensure_ascii=False))
        else:
            print(f"# {article.path or article.title}")
            for sentence in picked:
                print(sentence.text)
            print()
    return 1 if failures and not articles else 0


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    import digests
    from bot.services import build_with_engine

    now = _now()
    timezone = settings.digest.timezone
    day = parse_date(args.date) if args.date else None
    options = digest_options(args, settings)
    if args.from_sources:
        from bot.ingest.pipeline import read_articles

        raws, failures = read_articles(args.from_sources, settings.ingest)
        _report_failures(failures)
        if failures and not raws:
            raise NewsbotError("no article could be read from " + ", ".join(args.from_sources))
        if day is not None:
            start, end = local_day(day, timezone)
            raws = [r for r in raws if r.published is None or start <= r.published < end]
        articles = digests.prepare_batch(raws, published=now)
        day = day or newest_day(raws, timezone) or today_in(timezone, now)
        digest = digests.build_digest(articles, options, now=now, date=day, language=args.lang)
    else:
        target = day or today_in(timezone, now)
        storage = _open_storage(settings)
        try:
            stored = stored_for_digest(storage, target, timezone, options.languages, now=now)
        finally:
            storage.close()
        digest = build_with_engine(stored, options, now, target, args.lang)
    print_digest(digest, args.format)
    return 0


# --- commands on the configured database -------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.ingest.pipeline import ingest_locations

    storage = _open_storage(settings)
    try:
        report = asyncio.run(ingest_locations(args.sources, storage, settings.ingest, now=_now(),
                                              progress=_progress_bar()))
    finally:
        storage.close()
    print(f"new {report.new}, updated {report.updated}, duplicate {report.duplicate}, failed {report.failed}")
    for added in (r for r in report.sources if r.added):
        print(f"added as source {added.source_id}: {added.name}")
    _report_failures(report.failures)
    return 1 if report.failed and not (report.new or report.updated or report.duplicate) else 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from bot.search_query import parse_query

    text = " ".join(args.query)
    query = parse_query(text, page_size=args.limit)
    storage = _open_storage(settings)
    try:
        page = storage.search(query, limit=args.limit, offset=(query.page - 1) * args.limit, now=_now())
    finally:
        storage.close()
    if args.format == "json":
        results = [
            {"id": str(h.article_id), "title": h.title, "url": h.url, "path": h.path, "source": h.source,
             "language": h.language, "published": h.published.isoformat(), "snippet": h.snippet,
             "score": round(h.score, 6)}
            for h in page.hits
        ]
        print(json.dumps({"query": text, "page": page.page, "has_more": page.has_more, "results": results},
                         ensure_ascii=False))
    else:
        from bot.chat import Reply
        from bot.platforms.render_text import render_text

        print(render_text(Reply(language=_ui_language(settings), search=page)))
    return 0


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    storage = _open_storage(settings)
    try:
        if args.action == "list":
            for s in storage.list_sources():
                state = "active" if s.active else "inactive"
                error = f"  last error: {s.last_error}" if s.last_error else ""
                print(f"{s.id:>4}  {s.name}  <{s.location}>  every {s.interval_minutes} min  {state}{error}")
        elif args.action == "add":
            from bot.ingest.registration import default_name, literal_host_refusal

            url, path = _source_location(args.location)
            if url is not None and (refusal := literal_host_refusal(url, settings.ingest)):
                raise UsageError(f"{url}: refused: {refusal}")
            source = storage.add_source(
                args.name or default_name(url=url, path=path),
                url=url,
                path=path,
                interval_minutes=args.interval or settings.ingest.interval_minutes,
                keep_name=not args.name,  # a source added again keeps the name it had
            )
            print(f"added source {source.id}: {source.name}")
        elif args.action == "remove":
            storage.remove_source(args.id)
            print(f"removed source {args.id}")
        elif args.action == "export":
            from bot.ingest.opml import export_opml

            text = export_opml(storage.list_sources())
            if args.output:
                Path(args.output).write_text(text, encoding="utf-8")
            else:
                print(text)
    finally:
        storage.close()
    return 0


def _source_location(location: str) -> tuple[str | None, str | None]:
    """(url, None) for a feed URL that ingestion takes, (None, absolute path) for an existing file or
    directory; UsageError with the reason otherwise."""
    from bot.ingest.direct import feed_url, looks_like_url
    from bot.ingest.registration import NO_SUCH_LOCATION

    if looks_like_url(location):
        try:
            return feed_url(location).url, None
        except FetchError as refused:
            raise UsageError(f"{location}: {refused.reason}") from None
    if not Path(location).exists():
        raise UsageError(f"{location}: {NO_SUCH_LOCATION}")
    return None, str(Path(location).resolve())


def cmd_subscriptions(args: argparse.Namespace, settings: Settings) -> int:
    storage = _open_storage(settings)
    try:
        # a chat that only set /lang or /timezone never subscribed: its default time would read as a
        # schedule it never chose, so it is no line here
        for s in storage.list_subscriptions(active_only=False, settings_only=False):
            langs = ",".join(sorted(s.languages)) if s.languages else "all"
            thread = f"/{s.chat.thread_id}" if s.chat.thread_id else ""
            state = "active" if s.active else "inactive"
            print(f"{s.id:>4}  {s.chat.platform}:{s.chat.chat_id}{thread}  {s.digest_time:%H:%M} {s.timezone}"
                  f"  lang={langs}  topics={s.max_topics}  {state}")
    finally:
        storage.close()
    return 0


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage import open_database

    storage = open_database(settings.database.url, upgrade=False)
    try:
        storage.upgrade()
    finally:
        storage.close()
    print("database is up to date")
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import run_app

    asyncio.run(run_app(settings, console=args.console))
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import run_chat

    asyncio.run(run_chat(settings))
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    """Ingest the bundled examples into a temporary SQLite database and print the digest of it all."""
    import digests
    from bot.ingest.pipeline import ingest_locations
    from bot.services import build_with_engine
    from bot.storage import open_database

    examples = examples_dir()
    if examples is None:
        raise UsageError("the bundled examples are missing: run from a source checkout (or the image's /app)")
    now = _now()
    with tempfile.TemporaryDirectory(prefix="newsbot-demo-") as tmp:
        storage = open_database(f"sqlite:///{Path(tmp) / 'demo.db'}")
        try:
            named = {
                "Example articles": examples / "articles",
                "Example feed": examples / "feeds" / "world.xml",
            }
            for name, path in named.items():
                storage.add_source(name, path=str(path.resolve()), interval_minutes=30)
            sources = [str(path.resolve()) for path in named.values()]
            report = asyncio.run(ingest_locations(sources, storage, settings.ingest, now=now))
            print(f"ingested {report.new} articles from the bundled examples "
                  f"({report.duplicate} duplicates, {report.failed} failed)\n")
            _report_failures(report.failures)
            stored = storage.articles_between(datetime(1970, 1, 1, tzinfo=UTC), now + timedelta(days=1))
        finally:
            storage.close()
    options = digests.DigestOptions(max_topics=settings.digest.max_topics,
                                    sentences_per_topic=settings.digest.sentences_per_topic)
    # The bundled news is old: date the digest by its newest article, as `digest --from` does.
    newest = max((article.published for article in stored), default=now)
    day = today_in(settings.digest.timezone, newest)
    print_digest(build_with_engine(stored, options, now, day, "all"), "text")
    return 0


# --- helpers -----------------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def _open_storage(settings: Settings) -> Storage:
    from bot.storage import open_database

    return open_database(settings.database.url)


def _ui_language(settings: Settings) -> str:
    return settings.chat.default_language


def _report_failures(failures: Iterable[Any]) -> None:
    for failure in failures:
        print(f"newsbot: skipped {failure.where}: {failure.reason}", file=sys.stderr)


def _progress_bar() -> Callable[[int, int], None] | None:
    """A one-line progress bar on stderr when it is a terminal; None otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        sys.stderr.flush()

    return show


_HANDLERS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "demo": cmd_demo,
    "run": cmd_run,
    "chat": cmd_chat,
    "ingest": cmd_ingest,
    "digest": cmd_digest,
    "search": cmd_search,
    "summarize": cmd_summarize,
    "sources": cmd_sources,
    "subscriptions": cmd_subscriptions,
    "db": cmd_db,
}
