"""The Telegram adapter: the real python-telegram-bot over HTTP against the loopback fake Bot API."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Any

import aiohttp
import pytest

from bot.chat import Button, Command, Reply
from bot.config import TelegramSettings
from bot.errors import ChatGone, ChatMigrated, PlatformError
from bot.pacing import Pacer, PlatformLimits
from bot.platforms import rtl
from bot.platforms.telegram import TelegramPlatform
from bot.platforms.telegram_support import ButtonCommands, api_urls, parse_command_text
from bot.records import ChatRef
from tests.fakes.telegram_api import FakeTelegramApi, Fault
from tests.fakes.telegram_html import parse_telegram_html
from tests.render_samples import arabic_digest


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramApi]:
    async with FakeTelegramApi() as fake:
        yield fake


def settings_for(api: FakeTelegramApi, **overrides: Any) -> TelegramSettings:
    return TelegramSettings(token=api.token, api_base_url=api.base_url, **overrides)


def no_waits() -> Pacer:
    """A Pacer that spaces nothing, for tests about something else."""
    return Pacer({"telegram": PlatformLimits(per_second=10_000, burst=100, per_chat_interval=0)})


class Recorder:
    """A command layer that records commands and answers with a short text."""

    def __init__(self) -> None:
        self.commands: list[Command] = []

    async def __call__(self, command: Command) -> Reply:
        self.commands.append(command)
        language = "ar" if (command.locale or "").startswith("ar") else "en"
        buttons = (Button("Next", "/search gaza page:2"),) if command.name == "search" else ()
        return Reply(language=language, text=f"{command.name}: {command.args}", buttons=buttons)


async def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


@pytest.fixture
async def running(api: FakeTelegramApi) -> AsyncIterator[tuple[TelegramPlatform, Recorder, list[Any]]]:
    """A polling platform with recorded callbacks."""
    events: list[Any] = []

    async def gone(chat: ChatRef) -> None:
        events.append(("gone", chat))

    async def migrated(chat: ChatRef, new_id: str) -> None:
        events.append(("migrated", chat, new_id))

    platform = TelegramPlatform(
        settings_for(api), on_chat_gone=gone, on_chat_migrated=migrated, pacer=no_waits(), poll_timeout=0.3
    )
    recorder = Recorder()
    await platform.start(recorder)
    try:
        yield platform, recorder, events
    finally:
        await platform.stop()


async def test_polling_answers_start_and_search(api: FakeTelegramApi, running: Any) -> None:
    _, recorder, _ = running
    api.push(api.message_update(42, "/start", language_code="ar"))
    api.push(api.message_update(42, "/search@newsbot_test_bot غزة talks", language_code="en-GB"))
    await wait_for(lambda: len(api.sent) == 2)
    start, search = recorder.commands
    assert (start.name, start.args, start.locale, start.chat_type) == ("start", "", "ar", "private")
    assert (search.name, search.args, search.chat) == ("search", "غزة talks", ChatRef("telegram", "42"))
    assert not start.is_chat_admin
    # An Arabic reply: even a Latin-only line starts right-to-left (right-aligned), its text isolated.
    assert api.sent[0].text == f"{rtl.RLM}{rtl.LRI}start:{rtl.PDI}"
    assert api.sent[1].chat_id == "42" and "search: " in api.sent[1].text
    assert api.sent[1].reply_markup == {
        "inline_keyboard": [[{"text": "Next", "callback_data": "/search gaza page:2"}]]
    }
    assert api.calls_of("getChatMember") == []  # not an admin command, not a group


async def test_command_menu_registered_in_arabic_and_english(api: FakeTelegramApi, running: Any) -> None:
    english, arabic, default = (
        api.commands[("default", "en")],
        api.commands[("default", "ar")],
        api.commands[("default", "")],
    )
    assert (
        [c["command"] for c in english] == [c["command"] for c in arabic] == [c["command"] for c in default]
    )
    assert {"start", "search", "digest", "subscribe"} <= {c["command"] for c in english}
    search_ar = next(c["description"] for c in arabic if c["command"] == "search")
    assert search_ar == "ابحث في الأخبار"
    assert next(c["description"] for c in english if c["command"] == "search") == "Search the news"


async def test_group_admin_commands_look_up_the_member(api: FakeTelegramApi, running: Any) -> None:
    _, recorder, _ = running
    api.admins["-1001"] = {7}
    api.push(api.message_update(-1001, "/subscribe 08:00", user_id=7, chat_type="supergroup"))
    api.push(api.message_update(-1001, "/topics 5", user_id=8, chat_type="supergroup"))
    api.push(api.message_update(-1001, "/search x", user_id=8, chat_type="supergroup"))
    api.push(api.message_update(-1001, "/unrelated", user_id=8, chat_type="supergroup"))
    api.push(api.message_update(-1001, "/search@other_bot x", user_id=8, chat_type="supergroup"))
    await wait_for(lambda: len(api.sent) == 3)
    await asyncio.sleep(0.1)
    by_name = {c.name: c for c in recorder.commands}
    assert set(by_name) == {"subscribe", "topics", "search"}
    assert by_name["subscribe"].is_chat_admin and by_name["subscribe"].chat_type == "group"
    assert not by_name["topics"].is_chat_admin
    assert len(api.calls_of("getChatMember")) == 2


async def test_forum_topic_thread_is_kept_and_used(api: FakeTelegramApi, running: Any) -> None:
    platform, recorder, _ = running
    api.push(api.message_update(-1002, "/digest", user_id=9, chat_type="supergroup", thread_id=77))
    await wait_for(lambda: len(api.sent) == 1)
    assert recorder.commands[0].chat == ChatRef("telegram", "-1002", "77")
    assert api.sent[0].thread_id == 77
    await platform.send(ChatRef("telegram", "-1002", "78"), Reply("en", text="hi"))
    assert api.sent[1].thread_id == 78


async def test_buttons_run_their_command_even_when_longer_than_callback_data(
    api: FakeTelegramApi, running: Any
) -> None:
    platform, recorder, _ = running
    long_command = "/search " + "الضمانات الأمنية " * 4 + "page:2"
    await platform.send(
        ChatRef("telegram", "43"), Reply("ar", text="نتائج", buttons=(Button("التالي", long_command),))
    )
    data = api.sent[0].reply_markup["inline_keyboard"][0][0]["callback_data"]  # type: ignore[index]
    assert len(data.encode()) <= 64
    api.push(api.callback_update(43, data, language_code="ar"))
    await wait_for(lambda: len(api.sent) == 2)
    command = recorder.commands[0]
    assert (command.name, command.args) == ("search", long_command.removeprefix("/search "))
    assert command.locale == "ar" and len(api.callback_answers) == 1


async def test_membership_changes(api: FakeTelegramApi, running: Any) -> None:
    _, _, events = running
    api.push(api.my_chat_member_update(-1003, "left", "member", chat_type="group"))
    api.push(api.my_chat_member_update(44, "member", "kicked"))
    await wait_for(lambda: len(events) == 1)
    await asyncio.sleep(0.1)
    assert events == [("gone", ChatRef("telegram", "44"))]


async def test_stop_does_not_wait_out_a_hung_bot_api(api: FakeTelegramApi) -> None:
    """Ctrl-C with a 60 s long poll open and a Bot API that stops answering: stop() abandons the poll and
    gives the final confirming getUpdates about a second, not the poll's timeout."""
    platform = TelegramPlatform(settings_for(api), pacer=no_waits(), poll_timeout=60)
    await platform.start(Recorder())
    try:
        update_id = api.push(api.message_update(42, "/help"))
        await wait_for(lambda: len(api.sent) == 1)
        # The long poll after /help is open; the next getUpdates, stop()'s confirmation, hangs.
        await wait_for(lambda: any(int(c.get("offset") or 0) > update_id for c in api.calls_of("getUpdates")))
        api.delay(60, "getUpdates")
    finally:
        await asyncio.wait_for(platform.stop(), timeout=10)  # a liveness bound: unfixed, this took 60 s
    confirmation = api.calls_of("getUpdates")[-1]
    assert int(confirmation["offset"]) == update_id + 1 and int(confirmation["timeout"]) == 0


