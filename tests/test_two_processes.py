"""Two real bot processes on one PostgreSQL database run the same ticks over the same timeline at once:
every digest goes out exactly once and no source is fetched twice in one interval."""

from __future__ import annotations

import collections
import itertools
import os
import subprocess
import sys
import time as clock
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.records import ChatRef
from bot.storage import Database
from tests.delivery_helpers import read_log

ROOT = Path(__file__).resolve().parent.parent
T8 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
SUBSCRIPTIONS = 30
SOURCES = 6
INTERVAL = 5
MINUTES = 12


@pytest.mark.slow
@pytest.mark.postgres
def test_two_processes_send_each_digest_once_and_fetch_each_source_once(
    postgres_storage: Database, tmp_path: Path
) -> None:
    for s in range(SOURCES):
        folder = tmp_path / f"source{s}"
        folder.mkdir()
        for a in range(2):
            (folder / f"{a}.txt").write_text(
                f"date 2026-05-04\nReport {a} from town {s}: the market reopened after the storm. "
                f"Traders returned on day {a}.\n"
            )
        postgres_storage.add_source(f"town {s}", path=str(folder), interval_minutes=INTERVAL)
    for i in range(SUBSCRIPTIONS):
        postgres_storage.subscribe(
            ChatRef("telegram", str(5000 + i)),
            digest_time=time(8, i % 6),
            timezone="UTC",
            now=T8 - timedelta(days=1),
        )
    log = tmp_path / "log.jsonl"
    go_at = clock.time() + 8
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.tick_worker",
                "--db",
                postgres_storage.url,
                "--log",
                str(log),
                "--worker",
                name,
                "--start",
                T8.isoformat(),
                "--minutes",
                str(MINUTES),
                "--go-at",
                str(go_at),
            ],
            cwd=ROOT,
            env=env,
        )
        for name in ("alpha", "beta")
    ]
    assert [p.wait(timeout=90) for p in processes] == [0, 0]
    entries = read_log(log)
    sends = [e for e in entries if "part" in e]
    assert len(sends) == SUBSCRIPTIONS
    assert len({e["chat"] for e in sends}) == SUBSCRIPTIONS
    fetches: dict[object, list[datetime]] = collections.defaultdict(list)
    for entry in entries:
        if "fetch" in entry:
            fetches[entry["fetch"]].append(datetime.fromisoformat(str(entry["at"])))
    assert len(fetches) == SOURCES
    for times in fetches.values():
        times.sort()
        assert all(b - a >= timedelta(minutes=INTERVAL) for a, b in itertools.pairwise(times))
        assert len(times) <= MINUTES // INTERVAL + 1
    assert postgres_storage.count_articles() == SOURCES * 2
    by_process = collections.Counter(str(e["process"]) for e in entries)
    print("work per process:", dict(by_process))
