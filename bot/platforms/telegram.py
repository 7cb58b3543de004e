"""Telegram adapter (python-telegram-bot v22): updates in, rendered replies out. The only `telegram` importer.

    update (polling or webhook) -> to_command(update) -> Command -> handle(command) -> Reply
    -> render_telegram(reply) -> TelegramMessage parts -> send_message (HTML, paced, RetryAfter retried)

One event loop runs everything, so the Application is driven by hand (initialize, start, updater.start_*)
rather than `run_polling`. Library errors become `bot.errors`: Forbidden -> ChatGone, ChatMigrated ->
ChatMigrated(new id), RetryAfter -> wait and retry (RateLimited only after many tries), anything else ->
PlatformError. Pacing: `send` (digests) is paced by its caller, the sender; a command's reply waits for the
chat's next slot in the shared `bot.pacing.Pacer`; AIORateLimiter is python-telegram-bot's ceiling under
both (see `bot.app.build_platforms`).

TELEGRAM_API_BASE_URL may be a Bot API server root ("http://host:8081"), a URL ending in "/bot" (the
token is appended, as python-telegram-bot does) or a template containing "{token}".
"""

from __future__ import annotations

import asyncio
import logging
import os
import warnings
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any
from urllib.parse import urlparse

from telegram import (
    BotCommand,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError, TimedOut
from telegram.error import ChatMigrated as TelegramChatMigrated
from telegram.ext import AIORateLimiter, Application, ContextTypes, TypeHandler

from bot.chat import ADMIN_COMMANDS, ALL_COMMANDS, Button, Command, Reply
from bot.config import TelegramSettings
from bot.errors import ChatGone, ChatMigrated, ConfigError, PlatformError, RateLimited
from bot.i18n import t
from bot.pacing import Pacer
from bot.platforms.base import CommandHandler, PartSent
from bot.platforms.render_telegram import TelegramMessage, render_telegram
from bot.platforms.telegram_support import (
    ALLOWED_UPDATES,
    CHAT_TYPES,
    GONE_BAD_REQUESTS,
    MENU,
    ButtonCommands,
    api_urls,
    chat_id_value,
    parse_command_text,
)
from bot.records import ChatRef

log = logging.getLogger(__name__)

# Opt in to v23's timedelta durations: v22 otherwise warns each time it builds a RetryAfter, and our
# tests turn warnings into errors. `_retry_seconds` reads either form.
os.environ.setdefault("PTB_TIMEDELTA", "true")

ChatGoneCallback = Callable[[ChatRef], Awaitable[None]]
ChatMigratedCallback = Callable[[ChatRef, str], Awaitable[None]]
"""Called with the old chat and the new chat id."""

MAX_RATE_RETRIES = 8
POLL_SLACK_SECONDS = 1.0
"""getUpdates' connect and read timeouts beyond the long-poll wait, which python-telegram-bot adds itself.
This also bounds stop(): its final getUpdates (timeout 0) confirms the fetched updates and, should the
Bot API not answer in time, gives up, leaving them unconfirmed so Telegram sends them again."""


class TelegramPlatform:
    """Telegram through python-telegram-bot: long polling or webhook, HTML replies, paced sends."""

    name = "telegram"

    def __init__(
        self,
        settings: TelegramSettings,
        *,
        on_chat_gone: ChatGoneCallback | None = None,
        on_chat_migrated: ChatMigratedCallback | None = None,
        pacer: Pacer | None = None,
        request_timeout: float = 10.0,
        poll_timeout: float = 10.0,
    ) -> None:
        if not settings.token:
            raise ConfigError("TELEGRAM_BOT_TOKEN", "is not set")
        self.settings = settings
        self.on_chat_gone = on_chat_gone
        self.on_chat_migrated = on_chat_migrated
        self.poll_timeout = poll_timeout
        self._handle: CommandHandler | None = None
        self._pacer = pacer or Pacer()
        self._buttons = ButtonCommands()
        self._running = False
        self._init_lock = asyncio.Lock()
        self.app = self._build(settings, request_timeout)

    @staticmethod
    def _build(
        settings: TelegramSettings, request_timeout: float
    ) -> Application[Any, Any, Any, Any, Any, Any]:
        builder: Any = Application.builder().token(settings.token or "")
        if settings.api_base_url:
            base_url, file_url = api_urls(settings.api_base_url)
            builder = builder.base_url(base_url).base_file_url(file_url)
        builder = (
            builder.rate_limiter(AIORateLimiter(max_retries=2))
            .concurrent_updates(True)
            .connect_timeout(request_timeout)
            .read_timeout(request_timeout)
            .write_timeout(request_timeout)
            .pool_timeout(request_timeout)
            .get_updates_connect_timeout(POLL_SLACK_SECONDS)
            .get_updates_read_timeout(POLL_SLACK_SECONDS)
        )
        application: Application[Any, Any, Any, Any, Any, Any] = builder.build()
        return application

    # --- lifecycle ---

    async def start(self, handle: CommandHandler) -> None:
        """Connect (getMe), register the command menus, and start polling or the webhook server."""
        # Check the webhook settings before connecting anywhere.
        webhook = self._webhook_options() if self.settings.mode == "webhook" else None
        self._handle = handle
        self.app.add_handler(TypeHandler(Update, self._on_update))
        self.app.add_error_handler(self._on_error)
        await self._initialize()
        await self.app.start()
        await self.register_menu()
        updater = self.app.updater
        assert updater is not None
        if webhook is not None:
            await updater.start_webhook(**webhook)
        else:
            await updater.start_polling(
                timeout=timedelta(seconds=self.poll_timeout), allowed_updates=list(ALLOWED_UPDATES)
            )
        self._running = True
        log.info("telegram: %s as @%s", self.settings.mode, self.app.bot.username)

    def _webhook_options(self) -> dict[str, Any]:
        settings = self.settings
        if not settings.webhook_url:
            raise ConfigError("telegram.webhook_url", "is required in webhook mode")
        if not settings.webhook_secret:
            raise ConfigError("TELEGRAM_WEBHOOK_SECRET", "is required in webhook mode")
        return {
            "listen": settings.listen,
            "port": settings.port,
            "url_path": urlparse(settings.webhook_url).path.strip("/") or "telegram",
            "webhook_url": settings.webhook_url,
            "secret_token": settings.webhook_secret,
            "allowed_updates": list(ALLOWED_UPDATES),
        }

    async def _initialize(self) -> None:
        """Initialize the Application once (getMe), even when several sends race to do it."""
        async with self._init_lock:
            await self.app.initialize()

    async def stop(self) -> None:
        """Stop receiving updates, let in-flight handlers finish, close the HTTP clients.

        The pending long poll is abandoned at once (python-telegram-bot cancels it); what keeps stop() short
        when the Bot API hangs is POLL_SLACK_SECONDS on the final confirming getUpdates."""
        updater = self.app.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        self._running = False

    async def register_menu(self) -> None:
        """The command menu in English (default and "en") and Arabic ("ar")."""
        for language_code in (None, "en", "ar"):
            language = language_code or "en"
            commands = [BotCommand(name, t(language, f"render.menu.{name}")) for name in MENU]
            try:
                await self.app.bot.set_my_commands(commands, language_code=language_code)
            except TelegramError as error:  # a missing menu must not keep the bot from running
                log.warning("telegram: setMyCommands(%s) failed: %s", language_code, error)

    # --- updates in ---

    async def _on_update(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Route one update: membership changes, group migrations, button presses, commands."""
        if not isinstance(update, Update):
            return
        if update.my_chat_member is not None:
            member = update.my_chat_member
            if member.new_chat_member.status in ("left", "kicked") and self.on_chat_gone is not None:
                await self.on_chat_gone(ChatRef(self.name, str(member.chat.id)))
            return
        message = update.effective_message
        if message is not None and message.migrate_to_chat_id and self.on_chat_migrated is not None:
            await self.on_chat_migrated(
                ChatRef(self.name, str(message.chat.id)), str(message.migrate_to_chat_id)
            )
            return
        if update.callback_query is not None:
            command = await self._button_command(update.callback_query)
        else:
            command = await self.to_command(update)
        if command is not None:
            await self._answer(command)

    async def to_command(self, update: Update) -> Command | None:
        """The Command an update carries, or None (plain text, edits, another bot's command)."""
        message = update.message or update.channel_post
        if message is None or not message.text:
            return None
        parsed = parse_command_text(message.text, self._username())
        if parsed is None:
            return None
        name, args = parsed
        chat_type = CHAT_TYPES.get(message.chat.type, "group")
        if name not in ALL_COMMANDS and chat_type != "private" and "@" not in message.text.split()[0]:
            return None  # in groups, unknown bare commands are for other bots
        return await self._command(message, message.from_user, name, args, chat_type)

    def _username(self) -> str | None:
        try:
            username: str = self.app.bot.username
            return username
        except RuntimeError:  # not initialized yet: accept any addressee
            return None

    async def _command(
        self, message: Message, user: Any, name: str, args: str, chat_type: str, *, pressed: bool = False
    ) -> Command:
        thread = (
            str(message.message_thread_id) if message.is_topic_message and message.message_thread_id else None
        )
        chat = ChatRef(self.name, str(message.chat.id), thread)
        user_id = str(user.id) if user is not None else str(message.chat.id)
        is_admin = False
        if name in ADMIN_COMMANDS and chat_type != "private":
            is_admin = await self._is_admin(message, user, pressed=pressed)
        return Command(
            chat=chat,
            user_id=user_id,
            name=name,
            args=args,
            locale=getattr(user, "language_code", None),
            chat_type=chat_type,
            is_chat_admin=is_admin,
        )

    async def _is_admin(self, message: Message, user: Any, *, pressed: bool) -> bool:
        """Channel posts come from admins; anonymous admins post as the group; else ask getChatMember.
        A button press is always checked: any channel subscriber can press a button under a post."""
        posted_by_chat = message.chat.type == "channel" or (
            message.sender_chat is not None and message.sender_chat.id == message.chat.id
        )
        if posted_by_chat and not pressed:
            return True
        if user is None:
            return False
        try:
            member = await self.app.bot.get_chat_member(message.chat.id, user.id)
        except TelegramError as error:
            log.warning("telegram: getChatMember failed: %s", error)
            return False
        return member.status in ("administrator", "creator")

    async def _button_command(self, query: CallbackQuery) -> Command | None:
        """A pressed inline button runs its command, as if the presser had typed it."""
        try:
            await query.answer()
        except TelegramError as error:  # an expired query must not stop the command
            log.info("telegram: answerCallbackQuery failed: %s", error)
        line = self._buttons.command_for(query.data)
        message = query.message
        if not line or not isinstance(message, Message):
            return None
        parsed = parse_command_text(line, None)
        if parsed is None:
            return None
        chat_type = CHAT_TYPES.get(message.chat.type, "group")
        return await self._command(message, query.from_user, parsed[0], parsed[1], chat_type, pressed=True)

    async def _answer(self, command: Command) -> None:
        """Run the command layer and send its reply; a gone or moved chat is reported, not raised."""
        assert self._handle is not None
        try:
            reply = await self._handle(command)
            await self._reply(command.chat, reply)
        except ChatGone:
            if self.on_chat_gone is not None:
                await self.on_chat_gone(command.chat)
        except ChatMigrated as moved:
            if self.on_chat_migrated is not None:
                await self.on_chat_migrated(command.chat, moved.new_chat_id)
        except Exception:  # one failed command must not stop the bot
            log.exception("telegram: command /%s in %s failed", command.name, command.chat.chat_id)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.warning("telegram: update failed: %r", context.error)

    # --- messages out ---

    async def _reply(self, chat: ChatRef, reply: Reply) -> None:
        """A command's answer, each part in the chat's next slot of the shared Pacer."""
        for message in render_telegram(reply):
            await self._pacer.before_reply_part(self.name, chat.chat_id)
            await self._deliver(chat, message)

    async def send(
        self, chat: ChatRef, reply: Reply, *, skip_parts: int = 0, on_part_sent: PartSent | None = None
    ) -> int:
        """Render and send `reply`, skipping the first `skip_parts` parts; returns the number of parts. Not
        paced here: the caller paces (the sender asks the Pacer before each part)."""
        await self._initialize()  # lets the sender use the bot before start()
        messages = render_telegram(reply)
        for number, message in enumerate(messages, 1):
            if number <= skip_parts:
                continue
            await self._deliver(chat, message)
            if on_part_sent is not None:
                await on_part_sent(number)
        return len(messages)

    async def _deliver(self, chat: ChatRef, message: TelegramMessage) -> None:
        """One sendMessage; RetryAfter waited out and retried, errors translated."""
        for attempt in range(MAX_RATE_RETRIES + 1):
            try:
                await self.app.bot.send_message(
                    chat_id=chat_id_value(chat.chat_id),
                    text=message.text,
                    parse_mode=ParseMode.HTML,
                    link_preview_options=LinkPreviewOptions(is_disabled=message.disable_preview),
                    message_thread_id=int(chat.thread_id) if chat.thread_id else None,
                    reply_markup=self.keyboard(message.buttons),
                )
                return
            except RetryAfter as error:
                wait = _retry_seconds(error)
                if attempt == MAX_RATE_RETRIES:
                    raise RateLimited(wait, "telegram: flood control") from None
                log.info("telegram: 429 for chat %s, retrying in %.1fs", chat.chat_id, wait)
                await asyncio.sleep(wait)
                await self._pacer.before_retry(self.name, chat.chat_id)  # a retry counts like any send
            except Forbidden as error:
                raise ChatGone(f"telegram: {error.message}") from None
            except TelegramChatMigrated as error:
                raise ChatMigrated(str(error.new_chat_id)) from None
            except BadRequest as error:
                if any(marker in error.message.lower() for marker in GONE_BAD_REQUESTS):
                    raise ChatGone(f"telegram: {error.message}") from None
                raise PlatformError(f"telegram: {error.message}") from None
            except TimedOut:
                raise PlatformError("telegram: request timed out") from None
            except TelegramError as error:
                raise PlatformError(f"telegram: {error.message}") from None

    def keyboard(self, buttons: Sequence[Button]) -> InlineKeyboardMarkup | None:
        """Inline buttons, three per row. A command longer than callback_data's 64 bytes gets a short key."""
        if not buttons:
            return None
        cells = [
            InlineKeyboardButton(button.label, callback_data=self._buttons.data_for(button.command))
            for button in buttons
        ]
        return InlineKeyboardMarkup([cells[index : index + 3] for index in range(0, len(cells), 3)])


def _retry_seconds(error: RetryAfter) -> float:
    """RetryAfter's wait in seconds, whichever type this python-telegram-bot version returns."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # v22 warns that the int will become a timedelta
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