async def test_stop_lets_a_command_being_answered_finish(api: FakeTelegramApi) -> None:
    """An update already fetched is answered before stop() returns, not dropped."""
    entered, release = asyncio.Event(), asyncio.Event()
    recorder = Recorder()

    async def slow_handler(command: Command) -> Reply:
        entered.set()
        await release.wait()
        return await recorder(command)

    platform = TelegramPlatform(settings_for(api), pacer=no_waits(), poll_timeout=60)
    await platform.start(slow_handler)
    api.push(api.message_update(42, "/start"))
    await asyncio.wait_for(entered.wait(), timeout=5)
    stopping = asyncio.create_task(platform.stop())
    await asyncio.sleep(0.2)
    assert not stopping.done()
    release.set()
    await stopping
    assert [c.name for c in recorder.commands] == ["start"] and len(api.sent) == 1


async def test_long_digest_splits_into_valid_parts_and_resumes(api: FakeTelegramApi) -> None:
    platform = TelegramPlatform(settings_for(api), pacer=no_waits())
    try:
        progress: list[int] = []

        async def part_sent(count: int) -> None:
            progress.append(count)

        reply = Reply("ar", digest=arabic_digest(60))
        total = await platform.send(ChatRef("telegram", "45"), reply, on_part_sent=part_sent)
        assert total > 2 and len(api.sent) == total and progress == list(range(1, total + 1))
        for message in api.sent:
            assert message.disable_preview and len(message.text.encode("utf-16-le")) // 2 <= 4096
            assert parse_telegram_html(message.html) == message.text
            assert message.entities <= 100  # Telegram would drop the formatting after the 100th
        assert rtl.LRI + "iPhone 1 Pro" + rtl.PDI in api.sent[0].text
        # A retry after a crash resumes after the parts already sent.
        again = await platform.send(ChatRef("telegram", "45"), reply, skip_parts=total - 1)
        assert again == total and len(api.sent) == total + 1
        assert api.sent[-1].html == api.sent[total - 1].html
    finally:
        await platform.stop()


