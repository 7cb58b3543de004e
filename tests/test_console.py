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
