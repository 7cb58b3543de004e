"""Two `newsbot run` replicas on one PostgreSQL database, talking to the fake Bot API: each chat due now gets
its digest exactly once, and both replicas stop cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.records import ChatRef
from bot.storage import Database
from tests.fakes.telegram_api import FakeTelegramApi
from tests.storage_helpers import make_article

ROOT = Path(__file__).resolve().parent.parent
CHATS = 20


@pytest.mark.slow
@pytest.mark.postgres
async def test_two_replicas_send_each_digest_once(postgres_storage: Database, tmp_path: Path) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    source = postgres_storage.add_source("wire", url="https://wire.example/feed", interval_minutes=600)
    postgres_storage.record_fetch_success(source.id, now=now, next_due_at=now + timedelta(hours=10))
    postgres_storage.add_articles(
        source.id,
        [
            make_article("Tram line opens across the river", published=now - timedelta(hours=2)),
            make_article("افتتاح خط ترام جديد عبر النهر", language="ar", published=now - timedelta(hours=1)),
        ],
        now=now - timedelta(hours=1),
    )
    due = (now - timedelta(minutes=1)).time()
    for number in range(CHATS):
        postgres_storage.subscribe(
            ChatRef("telegram", str(3000 + number)),
            digest_time=due,
            timezone="UTC",
            now=now - timedelta(days=1),
        )
    config = tmp_path / "config.toml"
    config.write_text('[digest]\ntimezone = "UTC"\n')
    async with FakeTelegramApi() as api:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "NEWSBOT_DATABASE_URL": postgres_storage.url,
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
        }
        replicas = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot.cli",
                "--config",
                str(config),
                "run",
                cwd=ROOT,
                env=env,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )
            for _ in range(2)
        ]
        try:
            for _ in range(600):
                if len(api.sent) >= CHATS:
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(2)  # a late duplicate would show up now
        finally:
            for replica in replicas:
                if replica.returncode is None:
                    replica.send_signal(signal.SIGTERM)
            codes = [await asyncio.wait_for(replica.wait(), 30) for replica in replicas]
        errors = [(await r.stderr.read()).decode(errors="replace") for r in replicas if r.stderr]
        sent = list(api.sent)
    assert codes == [0, 0], errors
    assert sorted(m.chat_id for m in sent) == sorted(str(3000 + n) for n in range(CHATS))
    assert any("Tram line" in m.text for m in sent)
