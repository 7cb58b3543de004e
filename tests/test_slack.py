"""The Slack adapter with the real slack-bolt and slack-sdk, over HTTP, against the fake Slack Web API."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.chat import Button, Command, Reply
from bot.commands import CommandLayer
from bot.config import Settings, SlackSettings
from bot.errors import ChatGone, PlatformError, RateLimited
from bot.platforms.slack import SlackPlatform
from bot.platforms.slack_support import (
    ExpiringCache,
    chat_type_of,
    split_command_line,
    strip_leading_mention,
    team_of,
    unescape_incoming,
)
from bot.records import ChatRef
from bot.services import Services
from bot.storage import Database
from tests.fakes.slack_api import FakeSlackAPI
from tests.render_samples import arabic_digest

SECRET = "test-signing-secret"
NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


class Recorder:
    """The command layer stand-in: records commands, may hold them until released, answers in text."""

    def __init__(self) -> None:
        self.commands: list[Command] = []
        self.arrived = asyncio.Event()
        self.gate: asyncio.Event | None = None

    async def __call__(self, command: Command) -> Reply:
        self.commands.append(command)
        self.arrived.set()
        if self.gate is not None:
            await self.gate.wait()
        return Reply(language="en", text=f"ran {command.name} {command.args} & <!channel>",
                     buttons=(Button("Next", f"/{command.name} page:2"),))

    async def next(self, timeout: float = 5.0) -> Command:
        await asyncio.wait_for(self.arrived.wait(), timeout)
        self.arrived.clear()
        return self.commands[-1]


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI() as api:
        api.add_user("U1")
        api.add_user("UADMIN", is_admin=True)
        api.add_channel("C1", creator="UCREATOR")
        yield api


class Slack:
    """A started SlackPlatform and helpers that post signed requests to it the way Slack does."""

    def __init__(self, platform: SlackPlatform, recorder: Recorder, sleeps: list[float]) -> None:
        self.platform = platform
        self.recorder = recorder
        self.sleeps = sleeps

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.platform.port}/slack/events"

    async def post(self, body: str, content_type: str, *, timestamp: int | None = None,
                   secret: str = SECRET) -> tuple[int, str]:
        stamp = str(timestamp if timestamp is not None else int(time.time()))
        digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
        signature = f"v0={digest}"
        headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp,
                   "X-Slack-Signature": signature}
        async with aiohttp.ClientSession() as session, session.post(self.url, data=body.encode(),
                                                                    headers=headers) as response:
            return response.status, await response.text()

    async def slash(self, text: str, *, channel: str = "C1", user: str = "U1", response: str = "cmd",
                    fake: FakeSlackAPI, **kwargs: object) -> tuple[int, str]:
        form = {"token": "legacy", "team_id": "T1", "team_domain": "test", "channel_id": channel,
                "channel_name": "general", "user_id": user, "user_name": user.lower(), "command": "/news",
                "text": text, "api_app_id": "A1", "response_url": fake.response_url(response),
                "trigger_id": "1.2.3"}
        return await self.post(urlencode(form), "application/x-www-form-urlencoded", **kwargs)  # type: ignore[arg-type]

    async def event(self, event: dict[str, object], event_id: str = "Ev1") -> tuple[int, str]:
        body = {"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                "event_id": event_id, "event_time": int(time.time()), "event": event,
                "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}]}
        return await self.post(json.dumps(body), "application/json")


@pytest.fixture
async def slack(fake: FakeSlackAPI) -> AsyncIterator[Slack]:
    recorder = Recorder()
    sleeps: list[float] = []

    async def record_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    settings = SlackSettings(port=0, bot_token=fake.token, signing_secret=SECRET, api_base_url=fake.api_url)
    platform = SlackPlatform(settings, admin_user_ids=frozenset({"slack:UCONFIGURED"}), host="127.0.0.1",
                             http_timeout=1, sleep=record_sleep)
    await platform.start(recorder)
    try:
        yield Slack(platform, recorder, sleeps)
    finally:
        await platform.stop()


# --- incoming requests ------------------------------------------------------------------------------


async def test_signed_slash_command_is_acked_at_once_and_answered_later(slack: Slack,
                                                                        fake: FakeSlackAPI) -> None:
    slack.recorder.gate = asyncio.Event()  # the command layer is still busy when the ack goes back
    started = time.monotonic()
    status, _ = await slack.slash("search gaza", fake=fake)
    assert status == 200 and time.monotonic() - started < 3
    command = await slack.recorder.next()
    assert command == Command(chat=ChatRef("slack", "C1"), user_id="U1", name="search", args="gaza",
                              locale="en", chat_type="channel", is_chat_admin=False)  # locale: as typed
    assert fake.posted == []
    slack.recorder.gate.set()
    (posted,) = await fake.wait_for_posts(1)
    assert posted.via == "response:cmd"
    assert posted.payload["response_type"] == "in_channel"
    assert "ran search gaza &amp; &lt;!channel&gt;" in posted.text and posted.pings == []
    assert posted.blocks[-1]["elements"][0]["value"] == "/search page:2"


async def test_empty_slash_command_asks_for_help(slack: Slack, fake: FakeSlackAPI) -> None:
    await slack.slash("", fake=fake)
    assert (await slack.recorder.next()).name == "help"


@pytest.mark.parametrize("kind", ["forged", "old", "missing"])
async def test_forged_or_old_signatures_are_rejected(slack: Slack, fake: FakeSlackAPI, kind: str) -> None:
    if kind == "forged":
        status, _ = await slack.slash("subscribe", fake=fake, secret="wrong-secret")
    elif kind == "old":
        status, _ = await slack.slash("subscribe", fake=fake, timestamp=int(time.time()) - 6 * 60)
    else:
        async with aiohttp.ClientSession() as session, session.post(slack.url, data="text=help") as response:
            status = response.status
    assert status == 401
    await asyncio.sleep(0.05)
    assert slack.recorder.commands == [] and fake.posted == []


async def test_url_verification_challenge(slack: Slack) -> None:
    status, text = await slack.post(json.dumps({"type": "url_verification", "challenge": "abc123",
                                                "token": "legacy"}), "application/json")
    assert status == 200 and "abc123" in text


async def test_mention_runs_the_words_after_it_and_answers_in_the_thread(slack: Slack,
                                                                          fake: FakeSlackAPI) -> None:
    status, _ = await slack.event({"type": "app_mention", "user": "U1", "text": "<@UBOT> digest today",
                                   "ts": "1700.2", "thread_ts": "1700.1", "channel": "C1"})
    assert status == 200
    command = await slack.recorder.next()
    assert (command.name, command.args, command.chat) == ("digest", "today", ChatRef("slack", "C1", "1700.1"))
    (posted,) = await fake.wait_for_posts(1)
    assert posted.via == "chat.postMessage"
    assert posted.payload["channel"] == "C1" and posted.payload["thread_ts"] == "1700.1"
    assert posted.payload["parse"] == "none" and posted.payload["unfurl_links"] is False
    # Slack delivers the same event again when it thinks we were slow: it runs once
    await slack.event({"type": "app_mention", "user": "U1", "text": "<@UBOT> digest today",
                       "ts": "1700.2", "thread_ts": "1700.1", "channel": "C1"})
    await asyncio.sleep(0.1)
    assert len(slack.recorder.commands) == 1 and len(fake.posted) == 1


async def test_direct_message_is_a_command_and_bot_messages_are_ignored(slack: Slack,
                                                                        fake: FakeSlackAPI) -> None:
    await slack.event({"type": "message", "subtype": "bot_message", "bot_id": "B2", "text": "search x",
                       "channel": "D1", "channel_type": "im", "ts": "1.1"}, event_id="Ev0")
    await slack.event({"type": "message", "user": "U1", "channel": "D1", "channel_type": "im", "ts": "1.2",
                       "text": "/addsource <https://feeds.example/a?x=1&amp;y=2> &lt;now&gt;"})
    command = await slack.recorder.next()
    assert (command.name, command.args) == ("addsource", "https://feeds.example/a?x=1&y=2 <now>")
    assert command.chat_type == "private" and command.is_chat_admin is False
    assert slack.recorder.commands == [command]
    await fake.wait_for_posts(1)
    assert fake.calls_of("users.info") == []  # no admin lookup in a DM


async def test_button_runs_its_command(slack: Slack, fake: FakeSlackAPI) -> None:
    payload = {"type": "block_actions", "team": {"id": "T1"}, "api_app_id": "A1", "token": "legacy",
               "user": {"id": "U1"}, "channel": {"id": "C1"}, "trigger_id": "1.2",
               "container": {"type": "message", "channel_id": "C1", "message_ts": "1700.5"},
               "response_url": fake.response_url("button"),
               "actions": [{"type": "button", "action_id": "newsbot_cmd:0", "block_id": "b1",
                            "value": "/search gaza page:2", "action_ts": "1700.6",
                            "text": {"type": "plain_text", "text": "Next"}}]}
    form = urlencode({"payload": json.dumps(payload)})
    status, _ = await slack.post(form, "application/x-www-form-urlencoded")
    assert status == 200
    command = await slack.recorder.next()
    assert (command.name, command.args, command.chat.chat_id) == ("search", "gaza page:2", "C1")
    (posted,) = await fake.wait_for_posts(1)
    assert posted.via == "response:button"


@pytest.mark.parametrize(("user", "admin"), [("UADMIN", True), ("UCREATOR", True), ("UCONFIGURED", True),
                                             ("U1", False)])
async def test_admin_commands_check_who_may_change_settings(slack: Slack, fake: FakeSlackAPI, user: str,
                                                            admin: bool) -> None:
    fake.add_user("UCREATOR")
    await slack.slash("subscribe 07:30 Asia/Riyadh", user=user, fake=fake)
    command = await slack.recorder.next()
    assert (command.name, command.args, command.is_chat_admin) == ("subscribe", "07:30 Asia/Riyadh", admin)
    if user == "UCONFIGURED":
        assert fake.calls_of("users.info") == []


async def test_admin_lookups_are_cached_per_team_and_user(slack: Slack, fake: FakeSlackAPI) -> None:
    for user in ("UADMIN", "U1", "UADMIN", "U1"):
        await slack.slash("topics 3", user=user, fake=fake)
        await slack.recorder.next()
    assert [c.is_chat_admin for c in slack.recorder.commands] == [True, False, True, False]
    assert [c["user"] for c in fake.calls_of("users.info")] == ["UADMIN", "U1"]
    assert [c["channel"] for c in fake.calls_of("conversations.info")] == ["C1"]  # U1 may be the creator
    assert await slack.platform.is_admin("C1", "UADMIN", team_id="T2")  # another workspace asks again
    assert [c["user"] for c in fake.calls_of("users.info")] == ["UADMIN", "U1", "UADMIN"]


def test_expiring_cache_forgets_after_its_time_and_past_its_capacity() -> None:
    now = [0.0]
    cache = ExpiringCache[str, bool](300, capacity=2, clock=lambda: now[0])
    cache.put("a", False)
    now[0] = 299.9
    assert cache.get("a") is False
    now[0] = 300.0
    assert cache.get("a") is None and len(cache) == 0
    for key in ("a", "b", "c"):
        cache.put(key, True)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (None, True, True) and len(cache) == 2


def test_team_of_slash_commands_events_and_button_presses() -> None:
    assert team_of({"team_id": "T1", "user_id": "U1"}) == "T1"
    assert team_of({"team": {"id": "T2"}, "user": {"id": "U1", "team_id": "T9"}}) == "T2"
    assert team_of({"team": None, "user": {"id": "U1", "team_id": "T3"}}) == "T3"
    assert team_of({}) == ""


async def test_a_failed_admin_lookup_is_not_cached(slack: Slack, fake: FakeSlackAPI) -> None:
    fake.inject("users.info", error="internal_error", status=500)
    await slack.slash("topics 3", user="UADMIN", fake=fake)
    assert (await slack.recorder.next()).is_chat_admin is False  # unknown: refused, not remembered
    await slack.slash("topics 3", user="UADMIN", fake=fake)
    assert (await slack.recorder.next()).is_chat_admin is True
    assert len(fake.calls_of("users.info")) == 2


async def test_search_needs_no_admin_lookup(slack: Slack, fake: FakeSlackAPI) -> None:
    await slack.slash("search gaza", fake=fake)
    await slack.recorder.next()
    await fake.wait_for_posts(1)
    assert fake.calls_of("users.info") == [] and fake.calls_of("conversations.info") == []


# --- sending ----------------------------------------------------------------------------------------


async def test_sixty_topic_arabic_digest_is_split_and_accepted(slack: Slack, fake: FakeSlackAPI) -> None:
    parts_seen: list[int] = []

    async def on_part(count: int) -> None:
        parts_seen.append(count)

    reply = Reply(language="ar", digest=arabic_digest(60))
    total = await slack.platform.send(ChatRef("slack", "C1", "1700.9"), reply, on_part_sent=on_part)
    assert total >= 2 and parts_seen == list(range(1, total + 1))
    assert fake.rejected == [] and len(fake.posted) == total
    assert all(p.payload["thread_ts"] == "1700.9" and p.pings == [] for p in fake.posted)
    # resuming after a crash skips the parts already accepted
    fake.posted.clear()
    assert await slack.platform.send(ChatRef("slack", "C1"), reply, skip_parts=total - 1) == total
    assert len(fake.posted) == 1


async def test_rate_limit_is_waited_out_and_retried(slack: Slack, fake: FakeSlackAPI) -> None:
    fake.inject("chat.postMessage", error="ratelimited", status=429, retry_after=7, times=2)
    assert await slack.platform.send(ChatRef("slack", "C1"), Reply(language="en", text="hello")) == 1
    assert slack.sleeps == [7.0, 7.0]
    assert len(fake.calls_of("chat.postMessage")) == 3 and len(fake.posted) == 1


async def test_real_wait_honours_retry_after(fake: FakeSlackAPI) -> None:
    settings = SlackSettings(port=0, bot_token=fake.token, signing_secret=SECRET, api_base_url=fake.api_url)
    platform = SlackPlatform(settings, host="127.0.0.1")
    fake.inject("chat.postMessage", error="ratelimited", status=429, retry_after=1)
    started = time.monotonic()
    await platform.send(ChatRef("slack", "C1"), Reply(language="en", text="hello"))
    assert time.monotonic() - started >= 1 and len(fake.posted) == 1


async def test_a_long_retry_after_is_handed_back_as_rate_limited(slack: Slack, fake: FakeSlackAPI) -> None:
    fake.inject("chat.postMessage", error="ratelimited", status=429, retry_after=3600)
    with pytest.raises(RateLimited) as caught:
        await slack.platform.send(ChatRef("slack", "C1"), Reply(language="en", text="hello"))
    assert caught.value.retry_after == 3600 and slack.sleeps == []


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found", "is_archived", "account_inactive",
                                   "token_revoked"])
async def test_errors_that_mean_the_chat_is_gone(slack: Slack, fake: FakeSlackAPI, error: str) -> None:
    fake.inject("chat.postMessage", error=error)
    with pytest.raises(ChatGone, match=error):
        await slack.platform.send(ChatRef("slack", "C1"), Reply(language="en", text="hello"))


async def test_archived_channel_of_the_fake_is_gone_too(slack: Slack, fake: FakeSlackAPI) -> None:
    fake.add_channel("COLD", is_archived=True)
    with pytest.raises(ChatGone):
        await slack.platform.send(ChatRef("slack", "COLD"), Reply(language="en", text="hello"))


@pytest.mark.parametrize("error", ["internal_error", "invalid_auth", "fatal_error"])
async def test_other_errors_are_platform_errors_not_gone(slack: Slack, fake: FakeSlackAPI,
                                                         error: str) -> None:
    fake.inject("chat.postMessage", error=error, status=500 if error == "fatal_error" else 200)
    with pytest.raises(PlatformError) as caught:
        await slack.platform.send(ChatRef("slack", "C1"), Reply(language="en", text="hello"))
    assert not isinstance(caught.value, ChatGone)


async def test_timeout_is_a_platform_error(slack: Slack, fake: FakeSlackAPI) -> None:
    fake.inject("chat.postMessage", delay=1.3)
    with pytest.raises(PlatformError, match="Timeout"):
        await slack.platform.send(ChatRef("slack", "C1"), Reply(language="en", text="hello"))


async def test_wrong_token_is_refused_by_the_fake(fake: FakeSlackAPI) -> None:
    settings = SlackSettings(port=0, bot_token="xoxb-wrong", signing_secret=SECRET, api_base_url=fake.api_url)
    platform = SlackPlatform(settings)
    with pytest.raises(PlatformError, match="invalid_auth"):
        await platform.send(ChatRef("slack", "C1"), Reply(language="en", text="hello"))


# --- pure helpers -----------------------------------------------------------------------------------


def test_command_lines() -> None:
    assert split_command_line("search  gaza ceasefire ") == ("search", "gaza ceasefire")
    assert split_command_line("/Digest yesterday") == ("digest", "yesterday")
    assert split_command_line("   ") == ("help", "")
    assert strip_leading_mention("<@UBOT> search x") == "search x"
    assert strip_leading_mention("<@UBOT|newsbot>: help") == "help"
    wire = "a &amp; b &lt;c&gt; <https://x.example/?a=1&amp;b=2|x.example> <#C1|news> <@U2>"
    assert unescape_incoming(wire) == "a & b <c> https://x.example/?a=1&b=2 #news <@U2>"
    assert [chat_type_of(c) for c in ("D1", "G1", "C1")] == ["private", "group", "channel"]


async def test_socket_mode_receives_a_slash_command_and_acks_it(fake: FakeSlackAPI) -> None:
    recorder = Recorder()
    settings = SlackSettings(bot_token=fake.token, app_token=fake.app_token, api_base_url=fake.api_url)
    platform = SlackPlatform(settings, host="127.0.0.1")
    await platform.start(recorder)
    try:
        assert platform.port is None  # no HTTP server in Socket Mode
        envelope = {"envelope_id": "env-1", "type": "slash_commands", "accepts_response_payload": True,
                    "payload": {"team_id": "T1", "channel_id": "C1", "user_id": "U1", "command": "/news",
                                "text": "digest yesterday", "api_app_id": "A1",
                                "response_url": fake.response_url("socket"), "trigger_id": "1.2"}}
        ack = await fake.socket_send(envelope)
        assert ack["envelope_id"] == "env-1"
        command = await recorder.next()
        assert (command.name, command.args, command.chat) == ("digest", "yesterday", ChatRef("slack", "C1"))
        (posted,) = await fake.wait_for_posts(1)
        assert posted.via == "response:socket"
    finally:
        await platform.stop()


def test_app_manifest_matches_the_adapter() -> None:
    manifest = (Path(__file__).resolve().parent.parent / "slack_app_manifest.yml").read_text(encoding="utf-8")
    assert f"- command: {SlackSettings().command}\n" in manifest
    assert manifest.count("url: https://YOUR-HOST/slack/events") == 3
    for needed in ("- app_mention", "- message.im", "- commands", "- chat:write", "- users:read",
                   "- channels:read", "- im:history", "socket_mode_enabled: false"):
        assert needed in manifest


async def test_start_refuses_a_wrong_token(fake: FakeSlackAPI) -> None:
    settings = SlackSettings(port=0, bot_token="xoxb-wrong", signing_secret=SECRET, api_base_url=fake.api_url)
    with pytest.raises(PlatformError, match="invalid_auth"):
        await SlackPlatform(settings, host="127.0.0.1").start(Recorder())
    socket = SlackSettings(bot_token=fake.token, app_token="xapp-wrong", api_base_url=fake.api_url)
    with pytest.raises(PlatformError, match="invalid_auth"):
        await SlackPlatform(socket).start(Recorder())
    with pytest.raises(PlatformError, match="SLACK_SIGNING_SECRET"):
        SlackPlatform(SlackSettings(bot_token=fake.token))


async def test_real_command_layer_in_both_languages(fake: FakeSlackAPI, sqlite_storage: Database) -> None:
    """Slash commands through slack-bolt into the real CommandLayer, answers back through response_url."""
    fake.add_user("UADMIN", is_admin=True)
    layer = CommandLayer(Services(storage=sqlite_storage, settings=Settings(), now=lambda: NOW))
    settings = SlackSettings(port=0, bot_token=fake.token, signing_secret=SECRET, api_base_url=fake.api_url)
    platform = SlackPlatform(settings, host="127.0.0.1")
    await platform.start(layer.handle)
    slack = Slack(platform, Recorder(), [])
    try:
        async def answer(text: str, user: str = "UADMIN") -> str:
            count = len(fake.posted)
            status, _ = await slack.slash(text, user=user, fake=fake)
            assert status == 200
            posted = (await fake.wait_for_posts(count + 1))[count:]
            return "\n".join(b["text"]["text"] for p in posted for b in p.blocks if b["type"] == "section")

        assert "07:30" in await answer("subscribe 07:30 Asia/Riyadh")
        refused = await answer("topics 3", user="U1")  # not an admin of the channel
        assert sqlite_storage.get_subscription(ChatRef("slack", "C1")).max_topics != 3  # type: ignore[union-attr]
        assert "administrators can change" in refused
        await answer("lang ar")
        arabic = await answer("help", user="U1")
        assert "أرسل ملخصًا يوميًا للأخبار" in arabic
        assert await answer("search &lt;nothing&gt; &amp; more", user="U1")
        assert fake.rejected == [] and all(p.pings == [] for p in fake.posted)
    finally:
        await platform.stop()


async def test_replies_follow_the_language_each_user_types_until_lang_is_set(
    fake: FakeSlackAPI, sqlite_storage: Database
) -> None:
    """Slack tells no client language: the words typed do, per user, through slack-bolt and the real
    CommandLayer; a message without words of its own keeps the user's last language; /lang wins."""
    fake.add_user("UADMIN", is_admin=True)
    fake.add_user("U2")
    layer = CommandLayer(Services(storage=sqlite_storage, settings=Settings(), now=lambda: NOW))
    settings = SlackSettings(port=0, bot_token=fake.token, signing_secret=SECRET, api_base_url=fake.api_url)
    platform = SlackPlatform(settings, host="127.0.0.1")
    await platform.start(layer.handle)
    slack = Slack(platform, Recorder(), [])

    async def texts_of_new_posts(count: int) -> str:
        posted = (await fake.wait_for_posts(count + 1))[count:]
        return "\n".join(b["text"]["text"] for p in posted for b in p.blocks if b["type"] == "section")

    async def slash(text: str, user: str = "U1") -> str:
        count = len(fake.posted)
        status, _ = await slack.slash(text, user=user, fake=fake)
        assert status == 200
        return await texts_of_new_posts(count)

    async def direct_message(text: str, user: str, event_id: str) -> str:
        count = len(fake.posted)
        status, _ = await slack.event({"type": "message", "user": user, "channel": "D2", "channel_type": "im",
                                       "ts": f"1.{event_id}", "text": text}, event_id=event_id)
        assert status == 200
        return await texts_of_new_posts(count)

    try:
        assert "لم أجد شيئًا عن «الجفاف»" in await slash("search الجفاف")
        assert "أرسل ملخصًا يوميًا للأخبار" in await slash("help")  # no words: the user's last language
        assert "Nothing found" in await slash("search drought", user="U2")  # another user, English
        assert "I send a daily news digest" in await slash("help", user="U2")
        # a direct message with an Arabic greeting and no command word: an Arabic "unknown command"
        assert "لا أعرف الأمر" in await direct_message("مرحبا", "U2", "Ev20")
        assert "Nothing found" in await slash("search drought")  # U1 writes English now
        await slash("lang en", user="UADMIN")  # the channel's choice wins over the words typed
        assert "Nothing found for" in await slash("search الجفاف")
        assert fake.rejected == []
    finally:
        await platform.stop()


def test_command_words_in_replies_follow_the_slash_command() -> None:
    from bot.platforms.slack_support import slack_command_words

    text = "Send /subscribe 07:30, then /search gaza; see /help. A path a/digest and /unknown stay."
    assert slack_command_words(text, "/news") == (
        "Send /news subscribe 07:30, then /news search gaza; see /news help. "
        "A path a/digest and /unknown stay."
    )
    assert slack_command_words("اكتب /digest الآن", "/akhbar") == "اكتب /akhbar digest الآن"
