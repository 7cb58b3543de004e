"""Commands that read the news or manage sources: /digest /search /sources /addsource /removesource."""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Awaitable, Callable
from datetime import date, time, timedelta

from bot.chat import Button, Reply
from bot.commands_base import BadArgument, Context, Handler, ascii_digits, is_bot_admin, shown
from bot.delivery import scheduled_instant, zone
from bot.errors import AlreadyExists, BlockedAddress, FetchError, NotFound, QueryError
from bot.i18n import has, t
from bot.pacing import SlidingWindow
from bot.services import Services, options_for
from digests.model import DigestOptions

PAGE_SIZE = 5
MAX_SOURCES_SHOWN = 40
_PAGE_FILTER = re.compile(r"(?i)(?<!\S)page:\S*")
Resolver = Callable[[str, int], Awaitable[list[str]]]


class ContentCommands:
    def __init__(self, services: Services, search_limit: SlidingWindow) -> None:
        self.services = services
        self.storage = services.storage
        self.search_limit = search_limit
        # building a digest costs more than a search but people ask for it less often
        self.digest_limit = SlidingWindow(max(5, search_limit.limit), search_limit.period)

    def handlers(self) -> dict[str, Handler]:
        return {
            "digest": self.digest,
            "search": self.search,
            "sources": self.sources,
            "addsource": self.addsource,
            "removesource": self.removesource,
        }

    def _wait(self, limiter: SlidingWindow, context: Context) -> float:
        user = f"{context.command.chat.platform}:{context.command.user_id}"
        return limiter.check(user, self.services.now().timestamp())

    async def digest(self, context: Context) -> Reply:
        """/digest [today|yesterday|YYYY-MM-DD]: the digest of that local day, now."""
        sub = context.subscription
        tz = zone(sub.timezone if sub else self.services.settings.digest.timezone)
        now = self.services.now()
        today = now.astimezone(tz).date()
        day = parse_day(context.command.args, today)
        if day > today:
            return context.say("cmd.digest.future", date=day.isoformat())
        wait = self._wait(self.digest_limit, context)
        if wait > 0:
            return context.say(
                "cmd.digest.rate_limited", limit=self.digest_limit.limit, seconds=math.ceil(wait)
            )
        start = scheduled_instant(day, time(0, 0), tz)
        end = min(now, scheduled_instant(day + timedelta(days=1), time(0, 0), tz))
        if sub is not None:
            options = options_for(sub)
        else:
            settings = self.services.settings.digest
            options = DigestOptions(
                max_topics=settings.max_topics, sentences_per_topic=settings.sentences_per_topic
            )
        digest = await self.services.build_digest_options(options, start=start, end=end, now=now, day=day)
        if not digest.topics:
            return context.say("cmd.digest.empty", date=day.isoformat())
        return Reply(language=context.language, digest=digest)

    async def search(self, context: Context) -> Reply:
        """/search QUERY: a page of results, with buttons for the neighbouring pages."""
        from bot.search_query import parse_query

        args = context.command.args.strip()
        if not args:
            return context.say("cmd.search.usage")
        wait = self._wait(self.search_limit, context)
        if wait > 0:
            return context.say(
                "cmd.search.rate_limited", limit=self.search_limit.limit, seconds=math.ceil(wait)
            )
        try:
            query = parse_query(args, page_size=PAGE_SIZE)
        except QueryError as error:
            return context.say("cmd.search.bad_query", reason=query_error_reason(context.language, error))
        page = await self.services.call(
            self.storage.search,
            query,
            limit=PAGE_SIZE,
            offset=(query.page - 1) * PAGE_SIZE,
            now=self.services.now(),  # drives the recency part of the ranking
        )
        if not page.hits:
            return context.say("cmd.search.no_results", query=shown(args, 80))
        return Reply(
            language=context.language,
            search=page,
            buttons=page_buttons(context.language, args, query.page, page.has_more),
        )

    async def sources(self, context: Context) -> Reply:
        """/sources: every source with its id and state."""
        sources = await self.services.call(self.storage.list_sources)
        lang = context.language
        if not sources:
            return context.say("cmd.sources.none")
        lines = [t(lang, "cmd.sources.header", count=len(sources))]
        for source in sources[:MAX_SOURCES_SHOWN]:
            # a file source's path is the server's business: show its name only
            line = f"#{source.id} {source.name}" + (f" — {source.url}" if source.url else "")
            notes = [] if source.active else [t(lang, "cmd.sources.inactive")]
            if source.error_count:
                notes.append(t(lang, "cmd.sources.errors", count=source.error_count))
            lines.append(
                line + (f" ({'، '.join(notes) if lang == 'ar' else ', '.join(notes)})" if notes else "")
            )
        if len(sources) > MAX_SOURCES_SHOWN:
            lines.append(t(lang, "cmd.sources.more", count=len(sources) - MAX_SOURCES_SHOWN))
        return Reply(language=lang, text="\n".join(lines))

    async def addsource(self, context: Context) -> Reply:
        """/addsource URL [name]: a public http(s) feed; private, loopback and metadata addresses refused."""
        args = context.command.args.split()
        if not args:
            return context.say("cmd.addsource.usage")
        url, name = args[0], " ".join(args[1:])[:100]
        default_name = await self._check_public(url)
        try:
            source = await self.services.call(
                self.storage.add_source,
                name or default_name,
                url=url,
                interval_minutes=self.services.settings.ingest.interval_minutes,
                added_by=context.command.chat,
                keep_name=not name,  # a removed feed added back without a name gets its old name
            )
        except AlreadyExists:
            known = await self.services.call(self.storage.find_source, url)
            if known is None:
                raise
            return context.say("cmd.addsource.exists", id=known.id, name=known.name)
        return context.say("cmd.addsource.done", id=source.id, name=source.name)

    async def _check_public(self, url: str) -> str:
        """The default name of the feed at `url` (its host), if ingestion takes the URL (`feed_url`, the one
        rule) and every address it resolves to may be fetched. Raises BadArgument otherwise, naming the
        reason with a code the reply translates (never the guard's English words)."""
        from bot.ingest.direct import feed_url, host_name, looks_like_url
        from bot.ingest.guard import AddressPolicy, blocked_kind
        from bot.ingest.http import system_resolver

        if not looks_like_url(url):  # no scheme: a word or a bare domain, not a feed URL
            raise BadArgument("cmd.addsource.bad_url")
        try:
            _, host, port = feed_url(url)
        except BlockedAddress:  # feed_url refuses another scheme this way (file:, gopher:, ftp:)
            raise BadArgument("cmd.addsource.scheme", scheme=shown(url.split(":", 1)[0], 20)) from None
        except FetchError:
            raise BadArgument("cmd.addsource.bad_url") from None
        resolver: Resolver = self.services.extras.get("resolver", system_resolver)
        literal = _ip_literal(host)
        try:
            addresses = [literal] if literal else await resolver(host, port)
        except FetchError:
            raise BadArgument("cmd.addsource.unresolved", host=shown(host, 80)) from None
        if not addresses:
            raise BadArgument("cmd.addsource.unresolved", host=shown(host, 80))
        policy = AddressPolicy.create(allow_private=self.services.settings.ingest.allow_private_networks)
        for address in addresses:
            if policy.refusal(host, address):
                kind = blocked_kind(address) or "reserved"
                key = f"cmd.addsource.refused.{kind}"
                shown_address = host.strip("[]") if literal else f"{shown(host, 80)} ({address})"
                raise BadArgument(
                    key if has(key) else "cmd.addsource.refused.reserved", address=shown_address
                )
        return host_name(url)

    async def removesource(self, context: Context) -> Reply:
        """/removesource ID: configured admins remove any source; others only those added from this chat."""
        value = ascii_digits(context.command.args.strip()).lstrip("#")
        if not value.isdigit() or len(value) > 12:
            return context.say("cmd.removesource.usage")
        source_id = int(value)
        # list_sources leaves removed sources out: removing one again is "no such source", as in /sources
        listed = await self.services.call(self.storage.list_sources)
        source = next((known for known in listed if known.id == source_id), None)
        if source is None:
            return context.say("cmd.removesource.not_found", id=source_id)
        admins = self.services.settings.chat.admin_user_ids
        if not is_bot_admin(context.command, admins) and source.added_by != context.command.chat:
            return context.say("cmd.removesource.not_yours", id=source_id)
        try:
            await self.services.call(self.storage.remove_source, source_id)
        except NotFound:  # removed from another chat meanwhile
            return context.say("cmd.removesource.not_found", id=source_id)
        return context.say("cmd.removesource.done", id=source_id, name=source.name)


