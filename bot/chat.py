"""Platform-neutral chat messages: what adapters turn updates into, and what commands answer with."""

from __future__ import annotations

from dataclasses import dataclass

from bot.records import ChatRef, SearchPage
from digests.model import Digest


@dataclass(frozen=True, slots=True)
class Command:
    """A chat command as every platform delivers it: `/search foo` -> name "search", args "foo"."""

    chat: ChatRef
    user_id: str
    name: str
    args: str = ""
    locale: str | None = None
    """The user's client language code, if the platform tells it ("ar", "en-GB")."""
    chat_type: str = "private"
    """"private", "group" or "channel"."""
    is_chat_admin: bool = False
    """Whether the platform says the user administers this chat (adapters look it up for groups)."""


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    command: str
    """The command line the button runs, e.g. "/search gaza page:2"."""


@dataclass(frozen=True, slots=True)
class Reply:
    """What the bot says. Exactly one of text, digest or search carries the content; text may head the
    other two. Plain text, not escaped: each platform's renderer escapes and formats it."""

    language: str
    """"ar" or "en": the language of the bot's own words (headings, labels, help)."""
    text: str = ""
    digest: Digest | None = None
    search: SearchPage | None = None
    buttons: tuple[Button, ...] = ()


ADMIN_COMMANDS = frozenset(
    {"subscribe", "unsubscribe", "time", "timezone", "lang", "topics", "filter", "addsource", "removesource"}
)
"""Commands that change a chat's settings or sources: in groups and channels only chat administrators
(and configured admins) may run them. Adapters look up admin status only for these."""

ALL_COMMANDS = ADMIN_COMMANDS | {"start", "help", "settings", "digest", "search", "sources"}
