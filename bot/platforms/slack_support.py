"""Library-free pieces of the Slack adapter: a bounded cache whose entries expire, the team of a request,
and the pure reading of incoming text (Slack's wire format, command lines, channel kinds) and of our own
command words in replies.

Kept apart from `bot.platforms.slack` (the only module importing slack_bolt and slack_sdk) so that they are
small pieces tested alone.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from bot.chat import ALL_COMMANDS

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class ExpiringCache(Generic[Key, Value]):
    """Remembers up to `capacity` values for `seconds` each; the least recently stored goes first."""

    def __init__(self, seconds: float, capacity: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.capacity = capacity
        self._clock = clock
        self._entries: OrderedDict[Key, tuple[float, Value]] = OrderedDict()

    def get(self, key: Key) -> Value | None:
        """The value stored for `key`, or None when there is none or it has expired."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        if self._clock() >= expires:
            del self._entries[key]
            return None
        return value

    def put(self, key: Key, value: Value) -> None:
        self._entries.pop(key, None)
        self._entries[key] = (self._clock() + self.seconds, value)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def team_of(body: dict[str, Any]) -> str:
    """The workspace a request comes from: `team_id` in slash commands and events, `team.id` (or the
    user's `team_id` for org-wide apps) in button presses; "" when Slack sent none."""
    team = (
        body.get("team_id") or (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id")
    )
    return str(team or "")


# ---- incoming text (pure)
_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_LEADING_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s:,]*")


def unescape_incoming(text: str) -> str:
    """Slack's wire format to what the user typed: `<http://x|x>` -> http://x, `<#C1|news>` -> #news,
    `&lt;` -> <. User mentions (`<@U1>`) stay as they are."""
    def plain(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("@"):
            return match.group(0)
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            return "@" + (label or target[1:].split("^")[0])
        return target.removeprefix("mailto:") if label is None or target.startswith("http") else label

    text = _LINK.sub(plain, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def strip_leading_mention(text: str) -> str:
    """Remove the `<@UBOT>` a mention starts with."""
    return _LEADING_MENTION.sub("", text, count=1)


def split_command_line(text: str) -> tuple[str, str]:
    """("search", "gaza") from "search gaza" or "/search gaza"; an empty line asks for help."""
    text = text.strip()
    if not text:
        return "help", ""
    head, _, rest = text.partition(" ")
    name = head.lstrip("/").split("@")[0].lower() or "help"
    return name, rest.strip()


def chat_type_of(channel_id: str) -> str:
    """Slack ids tell the kind: D... direct message, G... private channel or group DM, C... channel."""
    if channel_id.startswith("D"):
        return "private"
    if channel_id.startswith("G"):
        return "group"
    return "channel"


_COMMAND_WORD = re.compile(r"(?<![\w/])/(" + "|".join(sorted(ALL_COMMANDS, key=len, reverse=True)) + r")\b")


def slack_command_words(text: str, slash_command: str) -> str:
    """Help and replies name commands as Telegram users type them ("/subscribe"); in Slack the same words
    follow the app's one slash command ("/news subscribe")."""
    return _COMMAND_WORD.sub(lambda match: f"{slash_command} {match.group(1)}", text)
