"""The one composition root: builds storage, services, platforms, scheduler and ops; starts and stops them.

Start order: storage (migrated) -> configured sources registered -> platforms -> scheduler -> ops endpoint.
Stop order is the reverse, on SIGINT/SIGTERM: the ops endpoint closes, the scheduler stops taking work and
lets in-flight sends finish, platforms stop receiving, the database closes. A component that fails to
start stops everything started before it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack

from bot.config import Settings
from bot.errors import AlreadyExists
from bot.pacing import Pacer
from bot.platforms.base import ChatPlatform
from bot.ports import Storage
from bot.records import ChatRef
from bot.services import Services

log = logging.getLogger("newsbot.app")


def open_services(settings: Settings) -> Services:
    """Open the database (migrating it) and register the sources listed in the configuration."""
    from bot.storage import open_database

    storage = open_database(settings.database.url)
    try:
        register_configured_sources(storage, settings)
    except BaseException:
        storage.close()
        raise
    return Services(storage=storage, settings=settings)


def register_configured_sources(storage: Storage, settings: Settings) -> None:
    """Add each `[[sources]]` entry that the database does not know yet (known ones are left as they are)."""
    for source in settings.sources:
        try:
            storage.add_source(
                source.name,
                url=source.url,
                path=source.path,
                interval_minutes=source.interval_minutes or settings.ingest.interval_minutes,
            )
            log.info("registered configured source %s", source.name)
        except AlreadyExists:
            pass


def build_platforms(
    settings: Settings, services: Services, *, console: bool, pacer: Pacer
) -> dict[str, ChatPlatform]:
    """Every platform the settings enable; the terminal when asked or when no other is configured.

    Pacing, one job per layer. `pacer` (bot.pacing, shared with the scheduler's sender) is ours: before each
    part of a digest the sender waits for the chat's next slot (1 s per chat), then for the platform's overall
    rate (Telegram 26.5/s, a little under its 30/s; Slack 10/s), in that order so a send follows its token
    at once. Before each part of a command's reply and before a retry after a 429, Telegram's adapter
    waits for the chat's slot but takes no digest token: a reply uses the headroom under the limit and
    shares the chat's slots with digests. All three take a place in the Pacer's hard window (Telegram: 30
    starts in any second). Under both, python-telegram-bot's AIORateLimiter keeps what the Pacer does not:
    20/min per group or channel, and a pause of every call when Telegram answers 429 (its own retries of
    such a call pass only through it). Slack replies go mostly to response_url; its adapter waits out a
    429's Retry-After.
    """
    platforms: dict[str, ChatPlatform] = {}
    if settings.telegram.enabled:
        from bot.platforms.telegram import TelegramPlatform

        platforms["telegram"] = TelegramPlatform(
            settings.telegram,
            on_chat_gone=_chat_gone(services),
            on_chat_migrated=_chat_migrated(services),
            pacer=pacer,
        )
    if settings.slack.enabled:
        from bot.platforms.slack import SlackPlatform

        platforms["slack"] = SlackPlatform(settings.slack, admin_user_ids=settings.chat.admin_user_ids)
    if console or not platforms:
        from bot.platforms.console import ConsolePlatform

        platforms["console"] = ConsolePlatform(prompt="")
    return platforms


def _chat_gone(services: Services) -> Callable[[ChatRef], Awaitable[None]]:
    async def gone(chat: ChatRef) -> None:
        log.info("chat %s:%s removed the bot: subscription deactivated", chat.platform, chat.chat_id)
        await services.call(services.storage.deactivate_chat, chat, "the bot was removed or blocked")

    return gone


def _chat_migrated(services: Services) -> Callable[[ChatRef, str], Awaitable[None]]:
    async def migrated(chat: ChatRef, new_chat_id: str) -> None:
        log.info("chat %s migrated to %s", chat.chat_id, new_chat_id)
        await services.call(services.storage.migrate_chat, chat.platform, chat.chat_id, new_chat_id)

    return migrated


async def run_app(settings: Settings, *, console: bool = False, stop: asyncio.Event | None = None) -> None:
    """Run the bot until SIGINT/SIGTERM (or until `stop` is set, for tests)."""
    from bot.commands import CommandLayer
    from bot.scheduler import Scheduler

    stop = stop or asyncio.Event()
    _install_signal_handlers(stop)
    services = await asyncio.to_thread(open_services, settings)
    async with AsyncExitStack() as stack:
        stack.callback(services.storage.close)
        commands = CommandLayer(services)
        pacer = Pacer()
        platforms = build_platforms(settings, services, console=console, pacer=pacer)
        for name, platform in platforms.items():
            await platform.start(commands.handle)
            stack.push_async_callback(platform.stop)
            log.info("%s platform started", name)
        scheduler = Scheduler(services, dict(platforms), pacer=pacer)
        scheduler.start()
        stack.push_async_callback(scheduler.stop)
        if settings.ops.http_port:
            from bot.ops import OpsServer

            ops = OpsServer(services, scheduler=scheduler)
            await ops.start()
            stack.push_async_callback(ops.stop)
        log.info("newsbot is running (%s); stop with Ctrl-C", ", ".join(platforms))
        await stop.wait()
        log.info("stopping: finishing in-flight work")


async def run_chat(settings: Settings) -> None:
    """`newsbot chat`: the command layer in the terminal, until end of input (Ctrl-D) or Ctrl-C."""
    from bot.commands import CommandLayer
    from bot.platforms.console import ConsolePlatform

    services = await asyncio.to_thread(open_services, settings)
    try:
        console = ConsolePlatform(prompt="> ")
        stop = asyncio.Event()
        _install_signal_handlers(stop)
        await console.start(CommandLayer(services).handle)
        closed = asyncio.create_task(console.wait_closed())
        stopped = asyncio.create_task(stop.wait())
        await asyncio.wait({closed, stopped}, return_when=asyncio.FIRST_COMPLETED)
        for task in (closed, stopped):
            task.cancel()
        await console.stop()
    finally:
        services.storage.close()


def _install_signal_handlers(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # not the main thread (tests) or not supported on this platform: `stop` is set by the caller
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
