"""The operations endpoint over real HTTP on loopback (/healthz, /metrics) and structured logs."""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, datetime, time, timedelta

import httpx

from bot.config import OpsSettings, Settings
from bot.logs import setup_logging
from bot.ops import OpsServer
from bot.records import ChatRef
from bot.scheduler import Scheduler
from bot.services import Services
from bot.storage import Database
from tests.delivery_helpers import CountingBuilder, RecordingPlatform

NOW = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


class StuckScheduler:
    worker = "stuck"

    def lag_seconds(self) -> float:
        return 900.0


async def test_healthz_and_metrics(sqlite_storage: Database) -> None:
    services = Services(
        storage=sqlite_storage, settings=Settings(), now=lambda: NOW, build_digest=CountingBuilder()
    )
    sqlite_storage.subscribe(
        ChatRef("telegram", "1"), digest_time=time(8), timezone="UTC", now=NOW - timedelta(days=1)
    )
    scheduler = Scheduler(services, {"telegram": RecordingPlatform()}, worker="w-1")
    await scheduler.digest_tick(NOW)  # counts one digest sent
    server = OpsServer(services, scheduler=scheduler, host="127.0.0.1", port=0)
    port = await server.start()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            health = await client.get("/healthz")
            assert health.status_code == 200
            assert health.json() == {
                "status": "ok",
                "db": True,
                "scheduler_lag_seconds": 0.0,
                "scheduler": True,
                "worker": "w-1",
            }
            text = (await client.get("/metrics")).text
            for name in (
                "newsbot_articles_ingested_total",
                "newsbot_fetch_errors_total",
                "newsbot_digests_sent_total",
                "newsbot_send_failures_total",
                "newsbot_scheduler_lag_seconds",
            ):
                assert name in text
            assert 'newsbot_digests_sent_total{platform="telegram"}' in text
    finally:
        await server.stop()


async def test_healthz_degraded_when_db_down_or_scheduler_stuck(sqlite_storage: Database) -> None:
    services = Services(storage=sqlite_storage, settings=Settings())
    server = OpsServer(services, scheduler=StuckScheduler(), host="127.0.0.1", port=0)
    port = await server.start()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            response = await client.get("/healthz")
            assert response.status_code == 503 and response.json()["status"] == "degraded"
            assert response.json()["db"] is True
    finally:
        await server.stop()

    class BrokenStorage:
        def get_subscription(self, chat: ChatRef) -> None:
            raise ConnectionError("database is gone")

    broken = OpsServer(
        Services(storage=BrokenStorage(), settings=Settings()),  # type: ignore[arg-type]
        host="127.0.0.1",
        port=0,
    )
    port = await broken.start()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            response = await client.get("/healthz")
            assert response.status_code == 503
            assert response.json()["db"] is False and response.json()["scheduler_lag_seconds"] == 0.0
    finally:
        await broken.stop()


def test_json_logs_are_one_object_per_line() -> None:
    stream = io.StringIO()
    handler = setup_logging(OpsSettings(log_format="json", log_level="INFO"), stream)
    try:
        logging.getLogger("newsbot.test").info("sent %d digests", 3, extra={"worker": "w1"})
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("newsbot.test").exception("failed")
        logging.getLogger("newsbot.test").debug("hidden")
        entries = [json.loads(line) for line in stream.getvalue().splitlines()]
        assert entries[0]["message"] == "sent 3 digests" and entries[0]["worker"] == "w1"
        assert entries[0]["level"] == "INFO" and entries[0]["logger"] == "newsbot.test"
        assert "ValueError: boom" in entries[1]["exception"] and len(entries) == 2
    finally:
        logging.getLogger().removeHandler(handler)


def test_text_logs() -> None:
    stream = io.StringIO()
    handler = setup_logging(OpsSettings(log_format="text", log_level="WARNING"), stream)
    try:
        logging.getLogger("newsbot.test").info("quiet")
        logging.getLogger("newsbot.test").warning("loud")
        assert "WARNING newsbot.test: loud" in stream.getvalue() and "quiet" not in stream.getvalue()
    finally:
        logging.getLogger().removeHandler(handler)