def query_error_reason(language: str, error: QueryError) -> str:
    """Why a search was refused, in `language`: the error's code picks the string, its params fill it."""
    key = f"cmd.search.reason.{error.code}"
    return t(language, key if has(key) else "cmd.search.reason.invalid", **error.params)


def _ip_literal(host: str) -> str | None:
    """The host itself when it is an IP address ("10.0.0.1", "::1"), else None."""
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


def parse_day(args: str, today: date) -> date:
    """ "", today, yesterday (also اليوم, أمس) or YYYY-MM-DD -> date. Raises BadArgument."""
    word = ascii_digits(args.strip().lower())
    if word in ("", "today", "اليوم"):
        return today
    if word in ("yesterday", "أمس", "امس", "البارحة"):
        return today - timedelta(days=1)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
        try:
            return date.fromisoformat(word)
        except ValueError:
            pass
    raise BadArgument("cmd.digest.usage")


def page_buttons(language: str, args: str, page: int, has_more: bool) -> tuple[Button, ...]:
    """Previous/next page buttons that re-run the search with another page:N."""
    base = " ".join(_PAGE_FILTER.sub(" ", args).split())
    buttons = []
    if page > 1:
        buttons.append(Button(t(language, "cmd.search.previous"), f"/search {base} page:{page - 1}"))
    if has_more:
        buttons.append(Button(t(language, "cmd.search.next"), f"/search {base} page:{page + 1}"))
    return tuple(buttons)
