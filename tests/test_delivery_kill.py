"""kill -9 between the platform accepting a message part and the commit of that progress, with real
processes on a shared SQLite file: the restarted bot resends at most that one part, never the digest."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.records import ChatRef
from bot.storage import open_database
from tests.delivery_helpers import read_log
from tests.storage_helpers import make_article

ROOT = Path(__file__).resolve().parent.parent
T8 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


def run_worker(db: str, log: Path, start: datetime, *extra: str) -> int:
    command = [
        sys.executable,
        "-m",
        "tests.tick_worker",
        "--db",
        db,
        "--log",
        str(log),
        "--worker",
        f"w{start.minute}",
        "--start",
        start.isoformat(),
        "--parts",
        "3",
        *extra,
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, cwd=ROOT, env=env, timeout=60, check=False).returncode


def parts(log: Path) -> list[object]:
    return [entry["part"] for entry in read_log(log) if "part" in entry]


def setup_database(tmp_path: Path) -> tuple[str, int]:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    with open_database(url) as storage:
        (tmp_path / "articles").mkdir()
        source = storage.add_source("local", path=str(tmp_path / "articles"))
        storage.add_articles(
            source.id,
            [make_article("Bridge reopens after repairs", published=T8 - timedelta(hours=3))],
            now=T8 - timedelta(hours=2),
        )
        subscription = storage.subscribe(
            ChatRef("telegram", "77"), digest_time=time(8), timezone="UTC", now=T8 - timedelta(days=2)
        )
    return url, subscription.id


def delivery_state(url: str, subscription_id: int) -> tuple[str, int]:
    with open_database(url, upgrade=False) as storage:
        last = storage.last_delivery(subscription_id)
        assert last is not None
        return last.state, last.parts_sent


@pytest.mark.slow
def test_kill_between_send_and_commit_resends_only_that_part(tmp_path: Path) -> None:
    url, subscription_id = setup_database(tmp_path)
    log = tmp_path / "sent.jsonl"
    assert run_worker(url, log, T8, "--kill-at-part", "2") == -signal.SIGKILL
    assert parts(log) == [1, 2]
    assert delivery_state(url, subscription_id) == ("pending", 1)
    # restarted after the dead process's lease ran out
    assert run_worker(url, log, T8 + timedelta(minutes=11)) == 0
    assert parts(log) == [1, 2, 2, 3]
    assert delivery_state(url, subscription_id) == ("sent", 3)
    assert run_worker(url, log, T8 + timedelta(minutes=12)) == 0
    assert len(parts(log)) == 4


@pytest.mark.slow
def test_kill_after_part_one_committed_resends_nothing_twice(tmp_path: Path) -> None:
    url, subscription_id = setup_database(tmp_path)
    log = tmp_path / "sent.jsonl"
    assert run_worker(url, log, T8, "--kill-at-part", "1", "--kill-after-commit") == -signal.SIGKILL
    assert delivery_state(url, subscription_id) == ("pending", 1)
    assert run_worker(url, log, T8 + timedelta(minutes=11)) == 0
    assert parts(log) == [1, 2, 3]
    assert delivery_state(url, subscription_id) == ("sent", 3)
