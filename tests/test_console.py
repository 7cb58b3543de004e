"""The terminal platform: typed lines become commands, replies and digests print as plain text."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

from bot.chat import Command, Reply
from bot.commands import CommandLayer
from bot.config import Settings
from bot.platforms.console import CONSOLE_CHAT, ConsolePlatform, to_command
from bot.services import Services
from bot.storage import Database

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


async def lines(*items: str) -> AsyncIterator[str]:
    for item in items:
        yield item


def test_lines_become_commands() -> None:
    command = to_command("/subscribe 07:30 Asia/Riyadh\n")
    assert command == Command(chat=CONSOLE_CHAT, user_id="local", name="subscribe", args="07:30 Asia/Riyadh")
    search = to_command("سد النهر")
    assert search is not None and (search.name, search.args) == ("search", "سد النهر")
    assert to_command("   \n") is None


async def test_console_session_answers_each_line(sqlite_storage: Database) -> None:
    out: list[str] = []
    layer = CommandLayer(Services(storage=sqlite_storage, settings=Settings(), now=lambda: NOW))
    console = ConsolePlatform(
        lines("/help", "", "/subscribe 07:30 Asia/Riyadh", "/lang ar", "/settings"), out.append
    )
    await console.start(layer.handle)
    await console.wait_closed()
    text = "".join(out)
    assert "/search" in text and "07:30" in text and "Asia/Riyadh" in text and "إعدادات" in text
    assert sqlite_storage.get_subscription(CONSOLE_CHAT) is not None
    await console.stop()


async def test_send_prints_once_and_reports_the_part() -> None:
    out: list[str] = []
    seen: list[int] = []

    async def part_sent(n: int) -> None:
        seen.append(n)

    console = ConsolePlatform(lines(), out.append)
    assert (
        await console.send(CONSOLE_CHAT, Reply(language="en", text="No news."), on_part_sent=part_sent) == 1
    )
    assert await console.send(CONSOLE_CHAT, Reply(language="en", text="again"), skip_parts=1) == 1
    assert out == ["No news.\n"] and seen == [1]


async def session(storage: Database, *typed: str, locale: str | None = None) -> list[str]:
    """Each line's printed reply."""
    out: list[str] = []
    layer = CommandLayer(Services(storage=storage, settings=Settings(), now=lambda: NOW))
    console = ConsolePlatform(lines(*typed), out.append, locale=locale)
    await console.start(layer.handle)
    await console.wait_closed()
    await console.stop()
    return out


async def test_lang_then_search_answers_in_arabic_without_a_subscription(sqlite_storage: Database) -> None:
    lang, search = await session(sqlite_storage, "/lang ar", "/search مرحبا")
    assert "سأردّ بالعربية" in lang and "لم أجد شيئًا" in search and "Nothing" not in search
    assert sqlite_storage.list_subscriptions() == []


async def test_the_language_typed_picks_the_replies_unless_the_chat_chose_one(
    sqlite_storage: Database,
) -> None:
    replies = await session(
        sqlite_storage,
        "مرحبا",  # a line without a slash is a search
        "/help",  # no words of its own: the last language typed holds
        "/subscribe 07:30 Asia/Riyadh",
        "/search dam",
        "/lang en",
        "/search مرحبا",
    )
    arabic_search, arabic_help, arabic_subscribe, english_search, lang_en, chosen = replies
    assert "لم أجد شيئًا" in arabic_search and "أرسل ملخصًا يوميًا" in arabic_help
    assert "تم الاشتراك" in arabic_subscribe
    assert "Nothing found" in english_search and "answer in English" in lang_en
    assert "Nothing found" in chosen  # /lang en wins over Arabic input


def test_typed_locale_remembers_the_last_language_with_words() -> None:
    console = ConsolePlatform(lines(), lambda text: None)
    assert console.typed_locale("/help") is None
    assert console.typed_locale("/digest أمس") == "ar"
    assert console.typed_locale("/time 07:30") == "ar"
    assert console.typed_locale("/search oil") == "en"


async def test_a_fixed_locale_wins_over_the_script(sqlite_storage: Database) -> None:
    [reply] = await session(sqlite_storage, "/search volcano", locale="ar")
    assert "لم أجد شيئًا" in reply
