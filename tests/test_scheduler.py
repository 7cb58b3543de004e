"""The scheduler's ticks (ingest, digest, housekeeping) against a real SQLite database, and its lifecycle:
ticks start at once, stop() waits for an in-flight send."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import bot.ingest
from bot.chat import Reply
from bot.config import Settings
from bot.i18n import t
from bot.ingest.guard import blocked_kind
from bot.ingest.reports import FailureReason, SourceReport
from bot.platforms.base import PartSent
from bot.records import ChatRef, Source
from bot.scheduler import UNKNOWN_FAILURE, Scheduler, stopped_reason
from bot.services import Services
from bot.storage import Database
from tests.delivery_helpers import CountingBuilder, RecordingPlatform
from tests.storage_helpers import make_article

NOW = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


def services(storage: Database, now: datetime = NOW) -> Services:
    return Services(storage=storage, settings=Settings(), now=lambda: now, build_digest=CountingBuilder())


async def test_ingest_tick_reads_each_due_source_once_per_interval(
    sqlite_storage: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2026-05-04\nThe river dam opened on Monday. Farmers welcomed it.\n")
    (folder / "b.txt").write_text("date 2026-05-04\nافتتح السد على النهر يوم الاثنين. ورحّب المزارعون بذلك.\n")
    source = sqlite_storage.add_source("local", path=str(folder), interval_minutes=30)
    scheduler = Scheduler(services(sqlite_storage), {}, worker="w1")
    [report] = await scheduler.ingest_tick(NOW)
    assert (report.source_id, report.new) == (source.id, 2)
    assert await scheduler.ingest_tick(NOW + timedelta(minutes=1)) == []
    assert await scheduler.ingest_tick(NOW + timedelta(minutes=29)) == []
    [again] = await scheduler.ingest_tick(NOW + timedelta(minutes=30))
    assert again.new == 0
    assert sqlite_storage.count_articles() == 2
    await scheduler.stop()


async def test_two_schedulers_never_fetch_one_source_twice(sqlite_storage: Database) -> None:
    for i in range(6):
        sqlite_storage.add_source(f"s{i}", url=f"https://feeds.example/{i}.xml")
    fetched: list[int] = []

    async def fake_ingest(source: Source, now: datetime) -> SourceReport:
        fetched.append(source.id)
        await asyncio.sleep(0.01)
        await asyncio.to_thread(
            sqlite_storage.record_fetch_success,
            source.id,
            now=now,
            next_due_at=now + timedelta(minutes=source.interval_minutes),
        )
        return SourceReport(source_id=source.id, name=source.name)

    a = Scheduler(services(sqlite_storage), {}, worker="a", ingest_one=fake_ingest)
    b = Scheduler(services(sqlite_storage), {}, worker="b", ingest_one=fake_ingest)
    await asyncio.gather(a.ingest_tick(NOW), b.ingest_tick(NOW))
    assert sorted(fetched) == sorted({s.id for s in sqlite_storage.list_sources()})


async def test_housekeeping_drops_articles_past_retention(sqlite_storage: Database) -> None:
    source = sqlite_storage.add_source("wire", url="https://news.example/feed")
    old = NOW - timedelta(days=Settings().digest.retention_days + 1)
    sqlite_storage.add_articles(source.id, [make_article("Old story", published=old)], now=old)
    sqlite_storage.add_articles(source.id, [make_article("New story", published=NOW)], now=NOW)
    deleted = await Scheduler(services(sqlite_storage), {}).housekeeping_tick(NOW)
    assert deleted == 1 and sqlite_storage.count_articles() == 1


async def test_digest_tick_delivers_due_subscriptions(sqlite_storage: Database) -> None:
    sqlite_storage.subscribe(
        ChatRef("telegram", "1"), digest_time=time(8), timezone="UTC", now=NOW - timedelta(days=1)
    )
    platform = RecordingPlatform()
    scheduler = Scheduler(services(sqlite_storage), {"telegram": platform}, worker="w")
    assert (await scheduler.digest_tick(NOW)).sent == 1
    assert (await scheduler.digest_tick(NOW + timedelta(minutes=1))).claimed == 0


class SlowPlatform(RecordingPlatform):
    """Takes a while to send, so a shutdown can arrive mid-send."""

    def __init__(self) -> None:
        super().__init__()
        self.started = asyncio.Event()
        self.finished = asyncio.Event()

    async def send(
        self, chat: ChatRef, reply: Reply, *, skip_parts: int = 0, on_part_sent: PartSent | None = None
    ) -> int:
        self.started.set()
        await asyncio.sleep(0.5)
        result = await super().send(chat, reply, skip_parts=skip_parts, on_part_sent=on_part_sent)
        self.finished.set()
        return result


async def test_started_scheduler_runs_ticks_at_once_and_stop_finishes_inflight_sends(
    sqlite_storage: Database,
) -> None:
    now = datetime.now(UTC)
    sqlite_storage.subscribe(
        ChatRef("telegram", "1"),
        digest_time=(now - timedelta(minutes=2)).time(),
        timezone="UTC",
        now=now - timedelta(days=1),
    )
    platform = SlowPlatform()
    service = Services(storage=sqlite_storage, settings=Settings(), build_digest=CountingBuilder())
    scheduler = Scheduler(
        service, {"telegram": platform}, worker="w", ingest_one=lambda s, n: asyncio.sleep(0)
    )  # type: ignore[arg-type,return-value]
    scheduler.start()
    await asyncio.wait_for(platform.started.wait(), 10)
    await scheduler.stop()
    assert platform.finished.is_set()
    subscription = sqlite_storage.get_subscription(ChatRef("telegram", "1"))
    assert subscription is not None
    last = sqlite_storage.last_delivery(subscription.id)
    assert last is not None and last.state == "sent"
    assert scheduler.lag_seconds(datetime.now(UTC)) == 0.0
    assert scheduler.lag_seconds(datetime.now(UTC) + timedelta(minutes=3)) > 60


async def test_chats_are_told_when_their_source_is_stopped(sqlite_storage: Database) -> None:
    sqlite_storage.add_source("flaky", url="https://flaky.example/rss")
    sqlite_storage.subscribe(ChatRef("telegram", "9"), digest_time=time(8), timezone="UTC", now=NOW)
    sqlite_storage.update_subscription(ChatRef("telegram", "9"), locale="ar")

    async def failing(source: Source, now: datetime) -> SourceReport:
        return SourceReport(
            source_id=source.id,
            name=source.name,
            failed=1,
            error="HTTP 404",
            reason=FailureReason("http_status", 404),
            deactivated=True,
            notify=(ChatRef("telegram", "9"), ChatRef("slack", "C1")),
        )

    platform = RecordingPlatform()
    scheduler = Scheduler(services(sqlite_storage), {"telegram": platform}, ingest_one=failing)
    await scheduler.ingest_tick(NOW)
    [told] = platform.sent
    assert told.chat == ChatRef("telegram", "9") and told.reply.language == "ar"
    assert "flaky" in told.reply.text and "ردّ الخادم برمز الخطأ HTTP 404" in told.reply.text


async def test_a_stopped_source_is_explained_in_the_chats_language(sqlite_storage: Database) -> None:
    """The real pipeline refuses a loopback feed (default settings) and stops it after one failure: the
    Arabic chat is told why in Arabic, with no English words from the fetch error; an English chat gets the
    error's own detail."""
    arabic, english = ChatRef("telegram", "9"), ChatRef("telegram", "10")
    for chat, locale in ((arabic, "ar"), (english, "en")):
        sqlite_storage.subscribe(chat, digest_time=time(8), timezone="UTC", now=NOW)
        sqlite_storage.update_subscription(chat, locale=locale)
        sqlite_storage.add_source(f"local {locale}", url=f"http://127.0.0.1:9/{locale}.xml", added_by=chat)
    settings = Settings()
    settings = replace(settings, ingest=replace(settings.ingest, max_errors=1))
    platform = RecordingPlatform()
    service = Services(storage=sqlite_storage, settings=settings, now=lambda: NOW)
    scheduler = Scheduler(service, {"telegram": platform}, worker="w")
    try:
        await scheduler.ingest_tick(NOW)
    finally:
        await scheduler.stop()
    told = {sent.chat: sent.reply.text for sent in platform.sent}
    why = "(عنوانه يشير إلى هذا الجهاز نفسه)"
    assert f"توقفت عن قراءة المصدر «local ar» بعد إخفاقات متكررة {why}" in told[arabic]
    assert not re.search(r"refused|loopback|allow_private|127\.0\.0\.1", told[arabic])
    assert "(refused to connect to loopback address 127.0.0.1" in told[english]


