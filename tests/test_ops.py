"""The operations endpoint over real HTTP on loopback (/healthz, /metrics) and structured logs."""

from __future__ import annotations

import io
import json
import logging
import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import httpx
from prometheus_client import Counter, Gauge
from prometheus_client.parser import text_string_to_metric_families

from bot import metrics
from bot.config import OpsSettings, Settings
from bot.logs import setup_logging
from bot.ops import OpsServer
from bot.records import ChatRef
from bot.scheduler import Scheduler
from bot.services import Services
from bot.storage import Database
from tests.delivery_helpers import CountingBuilder, RecordingPlatform

NOW = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
README = Path(__file__).resolve().parent.parent / "README.md"


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


def readme_metrics() -> dict[str, tuple[str, ...]]:
    """The metrics the README's Operations section lists: family name -> label names."""
    section = README.read_text(encoding="utf-8").split("## Operations", 1)[1].split("\n## ", 1)[0]
    listed = section.split("/metrics`:", 1)[1].split("\n- ", 1)[0]
    found = re.findall(r"`(newsbot_[a-z_]+)(?:\{([a-z_,]+)\})?`", listed)
    return {name: tuple(labels.split(",")) if labels else () for name, labels in found}


async def test_metrics_exposed_are_the_ones_the_readme_lists(sqlite_storage: Database) -> None:
    listed = readme_metrics()
    assert len(listed) == 7
    # A labelled metric shows its label names only once it has a child: give each one, named by the README
    # (labels() refuses names the metric does not have).
    for metric in vars(metrics).values():
        if isinstance(metric, Counter | Gauge):
            [family] = metric.describe()
            if listed.get(family.name):
                metric.labels(**{label: "readme" for label in listed[family.name]})
    server = OpsServer(Services(storage=sqlite_storage, settings=Settings()), host="127.0.0.1", port=0)
    port = await server.start()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            text = (await client.get("/metrics")).text
    finally:
        await server.stop()
    families = list(text_string_to_metric_families(text))
    exposed = {
        family.name: tuple(sorted({label for sample in family.samples for label in sample.labels}))
        for family in families
    }
    assert exposed == {name: tuple(sorted(labels)) for name, labels in listed.items()}
    samples = [sample.name for family in families for sample in family.samples]
    assert samples and not [name for name in samples if name.endswith("_created")]
    assert "_created" not in text


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
