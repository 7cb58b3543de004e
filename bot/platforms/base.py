"""What every chat platform adapter offers the rest of the bot.

Adapters translate; they don't decide: an update becomes a `bot.chat.Command`, the command layer answers
with a `bot.chat.Reply`, the adapter renders it within the platform's limits and sends it. Library errors
become `bot.errors` errors inside the adapter (RateLimited, ChatGone, ChatMigrated, PlatformError).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.chat import Command, Reply
from bot.records import ChatRef

CommandHandler = Callable[[Command], Awaitable[Reply]]
"""The command layer: `bot.commands.CommandLayer.handle`."""

PartSent = Callable[[int], Awaitable[None]]
"""Called after the platform accepted part N (1-based count of parts sent so far) of a multi-part reply."""


class ChatPlatform(Protocol):
    name: str
    """"telegram", "slack" or "console"."""

    async def start(self, handle: CommandHandler) -> None:
        """Begin receiving updates and answering them with `handle`; return once running."""

    async def stop(self) -> None:
        """Stop receiving, finish in-flight sends, close connections."""

    async def send(
        self, chat: ChatRef, reply: Reply, *, skip_parts: int = 0, on_part_sent: PartSent | None = None
    ) -> int:
        """Render and send `reply` to `chat`, skipping the first `skip_parts` parts (sent before a crash).
        Honours rate limits (waits and retries RetryAfter / 429). Returns the total number of parts.
        Raises ChatGone (deactivate the subscription), ChatMigrated, or PlatformError."""
