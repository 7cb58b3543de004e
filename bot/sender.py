"""The digest tick: claim due deliveries, build each distinct digest once, send, record.

Exactly-once policy (issue 7). A delivery row is unique per (subscription, local digest date) and is claimed
with a lease before anything is sent, so two processes never send the same digest. A digest may span
several message parts; after the platform accepts part N the sender commits `parts_sent = N` before asking
for part N+1, and a retry or a restart resumes after the committed parts (`skip_parts`). A crash (kill -9)
between the platform accepting a part and that commit therefore resends at most that one part, never the
whole digest; a crash after the commit resends nothing already committed. Only after the last part is the
row marked sent. A resumed digest is rebuilt from the same window start until the new tick; if articles
arrived in between, the split may shift by a topic at the seam, but no digest is ever sent twice.

Failures: ChatGone deactivates the chat and fails the row for good; ChatMigrated moves the chat and retries
at once; RateLimited and other platform errors fail the row with exponential backoff (never sooner than
Retry-After), until MAX_ATTEMPTS. An empty digest (no articles in the window) is delivered as one short
"no news" message and recorded as sent: the chat sees the bot is alive, and the next window starts after it.

Fan-out: subscriptions due in one tick that ask for the same (languages, filters, topics, sentences,
window, date) share one built digest.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import NamedTuple

from bot import metrics
from bot.chat import Reply
from bot.delivery import digest_due, digest_window, maybe_due, retry_delay
from bot.errors import ChatGone, ChatMigrated, LeaseLost, RateLimited
from bot.i18n import pick_language, t
from bot.pacing import Pacer
from bot.platforms.base import ChatPlatform
from bot.records import ChatRef, Delivery, Subscription
from bot.services import Services, language_of, options_for
from digests.model import Digest, DigestOptions

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
MAX_MIGRATIONS = 2
LEASE_SECONDS = 600
LEASE_MARGIN = timedelta(minutes=2)
MAX_CLAIMS_PER_TICK = 3000
"""Claims beyond what the pacer can send well within the lease wait for the next tick (the ones left
stay due within the grace), so no claim expires in the queue and gets taken over by another process."""


class _LeaseExpiring(Exception):
    """The claim's lease ends soon and nothing was sent yet in this attempt."""


@dataclass(slots=True)
class DeliveryReport:
    """What one digest tick did."""

    claimed: int = 0
    sent: int = 0
    empty: int = 0
    failed: int = 0
    deactivated: int = 0
    migrated: int = 0
    released: int = 0
    """Claimed but not started because the process is stopping; handed back for another attempt."""
    digests_built: int = 0
    parts_sent: int = 0


class _DigestKey(NamedTuple):
    options: DigestOptions
    start: datetime
    end: datetime
    day: date


@dataclass(frozen=True, slots=True)
class _Job:
    subscription: Subscription
    delivery: Delivery
    key: _DigestKey
    day: date


def _digest_key(subscription: Subscription, day: date, now: datetime) -> _DigestKey:
    window = digest_window(subscription, now)
    return _DigestKey(options_for(subscription), window.start, window.end, day)


def claim_due(services: Services, platforms: Mapping[str, object], now: datetime, worker: str) -> list[_Job]:
    """Synchronous (runs in a worker thread): the deliveries this worker claimed for this tick."""
    storage = services.storage
    grace = services.grace()
    jobs: list[_Job] = []
    for subscription in storage.list_subscriptions(active_only=True):
        if subscription.chat.platform not in platforms or not maybe_due(subscription, now, grace):
            continue
        day = digest_due(subscription, now, storage.last_delivery(subscription.id), grace)
        if day is None:
            continue
        delivery = storage.claim_delivery(
            subscription.id, day, worker=worker, now=now, lease_seconds=LEASE_SECONDS
        )
        if delivery is not None:
            jobs.append(_Job(subscription, delivery, _digest_key(subscription, day, now), day))
            if len(jobs) >= MAX_CLAIMS_PER_TICK:
                break
    return jobs


async def _build_digests(
    services: Services, keys: list[_DigestKey], now: datetime, report: DeliveryReport
) -> dict[_DigestKey, Digest]:
    """Each distinct digest once. Keys sharing a window and languages share one read of the articles (and
    one preparation of them); one window's articles are let go before the next is read."""
    windows: dict[tuple[datetime, datetime, frozenset[str] | None], dict[_DigestKey, None]] = {}
    for key in keys:
        windows.setdefault((key.start, key.end, key.options.languages), {})[key] = None
    digests: dict[_DigestKey, Digest] = {}
    for (start, end, languages), window_keys in windows.items():
        batch = await services.articles_for(start, end, languages)
        for key in window_keys:
            digests[key] = await services.digest_of(batch, key.options, now=now, day=key.day)
            report.digests_built += 1
    return digests


async def deliver_due(
    services: Services,
    platforms: Mapping[str, ChatPlatform],
    *,
    now: datetime,
    worker: str,
    pacer: Pacer | None = None,
    stopping: asyncio.Event | None = None,
    concurrency: int = 128,
) -> DeliveryReport:
    """Deliver every digest due at `now` on the given platforms. Never raises for one chat's failure."""
    report = DeliveryReport()
    jobs = await asyncio.to_thread(claim_due, services, platforms, now, worker)
    report.claimed = len(jobs)
    if not jobs:
        return report
    digests = await _build_digests(services, [job.key for job in jobs], now, report)
    sender = _Sender(services, platforms, now, pacer or Pacer(), stopping, report, worker)
    limit = asyncio.Semaphore(concurrency)

    async def one(job: _Job) -> None:
        async with limit:
            await sender.deliver(job, digests[job.key])

    await asyncio.gather(*(one(job) for job in jobs))
    return report


