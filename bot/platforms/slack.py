"""The Slack adapter: slack-bolt AsyncApp in, Block Kit messages out. The only module importing slack_bolt
and slack_sdk.

Updates arrive over HTTP (Events API, slash commands and interactivity, all at `/slack/events` on
`[slack] port`, signatures verified by Bolt with its 5-minute window) or over Socket Mode when
SLACK_APP_TOKEN is set. Three doors lead to the same commands as in Telegram:

    /news search gaza        slash command (settings.command): text = "subcommand args"
    @newsbot digest today    app mention in a channel (answered in the mention's thread, if any)
    digest today            direct message to the bot ("/digest today" works too)

Every request is acknowledged at once (Slack wants an answer within 3 seconds); the command runs afterwards
and its reply goes to the slash command's response_url (which works even where the bot is not a member), or
with chat.postMessage for mentions, DMs and scheduled digests. Buttons (e.g. "next page") carry a command
line in their value and run it like the user had typed it.

Admins: in channels, ADMIN_COMMANDS need a chat administrator. Slack has no per-channel admin role, so a
user counts as one when Slack says they are a workspace admin or owner (users.info), when they created the
channel (conversations.info), or when "slack:<user id>" is in `[chat] admin_user_ids`. The lookups run only
for ADMIN_COMMANDS, and their answers are kept for ADMIN_CACHE_SECONDS per (team, user) and (team, channel);
a lookup that failed is not kept, so it is asked again next time. Direct messages need no check.

Language: Slack tells no client language, so the words each user types do ("search الجفاف" is Arabic; a
line without words of its own, "help", keeps that user's last language), as in the console
(`bot.i18n.TypedLanguages`). The chat's /lang choice still wins.

Sending: chat.postMessage with `parse="none"`, `link_names=False`, `unfurl_links=False` and every mrkdwn text
object `verbatim` (see render_slack), so article text can neither ping nor link; a 429 is waited out
(Retry-After) and retried; errors meaning the chat is gone for good raise ChatGone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.chat import ADMIN_COMMANDS, ALL_COMMANDS, Command, Reply
from bot.config import SlackSettings
from bot.errors import ChatGone, PlatformError, RateLimited
from bot.i18n import TypedLanguages
from bot.platforms.base import CommandHandler, PartSent
from bot.platforms.render_slack import ACTION_PREFIX, SlackMessage, render_slack
from bot.platforms.slack_support import (
    ExpiringCache,
    chat_type_of,
    slack_command_words,
    split_command_line,
    strip_leading_mention,
    team_of,
    unescape_incoming,
)
from bot.records import ChatRef

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
GONE_ERRORS = frozenset({"not_in_channel", "channel_not_found", "is_archived", "account_inactive",
                         "token_revoked"})
"""chat.postMessage errors after which the subscription can never be delivered again as it stands.
(invalid_auth and not_authed are left out on purpose: a mistyped token must not deactivate every chat.)"""
SEEN_EVENTS = 2000
"""How many recent event ids are remembered to drop Slack's redeliveries."""
RESPONSE_URL_USES = 5
"""Slack accepts at most five posts to one response_url; longer replies continue with chat.postMessage."""
ADMIN_CACHE_SECONDS = 300.0
"""How long a users.info or conversations.info answer stands: a new admin is refused that long at most."""
ADMIN_CACHE_SIZE = 4096

Sleep = Callable[[float], Awaitable[None]]


