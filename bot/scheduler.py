"""APScheduler wiring: three ticks, nothing else. Schedules live in our own tables, never in a job store.

    every minute   ingest tick       storage.claim_due_sources -> ingest_source each (bounded parallelism)
    every minute   digest tick       bot.sender.deliver_due (claims per subscription and local date)
    every hour     housekeeping      drop articles older than [digest] retention_days; database upkeep

Every decision that must hold across processes (which source to fetch, which digest to send) is a row claim
in the database, so any number of processes can run this scheduler against one PostgreSQL database.
The ticks are plain coroutines too: tests and `python -m bot.tick` call them with an injected `now`.

Shutdown (`stop`): no new ticks start, running ticks stop taking new sends, in-flight sends finish.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot import metrics
from bot.chat import Reply
from bot.i18n import has, t
from bot.ingest.reports import SourceReport
from bot.pacing import Pacer
from bot.platforms.base import ChatPlatform
from bot.records import Source
from bot.sender import DeliveryReport, deliver_due
from bot.services import Services

log = logging.getLogger(__name__)

UNKNOWN_FAILURE = "failed"
"""The FailureReason code said when a report carries none, or one without a string of its own."""

IngestOne = Callable[[Source, datetime], Awaitable[SourceReport]]
"""Fetch and store one claimed source (default: bot.ingest.pipeline.ingest_source with a SafeClient)."""

INTERVALS = {
    "ingest": timedelta(minutes=1),
    "digest": timedelta(minutes=1),
    "housekeeping": timedelta(hours=1),
}
SOURCE_LEASE_SECONDS = 300


def default_worker_id() -> str:
    """A name unique to this process, recorded with every claim: host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Scheduler:
    """Runs the ingest, digest and housekeeping ticks on an AsyncIOScheduler."""

    def __init__(
        self,
        services: Services,
        platforms: Mapping[str, ChatPlatform],
        *,
        worker: str | None = None,
        ingest_one: IngestOne | None = None,
        pacer: Pacer | None = None,
    ) -> None:
        self.services = services
        self.platforms = platforms
        self.worker = worker or default_worker_id()
        self.pacer = pacer or Pacer()
        self.stopping = asyncio.Event()
        self._ingest_one = ingest_one
        self._client: Any = None
        self._scheduler: AsyncIOScheduler | None = None
        self._running: set[asyncio.Task[Any]] = set()
        self.last_started: dict[str, datetime] = {}
        self.last_delay: dict[str, float] = {}

    # --- lifecycle

    def start(self) -> None:
        """Schedule the ticks (the first ingest and digest ticks run at once). Call inside the event loop."""
        scheduler = AsyncIOScheduler(timezone=UTC)
        now = datetime.now(UTC)
        for name, interval in INTERVALS.items():
            first = now if name != "housekeeping" else now + timedelta(minutes=1)
            scheduler.add_job(
                self._run,
                IntervalTrigger(seconds=interval.total_seconds(), start_date=first, timezone=UTC),
                args=(name,),
                id=name,
                name=f"newsbot {name} tick",
                max_instances=1,
                coalesce=True,
                misfire_grace_time=int(interval.total_seconds()),
                next_run_time=first,
            )
        scheduler.start()
        self._scheduler = scheduler
        log.info("scheduler started as worker %s", self.worker)

    async def stop(self) -> None:
        """Stop taking work, let in-flight ticks finish their current sends, release resources."""
        self.stopping.set()
        if self._scheduler is not None:
            self._scheduler.pause()  # no new ticks; shutdown() would cancel the running ones
        if self._running:
            await asyncio.gather(*self._running, return_exceptions=True)
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        log.info("scheduler stopped")

    async def _run(self, name: str) -> None:
        """One scheduled tick, tracked so `stop` can wait for it; errors are logged, never raised."""
        if self.stopping.is_set():
            return
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        started = datetime.now(UTC)
        self._note_start(name, started)
        try:
            tick = {
                "ingest": self.ingest_tick,
                "digest": self.digest_tick,
                "housekeeping": self.housekeeping_tick,
            }[name]
            await tick(self.services.now())
            metrics.TICKS.labels(name).inc()
        except Exception:
            log.exception("%s tick failed", name)
        finally:
            if task is not None:
                self._running.discard(task)

    def _note_start(self, name: str, started: datetime) -> None:
        previous = self.last_started.get(name)
        self.last_started[name] = started
        if previous is not None:
            delay = max(0.0, (started - previous - INTERVALS[name]).total_seconds())
            self.last_delay[name] = delay
            metrics.SCHEDULER_LAG.set(max(self.last_delay.values()))

    def lag_seconds(self, now: datetime | None = None) -> float:
        """How far behind the ticks are: the latest start delay, or the time a tick is overdue now."""
        now = now or datetime.now(UTC)
        overdue = [
            (now - started - INTERVALS[name]).total_seconds() for name, started in self.last_started.items()
        ]
        return max([0.0, *self.last_delay.values(), *overdue])

    # --- ticks

    async def ingest_tick(self, now: datetime) -> list[SourceReport]:
        """Claim the sources due at `now` and ingest them, a few at a time."""
        storage = self.services.storage
        sources = await self.services.call(
            storage.claim_due_sources, now, worker=self.worker, lease_seconds=SOURCE_LEASE_SECONDS
        )
        if not sources:
            return []
        limit = asyncio.Semaphore(self.services.settings.ingest.concurrency)

        async def one(source: Source) -> SourceReport:
            async with limit:
                return await self._ingest(source, now)

        reports = await asyncio.gather(*(one(source) for source in sources))
        for report in reports:
            metrics.ARTICLES_INGESTED.inc(report.new)
            if report.error or report.failed:
                metrics.FETCH_ERRORS.labels(report.name).inc()
            if report.deactivated:
                await self._tell_deactivated(report)
        return list(reports)

    async def _ingest(self, source: Source, now: datetime) -> SourceReport:
        if self._ingest_one is not None:
            return await self._ingest_one(source, now)
        from bot.ingest.http import SafeClient
        from bot.ingest.pipeline import ingest_source

        if self._client is None:
            self._client = SafeClient(self.services.settings.ingest)
        return await ingest_source(
            source, self.services.storage, self._client, self.services.settings.ingest, now=now
        )

    async def _tell_deactivated(self, report: SourceReport) -> None:
        """Tell the chats that added or use a source that it was stopped after repeated failures."""
        for chat in report.notify:
            platform = self.platforms.get(chat.platform)
            if platform is None:
                continue
            subscription = await self.services.call(self.services.storage.get_subscription, chat)
            language = (
                subscription.locale
                if subscription and subscription.locale
                else self.services.settings.chat.default_language
            )
            reason = stopped_reason(language, report)
            text = t(language, "cmd.source_stopped", name=report.name, reason=reason)
            try:
                await platform.send(chat, Reply(language=language, text=text))
            except Exception as error:  # telling is best effort
                log.info("could not tell %s about source %s: %r", chat, report.source_id, error)

    async def digest_tick(self, now: datetime) -> DeliveryReport:
        """Deliver every digest due at `now` on the platforms this process runs."""
        report = await deliver_due(
            self.services,
            self.platforms,
            now=now,
            worker=self.worker,
            pacer=self.pacer,
            stopping=self.stopping,
        )
        if report.claimed:
            log.info("digest tick: %s", report)
        return report

    async def housekeeping_tick(self, now: datetime) -> int:
        """Delete articles past the retention period; let the database tidy itself. Returns rows deleted."""
        storage = self.services.storage
        cutoff = now - timedelta(days=self.services.settings.digest.retention_days)
        deleted = await self.services.call(storage.delete_articles_before, cutoff)
        maintain = getattr(storage, "maintain", None)  # SQLite PRAGMA optimize, when the storage offers it
        if callable(maintain):
            await self.services.call(maintain)
        if deleted:
            log.info("housekeeping: deleted %d articles older than %s", deleted, cutoff.date())
        return int(deleted)


def stopped_reason(language: str, report: SourceReport) -> str:
    """Why `report`'s source was stopped, for the "source stopped" notice: in English the fetch error with
    its detail ("HTTP 404", "refused to connect to loopback address 127.0.0.1 ..."); in another language
    the reason's code in that language, so no English error text lands inside an Arabic message."""
    if language == "en" and report.error:
        return report.error
    code = report.reason.code if report.reason else UNKNOWN_FAILURE
    key = f"cmd.source_stopped.reason.{code}"
    status = report.reason.status if report.reason else None
    return t(language, key if has(key) else f"cmd.source_stopped.reason.{UNKNOWN_FAILURE}", status=status)