class _Sender:
    def __init__(
        self,
        services: Services,
        platforms: Mapping[str, ChatPlatform],
        now: datetime,
        pacer: Pacer,
        stopping: asyncio.Event | None,
        report: DeliveryReport,
        worker: str,
    ) -> None:
        self.worker = worker
        self.services = services
        self.storage = services.storage
        self.platforms = platforms
        self.now = now
        self.pacer = pacer
        self.stopping = stopping
        self.report = report

    def reply_for(self, subscription: Subscription, digest: Digest) -> Reply:
        hint = language_of(subscription.languages)
        language = pick_language(
            subscription.locale, None if hint == "all" else hint, self.services.settings.chat.default_language
        )
        if not digest.topics:
            return Reply(language=language, text=t(language, "cmd.digest.empty_scheduled"))
        return Reply(language=language, digest=digest)

    async def deliver(self, job: _Job, digest: Digest) -> None:
        delivery = job.delivery
        if self.stopping is not None and self.stopping.is_set():
            await self._fail(delivery, "shutdown before sending", retry_now=True)
            self.report.released += 1
            return
        chat = job.subscription.chat
        reply = self.reply_for(job.subscription, digest)
        progress = [delivery.parts_sent]
        platform_name = chat.platform
        for _ in range(MAX_MIGRATIONS + 1):
            try:
                await self._send(chat, reply, delivery, progress)
            except LeaseLost as lost:
                # another worker took the claim over (this one stalled past its lease): stop, send no more
                log.warning("delivery %s abandoned: %s", delivery.id, lost)
                self.report.released += 1
                return
            except _LeaseExpiring:
                # waited for the pacer so long that another process may take the claim over: hand it back
                await self._fail(delivery, "lease nearly expired before sending", retry_now=True)
                self.report.released += 1
                return
            except ChatMigrated as moved:
                await self.services.call(
                    self.storage.migrate_chat, chat.platform, chat.chat_id, moved.new_chat_id
                )
                chat = replace(chat, chat_id=moved.new_chat_id)
                self.report.migrated += 1
                continue
            except ChatGone as gone:
                await self.services.call(self.storage.deactivate_chat, chat, str(gone))
                await self._fail(delivery, f"chat gone: {gone}", final=True)
                self.report.deactivated += 1
                metrics.SEND_FAILURES.labels(platform_name, "chat_gone").inc()
                return
            except RateLimited as limited:
                await self._fail(delivery, str(limited), retry_after=limited.retry_after)
                metrics.SEND_FAILURES.labels(platform_name, "rate_limited").inc()
                return
            except Exception as error:  # one chat's failure must never stop the others
                log.warning("delivery %s to %s failed: %r", delivery.id, chat, error)
                await self._fail(delivery, f"{type(error).__name__}: {error}")
                metrics.SEND_FAILURES.labels(platform_name, "error").inc()
                return
            try:
                await self.services.call(
                    self.storage.mark_sent, delivery.id, now=self.now, worker=self.worker
                )
            except LeaseLost as lost:
                log.warning("delivery %s settled elsewhere: %s", delivery.id, lost)
                return
            self.report.sent += 1
            self.report.empty += 0 if reply.digest is not None else 1
            metrics.DIGESTS_SENT.labels(platform_name).inc()
            return
        await self._fail(delivery, "chat migrated too many times")

    async def _send(self, chat: ChatRef, reply: Reply, delivery: Delivery, progress: list[int]) -> None:
        """Send the parts after `progress[0]`, committing progress after each one the platform accepts.

        The pacer's slot for a part is taken before it, the next one as soon as a part is committed (the
        platform sends the next part as soon as `on_part_sent` returns). Only the slot taken after the last
        part is given back: a part whose request failed still reached the platform and counts against its
        limits, so its slot is kept."""
        platform = self.platforms[chat.platform]
        slot = [await self.pacer.before_part(chat.platform, chat.chat_id)]

        async def part_sent(count: int) -> None:
            progress[0] = count
            await self.services.call(
                self.storage.record_part_sent, delivery.id, count, now=self.services.now(),
                worker=self.worker, lease_seconds=LEASE_SECONDS,
            )
            self.report.parts_sent += 1
            metrics.MESSAGES_SENT.labels(chat.platform).inc()
            slot[0] = await self.pacer.before_part(chat.platform, chat.chat_id)  # the next part's, if any

        lease_until = delivery.lease_until
        fresh = progress[0] == delivery.parts_sent  # nothing sent yet in this attempt
        if fresh and lease_until is not None and self.services.now() > lease_until - LEASE_MARGIN:
            self.pacer.unused(chat.platform, slot[0])
            raise _LeaseExpiring
        await platform.send(chat, reply, skip_parts=progress[0], on_part_sent=part_sent)
        self.pacer.unused(chat.platform, slot[0])  # taken for a part after the last: it never came

    async def _fail(
        self,
        delivery: Delivery,
        error: str,
        *,
        retry_after: float | None = None,
        final: bool = False,
        retry_now: bool = False,
    ) -> None:
        attempts = max(1, delivery.attempts)
        now = self.services.now()
        if retry_now:
            retry_at: datetime | None = now
        elif final or attempts >= MAX_ATTEMPTS:
            retry_at = None
        else:
            retry_at = now + retry_delay(attempts, retry_after=retry_after)
        try:
            await self.services.call(
                self.storage.mark_failed, delivery.id, now=now, error=error[:500], retry_at=retry_at,
                worker=self.worker,
            )
        except LeaseLost as lost:
            log.warning("delivery %s is no longer ours to fail: %s", delivery.id, lost)
            return
        if not retry_now:
            self.report.failed += 1
