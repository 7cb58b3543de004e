"""Commands that change or show a chat's digest settings: /subscribe /unsubscribe /settings /time /timezone
/lang /topics /filter. The permission check happens before these run (`bot.commands`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import time

from bot.chat import Reply
from bot.commands_base import BadArgument, Context, Handler, ascii_digits, shown
from bot.commands_timezone import UnknownTimezone, resolve_timezone, timezone_label
from bot.delivery import next_scheduled, zone
from bot.errors import NotFound
from bot.i18n import pick_language, t
from bot.records import Subscription
from bot.services import Services
from bot.timeofday import parse_time

MAX_TOPICS = 30
MAX_FILTER_WORDS = 20
MAX_WORD_CHARS = 40
_TIME_LIKE = re.compile(r"^\d{1,2}[:.٫]\d{2}$")


@dataclass(frozen=True, slots=True)
class Schedule:
    digest_time: time
    timezone: str


def parse_schedule(args: str, default: Schedule) -> Schedule:
    """ "07:30 Asia/Riyadh", "Asia/Riyadh", "7:30" or "" (either order) -> Schedule. Raises BadArgument."""
    digest_time, timezone = default.digest_time, default.timezone
    tokens = ascii_digits(args).split()
    if len(tokens) > 2:
        raise BadArgument("cmd.subscribe.usage")
    for token in tokens:
        if _TIME_LIKE.match(token) or token.isdigit():
            digest_time = _parse_time(token)
        else:
            timezone = _parse_timezone(token)
    return Schedule(digest_time, timezone)


def _parse_time(token: str) -> time:
    try:
        return parse_time(token.replace(".", ":").replace("٫", ":"))
    except ValueError:
        raise BadArgument("cmd.bad_time", value=shown(token)) from None


def _parse_timezone(token: str) -> str:
    try:
        return resolve_timezone(token)
    except UnknownTimezone as unknown:
        if unknown.offset is not None:
            key = "cmd.bad_timezone.offset_places" if unknown.suggestions else "cmd.bad_timezone.offset"
            raise BadArgument(key, offset=unknown.offset, suggestions=unknown.suggestions) from None
        if unknown.suggestions:
            raise BadArgument(
                "cmd.bad_timezone.suggest", value=shown(token), suggestions=unknown.suggestions
            ) from None
        raise BadArgument("cmd.bad_timezone", value=shown(token)) from None
    except ValueError:
        raise BadArgument("cmd.bad_timezone", value=shown(token)) from None


def parse_filter(
    args: str, include: tuple[str, ...], exclude: tuple[str, ...]
) -> tuple[tuple[str, ...], ...]:
    """Apply "+word -word word" to the current (include, exclude) lists. A bare word means +word; a word
    moves between the lists rather than sitting in both. Raises BadArgument."""
    keep, drop = list(include), list(exclude)
    for token in args.split():
        sign, word = ("-", token[1:]) if token[0] in "-−" else ("+", token.lstrip("+"))
        if not _is_filter_word(word):
            raise BadArgument("cmd.filter.bad_word", word=shown(token), max=MAX_WORD_CHARS)
        folded = word.casefold()
        keep = [w for w in keep if w.casefold() != folded]
        drop = [w for w in drop if w.casefold() != folded]
        (keep if sign == "+" else drop).append(word)
    if len(keep) > MAX_FILTER_WORDS or len(drop) > MAX_FILTER_WORDS:
        raise BadArgument("cmd.filter.too_many", max=MAX_FILTER_WORDS)
    return tuple(keep), tuple(drop)


def _is_filter_word(word: str) -> bool:
    if not word or len(word) > MAX_WORD_CHARS:
        return False
    # letters (any script, with Arabic marks), digits, and inner hyphens or apostrophes
    return any(c.isalnum() for c in word) and all(
        c.isalnum() or c in "-'’_" or unicodedata.category(c) == "Mn" for c in word
    )


def words_or_none(language: str, words: tuple[str, ...]) -> str:
    return (
        "، ".join(words) if language == "ar" and words else ", ".join(words) or t(language, "cmd.value.none")
    )


class SettingsCommands:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.storage = services.storage

    def handlers(self) -> dict[str, Handler]:
        return {
            "subscribe": self.subscribe,
            "unsubscribe": self.unsubscribe,
            "settings": self.settings,
            "time": self.time,
            "timezone": self.timezone,
            "lang": self.lang,
            "topics": self.topics,
            "filter": self.filter,
        }

    async def subscribe(self, context: Context) -> Reply:
        """/subscribe [HH:MM] [TZ]: a daily digest here; without arguments keeps a known schedule."""
        current = context.subscription
        digest = self.services.settings.digest
        default = (
            Schedule(current.digest_time, current.timezone)
            if current
            else Schedule(digest.time, digest.timezone)
        )
        schedule = parse_schedule(context.command.args, default)
        await self.services.call(
            self.storage.subscribe,
            context.command.chat,
            digest_time=schedule.digest_time,
            timezone=schedule.timezone,
            now=self.services.now(),
        )
        return context.say(
            "cmd.subscribe.done",
            time=schedule.digest_time.strftime("%H:%M"),
            timezone=timezone_label(context.language, schedule.timezone),
        )

    async def unsubscribe(self, context: Context) -> Reply:
        """/unsubscribe: stop the daily digest."""
        stopped = await self.services.call(self.storage.unsubscribe, context.command.chat)
        return context.say("cmd.unsubscribe.done" if stopped else "cmd.unsubscribe.none")

    async def settings(self, context: Context) -> Reply:
        """/settings: everything about this chat's digest, or the settings it keeps without one."""
        sub = context.subscription
        if sub is None:
            return context.say("cmd.not_subscribed")
        lang = context.language
        languages = (
            ", ".join(
                t(lang, f"cmd.value.{code}") if code in ("ar", "en") else code
                for code in sorted(sub.languages)
            )
            if sub.languages
            else t(lang, "cmd.value.all_languages")
        )
        common = {
            "timezone": timezone_label(lang, sub.timezone),
            "languages": languages,
            "reply_language": t(lang, f"cmd.value.{sub.locale}")
            if sub.locale in ("ar", "en")
            else t(lang, "cmd.value.follows_user"),
            "topics": sub.max_topics,
            "include": words_or_none(lang, sub.include),
            "exclude": words_or_none(lang, sub.exclude),
        }
        if not sub.active:  # never subscribed, unsubscribed, or the platform said the chat is gone
            return context.say("cmd.settings.no_digest", **common)
        local_next = next_scheduled(sub, self.services.now()).astimezone(zone(sub.timezone))
        return context.say(
            "cmd.settings",
            time=sub.digest_time.strftime("%H:%M"),
            next=local_next.strftime("%Y-%m-%d %H:%M"),
            **common,
        )

    async def time(self, context: Context) -> Reply:
        """/time HH:MM: only for a chat that gets the daily digest (the time means nothing without it)."""
        if context.subscription is None or not context.subscription.active:
            return context.say("cmd.not_subscribed")
        args = ascii_digits(context.command.args).split()
        if len(args) != 1:
            return context.say("cmd.time.usage")
        at = _parse_time(args[0])
        updated = await self._update(context, digest_time=at)
        return context.say(
            "cmd.time.done",
            time=at.strftime("%H:%M"),
            timezone=timezone_label(context.language, updated.timezone),
        )

    async def timezone(self, context: Context) -> Reply:
        """/timezone TZ: the daily digest's, and the days of /digest; kept for /subscribe without one."""
        args = context.command.args.split()
        if len(args) != 1:
            return context.say("cmd.timezone.usage")
        name = _parse_timezone(args[0])
        updated = await self._save(context, timezone=name)
        label = timezone_label(context.language, name)
        if not updated.active:
            return context.say("cmd.timezone.done_no_digest", timezone=label)
        return context.say("cmd.timezone.done", timezone=label, time=updated.digest_time.strftime("%H:%M"))

    async def lang(self, context: Context) -> Reply:
        """/lang ar|en|all: digest languages and reply language (see the module docstring of bot.commands).
        Needs no subscription: a chat that only searches gets its replies in its language too."""
        choice = {
            "ar": "ar",
            "arabic": "ar",
            "عربي": "ar",
            "العربية": "ar",
            "en": "en",
            "english": "en",
            "الإنجليزية": "en",
            "all": "all",
            "الكل": "all",
        }.get(context.command.args.strip().lower())
        if choice is None:
            return context.say("cmd.lang.usage")
        if choice == "all":
            if context.subscription is not None:  # "all" is what a chat without settings has already
                await self._save(context, languages=None, locale=None)
            language = pick_language(
                None, context.command.locale, self.services.settings.chat.default_language
            )
            return Reply(language=language, text=t(language, "cmd.lang.done_all"))
        await self._save(context, languages=frozenset({choice}), locale=choice)
        return Reply(language=choice, text=t(choice, f"cmd.lang.done_{choice}"))

    async def topics(self, context: Context) -> Reply:
        """/topics N: at most N topics per digest (the daily one and /digest)."""
        value = ascii_digits(context.command.args.strip())
        if not value.isdigit() or not 1 <= int(value) <= MAX_TOPICS:
            return context.say("cmd.topics.usage", max=MAX_TOPICS)
        await self._save(context, max_topics=int(value))
        return context.say("cmd.topics.done", count=int(value))

    async def filter(self, context: Context) -> Reply:
        """/filter +word -word, or /filter clear (the daily digest and /digest)."""
        sub = context.subscription
        current: tuple[tuple[str, ...], tuple[str, ...]] = (sub.include, sub.exclude) if sub else ((), ())
        args = context.command.args.strip()
        lang = context.language
        if not args:
            return context.say(
                "cmd.filter.usage",
                include=words_or_none(lang, current[0]),
                exclude=words_or_none(lang, current[1]),
            )
        if args.lower() in ("clear", "none", "off", "مسح", "إلغاء"):
            if sub is not None:
                await self._save(context, include=(), exclude=())
            return context.say("cmd.filter.cleared")
        include, exclude = parse_filter(args, *current)
        await self._save(context, include=include, exclude=exclude)
        return context.say(
            "cmd.filter.done", include=words_or_none(lang, include), exclude=words_or_none(lang, exclude)
        )

    async def _save(self, context: Context, **changes: object) -> Subscription:
        """Store settings that apply with or without a daily digest (`update_chat_settings`)."""
        digest = self.services.settings.digest
        return await self.services.call(
            self.storage.update_chat_settings,
            context.command.chat,
            default_time=digest.time,
            default_timezone=digest.timezone,
            now=self.services.now(),
            **changes,
        )

    async def _update(self, context: Context, **changes: object) -> Subscription:
        try:
            return await self.services.call(self.storage.update_subscription, context.command.chat, **changes)
        except NotFound:
            raise BadArgument("cmd.not_subscribed") from None
