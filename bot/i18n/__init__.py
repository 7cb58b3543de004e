"""The bot's own words in Arabic and English.

Strings live in per-area modules (`commands.py` for command replies, `render.py` for digest and search
layouts), each a dict `{key: {"en": "...", "ar": "..."}}`. `t(language, key, **values)` formats one.
"""

from __future__ import annotations

import importlib
from collections import OrderedDict
from collections.abc import Collection
from functools import cache

LANGUAGES = ("ar", "en")
_AREAS = ("commands", "render")


@cache
def _strings() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for area in _AREAS:
        try:
            module = importlib.import_module(f"bot.i18n.{area}")
        except ModuleNotFoundError:
            continue
        for key, texts in module.STRINGS.items():
            if key in merged:
                raise RuntimeError(f"i18n key {key!r} defined twice")
            merged[key] = texts
    return merged


def t(language: str, key: str, /, **values: object) -> str:
    """The string `key` in `language` ("ar" or "en"; anything else falls back to English)."""
    texts = _strings()[key]
    template = texts.get(language) or texts["en"]
    return template.format(**values) if values else template


def has(key: str) -> bool:
    """Whether `key` is one of the bot's strings (for keys built from a code, such as an error's)."""
    return key in _strings()


def language_of_text(text: str) -> str | None:
    """The language a message's own words are written in, for a platform that does not say which language
    its user reads (the console, Slack): "ar" for Arabic script, "en" for Latin, None when the message has no
    words of its own. Command names, times, dates, zone names and key:value filters ("/search", "07:30",
    "Asia/Riyadh", "lang:ar") say nothing about the writer and are left out."""
    from digests.text import detect_language

    words = [word for word in text.split() if not any(c in "/:@#" or c.isdigit() for c in word)]
    found = detect_language(" ".join(words))
    return found if found in LANGUAGES else None


class TypedLanguages:
    """The language each user writes in, for platforms that do not say which language their users read
    (the console, Slack; Telegram sends the client's): a message with words of its own tells
    (`language_of_text`), and one without ("/help", "digest", "time 07:30") keeps what that user's last
    message told. The chat's /lang choice still wins over it (`pick_language`, in the command layer).
    Remembers the `capacity` users seen most recently."""

    def __init__(self, commands: Collection[str], capacity: int = 10_000) -> None:
        self.commands = commands
        self.capacity = capacity
        self._last: OrderedDict[str, str] = OrderedDict()

    def of_command(self, user: str, name: str, args: str) -> str | None:
        """The language of `user` as the command `name args` shows it, else as their last message did.
        The words after a known command name count; after an unknown one (a greeting typed in a direct
        message, "مرحبا"), the name is the user's own word too."""
        found = language_of_text(args if name in self.commands else f"{name} {args}")
        if found is None:
            found = self._last.get(user)
            if found is None:
                return None
        self._last[user] = found
        self._last.move_to_end(user)
        while len(self._last) > self.capacity:
            self._last.popitem(last=False)
        return found


def pick_language(chosen: str | None, user_locale: str | None, default: str = "en") -> str:
    """The reply language: the chat's /lang choice, else the user's client language, else the default."""
    for candidate in (chosen, user_locale):
        if candidate:
            base = candidate.split("-")[0].split("_")[0].lower()
            if base in LANGUAGES:
                return base
    return default if default in LANGUAGES else "en"
