"""Platform-neutral chat commands: a `Command` in, a `Reply` out, alike in Telegram, Slack and the terminal.

    CommandLayer.handle(command)
      | language: the chat's /lang choice, else the user's client language, else [chat] default_language
      | permission: settings and sources change only in private chats, or by chat administrators and
      |             configured admins ("platform:user_id"); anyone may /search, /digest, /sources
      | handler -> Reply (text, digest or search page)
    Unknown commands and bad arguments get a helpful reply; an unexpected exception gets an apology and a log
    line, never a crash of the adapter.

/lang policy: `/lang ar` and `/lang en` set both the digest languages and the reply language; `/lang all`
puts every language back into the digest and lets each user's own language decide the replies.
"""

from __future__ import annotations

import logging

from bot.chat import ADMIN_COMMANDS, Command, Reply
from bot.commands_base import BadArgument, Context, Handler, is_admin
from bot.commands_content import ContentCommands
from bot.commands_settings import SettingsCommands
from bot.i18n import pick_language, t
from bot.pacing import SlidingWindow
from bot.services import Services

log = logging.getLogger(__name__)

ALIASES = {
    "h": "help",
    "s": "search",
    "d": "digest",
    "sub": "subscribe",
    "unsub": "unsubscribe",
    "language": "lang",
    "tz": "timezone",
    "stop": "unsubscribe",
}


class CommandLayer:
    """Answers chat commands. One instance per process; it keeps the per-user search rate limit."""

    def __init__(self, services: Services) -> None:
        self.services = services
        limit = services.settings.chat.search_per_minute
        self.search_limit = SlidingWindow(limit, 60.0)
        self._settings = SettingsCommands(services)
        self._content = ContentCommands(services, self.search_limit)
        self._handlers: dict[str, Handler] = {
            "start": self._start,
            "help": self._help,
            **self._settings.handlers(),
            **self._content.handlers(),
        }

    async def handle(self, command: Command) -> Reply:
        """Answer `command`. Never raises."""
        language = pick_language(None, command.locale, self.services.settings.chat.default_language)
        try:
            subscription = await self.services.call(self.services.storage.get_subscription, command.chat)
            language = pick_language(
                subscription.locale if subscription else None,
                command.locale,
                self.services.settings.chat.default_language,
            )
            context = Context(command, language, subscription)
            return await self._dispatch(context)
        except Exception:
            log.exception("command /%s in %s failed", command.name, command.chat)
            return Reply(language=language, text=t(language, "cmd.error"))

    async def _dispatch(self, context: Context) -> Reply:
        name = command_name(context.command.name)
        handler = self._handlers.get(name)
        if handler is None:
            return context.say("cmd.unknown", name=_visible(context.command.name))
        if name in ADMIN_COMMANDS and not is_admin(
            context.command, self.services.settings.chat.admin_user_ids
        ):
            return context.say("cmd.not_allowed")
        try:
            return await handler(context)
        except BadArgument as bad:
            values = {
                name: _alternatives(context.language, value) if isinstance(value, tuple) else value
                for name, value in bad.values.items()
            }
            return context.say(bad.reply_key, **values)

    async def _start(self, context: Context) -> Reply:
        """/start: greeting and help."""
        return context.say("cmd.start")

    async def _help(self, context: Context) -> Reply:
        """/help: what the bot does and the search syntax, with examples."""
        return context.say("cmd.help")


def command_name(raw: str) -> str:
    """Normalise what adapters pass as the name: "/Search@newsbot" -> "search"."""
    name = raw.strip().lstrip("/").split("@", 1)[0].lower()
    return ALIASES.get(name, name)


def _alternatives(language: str, choices: tuple[object, ...]) -> str:
    """A tuple value of a BadArgument: alternatives, "A, B or C" in the reply language."""
    items = [str(choice) for choice in choices]
    if len(items) < 2:
        return "".join(items)
    return t(language, "cmd.value.list_separator").join(items[:-1]) + t(language, "cmd.value.or") + items[-1]


def _visible(name: str) -> str:
    """A user-supplied command name made safe to echo: printable, short."""
    clean = "".join(c for c in name.lstrip("/") if c.isprintable() and not c.isspace())
    return clean[:32] or "?"
