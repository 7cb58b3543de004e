"""Orchestration of ingest, digest and delivery: what the scheduler ticks and the chat commands call.

It orchestrates but never decides what is important (that is `digests`) or how a chat looks (that is
`bot/platforms`). The data flow, as in ARCHITECTURE.md:

    ingest tick (every minute; each source when it is due):
      storage.claim_due_sources(now, worker)      # leased rows: one process fetches a source per interval
      | ingest.pipeline.ingest_source(source, storage, client, settings, now=now)
                                                  # fetch -> parse -> digests.prepare -> storage.add_articles

    digest tick (every minute; each subscription when its local time comes):
      bot.delivery.digest_due(subscription, now, last_delivery)   # pure: DST, grace, once per local day
      | storage.claim_delivery(subscription, date, worker)        # unique (subscription, date) row
      | Services.articles_for(window, languages)                  # once per distinct window and languages
      | Services.digest_of(batch, options)                        # once per distinct options:
      |   digests.prepare (once per batch) -> digests.build_digest
      | platform.send(chat, Reply(digest), skip_parts, on_part_sent=storage.record_part_sent)
      | storage.mark_sent

    command:  bot.commands.CommandLayer.handle(command) -> Reply  (uses the same Services)

Storage methods are synchronous; `Services.call` runs them in a worker thread so the event loop that serves
Telegram, Slack and the scheduler never blocks on the database.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any, ParamSpec, TypeVar

from bot.config import Settings
from bot.ports import Storage
from bot.records import StoredArticle, Subscription
from digests.model import Article, Digest, DigestOptions

P = ParamSpec("P")
T = TypeVar("T")

DigestBuilder = Callable[[Sequence[StoredArticle], DigestOptions, datetime, date, str], Digest]
"""(stored articles, options, now, digest date, language) -> Digest. Pure and CPU-bound."""


def utc_now() -> datetime:
    """The real clock (tests inject their own)."""
    from datetime import UTC

    return datetime.now(UTC)


def prepare_articles(stored: Sequence[StoredArticle]) -> list[Article]:
    """Stored rows -> prepared digest-engine articles, keeping the database id as the article id and sharing
    one vocabulary across the batch (as `digests.prepare_batch` does)."""
    from digests.prepare import batch_vocabulary, prepare

    raws = [a.to_raw() for a in stored]
    vocabulary = batch_vocabulary(raws)
    return [
        prepare(raw, id=str(a.id), published=a.published, vocabulary=vocabulary)
        for a, raw in zip(stored, raws, strict=True)
    ]


class StoredBatch(list[StoredArticle]):
    """The stored articles of one window, fetched once for every digest of a tick that reads them. The
    engine prepares them at most once: prepared articles are immutable, so all option sets share them."""

    _prepared: list[Article] | None = None

    def prepared(self) -> list[Article]:
        if self._prepared is None:
            self._prepared = prepare_articles(self)
        return self._prepared


def build_with_engine(
    stored: Sequence[StoredArticle], options: DigestOptions, now: datetime, day: date, language: str
) -> Digest:
    """The default DigestBuilder: `digests.prepare` each article (once per StoredBatch), then
    `digests.build_digest`."""
    from digests import build_digest

    articles = stored.prepared() if isinstance(stored, StoredBatch) else prepare_articles(stored)
    return build_digest(articles, options, now=now, date=day, language=language)


def options_for(subscription: Subscription) -> DigestOptions:
    """The digest options a subscription asked for."""
    return DigestOptions(
        max_topics=subscription.max_topics,
        sentences_per_topic=subscription.sentences_per_topic,
        languages=subscription.languages,
        include=subscription.include,
        exclude=subscription.exclude,
    )


def language_of(languages: frozenset[str] | None) -> str:
    """The `language` argument of build_digest: "all", or the one language asked for."""
    if languages is not None and len(languages) == 1:
        return next(iter(languages))
    return "all"


@dataclass(frozen=True)
class Services:
    """What commands, the scheduler and the sender share. Build one in `bot/app.py`."""

    storage: Storage
    settings: Settings
    now: Callable[[], datetime] = utc_now
    build_digest: DigestBuilder = build_with_engine
    extras: dict[str, Any] = field(default_factory=dict)
    """Optional collaborators by name: "resolver" replaces DNS in /addsource address checks (tests)."""

    async def call(self, method: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a synchronous storage method in a worker thread."""
        return await asyncio.to_thread(partial(method, *args, **kwargs))

    async def build_digest_options(
        self, options: DigestOptions, *, start: datetime, end: datetime, now: datetime, day: date
    ) -> Digest:
        """A digest with `options` of the articles stored for [start, end)."""
        batch = await self.articles_for(start, end, options.languages)
        return await self.digest_of(batch, options, now=now, day=day)

    async def articles_for(
        self, start: datetime, end: datetime, languages: frozenset[str] | None
    ) -> StoredBatch:
        """The articles stored for [start, end) in `languages` (None: all), for any number of digests."""
        return StoredBatch(await self.call(self.storage.articles_between, start, end, languages=languages))

    async def digest_of(
        self, batch: StoredBatch, options: DigestOptions, *, now: datetime, day: date
    ) -> Digest:
        """A digest with `options` of `batch`, which must hold the articles of `options.languages`."""
        return await asyncio.to_thread(
            self.build_digest, batch, options, now, day, language_of(options.languages)
        )

    def grace(self) -> timedelta:
        return timedelta(hours=self.settings.digest.missed_grace_hours)