class SlackPlatform:
    """ChatPlatform for Slack (see the module docstring)."""

    name = "slack"

    def __init__(self, settings: SlackSettings, *, admin_user_ids: frozenset[str] = frozenset(),
                 host: str = "0.0.0.0", http_timeout: float = 30.0, max_retry_wait: float = 60.0,
                 max_attempts: int = 5, sleep: Sleep = asyncio.sleep) -> None:
        if not settings.bot_token:
            raise PlatformError("Slack needs SLACK_BOT_TOKEN")
        if not settings.app_token and not settings.signing_secret:
            raise PlatformError("Slack HTTP mode needs SLACK_SIGNING_SECRET (Socket Mode: SLACK_APP_TOKEN)")
        self.settings = settings
        self.admin_user_ids = admin_user_ids
        self.host = host
        self.max_retry_wait = max_retry_wait
        self.max_attempts = max_attempts
        self._sleep = sleep
        # retry_handlers=[]: rate limits are handled here, so waits are visible and bounded
        self.client = AsyncWebClient(token=settings.bot_token, base_url=_api_base(settings.api_base_url),
                                     timeout=int(max(1, http_timeout)), retry_handlers=[])
        self.port: int | None = None
        """The bound HTTP port once started in HTTP mode (useful with port 0 in tests)."""
        self._handle: CommandHandler | None = None
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._seen_events: OrderedDict[str, None] = OrderedDict()
        self._workspace_admins = ExpiringCache[tuple[str, str], bool](ADMIN_CACHE_SECONDS, ADMIN_CACHE_SIZE)
        """(team, user) -> whether Slack says the user is a workspace admin or owner."""
        self._channel_creators = ExpiringCache[tuple[str, str], str](ADMIN_CACHE_SECONDS, ADMIN_CACHE_SIZE)
        """(team, channel) -> the channel creator's user id ("" when Slack names none)."""
        self._typed_languages = TypedLanguages(ALL_COMMANDS)
        """The language each "team:user" writes in (Slack does not say which language a user reads)."""

    # ---- lifecycle
    async def start(self, handle: CommandHandler) -> None:
        """Register the listeners and start HTTP mode (or Socket Mode when an app token is set)."""
        self._handle = handle
        await self._check_tokens()
        app = self._build_app()
        if self.settings.app_token:
            self._socket = AsyncSocketModeHandler(app, self.settings.app_token)
            try:
                # slack-sdk retries a failed connection forever: bound the wait so start() cannot hang
                await asyncio.wait_for(self._socket.connect_async(), 60)  # type: ignore[no-untyped-call]
            except TimeoutError:
                await self.stop()
                raise PlatformError("slack: Socket Mode connection timed out") from None
            log.info("slack: connected in Socket Mode")
            return
        web_app = web.Application()

        async def events(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

        web_app.router.add_post(EVENTS_PATH, events)
        self._runner = web.AppRunner(web_app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.settings.port).start()
        self.port = self._runner.addresses[0][1]
        log.info("slack: listening on %s:%s%s", self.host, self.port, EVENTS_PATH)

    async def stop(self) -> None:
        """Stop receiving, let in-flight answers finish (10 s at most), close the server."""
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]  # untyped in slack-bolt
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=10)
            for task in pending:
                task.cancel()

    async def _check_tokens(self) -> None:
        """Fail fast on a wrong token (auth.test, apps.connections.open); a network hiccup only warns."""
        try:
            await self.client.auth_test()
            if self.settings.app_token:
                await self.client.apps_connections_open(app_token=self.settings.app_token)
        except SlackApiError as exc:
            raise PlatformError(f"slack: token refused: {exc.response.get('error')}") from None
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("slack: could not check the tokens at start: %s", exc)

    def _build_app(self) -> AsyncApp:
        socket_mode = bool(self.settings.app_token)
        app = AsyncApp(client=self.client, signing_secret=self.settings.signing_secret or "",
                       request_verification_enabled=not socket_mode, process_before_response=False)
        app.command(self.settings.command)(self._on_slash_command)
        app.event("app_mention")(self._on_mention)
        app.event("message")(self._on_message)
        app.action(re.compile(f"^{ACTION_PREFIX}"))(self._on_button)
        return app

    # ---- listeners (Bolt injects arguments by name; each acks first, then hands the work to a task)
    async def _on_slash_command(self, ack: Any, body: dict[str, Any], respond: AsyncRespond) -> None:
        """`/news subcommand args`."""
        await ack()
        chat = ChatRef("slack", str(body.get("channel_id", "")))
        self._spawn(self._answer(chat, str(body.get("user_id", "")), unescape_incoming(body.get("text", "")),
                                 respond, team_of(body)))

    async def _on_mention(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        """`@newsbot subcommand args` in a channel; answered in the same thread when there is one."""
        if not self._first_delivery(body):
            return
        chat = ChatRef("slack", str(event.get("channel", "")), event.get("thread_ts"))
        text = strip_leading_mention(unescape_incoming(event.get("text", "")))
        self._spawn(self._answer(chat, str(event.get("user", "")), text, None, team_of(body)))

    async def _on_message(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        """Direct messages to the bot; every other message event is ignored."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        if not self._first_delivery(body):
            return
        chat = ChatRef("slack", str(event.get("channel", "")), event.get("thread_ts"))
        self._spawn(self._answer(chat, str(event.get("user", "")), unescape_incoming(event.get("text", "")),
                                 None, team_of(body)))

    async def _on_button(self, ack: Any, body: dict[str, Any], respond: AsyncRespond) -> None:
        """A button of one of our messages: run the command line it carries."""
        await ack()
        actions = body.get("actions") or [{}]
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id", "")
        thread = (body.get("container") or {}).get("thread_ts")
        chat = ChatRef("slack", str(channel), thread)
        user = str((body.get("user") or {}).get("id", ""))
        self._spawn(self._answer(chat, user, str(actions[0].get("value", "")),
                                 respond if body.get("response_url") else None, team_of(body)))

    def _first_delivery(self, body: dict[str, Any]) -> bool:
        """False for an event Slack delivers again (it retries when an answer was slow): run it once."""
        event_id = body.get("event_id")
        if not event_id:
            return True
        if event_id in self._seen_events:
            return False
        self._seen_events[event_id] = None
        if len(self._seen_events) > SEEN_EVENTS:
            self._seen_events.popitem(last=False)
        return True

    def _spawn(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ---- answering
    async def _answer(self, chat: ChatRef, user_id: str, text: str, respond: AsyncRespond | None,
                      team_id: str) -> None:
        """Run one command line and deliver the reply; failures are logged, never raised into Bolt."""
        try:
            command = await self.to_command(chat, user_id, text, team_id=team_id)
            assert self._handle is not None
            reply = await self._handle(command)
            if respond is not None:
                await self._respond(chat, reply, respond)
            else:
                await self.send(chat, reply)
        except Exception:
            log.exception("slack: answering %r in %s failed", text[:80], chat.chat_id)

    async def to_command(self, chat: ChatRef, user_id: str, text: str, *, team_id: str = "") -> Command:
        """A Command from a line such as "search gaza"; admin status is looked up only when it matters."""
        name, args = split_command_line(text)
        kind = chat_type_of(chat.chat_id)
        is_admin = (kind != "private" and name in ADMIN_COMMANDS
                    and await self.is_admin(chat.chat_id, user_id, team_id=team_id))
        # Slack tells no client language (and has no Arabic interface): the words typed tell it, as in the
        # console; /lang, then [chat] default_language, still decide when they are set or nothing told.
        locale = self._typed_languages.of_command(f"{team_id}:{user_id}", name, args)
        return Command(chat=chat, user_id=user_id, name=name, args=args, locale=locale, chat_type=kind,
                       is_chat_admin=is_admin)

    async def is_admin(self, channel_id: str, user_id: str, *, team_id: str = "") -> bool:
        """Configured admin, workspace admin/owner, or the channel's creator. A failed lookup answers
        False (refusing is the safe side) and is not cached."""
        if f"slack:{user_id}" in self.admin_user_ids:
            return True
        try:
            if await self._is_workspace_admin(team_id, user_id):
                return True
            creator = await self._channel_creator(team_id, channel_id)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("slack: admin lookup for %s in %s failed: %s", user_id, channel_id, exc)
            return False
        return bool(creator) and creator == user_id

    async def _is_workspace_admin(self, team_id: str, user_id: str) -> bool:
        """users.info, cached per (team, user)."""
        known = self._workspace_admins.get((team_id, user_id))
        if known is not None:
            return known
        user = (await self.client.users_info(user=user_id)).get("user") or {}
        is_admin = bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
        self._workspace_admins.put((team_id, user_id), is_admin)
        return is_admin

    async def _channel_creator(self, team_id: str, channel_id: str) -> str:
        """conversations.info's creator, cached per (team, channel)."""
        known = self._channel_creators.get((team_id, channel_id))
        if known is not None:
            return known
        channel = (await self.client.conversations_info(channel=channel_id)).get("channel") or {}
        creator = str(channel.get("creator") or "")
        self._channel_creators.put((team_id, channel_id), creator)
        return creator

    async def _respond(self, chat: ChatRef, reply: Reply, respond: AsyncRespond) -> None:
        """Answer through the response_url (five posts at most), then continue with chat.postMessage."""
        messages = self._render(reply)
        for number, message in enumerate(messages[:RESPONSE_URL_USES], start=1):
            result = await respond(text=message.text, blocks=message.blocks, response_type="in_channel",
                                   replace_original=False, unfurl_links=False, unfurl_media=False)
            if result.status_code != 200:
                raise PlatformError(f"slack response_url refused part {number}: {result.status_code} "
                                    f"{result.body}")
        for message in messages[RESPONSE_URL_USES:]:
            await self._post(chat, message)

    def _render(self, reply: Reply) -> list[SlackMessage]:
        """Slack messages for `reply`, with the bot's own command words as Slack users type them."""
        if reply.text:
            reply = replace(reply, text=slack_command_words(reply.text, self.settings.command))
        return render_slack(reply)

    # ---- sending
    async def send(self, chat: ChatRef, reply: Reply, *, skip_parts: int = 0,
                   on_part_sent: PartSent | None = None) -> int:
        """Render `reply` and post its parts in order, skipping the first `skip_parts`; returns the total."""
        messages = self._render(reply)
        for number, message in enumerate(messages, start=1):
            if number <= skip_parts:
                continue
            await self._post(chat, message)
            if on_part_sent is not None:
                await on_part_sent(number)
        return len(messages)

    async def _post(self, chat: ChatRef, message: SlackMessage) -> None:
        """chat.postMessage with rate-limit waits; Slack errors become bot.errors."""
        for attempt in range(1, self.max_attempts + 1):
            try:
                await self.client.chat_postMessage(channel=chat.chat_id, thread_ts=chat.thread_id,
                                                   **message.payload())
                return
            except SlackApiError as exc:
                wait = _retry_after(exc)
                if wait is None:
                    raise _translate(exc) from None
                if wait > self.max_retry_wait or attempt == self.max_attempts:
                    raise RateLimited(wait, "slack rate limited") from None
                log.info("slack: rate limited in %s, waiting %ss", chat.chat_id, wait)
                await self._sleep(wait)
            except (aiohttp.ClientError, TimeoutError) as exc:
                raise PlatformError(f"slack chat.postMessage failed: {type(exc).__name__} {exc}") from None


def _api_base(url: str | None) -> str:
    if not url:
        return AsyncWebClient.BASE_URL
    return url if url.endswith("/") else url + "/"


def _retry_after(exc: SlackApiError) -> float | None:
    """Seconds to wait when Slack rate-limited the call, else None."""
    response = exc.response
    if response.status_code != 429 and response.get("error") != "ratelimited":
        return None
    raw = response.headers.get("Retry-After") or response.headers.get("retry-after") or "1"
    with contextlib.suppress(ValueError):
        return max(0.0, float(raw))
    return 1.0


def _translate(exc: SlackApiError) -> PlatformError:
    error = str(exc.response.get("error") or "unknown_error")
    if error in GONE_ERRORS:
        return ChatGone(f"slack: {error}")
    return PlatformError(f"slack: {error}")
