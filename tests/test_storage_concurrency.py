"""Two workers, each with its own engine (as two processes would have), race for the same rows: every due
source and every delivery goes to exactly one of them. Runs on SQLite and, above all, on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable
from datetime import date, time, timedelta

import pytest
import sqlalchemy as sa
from conftest import POSTGRES_URL_ENV
from storage_helpers import T0

from bot.records import ChatRef
from bot.storage import Database

WORKERS = 2


def _race(storage: Database, work: Callable[[Database, str], list[int]]) -> list[list[int]]:
    """Run `work` in WORKERS threads, each with its own Database on the same URL, started together."""
    barrier = threading.Barrier(WORKERS)
    results: list[list[int]] = [[] for _ in range(WORKERS)]
    errors: list[BaseException] = []

    def run(index: int) -> None:
        database = Database(storage.url)
        try:
            barrier.wait(timeout=30)
            results[index] = work(database, f"worker-{index}")
        except BaseException as error:  # surfaced below: a thread's exception must fail the test
            errors.append(error)
        finally:
            database.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not errors, errors
    return results


def test_due_sources_are_claimed_once(storage: Database) -> None:
    ids = {storage.add_source(f"feed {n}", url=f"https://feed{n}.example/rss").id for n in range(40)}

    def claim_all(database: Database, worker: str) -> list[int]:
        claimed: list[int] = []
        while batch := database.claim_due_sources(T0, worker=worker, limit=3):
            claimed.extend(source.id for source in batch)
        return claimed

    first, second = _race(storage, claim_all)
    assert not set(first) & set(second)
    assert sorted(first + second) == sorted(ids)
    # Every lease is still held, so a third worker finds nothing to do.
    assert storage.claim_due_sources(T0 + timedelta(seconds=10), worker="late") == []


def test_deliveries_are_claimed_once(storage: Database) -> None:
    subscriptions = [
        storage.subscribe(ChatRef("telegram", str(-1000 - n)), digest_time=time(8), timezone="UTC", now=T0).id
        for n in range(25)
    ]
    day = date(2026, 3, 10)

    def claim_all(database: Database, worker: str) -> list[int]:
        # One worker walks forwards, the other backwards, so they meet in the middle on existing rows.
        order = subscriptions if worker.endswith("0") else subscriptions[::-1]
        claimed = []
        for subscription_id in order:
            delivery = database.claim_delivery(subscription_id, day, worker=worker, now=T0)
            if delivery is not None:
                claimed.append(delivery.subscription_id)
        return claimed

    first, second = _race(storage, claim_all)
    assert not set(first) & set(second)
    assert sorted(first + second) == sorted(subscriptions)


def test_expired_deliveries_are_taken_over_once(storage: Database) -> None:
    day = date(2026, 3, 10)
    subscriptions = []
    for n in range(20):
        sub = storage.subscribe(ChatRef("slack", f"C{n}"), digest_time=time(8), timezone="UTC", now=T0).id
        assert storage.claim_delivery(sub, day, worker="dead", now=T0, lease_seconds=60) is not None
        subscriptions.append(sub)
    later = T0 + timedelta(minutes=5)

    def take_over(database: Database, worker: str) -> list[int]:
        claimed = []
        for subscription_id in subscriptions:
            delivery = database.claim_delivery(subscription_id, day, worker=worker, now=later)
            if delivery is not None:
                assert delivery.attempts == 2
                claimed.append(subscription_id)
        return claimed

    first, second = _race(storage, take_over)
    assert not set(first) & set(second)
    assert sorted(first + second) == sorted(subscriptions)


def test_two_processes_migrating_a_fresh_postgres_database_at_once() -> None:
    """Both start at once on an empty database: the advisory lock makes one wait, then find it done."""
    server_url = os.environ.get(POSTGRES_URL_ENV)
    if not server_url:
        pytest.skip(f"{POSTGRES_URL_ENV} is not set")
    name = f"newsbot_test_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        url = sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
        script = "import sys; from bot.storage import open_database; open_database(sys.argv[1]).close()"
        processes = [subprocess.Popen([sys.executable, "-c", script, url]) for _ in range(2)]
        assert [process.wait(timeout=60) for process in processes] == [0, 0]
        with Database(url) as migrated:
            assert migrated.current_revision() is not None
            assert migrated.list_sources() == []
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
