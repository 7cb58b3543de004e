"""Fan-out delivery: 1,000 subscriptions due in the same minute, sent through the real Telegram adapter
(python-telegram-bot) to the fake Bot API on loopback. Measures messages per second and counts every send
the real Bot API would have refused with 429 (more than 30 messages in any second overall, or two messages
to one chat less than a second apart), on the time each request reached the fake server, as Telegram counts
(the time the fake accepted it, after reading and checking the body, is shown beside it)."""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.harness import Context
from bot.config import Settings, TelegramSettings
from bot.records import ChatRef, NewArticle
from bot.sender import deliver_due
from bot.services import Services, build_with_engine
from bot.storage import open_database
from digests.model import RawArticle

if TYPE_CHECKING:
    from tests.fakes.telegram_api import FakeTelegramApi

TITLE = "Delivery fan-out (1,000 subscriptions due in one minute, fake Bot API)"
FULL_ONLY = False

NOW = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
STORIES = [
    (
        "en",
        "Harbour reopens after storm repairs",
        "The harbour reopened on Monday after two weeks of repairs. "
        "Fishing boats returned at dawn. Port officials said traffic would be normal by Friday.",
    ),
    (
        "en",
        "City council approves new bus lanes",
        "The council voted to add bus lanes on three avenues. "
        "Work starts next month. Drivers groups asked for more parking.",
    ),
    (
        "ar",
        "افتتاح مكتبة عامة جديدة في وسط المدينة",
        "افتتحت البلدية مكتبة عامة جديدة في وسط المدينة. "
        "وتضم المكتبة آلاف الكتب وقاعة للأطفال. وقال المسؤولون إنها ستفتح أبوابها طوال الأسبوع.",
    ),
    (
        "ar",
        "ارتفاع منسوب النهر بعد الأمطار",
        "ارتفع منسوب النهر بعد أمطار غزيرة استمرت يومين. "
        "ودعت السلطات السكان إلى الحذر. ولم تسجل أي أضرار حتى الآن.",
    ),
]


def _seed(url: str, chats: int) -> None:
    with open_database(url) as storage:
        source = storage.add_source("bench wire", url="https://wire.example/feed")
        articles = [
            NewArticle(
                raw=RawArticle(
                    title=title,
                    text=text,
                    source="bench wire",
                    language=lang,
                    published=NOW - timedelta(hours=2),
                ),
                language=lang,
                published=NOW - timedelta(hours=2),
                canonical_url=None,
                content_hash=f"{index:064x}",
                fingerprint=index,
            )
            for index, (lang, title, text) in enumerate(STORIES)
        ]
        storage.add_articles(source.id, articles, now=NOW - timedelta(hours=1))
        for number in range(chats):
            storage.subscribe(
                ChatRef("telegram", str(10_000 + number)),
                digest_time=clock_time(8, 0),
                timezone="UTC",
                now=NOW - timedelta(days=1),
            )


def would_be_429s(
    sent: Sequence[tuple[float, str]], per_second: int = 30, per_chat_gap: float = 1.0
) -> tuple[int, int, int]:
    """Of (time, chat id) pairs: (overall violations, per-chat violations) the real Bot API would have
    answered with 429, and the most messages in any one-second window."""
    window: deque[float] = deque()
    overall = 0
    busiest = 0
    last_by_chat: dict[str, float] = {}
    per_chat = 0
    for at, chat_id in sorted(sent):
        window.append(at)
        while window and window[0] <= at - 1.0:
            window.popleft()
        overall += len(window) > per_second
        busiest = max(busiest, len(window))
        previous = last_by_chat.get(chat_id)
        per_chat += previous is not None and at - previous < per_chat_gap
        last_by_chat[chat_id] = at
    return overall, per_chat, busiest


@contextlib.contextmanager
def _server_thread(api: FakeTelegramApi) -> Iterator[FakeTelegramApi]:
    """Serve the fake Bot API on its own event loop in a thread. In the client's loop, a request would be
    stamped only when that loop, busy with a thousand deliveries, got round to it: a late, bunched
    "arrival" that the real Bot API, on another machine, never sees."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="fake-bot-api", daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(api.__aenter__(), loop).result()
        try:
            yield api
        finally:
            asyncio.run_coroutine_threadsafe(api.__aexit__(None, None, None), loop).result()
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


async def _measure(chats: int) -> dict[str, Any]:
    from bot.platforms.telegram import TelegramPlatform
    from tests.fakes.telegram_api import FakeTelegramApi

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        _seed(url, chats)
        storage = open_database(url, upgrade=False)
        with _server_thread(FakeTelegramApi()) as api:
            platform = TelegramPlatform(TelegramSettings(token=api.token, api_base_url=api.base_url))
            services = Services(
                storage=storage, settings=Settings(), now=lambda: NOW, build_digest=build_with_engine
            )
            started = time.perf_counter()
            first_at = time.monotonic()
            report = await deliver_due(services, {"telegram": platform}, now=NOW, worker="bench")
            elapsed = time.perf_counter() - started
            await platform.stop()
            sent = list(api.sent)
            errors_429 = sum(1 for method, _ in api.calls if method == "sendMessage") - len(sent)
        storage.close()
    arrivals = sorted((m.arrived, m.chat_id) for m in sent)
    span = (arrivals[-1][0] - arrivals[0][0]) if len(arrivals) > 1 else 0.0
    overall, per_chat, busiest = would_be_429s(arrivals)
    busiest_accepted = would_be_429s([(m.at, m.chat_id) for m in sent])[2]
    to_first = (arrivals[0][0] - first_at) if arrivals else 0.0
    return {
        "chats": chats,
        "messages": len(sent),
        "sent": report.sent,
        "failed": report.failed,
        "built": report.digests_built,
        "elapsed": elapsed,
        "span": span,
        "rate": (len(sent) - 1) / span if span else 0.0,
        "overall": overall,
        "per_chat": per_chat,
        "refused": errors_429,
        "busiest": busiest,
        "busiest_accepted": busiest_accepted,
        "to_first": to_first,
    }


def run(ctx: Context) -> str:
    """Deliver to 1,000 chats (2,000 with --full) and report the rate and the would-be 429s."""
    rows = [
        asyncio.run(_measure(chats))
        for chats in ctx.progress([1000, 2000] if ctx.full else [1000], label="fan-out")
    ]
    lines = [
        "| subscriptions | digests built | messages sent | failed | claim + build (s) | send time (s) "
        "| messages/s | most in any 1 s (arrival / accepted) | would-be 429s (>30/s overall) "
        "| would-be 429s (<1 s per chat) | refused by fake |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['chats']:,} | {r['built']} | {r['messages']:,} | {r['failed']} | {r['to_first']:.1f} "
            f"| {r['span']:.1f} | {r['rate']:.1f} | {r['busiest']} / {r['busiest_accepted']} "
            f"| {r['overall']} | {r['per_chat']} | {r['refused']} |"
        )
    lines.append("")
    lines.append(
        "All subscriptions due at the same minute; one SQLite file; digest built once by the digest engine. "
        "Sent by `bot.sender.deliver_due` through `TelegramPlatform` (python-telegram-bot, "
        "AIORateLimiter) to `tests/fakes/telegram_api.py` on loopback; the sender's pacer allows digests "
        "26.5 messages/s overall (burst 1.5, so at most 28 starts in any second), 1/s per chat, and every "
        "request at most 30 starts in any second. Rate = messages over the span from the first to the last "
        "arrival; would-be 429s recomputed from the times requests reached the fake (before their body was "
        "read), as Telegram counts; 'accepted' is after the body was read and checked."
    )
    return "\n".join(lines)