async def test_retry_after_is_waited_out_and_retried(api: FakeTelegramApi) -> None:
    platform = TelegramPlatform(settings_for(api), pacer=no_waits())
    try:
        api.retry_after(1)
        started = time.monotonic()
        await platform.send(ChatRef("telegram", "46"), Reply("en", text="after the flood"))
        assert time.monotonic() - started >= 1.0
        assert len(api.calls_of("sendMessage")) == 2 and [m.text for m in api.sent] == [
            f"{rtl.LRM}after the flood"
        ]
    finally:
        await platform.stop()


async def test_platform_errors_are_translated(api: FakeTelegramApi) -> None:
    platform = TelegramPlatform(settings_for(api), pacer=no_waits(), request_timeout=0.3)
    chat = ChatRef("telegram", "-47")
    try:
        api.forbidden()
        with pytest.raises(ChatGone):
            await platform.send(chat, Reply("en", text="x"))
        api.inject(Fault("sendMessage", 400, "Bad Request: message thread not found"))
        with pytest.raises(ChatGone):
            await platform.send(replace(chat, thread_id="5"), Reply("en", text="x"))
        api.inject(Fault("sendMessage", 400, "Bad Request: some other problem"))
        with pytest.raises(PlatformError) as other:
            await platform.send(chat, Reply("en", text="x"))
        assert not isinstance(other.value, ChatGone)
        api.migrate(-1004700)
        with pytest.raises(ChatMigrated) as moved:
            await platform.send(chat, Reply("en", text="x"))
        assert moved.value.new_chat_id == "-1004700"
        api.delay(0.6)
        with pytest.raises(PlatformError):
            await platform.send(chat, Reply("en", text="x"))
        assert api.sent == []
    finally:
        await platform.stop()


async def test_command_replies_share_the_chats_slots_with_digests(api: FakeTelegramApi) -> None:
    """`send` (the sender's door, which paces digest parts itself through the Pacer) adds no wait; a command's
    reply waits for its chat's next slot in the same Pacer, and another chat is not held back."""
    pacer = Pacer({"telegram": PlatformLimits(per_second=1000, burst=10, per_chat_interval=0.3)})
    platform = TelegramPlatform(settings_for(api), pacer=pacer, poll_timeout=0.3)
    await platform.start(Recorder())
    try:
        for _ in range(2):
            await platform.send(ChatRef("telegram", "48"), Reply("en", text="digest part"))
        await pacer.before_part("telegram", "48")  # as the sender does before a digest part
        slot_taken = time.monotonic()
        api.push(api.message_update(48, "/help"))
        api.push(api.message_update(49, "/help"))
        await wait_for(lambda: len(api.sent) == 4)
        digest_parts, replies = api.sent[:2], {m.chat_id: m.at for m in api.sent[2:]}
        assert digest_parts[1].at - digest_parts[0].at < 0.25
        assert replies["48"] - slot_taken >= 0.28 and replies["49"] < replies["48"]
    finally:
        await platform.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_mode_checks_the_secret_token(api: FakeTelegramApi) -> None:
    port = free_port()
    settings = settings_for(
        api,
        mode="webhook",
        webhook_url="https://bot.example/tg/hook",
        listen="127.0.0.1",
        port=port,
        webhook_secret="s3cret-token",
    )
    platform = TelegramPlatform(settings, pacer=no_waits())
    recorder = Recorder()
    await platform.start(recorder)
    try:
        assert api.webhook is not None and api.webhook["secret_token"] == "s3cret-token"
        assert api.webhook["url"] == "https://bot.example/tg/hook"
        update = {"update_id": 5, **api.message_update(50, "/help")}
        url = f"http://127.0.0.1:{port}/tg/hook"
        async with aiohttp.ClientSession() as session:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with session.post(url, json=update, headers=headers) as response:
                    assert response.status == 403
            headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
            async with session.post(url, json=update, headers=headers) as response:
                assert response.status == 200
        await wait_for(lambda: len(api.sent) == 1)
        assert [c.name for c in recorder.commands] == ["help"]
    finally:
        await platform.stop()


