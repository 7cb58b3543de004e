"""A fake Telegram Bot API server on loopback that validates like the real one and records what it accepts.

    async with FakeTelegramApi() as api:        # binds 127.0.0.1 on a free port
        settings = TelegramSettings(token=api.token, api_base_url=api.base_url)
        api.push(api.message_update(42, "/start"))       # served to getUpdates (long polling honoured)
        api.retry_after(1)                               # the next sendMessage answers 429 retry_after=1
        ...
        api.sent                                         # every accepted message, in order

Checks made like the Bot API: the token in the path (401 otherwise), HTML parse mode (tag whitelist,
well-formedness, entities: 400 "Bad Request: can't parse entities: ..."), the 4096 UTF-16 limit after
entity parsing (400 "Bad Request: message is too long"), markup over ~9,500 units (ENTITIES_TOO_LONG),
empty texts, callback_data of 1-64 bytes, and getUpdates refused (409) while a webhook is set.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.telegram_html import HtmlError, parse_entities
from tests.fakes.telegram_updates import BOT_USER, UpdateBuilders

_ARRIVED: contextvars.ContextVar[float] = contextvars.ContextVar("arrived", default=0.0)
MAX_MARKUP = 9500
"""Markup length past which the Bot API answers ENTITIES_TOO_LONG (observed, approximate)."""
_JSON_FIELDS = {
    "reply_markup",
    "link_preview_options",
    "commands",
    "scope",
    "allowed_updates",
    "entities",
    "reply_parameters",
}


@dataclass(frozen=True, slots=True)
class SentMessage:
    chat_id: str
    html: str
    text: str
    """The plain text after entity parsing."""
    thread_id: int | None
    entities: int
    """Formatting entities; Telegram applies only the first 100 and silently drops the rest."""
    disable_preview: bool
    reply_markup: dict[str, Any] | None
    at: float
    """time.monotonic() when accepted (after the body was read and the HTML checked)."""
    arrived: float = 0.0
    """time.monotonic() when the request reached the server, before its body was read: what Telegram's
    rate limits count."""


@dataclass(slots=True)
class Fault:
    method: str
    status: int = 0
    description: str = ""
    parameters: dict[str, Any] | None = None
    delay: float = 0.0
    chat_id: str | None = None


@dataclass
class FakeTelegramApi(UpdateBuilders):
    token: str = "123456:TEST-token_abc"
    sent: list[SentMessage] = field(default_factory=list)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    commands: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    """(scope type, language code or "") -> the registered command menu."""
    admins: dict[str, set[int]] = field(default_factory=dict)
    """chat id -> user ids reported as administrators by getChatMember."""
    callback_answers: list[str] = field(default_factory=list)
    webhook: dict[str, Any] | None = None
    faults: list[Fault] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._arrived = asyncio.Event()
        self._closed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle ---

    async def __aenter__(self) -> FakeTelegramApi:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._arrived.set()
        self._closed.set()  # ends hung calls, which the runner's cleanup would otherwise wait out
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        """What TELEGRAM_API_BASE_URL would hold: the bot token is appended by the client."""
        return f"http://127.0.0.1:{self.port}/bot"

    # --- test controls ---

    def push(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; returns its update_id."""
        update = {"update_id": next(self._update_ids), **update}
        self._updates.append(update)
        self._arrived.set()
        return int(update["update_id"])

    def inject(self, fault: Fault) -> None:
        """Answer the next matching call with this fault (status 0 = only delay, then answer normally)."""
        self.faults.append(fault)

    def retry_after(self, seconds: int, method: str = "sendMessage") -> None:
        self.inject(Fault(method, 429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds}))

    def forbidden(
        self, description: str = "Forbidden: bot was blocked by the user", method: str = "sendMessage"
    ) -> None:
        self.inject(Fault(method, 403, description))

    def migrate(self, new_chat_id: int, method: str = "sendMessage") -> None:
        self.inject(
            Fault(
                method,
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": new_chat_id},
            )
        )

    def delay(self, seconds: float, method: str = "sendMessage") -> None:
        """Make the next call hang (a timeout on the client side)."""
        self.inject(Fault(method, 0, "", None, seconds))

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    # --- HTTP ---

    async def _dispatch(self, request: web.Request) -> web.Response:
        _ARRIVED.set(time.monotonic())  # a connection's task handles one request at a time
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await _params(request)
        self.calls.append((method, params))
        fault = self._take_fault(method, params)
        if fault is not None:
            if fault.delay:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._closed.wait(), fault.delay)
            if fault.status:
                return _error(fault.status, fault.description, fault.parameters)
        handler = getattr(self, "_api_" + method, None)
        if handler is None:
            return _error(404, "Not Found: method not found")
        try:
            result = await handler(params)
        except _ApiError as error:
            return _error(error.status, error.description)
        return web.json_response({"ok": True, "result": result})

    def _take_fault(self, method: str, params: dict[str, Any]) -> Fault | None:
        for index, fault in enumerate(self.faults):
            if fault.method == method and fault.chat_id in (None, str(params.get("chat_id"))):
                return self.faults.pop(index)
        return None

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook is not None:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while not self._updates and time.monotonic() < deadline and not self._closed.is_set():
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), deadline - time.monotonic())
            except TimeoutError:
                break
        limit = int(params.get("limit") or 100)
        return self._updates[:limit]

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise _ApiError(400, "Bad Request: chat_id is empty")
        text = str(params.get("text") or "")
        plain, entities = text, 0
        if str(params.get("parse_mode", "")).upper() == "HTML":
            try:
                plain, parsed = parse_entities(text)
            except HtmlError as error:
                raise _ApiError(400, f"Bad Request: {error}") from None
            entities = len(parsed)
            if len(text.encode("utf-16-le")) // 2 > MAX_MARKUP:
                raise _ApiError(400, "Bad Request: ENTITIES_TOO_LONG")
        if not plain.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if len(plain.encode("utf-16-le")) // 2 > 4096:
            raise _ApiError(400, "Bad Request: message is too long")
        markup = params.get("reply_markup")
        _check_markup(markup)
        preview = params.get("link_preview_options") or {}
        thread = params.get("message_thread_id")
        self.sent.append(
            SentMessage(
                str(chat_id),
                text,
                plain,
                int(thread) if thread is not None else None,
                entities,
                bool(preview.get("is_disabled") or params.get("disable_web_page_preview")),
                markup,
                time.monotonic(),
                _ARRIVED.get(),
            )
        )
        chat_number = int(chat_id) if str(chat_id).lstrip("-").isdigit() else -100
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "from": BOT_USER,
            "text": plain,
            "chat": self.chat(chat_number, "private" if chat_number > 0 else "supergroup"),
        }
        if thread is not None:
            message["message_thread_id"] = int(thread)
        return message

    async def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        scope = (params.get("scope") or {}).get("type", "default")
        commands = params.get("commands") or []
        for command in commands:
            if not (1 <= len(command["command"]) <= 32) or not (1 <= len(command["description"]) <= 256):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        self.commands[(scope, str(params.get("language_code") or ""))] = commands
        return True

    async def _api_getMyCommands(self, params: dict[str, Any]) -> Any:
        scope = (params.get("scope") or {}).get("type", "default")
        return self.commands.get((scope, str(params.get("language_code") or "")), [])

    async def _api_getChatMember(self, params: dict[str, Any]) -> Any:
        user = self.user(int(params["user_id"]))
        if int(params["user_id"]) in self.admins.get(str(params["chat_id"]), set()):
            rights = dict.fromkeys(
                (
                    "can_be_edited",
                    "is_anonymous",
                    "can_manage_chat",
                    "can_delete_messages",
                    "can_manage_video_chats",
                    "can_restrict_members",
                    "can_promote_members",
                    "can_change_info",
                    "can_invite_users",
                    "can_post_stories",
                    "can_edit_stories",
                    "can_delete_stories",
                ),
                False,
            )
            return {"status": "administrator", "user": user, **rights}
        return {"status": "member", "user": user}

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        self.callback_answers.append(str(params.get("callback_query_id")))
        return True

    async def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        if not str(params.get("url", "")).startswith("https://"):
            raise _ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = params
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = None
        return True

    async def _api_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }


class _ApiError(Exception):
    def __init__(self, status: int, description: str) -> None:
        self.status = status
        self.description = description


def _error(status: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


async def _params(request: web.Request) -> dict[str, Any]:
    """Bot API parameters from a query string, a form (as python-telegram-bot sends) or a JSON body."""
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        params.update(await request.json())
        return params
    if request.can_read_body:
        form = await request.post()
        for key, value in form.items():
            params[key] = json.loads(value) if key in _JSON_FIELDS and isinstance(value, str) else value
    return params


def _check_markup(markup: Any) -> None:
    if not markup:
        return
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not (1 <= len(data.encode("utf-8")) <= 64):
                raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if not button.get("text"):
                raise _ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