def test_every_failure_code_has_words_in_both_languages() -> None:
    """Codes are read from the ingest code (code="..." and FailureReason("...")) and from the guard's
    address classes, so a new code without strings fails here rather than falling back to "failed"."""
    ingest = Path(bot.ingest.__file__).parent
    source = "\n".join(path.read_text(encoding="utf-8") for path in ingest.glob("*.py"))
    codes = set(re.findall(r'code="([a-z_]+)"', source))
    codes |= set(re.findall(r'FailureReason\("([a-z_]+)"', source))
    blocked = ["127.0.0.1", "10.0.0.1", "169.254.1.1", "224.0.0.1", "100.64.0.1", "0.0.0.0", "240.0.0.1"]
    blocked += ["fe80::1%eth0", "2001:db8::1", "fc00::1", "::ffff:10.0.0.1", "ff02::1", "::"]
    codes |= {f"blocked.{blocked_kind(address)}" for address in blocked}
    codes |= {"blocked.non_global", UNKNOWN_FAILURE}  # non_global: no sample reaches it (see test_commands)
    assert {"http_status", "gone", "timeout", "too_large", "not_a_feed", "unreadable"} <= codes
    assert {"blocked.loopback", "blocked.scoped"} <= codes
    for code in sorted(codes):
        for language in ("ar", "en"):
            words = t(language, f"cmd.source_stopped.reason.{code}", status=404)
            assert words and "{" not in words, code
        arabic = t("ar", f"cmd.source_stopped.reason.{code}", status=404)
        assert not re.search(r"[A-Za-z]", arabic.replace("HTTP", "")), code


def test_stopped_reason_without_a_code_says_nothing_english_in_arabic() -> None:
    report = SourceReport(source_id=1, name="x", error="connection failed: [Errno 111] Connection refused")
    assert stopped_reason("ar", report) == "خطأ غير متوقع"
    assert stopped_reason("en", report) == "connection failed: [Errno 111] Connection refused"
    odd = replace(report, reason=FailureReason("from_the_future"))
    assert stopped_reason("ar", odd) == "خطأ غير متوقع"
