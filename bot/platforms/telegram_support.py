"""Library-free pieces of the Telegram adapter: URLs, command parsing, button data.

Kept apart from `bot.platforms.telegram` (the only module importing python-telegram-bot) so that they are
small predicates tested alone.
"""

from __future__ import annotations

from collections import OrderedDict

MENU = (
    "start",
    "help",
    "digest",
    "search",
    "subscribe",
    "unsubscribe",
    "settings",
    "time",
    "timezone",
    "lang",
    "topics",
    "filter",
    "sources",
    "addsource",
    "removesource",
)
"""The command menu, in this order; descriptions are the `render.menu.*` strings."""

ALLOWED_UPDATES = ("message", "channel_post", "callback_query", "my_chat_member")
CHAT_TYPES = {"private": "private", "group": "group", "supergroup": "group", "channel": "channel"}
GONE_BAD_REQUESTS = (
    "chat not found",
    "bot was kicked",
    "chat_write_forbidden",
    "have no rights to send",
    "not enough rights to send text",
    "group chat was deactivated",
    "message thread not found",
    "topic_deleted",
)
"""400 errors that mean the bot can never post there again (a deleted forum topic included): like
Forbidden, the chat is gone."""


def api_urls(base: str) -> tuple[str, str]:
    """(base_url, base_file_url) for python-telegram-bot from TELEGRAM_API_BASE_URL: a server root
    ("http://host:8081"), a URL ending in "/bot" (the token is appended) or a template with "{token}"."""
    base = base.rstrip("/")
    if "{token}" in base:
        return base, base.replace("/bot{token}", "/file/bot{token}")
    if base.endswith("/bot"):
        return base, base[: -len("/bot")] + "/file/bot"
    return base + "/bot", base + "/file/bot"


def parse_command_text(text: str, bot_username: str | None) -> tuple[str, str] | None:
    """("search", "gaza talks") from "/search@ThisBot gaza talks"; None for text or another bot's command."""
    if not text.startswith("/"):
        return None
    head, _, args = text[1:].partition(" ")
    head, _, newline_args = head.partition("\n")
    args = (newline_args + " " + args).strip() if newline_args else args.strip()
    name, _, addressee = head.partition("@")
    if not name or (addressee and bot_username and addressee.lower() != bot_username.lower()):
        return None
    return name.lower(), args


def chat_id_value(chat_id: str) -> int | str:
    """Numeric ids as ints; "@channelname" stays a string."""
    try:
        return int(chat_id)
    except ValueError:
        return chat_id


class ButtonCommands:
    """callback_data for inline buttons: the command itself when it fits Telegram's 64 bytes, else a short
    key ("k:N") remembered for the most recent `capacity` long commands."""

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self._commands: OrderedDict[str, str] = OrderedDict()
        self._serial = 0

    def data_for(self, command: str) -> str:
        if len(command.encode("utf-8")) <= 64:
            return command
        self._serial += 1
        key = f"k:{self._serial}"
        self._commands[key] = command
        while len(self._commands) > self.capacity:
            self._commands.popitem(last=False)
        return key

    def command_for(self, data: str | None) -> str | None:
        """The command line a pressed button runs (None when its key expired)."""
        if not data:
            return None
        return self._commands.get(data) if data.startswith("k:") else data