async def test_webhook_mode_needs_a_secret(api: FakeTelegramApi) -> None:
    settings = settings_for(api, mode="webhook", webhook_url="https://bot.example/hook")
    platform = TelegramPlatform(settings)
    with pytest.raises(Exception, match="TELEGRAM_WEBHOOK_SECRET"):
        await platform.start(Recorder())
    await platform.stop()


def test_api_urls_accept_a_server_root_a_bot_prefix_or_a_template() -> None:
    assert api_urls("http://h:8081") == ("http://h:8081/bot", "http://h:8081/file/bot")
    assert api_urls("http://h:8081/bot/") == ("http://h:8081/bot", "http://h:8081/file/bot")
    assert api_urls("http://h/x/bot{token}") == ("http://h/x/bot{token}", "http://h/x/file/bot{token}")


def test_parse_command_text() -> None:
    assert parse_command_text("/search@Newsbot a b", "newsbot") == ("search", "a b")
    assert parse_command_text("/search@other a", "newsbot") is None
    assert parse_command_text("/Lang ar", None) == ("lang", "ar")
    assert parse_command_text("/filter\n+gaza -sport", None) == ("filter", "+gaza -sport")
    assert parse_command_text("hello", None) is None
    assert parse_command_text("/", None) is None


def test_long_button_commands_get_keys_that_expire() -> None:
    store = ButtonCommands(capacity=2)
    assert store.data_for("/search x") == "/search x"
    long = "/search " + "ب" * 40
    keys = [store.data_for(long + str(n)) for n in range(3)]
    assert all(key.startswith("k:") and len(key) <= 64 for key in keys)
    assert store.command_for(keys[2]) == long + "2"
    assert store.command_for(keys[0]) is None  # the oldest expired
    assert store.command_for("/digest") == "/digest" and store.command_for(None) is None


async def test_group_upgraded_to_supergroup_reports_the_new_id(api: FakeTelegramApi, running: Any) -> None:
    _, recorder, events = running
    update = api.message_update(-51, "x", user_id=5, chat_type="group")
    del update["message"]["text"]
    update["message"]["migrate_to_chat_id"] = -1000051
    api.push(update)
    await wait_for(lambda: len(events) == 1)
    assert events == [("migrated", ChatRef("telegram", "-51"), "-1000051")]
    assert recorder.commands == []


async def test_real_command_layer_in_a_forum_topic(api: FakeTelegramApi, sqlite_storage: Any) -> None:
    """Commands through python-telegram-bot into the real CommandLayer, answered in the forum topic."""
    from datetime import UTC, datetime

    from bot.commands import CommandLayer
    from bot.config import Settings
    from bot.services import Services

    now = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
    layer = CommandLayer(Services(storage=sqlite_storage, settings=Settings(), now=lambda: now))
    platform = TelegramPlatform(settings_for(api), pacer=no_waits(), poll_timeout=0.3)
    await platform.start(layer.handle)
    api.admins["-1009"] = {1}
    topic = ChatRef("telegram", "-1009", "12")
    try:

        async def answer(text: str, user: int = 1) -> str:
            count = len(api.sent)
            api.push(api.message_update(-1009, text, user_id=user, chat_type="supergroup", thread_id=12))
            await wait_for(lambda: len(api.sent) > count)
            await asyncio.sleep(0.05)  # a multi-part answer
            assert all(message.thread_id == 12 for message in api.sent[count:])
            return "\n".join(message.text for message in api.sent[count:])

        assert "07:30" in await answer("/subscribe 07:30 Asia/Riyadh")
        subscription = sqlite_storage.get_subscription(topic)
        assert subscription is not None and subscription.chat == topic
        await answer("/topics 3", user=2)  # not an administrator: refused
        assert sqlite_storage.get_subscription(topic).max_topics != 3
        await answer("/lang ar")
        arabic = await answer("/help", user=2)
        assert rtl.RLM in arabic and "/search" in arabic
        assert await answer("/search <nothing> & more", user=2)
        assert await answer("/digest", user=2)
    finally:
        await platform.stop()


async def test_channel_posts_are_admin_but_button_presses_are_checked(
    api: FakeTelegramApi, running: Any
) -> None:
    _, recorder, _ = running
    api.push(api.message_update(-1006, "/lang ar", chat_type="channel"))
    await wait_for(lambda: len(api.sent) == 1)
    api.push(api.callback_update(-1006, "/topics 3", user_id=66, chat_type="channel"))
    await wait_for(lambda: len(api.sent) == 2)
    posted, pressed = recorder.commands
    assert (posted.name, posted.chat_type, posted.is_chat_admin, posted.user_id) == (
        "lang",
        "channel",
        True,
        "-1006",
    )
    assert (pressed.name, pressed.user_id, pressed.is_chat_admin) == ("topics", "66", False)
    assert [call["user_id"] for call in api.calls_of("getChatMember")] == ["66"]
