"""The composition root end to end: `newsbot run` wiring with the real Telegram library against the fake
Bot API, the scheduler ingesting the bundled examples, commands answered, ops endpoint, clean stop."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from bot.app import open_services, run_app
from bot.config import load_settings
from tests.fakes.telegram_api import FakeTelegramApi

ROOT = Path(__file__).resolve().parent.parent


async def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


def write_config(tmp_path: Path, port: int | None = None) -> Path:
    examples = ROOT / "examples"
    ops = f"[ops]\nhttp_port = {port}\n" if port else ""
    text = (
        f"[database]\nurl = 'sqlite:///{tmp_path / 'bot.db'}'\n"
        f"[[sources]]\nname = 'Examples'\npath = '{examples / 'articles'}'\n"
        f"[[sources]]\nname = 'Example feed'\npath = '{examples / 'feeds' / 'world.xml'}'\n{ops}"
    )
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_configured_sources_are_registered_once(tmp_path: Path) -> None:
    settings = load_settings(write_config(tmp_path), {})
    for _ in range(2):
        services = open_services(settings)
        try:
            names = sorted(s.name for s in services.storage.list_sources())
        finally:
            services.storage.close()
    assert names == ["Example feed", "Examples"]


@pytest.mark.slow
async def test_run_answers_telegram_commands_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    async with FakeTelegramApi() as api:
        env = {"TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_API_BASE_URL": api.base_url}
        settings = load_settings(write_config(tmp_path, port), env)
        stop = asyncio.Event()
        task = asyncio.create_task(run_app(settings, stop=stop))
        try:
            # the first ingest tick runs at start: /search below retries until the examples are stored
            api.push(api.message_update(501, "/start", language_code="ar"))
            await wait_for(lambda: len(api.sent) >= 1)
            arabic = any("\u0600" <= ch <= "\u06ff" for ch in api.sent[0].text)
            assert arabic, "an Arabic reply to an Arabic user"

            found = False
            for _ in range(40):
                count = len(api.sent)
                api.push(api.message_update(501, "/search الجفاف", language_code="ar"))
                await wait_for(lambda count=count: len(api.sent) > count)  # type: ignore[misc]
                if "عمّان" in api.sent[-1].text or "عمان" in api.sent[-1].text:
                    found = True
                    break
                await asyncio.sleep(0.5)
            assert found, api.sent[-1].text

            before = len(api.sent)
            api.push(api.message_update(501, "/subscribe 07:30 Asia/Riyadh", language_code="en"))
            await wait_for(lambda: len(api.sent) > before)
            assert "07:30" in api.sent[-1].text

            async with httpx.AsyncClient() as client:
                health = await client.get(f"http://127.0.0.1:{port}/healthz")
                metrics = await client.get(f"http://127.0.0.1:{port}/metrics")
            assert health.status_code == 200
            assert "newsbot" in metrics.text
        finally:
            stop.set()
            await asyncio.wait_for(task, timeout=30)
        assert task.exception() is None
