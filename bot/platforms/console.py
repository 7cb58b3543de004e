"""The terminal as a chat platform: `newsbot chat`, and `newsbot run` when no platform is configured.

Each input line is a command ("/search dam river", "/subscribe 07:30 Asia/Riyadh"); a line without a slash
is a search. Replies and scheduled digests print as plain text (`render_text`). The one chat is
ChatRef("console", "console"), a private chat whose user administers it.

A terminal does not say which language its user reads, so the words typed do: Arabic input gets Arabic
replies, and a line without words of its own ("/help", "/time 07:30") keeps the language of the last one
that had some. That is the user's language of each Command, as Telegram's client language is; the chat's
/lang choice still wins over it (`bot.i18n.pick_language`, in the command layer).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import AsyncIterator, Callable

from bot.chat import ALL_COMMANDS, Command, Reply
from bot.i18n import TypedLanguages
from bot.platforms.base import CommandHandler, PartSent
from bot.platforms.render_text import render_text
from bot.records import ChatRef

CONSOLE_CHAT = ChatRef("console", "console")


def to_command(line: str, *, locale: str | None = None) -> Command | None:
    """A typed line as a Command; None for a blank line."""
    text = line.strip()
    if not text:
        return None
    if not text.startswith("/"):
        return Command(chat=CONSOLE_CHAT, user_id="local", name="search", args=text, locale=locale)
    name, _, args = text[1:].partition(" ")
    return Command(chat=CONSOLE_CHAT, user_id="local", name=name, args=args.strip(), locale=locale)


async def stdin_lines() -> AsyncIterator[str]:
    """Lines of standard input, read by a daemon thread so a blocked read never delays shutdown."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(queue.put_nowait, line)
        loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=read, name="console-stdin", daemon=True).start()
    while (line := await queue.get()) is not None:
        yield line


class ConsolePlatform:
    """A ChatPlatform over an async line source and a writer (stdin and stdout by default)."""

    name = "console"

    def __init__(
        self,
        lines: AsyncIterator[str] | None = None,
        write: Callable[[str], None] | None = None,
        *,
        locale: str | None = None,
        prompt: str = "",
    ) -> None:
        self._lines = lines
        self._write = write or _print
        self._locale = locale
        """A fixed user language; None: the language of what the user types (`typed_locale`)."""
        self._typed = TypedLanguages(ALL_COMMANDS, capacity=1)
        self._prompt = prompt
        self._task: asyncio.Task[None] | None = None
        self.closed = asyncio.Event()
        """Set when the input ends (EOF): `newsbot chat` exits then."""

    async def start(self, handle: CommandHandler) -> None:
        """Answer each input line with `handle`, in the background."""
        self._task = asyncio.create_task(self._serve(handle), name="console")

    async def _serve(self, handle: CommandHandler) -> None:
        lines = self._lines if self._lines is not None else stdin_lines()
        try:
            if self._prompt:
                self._write(self._prompt)
            async for line in lines:
                command = to_command(line, locale=self._locale or self.typed_locale(line))
                if command is not None:
                    await self.send(CONSOLE_CHAT, await handle(command))
                if self._prompt:
                    self._write(self._prompt)
        finally:
            self.closed.set()

    def typed_locale(self, line: str) -> str | None:
        """The user's language as their input shows it: this line's, else the last line's that told."""
        command = to_command(line)
        name, args = (command.name, command.args) if command is not None else ("", "")
        return self._typed.of_command(CONSOLE_CHAT.chat_id, name, args)

    async def wait_closed(self) -> None:
        """Wait until the input ends."""
        await self.closed.wait()

    async def stop(self) -> None:
        """Stop reading input."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.closed.set()

    async def send(
        self, chat: ChatRef, reply: Reply, *, skip_parts: int = 0, on_part_sent: PartSent | None = None
    ) -> int:
        """Print the reply as one part."""
        if skip_parts < 1:
            self._write(render_text(reply) + "\n")
            if on_part_sent is not None:
                await on_part_sent(1)
        return 1


def _print(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()
