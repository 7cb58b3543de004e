"""Scheduled digests through the real stack: digest engine, python-telegram-bot adapter and the fake Bot API
on loopback, with a chat that blocked the bot, a group that became a supergroup and a 429."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from bot.config import Settings, TelegramSettings
from bot.platforms.telegram import TelegramPlatform
from bot.records import ChatRef
from bot.sender import deliver_due
from bot.services import Services
from bot.storage import Database
from tests.fakes.telegram_api import FakeTelegramApi, Fault
from tests.storage_helpers import make_article

T8 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


async def test_digest_tick_over_the_fake_bot_api(sqlite_storage: Database) -> None:
    source = sqlite_storage.add_source("wire", url="https://wire.example/feed")
    sqlite_storage.add_articles(
        source.id,
        [
            make_article(
                "Ferry service resumes <after> storm & repairs",
                "The ferry sailed again on Monday. Passengers waited on the quay since dawn.",
                published=T8 - timedelta(hours=3),
            ),
            make_article(
                "استئناف رحلات العبّارة بعد العاصفة",
                "أبحرت العبّارة مجددًا يوم الاثنين. وانتظر الركاب على الرصيف منذ الفجر.",
                language="ar",
                published=T8 - timedelta(hours=2),
            ),
        ],
        now=T8 - timedelta(hours=1),
    )
    for chat in ("101", "-200", "102"):
        sqlite_storage.subscribe(
            ChatRef("telegram", chat), digest_time=time(8), timezone="UTC", now=T8 - timedelta(days=1)
        )
    async with FakeTelegramApi() as api:
        api.inject(Fault("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id="101"))
        api.inject(
            Fault(
                "sendMessage",
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": -100300},
                chat_id="-200",
            )
        )
        api.inject(
            Fault("sendMessage", 429, "Too Many Requests: retry after 1", {"retry_after": 1}, chat_id="102")
        )
        platform = TelegramPlatform(TelegramSettings(token=api.token, api_base_url=api.base_url))
        services = Services(storage=sqlite_storage, settings=Settings(), now=lambda: T8)
        try:
            report = await deliver_due(services, {"telegram": platform}, now=T8, worker="w")
        finally:
            await platform.stop()
        sent = list(api.sent)
    assert (report.sent, report.deactivated, report.migrated, report.digests_built) == (2, 1, 1, 1)
    assert sorted({m.chat_id for m in sent}) == ["-100300", "102"]
    assert any("Ferry service resumes" in m.text for m in sent)
    assert all(m.disable_preview for m in sent)
    blocked = sqlite_storage.get_subscription(ChatRef("telegram", "101"))
    assert blocked is not None and not blocked.active
    assert sqlite_storage.get_subscription(ChatRef("telegram", "-100300")) is not None
    # nothing is sent twice on the next ticks
    again = await deliver_due(services, {"telegram": platform}, now=T8 + timedelta(minutes=1), worker="w")
    assert again.claimed == 0
