"""The digest tick against a real Database (SQLite, and PostgreSQL when configured) and a recording
fake platform: exactly once, fan-out reuse, resume after a crash mid-digest, blocked and migrated chats,
backoff."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest

from bot.chat import Reply
from bot.config import Settings
from bot.errors import ChatGone, ChatMigrated, PlatformError, RateLimited
from bot.pacing import Pacer, PlatformLimits
from bot.records import ChatRef
from bot.sender import LEASE_SECONDS, deliver_due
from bot.services import Services, build_with_engine, prepare_articles
from bot.storage import Database
from tests.delivery_helpers import CountingBuilder, RecordingPlatform
from tests.storage_helpers import make_article

T8 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
FAST = Pacer({"telegram": PlatformLimits(per_second=10_000, burst=100, per_chat_interval=0)})


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def make_services(storage: Database, clock: Clock, builder: CountingBuilder) -> Services:
    return Services(storage=storage, settings=Settings(), now=clock, build_digest=builder)


def seed(
    storage: Database,
    chats: int,
    *,
    at: time = time(8, 0),
    tz: str = "UTC",
    created: datetime = T8 - timedelta(days=2),
) -> list[ChatRef]:
    source = storage.add_source("wire", url="https://news.example/feed")
    storage.add_articles(
        source.id,
        [
            make_article("Dam opens on the river", published=T8 - timedelta(hours=3)),
            make_article("افتتاح سد على النهر", language="ar", published=T8 - timedelta(hours=2)),
        ],
        now=T8 - timedelta(hours=1),
    )
    refs = [ChatRef("telegram", str(1000 + i)) for i in range(chats)]
    for ref in refs:
        storage.subscribe(ref, digest_time=at, timezone=tz, now=created)
    return refs


async def tick(
    storage: Database, platform: RecordingPlatform, clock: Clock, builder: CountingBuilder, worker: str = "w1"
):
    services = make_services(storage, clock, builder)
    return await deliver_due(services, {"telegram": platform}, now=clock.now, worker=worker, pacer=FAST)


async def test_each_due_digest_is_sent_once_and_the_window_moves(storage: Database) -> None:
    refs = seed(storage, 3)
    platform, builder, clock = RecordingPlatform(), CountingBuilder(), Clock(T8 - timedelta(minutes=1))
    assert (await tick(storage, platform, clock, builder)).claimed == 0
    clock.now = T8
    report = await tick(storage, platform, clock, builder)
    assert (report.claimed, report.sent, report.digests_built) == (3, 3, 1)
    assert sorted(s.chat.chat_id for s in platform.sent) == sorted(r.chat_id for r in refs)
    for minute in (1, 2, 60):
        clock.now = T8 + timedelta(minutes=minute)
        assert (await tick(storage, platform, clock, builder)).claimed == 0
    assert len(platform.sent) == 3
    subscription = storage.get_subscription(refs[0])
    assert subscription is not None and subscription.last_digest_at == T8
    # both articles were in the first (24 h) window; the next day's window starts at T8 and is empty
    assert builder.calls[0][2] == 2
    clock.now = T8 + timedelta(days=1)
    report = await tick(storage, platform, clock, builder)
    assert (report.sent, report.empty) == (3, 3)
    assert builder.calls[-1][2] == 0 and platform.sent[-1].reply.digest is None
    assert platform.sent[-1].reply.text


async def test_fan_out_builds_each_distinct_digest_once(sqlite_storage: Database) -> None:
    refs = seed(sqlite_storage, 6)
    for ref in refs[:2]:
        sqlite_storage.update_subscription(ref, languages=frozenset({"ar"}), locale="ar")
    sqlite_storage.update_subscription(refs[2], include=("dam",))
    platform, builder = RecordingPlatform(), CountingBuilder()
    report = await tick(sqlite_storage, platform, Clock(T8), builder)
    assert (report.sent, report.digests_built) == (6, 3)
    arabic = [s for s in platform.sent if s.chat in refs[:2]]
    assert all(s.reply.language == "ar" and s.reply.digest is not None for s in arabic)
    assert arabic[0].reply.digest is arabic[1].reply.digest  # the very same object: built once


async def test_two_workers_racing_send_each_digest_once(storage: Database) -> None:
    seed(storage, 8)
    platform, builder, clock = RecordingPlatform(), CountingBuilder(), Clock(T8)
    import asyncio

    reports = await asyncio.gather(
        tick(storage, platform, clock, builder, "a"), tick(storage, platform, clock, builder, "b")
    )
    assert sum(r.sent for r in reports) == 8
    assert len(platform.sent) == 8 == len({s.chat for s in platform.sent})


async def test_crash_mid_digest_resumes_after_the_committed_parts(storage: Database) -> None:
    class Crash(BaseException):
        pass

    [ref] = seed(storage, 1)
    platform = RecordingPlatform(parts=3, crash_after=2, crash=Crash)
    builder, clock = CountingBuilder(), Clock(T8)
    with pytest.raises(Crash):  # the platform accepted part 2, then the process "died" before the commit
        await tick(storage, platform, clock, builder)
    assert [s.part for s in platform.sent] == [1, 2]
    # the lease of the dead worker holds the row until it expires
    clock.now = T8 + timedelta(minutes=1)
    assert (await tick(storage, platform, clock, builder, "w2")).claimed == 0
    platform.crash_after = None
    clock.now = T8 + timedelta(seconds=LEASE_SECONDS + 60)
    report = await tick(storage, platform, clock, builder, "w2")
    assert report.sent == 1
    assert [s.part for s in platform.sent] == [1, 2, 2, 3]  # at most the uncommitted part again
    subscription = storage.get_subscription(ref)
    assert subscription is not None
    last = storage.last_delivery(subscription.id)
    assert last is not None and (last.state, last.parts_sent) == ("sent", 3)


async def test_failure_after_part_one_retries_only_the_rest(sqlite_storage: Database) -> None:
    seed(sqlite_storage, 1)
    platform = RecordingPlatform(parts=3, crash_after=1, crash=PlatformError)
    builder, clock = CountingBuilder(), Clock(T8)
    report = await tick(sqlite_storage, platform, clock, builder)
    assert (report.sent, report.failed) == (0, 1)
    # the crash happened before part 1's progress was reported: it is resent, then 2 and 3 only
    platform.crash_after = None
    clock.now = T8 + timedelta(minutes=2)
    assert (await tick(sqlite_storage, platform, clock, builder)).sent == 1
    assert [s.part for s in platform.sent] == [1, 1, 2, 3]


async def test_blocked_chat_is_deactivated_and_not_retried(storage: Database) -> None:
    refs = seed(storage, 2)
    platform = RecordingPlatform(
        failures={refs[0].chat_id: ChatGone("Forbidden: bot was blocked by the user")}
    )
    builder, clock = CountingBuilder(), Clock(T8)
    report = await tick(storage, platform, clock, builder)
    assert (report.sent, report.deactivated) == (1, 1)
    blocked = storage.get_subscription(refs[0])
    assert blocked is not None and not blocked.active
    clock.now = T8 + timedelta(hours=1)
    assert (await tick(storage, platform, clock, builder)).claimed == 0
    assert [s.chat for s in platform.sent] == [refs[1]]


async def test_a_failed_send_keeps_its_pacer_slot_and_a_sent_one_gives_back_only_the_spare(
    sqlite_storage: Database,
) -> None:
    """A request the platform refused still reached it and counts against its rate: its token stays spent.
    A delivered digest spends one token for its part; the one reserved for a next part comes back."""
    refs = seed(sqlite_storage, 2)
    platform = RecordingPlatform(failures={refs[0].chat_id: ChatGone("Forbidden: bot was blocked")})
    pacer = Pacer({"telegram": PlatformLimits(per_second=0.01, burst=3, per_chat_interval=0)})
    services = make_services(sqlite_storage, Clock(T8), CountingBuilder())
    report = await deliver_due(services, {"telegram": platform}, now=T8, worker="w1", pacer=pacer)
    assert (report.sent, report.deactivated) == (1, 1)
    await asyncio.wait_for(pacer.before_part("telegram", "other"), 0.5)  # the one token left of three
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(pacer.before_part("telegram", "another"), 0.3)


async def test_migrated_chat_moves_and_gets_the_digest(storage: Database) -> None:
    [ref] = seed(storage, 1)
    platform = RecordingPlatform(failures={ref.chat_id: ChatMigrated("-100777")})
    report = await tick(storage, platform, Clock(T8), CountingBuilder())
    assert (report.sent, report.migrated) == (1, 1)
    assert [s.chat.chat_id for s in platform.sent] == ["-100777"]
    assert storage.get_subscription(ChatRef("telegram", "-100777")) is not None


async def test_rate_limited_delivery_backs_off_then_succeeds(sqlite_storage: Database) -> None:
    [ref] = seed(sqlite_storage, 1)
    platform = RecordingPlatform(failures={ref.chat_id: RateLimited(120)})
    builder, clock = CountingBuilder(), Clock(T8)
    assert (await tick(sqlite_storage, platform, clock, builder)).failed == 1
    clock.now = T8 + timedelta(seconds=90)  # Retry-After not over yet
    assert (await tick(sqlite_storage, platform, clock, builder)).claimed == 0
    clock.now = T8 + timedelta(seconds=121)
    assert (await tick(sqlite_storage, platform, clock, builder)).sent == 1
    assert len(platform.sent) == 1


async def test_persistent_errors_give_up_after_max_attempts(sqlite_storage: Database) -> None:
    [ref] = seed(sqlite_storage, 1)
    platform = RecordingPlatform(failures={ref.chat_id: PlatformError("Bad Request")}, sticky=True)
    builder, clock = CountingBuilder(), Clock(T8)
    attempts = 0
    while clock.now < T8 + timedelta(hours=5):
        attempts += (await tick(sqlite_storage, platform, clock, builder)).claimed
        clock.now += timedelta(minutes=1)
    subscription = sqlite_storage.get_subscription(ref)
    assert subscription is not None
    last = sqlite_storage.last_delivery(subscription.id)
    assert last is not None and last.state == "failed" and last.next_attempt_at is None
    assert 3 <= attempts <= 6


async def test_stopping_releases_unstarted_claims(sqlite_storage: Database) -> None:
    import asyncio

    seed(sqlite_storage, 3)
    stopping = asyncio.Event()
    stopping.set()
    platform, builder, clock = RecordingPlatform(), CountingBuilder(), Clock(T8)
    services = make_services(sqlite_storage, clock, builder)
    report = await deliver_due(
        services, {"telegram": platform}, now=T8, worker="w", pacer=FAST, stopping=stopping
    )
    assert (report.released, platform.sent) == (3, [])
    # another worker can take them over at once (no lease to wait for)
    report = await deliver_due(services, {"telegram": platform}, now=T8, worker="w2", pacer=FAST)
    assert report.sent == 3


async def test_platforms_not_running_here_are_left_alone(sqlite_storage: Database) -> None:
    seed(sqlite_storage, 1)
    sqlite_storage.subscribe(
        ChatRef("slack", "C1"), digest_time=time(8), timezone="UTC", now=T8 - timedelta(days=1)
    )
    platform = RecordingPlatform()
    report = await tick(sqlite_storage, platform, Clock(T8), CountingBuilder())
    assert report.claimed == 1 and [s.chat.platform for s in platform.sent] == ["telegram"]


async def test_local_time_in_another_timezone(sqlite_storage: Database) -> None:
    seed(sqlite_storage, 1, at=time(7, 30), tz="Asia/Riyadh")  # 04:30 UTC
    platform, builder = RecordingPlatform(), CountingBuilder()
    assert (
        await tick(sqlite_storage, platform, Clock(datetime(2026, 5, 4, 4, 29, tzinfo=UTC)), builder)
    ).sent == 0
    assert (
        await tick(sqlite_storage, platform, Clock(datetime(2026, 5, 4, 4, 30, tzinfo=UTC)), builder)
    ).sent == 1


async def test_claims_whose_lease_runs_out_in_the_queue_are_handed_back(sqlite_storage: Database) -> None:
    seed(sqlite_storage, 4)
    clock = Clock(T8)

    class SlowFirstSend(RecordingPlatform):
        async def send(self, chat: ChatRef, reply: Reply, **kwargs: Any) -> int:
            if not self.sent:
                clock.now += timedelta(seconds=LEASE_SECONDS - 60)  # the queue took almost the whole lease
            return await super().send(chat, reply, **kwargs)

    platform, builder = SlowFirstSend(), CountingBuilder()
    report = await tick(sqlite_storage, platform, clock, builder)
    assert (report.sent, report.released) == (1, 3)
    report = await tick(sqlite_storage, platform, clock, builder)  # handed back: claimable again at once
    assert report.sent == 3 and len({s.chat for s in platform.sent}) == 4 == len(platform.sent)


async def test_restart_after_downtime_sends_the_missed_digest_once(sqlite_storage: Database) -> None:
    seed(sqlite_storage, 2)
    platform, builder = RecordingPlatform(), CountingBuilder()
    # the bot was down from 07:50 to 11:00: the 08:00 digest goes out once on start
    clock = Clock(T8 + timedelta(hours=3))
    assert (await tick(sqlite_storage, platform, clock, builder)).sent == 2
    clock.now += timedelta(minutes=1)
    assert (await tick(sqlite_storage, platform, clock, builder)).claimed == 0
    # down again from the next day 07:50 until 15:00: past the 6 h grace, nothing until the day after
    for hours in (31, 40):
        clock.now = T8 + timedelta(hours=hours)
        assert (await tick(sqlite_storage, platform, clock, builder)).claimed == 0
    clock.now = T8 + timedelta(days=2)
    assert (await tick(sqlite_storage, platform, clock, builder)).sent == 2
    assert len(platform.sent) == 4


async def test_option_sets_sharing_a_window_prepare_its_articles_once(
    sqlite_storage: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    refs = seed(sqlite_storage, 3)
    sqlite_storage.update_subscription(refs[1], include=("dam",))
    sqlite_storage.update_subscription(refs[2], languages=frozenset({"ar"}), locale="ar")
    prepared: list[int] = []

    def counting_prepare(stored: Any) -> Any:
        prepared.append(len(stored))
        return prepare_articles(stored)

    monkeypatch.setattr("bot.services.prepare_articles", counting_prepare)
    services = Services(
        storage=sqlite_storage, settings=Settings(), now=Clock(T8), build_digest=build_with_engine
    )
    report = await deliver_due(services, {"telegram": RecordingPlatform()}, now=T8, worker="w1", pacer=FAST)
    assert (report.sent, report.digests_built) == (3, 3)
    assert sorted(prepared) == [1, 2]  # the Arabic-only window, and the all-languages one shared by two
