"""A fake Slack Web API on loopback that records calls and validates like the real service.

It serves `auth.test`, `users.info`, `conversations.info`, `chat.postMessage` (under `/api/`) and
response_url endpoints (`/response/{name}`), checks the bot token, and rejects the messages the real Slack
refuses (the rules are in `tests.fakes.slack_blocks`: 50 blocks, 3,000 per section, 150 per header, buttons,
~12,000 cumulative). Every accepted message is parsed the way Slack would: `pings` lists the mentions it
would notify and `links` the link targets.

Socket Mode: `apps.connections.open` (app token) hands out a WebSocket URL on the same server; the fake says
hello, `socket_send(envelope)` pushes an envelope to the connected client, acknowledgements land in
`socket_acks`.

Faults: `inject(method, error=..., status=..., retry_after=..., delay=..., times=1)` makes the next calls of a
method fail (`ratelimited` with 429 and Retry-After, `not_in_channel`, `is_archived`, `token_revoked`, ...)
or stall (`delay` seconds: a timeout for a client with a shorter timeout).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.fakes.slack_blocks import InvalidMessage, Posted, parse_like_slack, validate_message


@dataclass
class Fault:
    error: str | None = None
    status: int = 200
    retry_after: int | None = None
    delay: float = 0.0
    times: int = 1


class FakeSlackAPI:
    """Start with `async with FakeSlackAPI() as fake:`; point clients at `fake.api_url`."""

    def __init__(self, token: str = "xoxb-test-token", bot_user_id: str = "UBOT",
                 team_id: str = "T1", app_token: str = "xapp-test-token") -> None:
        self.token = token
        self.app_token = app_token
        self.socket_acks: list[dict[str, Any]] = []
        self._sockets: list[web.WebSocketResponse] = []
        self._socket_open = asyncio.Event()
        self._acks_seen = asyncio.Event()
        self.bot_user_id = bot_user_id
        self.team_id = team_id
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.posted: list[Posted] = []
        self.rejected: list[tuple[str, str]] = []
        self.faults: dict[str, list[Fault]] = {}
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self._posts_seen = asyncio.Event()

    # ---- builder methods
    def add_user(self, user_id: str, *, is_admin: bool = False, is_owner: bool = False,
                 locale: str = "en-US") -> None:
        self.users[user_id] = {"id": user_id, "name": user_id.lower(), "is_admin": is_admin,
                               "is_owner": is_owner, "is_primary_owner": False, "locale": locale}

    def add_channel(self, channel_id: str, *, creator: str = "UCREATOR", is_archived: bool = False) -> None:
        self.channels[channel_id] = {"id": channel_id, "creator": creator, "is_archived": is_archived,
                                     "is_im": channel_id.startswith("D"), "is_member": True}

    def inject(self, method: str, *, error: str | None = None, status: int = 200,
               retry_after: int | None = None, delay: float = 0.0, times: int = 1) -> None:
        """Make the next `times` calls of `method` fail with `error` (HTTP `status`) or stall `delay` s."""
        self.faults.setdefault(method, []).append(Fault(error, status, retry_after, delay, times))

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    async def wait_for_posts(self, count: int, timeout: float = 5.0) -> list[Posted]:
        """Wait until at least `count` messages were accepted; return them all."""
        async def enough() -> None:
            while len(self.posted) < count:
                self._posts_seen.clear()
                await self._posts_seen.wait()
        await asyncio.wait_for(enough(), timeout)
        return list(self.posted)

    # ---- lifecycle
    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base_url}/response/{name}"

    async def __aenter__(self) -> FakeSlackAPI:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{name}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        for socket in list(self._sockets):
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # ---- HTTP handlers
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _read_params(request)
        self.calls.append((method, params))
        fault = self._take_fault(method)
        if fault is not None:
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.error:
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
                return web.json_response({"ok": False, "error": fault.error}, status=fault.status,
                                         headers=headers)
        if method == "apps.connections.open":
            if _token_of(request, params) != self.app_token:
                return _error("invalid_auth")
            socket_url = self.base_url.replace("http://", "ws://") + "/socket"
            return web.json_response({"ok": True, "url": socket_url})
        if not self._authorised(request, params):
            return _error("not_authed" if not _token_of(request, params) else "invalid_auth")
        handler = {
            "auth.test": self._auth_test,
            "users.info": self._users_info,
            "conversations.info": self._conversations_info,
            "chat.postMessage": self._post_message,
        }.get(method)
        if handler is None:
            return _error("unknown_method", status=404)
        return await handler(params)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_json({"type": "hello", "num_connections": 1,
                                "debug_info": {"host": "fake"}, "connection_info": {"app_id": "A1"}})
        self._socket_open.set()
        async for message in socket:
            if message.type == web.WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
                self._acks_seen.set()
        self._sockets.remove(socket)
        return socket

    async def socket_send(self, envelope: dict[str, Any], timeout: float = 5.0) -> dict[str, Any]:
        """Push one Socket Mode envelope to the connected client; return its acknowledgement."""
        await asyncio.wait_for(self._socket_open.wait(), timeout)
        seen = len(self.socket_acks)
        self._acks_seen.clear()
        await self._sockets[-1].send_json(envelope)

        async def acked() -> dict[str, Any]:
            while True:
                for ack in self.socket_acks[seen:]:
                    if ack.get("envelope_id") == envelope.get("envelope_id"):
                        return ack
                self._acks_seen.clear()
                await self._acks_seen.wait()
        return await asyncio.wait_for(acked(), timeout)

    async def _response_url(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        params = await _read_params(request)
        self.calls.append((f"response:{name}", params))
        try:
            self._accept(f"response:{name}", params)
        except InvalidMessage as exc:
            self.rejected.append((exc.error, exc.detail))
            return web.Response(status=400, text=exc.error)
        return web.Response(text="ok", content_type="text/plain")

    async def _auth_test(self, params: dict[str, Any]) -> web.Response:
        return web.json_response({"ok": True, "url": "https://test.slack.invalid/", "team": "Test",
                                  "user": "newsbot", "team_id": self.team_id, "user_id": self.bot_user_id,
                                  "bot_id": "BBOT", "is_enterprise_install": False})

    async def _users_info(self, params: dict[str, Any]) -> web.Response:
        user = self.users.get(str(params.get("user", "")))
        if user is None:
            return _error("user_not_found")
        return web.json_response({"ok": True, "user": user})

    async def _conversations_info(self, params: dict[str, Any]) -> web.Response:
        channel = self.channels.get(str(params.get("channel", "")))
        if channel is None:
            return _error("channel_not_found")
        return web.json_response({"ok": True, "channel": channel})

    async def _post_message(self, params: dict[str, Any]) -> web.Response:
        channel_id = str(params.get("channel") or "")
        if not channel_id:
            return _error("channel_not_found")
        channel = self.channels.get(channel_id)
        if channel is not None and channel["is_archived"]:
            return _error("is_archived")
        try:
            posted = self._accept("chat.postMessage", params)
        except InvalidMessage as exc:
            self.rejected.append((exc.error, exc.detail))
            return web.json_response({"ok": False, "error": exc.error, "errors": [exc.detail]})
        ts = f"1700000000.{len(self.posted):06d}"
        return web.json_response({"ok": True, "channel": channel_id, "ts": ts, "message": posted.payload})

    # ---- helpers
    def _take_fault(self, method: str) -> Fault | None:
        queue = self.faults.get(method)
        if not queue:
            return None
        fault = queue[0]
        fault.times -= 1
        if fault.times <= 0:
            queue.pop(0)
        return fault

    def _authorised(self, request: web.Request, params: dict[str, Any]) -> bool:
        return _token_of(request, params) == self.token

    def _accept(self, via: str, payload: dict[str, Any]) -> Posted:
        if isinstance(payload.get("blocks"), str):
            payload = {**payload, "blocks": json.loads(payload["blocks"])}
        validate_message(payload)
        posted = Posted(via=via, payload=payload)
        parse_like_slack(posted)
        self.posted.append(posted)
        self._posts_seen.set()
        return posted


def _token_of(request: web.Request, params: dict[str, Any]) -> str | None:
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        return auth.removeprefix("Bearer ")
    token = params.get("token")
    return str(token) if token else None


async def _read_params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                params.update(body)
        else:
            params.update(dict(await request.post()))
    return params


def _error(error: str, status: int = 200) -> web.Response:
    return web.json_response({"ok": False, "error": error}, status=status)
