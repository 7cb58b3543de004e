"""What every command handler shares: the context of one command and the permission predicates."""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.chat import Command, Reply
from bot.i18n import t
from bot.records import Subscription


@dataclass(frozen=True, slots=True)
class Context:
    """One command being answered: who asked, in which language, and the chat's subscription if any."""

    command: Command
    language: str
    subscription: Subscription | None

    def say(self, key: str, /, **values: object) -> Reply:
        """A text reply in the context's language."""
        return Reply(language=self.language, text=t(self.language, key, **values))


class BadArgument(ValueError):
    """An argument the user typed is wrong; `reply_key` and `values` say which reply explains it. A tuple
    value lists alternatives, shown as "A, B or C" in the reply's language."""

    def __init__(self, reply_key: str, **values: object) -> None:
        super().__init__(reply_key)
        self.reply_key = reply_key
        self.values = values


Handler = Callable[[Context], Awaitable[Reply]]


def is_admin(command: Command, admin_user_ids: frozenset[str]) -> bool:
    """Whether the user may change this chat's settings and sources."""
    if f"{command.chat.platform}:{command.user_id}" in admin_user_ids:
        return True
    return command.chat_type == "private" or command.is_chat_admin


def is_bot_admin(command: Command, admin_user_ids: frozenset[str]) -> bool:
    """Whether the user is one of the configured admins of the whole bot."""
    return f"{command.chat.platform}:{command.user_id}" in admin_user_ids


def ascii_digits(text: str) -> str:
    """Arabic-Indic digits (٠-٩, ۰-۹) as ASCII, so "٠٧:٣٠" is a time too."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in text)


def shown(value: str, limit: int = 40) -> str:
    """User input echoed back: printable characters only, shortened."""
    clean = "".join(c for c in value if c.isprintable())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"
