"""Deliveries on both backends: one row per (subscription, local date), leases, retries, resume."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from storage_helpers import T0

from bot.errors import LeaseLost, NotFound
from bot.records import ChatRef
from bot.storage import Database

DAY = date(2026, 3, 10)


def _subscription(storage: Database, chat_id: str = "-1001") -> int:
    return storage.subscribe(ChatRef("telegram", chat_id), digest_time=time(8, 0), timezone="UTC", now=T0).id


def test_claim_creates_one_row_and_a_second_worker_gets_nothing(storage: Database) -> None:
    sub = _subscription(storage)
    first = storage.claim_delivery(sub, DAY, worker="w1", now=T0, lease_seconds=600)
    assert first is not None
    assert (first.state, first.attempts, first.parts_sent, first.claimed_by) == ("pending", 1, 0, "w1")
    assert first.lease_until == T0 + timedelta(seconds=600)
    # The lease lives: neither another worker nor the same one gets it again.
    assert storage.claim_delivery(sub, DAY, worker="w2", now=T0 + timedelta(seconds=599)) is None
    assert storage.claim_delivery(sub, DAY, worker="w1", now=T0 + timedelta(seconds=1)) is None
    # Another date or another subscription is a different row.
    assert storage.claim_delivery(sub, DAY + timedelta(days=1), worker="w2", now=T0) is not None
    assert storage.claim_delivery(_subscription(storage, "-1002"), DAY, worker="w2", now=T0) is not None


def test_expired_lease_is_taken_over_and_resumes_after_sent_parts(storage: Database) -> None:
    sub = _subscription(storage)
    first = storage.claim_delivery(sub, DAY, worker="w1", now=T0, lease_seconds=60)
    assert first is not None
    storage.record_part_sent(first.id, 2, now=T0 + timedelta(seconds=5))
    storage.record_part_sent(first.id, 1, now=T0 + timedelta(seconds=6))  # never goes back
    # w1 died; its lease ran out.
    taken = storage.claim_delivery(sub, DAY, worker="w2", now=T0 + timedelta(seconds=60))
    assert taken is not None and taken.id == first.id
    assert (taken.claimed_by, taken.attempts, taken.parts_sent) == ("w2", 2, 2)


def test_sent_delivery_is_never_claimed_again_and_sets_last_digest_at(storage: Database) -> None:
    sub = _subscription(storage)
    claimed = storage.claim_delivery(sub, DAY, worker="w1", now=T0)
    assert claimed is not None
    sent = storage.mark_sent(claimed.id, now=T0 + timedelta(minutes=1))
    assert (sent.state, sent.sent_at, sent.lease_until, sent.error) == (
        "sent",
        T0 + timedelta(minutes=1),
        None,
        None,
    )
    assert storage.get_subscription_by_id(sub).last_digest_at == T0 + timedelta(minutes=1)
    assert storage.claim_delivery(sub, DAY, worker="w2", now=T0 + timedelta(days=5)) is None
    assert storage.last_delivery(sub) == sent


def test_failed_delivery_retries_when_due_and_not_when_failed_for_good(storage: Database) -> None:
    sub = _subscription(storage)
    claimed = storage.claim_delivery(sub, DAY, worker="w1", now=T0)
    assert claimed is not None
    retry_at = T0 + timedelta(minutes=5)
    failed = storage.mark_failed(claimed.id, now=T0, error="HTTP 502", retry_at=retry_at)
    assert (failed.state, failed.error, failed.next_attempt_at, failed.lease_until) == (
        "failed",
        "HTTP 502",
        retry_at,
        None,
    )
    assert storage.claim_delivery(sub, DAY, worker="w2", now=retry_at - timedelta(seconds=1)) is None
    again = storage.claim_delivery(sub, DAY, worker="w2", now=retry_at)
    assert again is not None and (again.state, again.attempts, again.next_attempt_at) == ("pending", 2, None)
    assert storage.claim_delivery(sub, DAY, worker="w3", now=retry_at) is None  # w2 holds it now

    storage.mark_failed(again.id, now=retry_at, error="chat not found", retry_at=None)
    assert storage.claim_delivery(sub, DAY, worker="w3", now=retry_at + timedelta(days=1)) is None
    last = storage.last_delivery(sub)
    assert last is not None and (last.state, last.error) == ("failed", "chat not found")


def test_last_delivery_is_the_latest_date(storage: Database) -> None:
    sub = _subscription(storage)
    assert storage.last_delivery(sub) is None
    later = storage.claim_delivery(sub, DAY + timedelta(days=1), worker="w", now=T0)
    storage.claim_delivery(sub, DAY, worker="w", now=T0)
    assert later is not None and storage.last_delivery(sub) == later


def test_unknown_ids(storage: Database) -> None:
    with pytest.raises(NotFound):
        storage.claim_delivery(404, DAY, worker="w", now=T0)
    with pytest.raises(NotFound):
        storage.mark_sent(404, now=T0)
    with pytest.raises(NotFound):
        storage.mark_failed(404, now=T0, error="x", retry_at=None)
    with pytest.raises(NotFound):
        storage.record_part_sent(404, 1, now=T0)


def test_fencing_a_worker_that_lost_its_claim_can_neither_record_nor_settle(storage: Database) -> None:
    sub = _subscription(storage, "-3001")
    mine = storage.claim_delivery(sub, DAY, worker="slow", now=T0, lease_seconds=60)
    assert mine is not None
    storage.record_part_sent(mine.id, 1, now=T0 + timedelta(seconds=10), worker="slow")
    # the slow worker stalls past its lease; another takes the row over and resumes after part 1
    theirs = storage.claim_delivery(sub, DAY, worker="fast", now=T0 + timedelta(seconds=61), lease_seconds=60)
    assert theirs is not None and theirs.parts_sent == 1
    with pytest.raises(LeaseLost):
        storage.record_part_sent(mine.id, 2, now=T0 + timedelta(seconds=62), worker="slow")
    with pytest.raises(LeaseLost):
        storage.mark_sent(mine.id, now=T0 + timedelta(seconds=62), worker="slow")
    with pytest.raises(LeaseLost):
        storage.mark_failed(mine.id, now=T0 + timedelta(seconds=62), error="x", retry_at=None, worker="slow")
    storage.record_part_sent(theirs.id, 2, now=T0 + timedelta(seconds=63), worker="fast")
    done = storage.mark_sent(theirs.id, now=T0 + timedelta(seconds=64), worker="fast")
    assert (done.state, done.parts_sent) == ("sent", 2)
    with pytest.raises(LeaseLost):  # settled: nobody records on it any more
        storage.mark_sent(theirs.id, now=T0 + timedelta(seconds=65), worker="fast")


def test_progress_renews_the_lease_so_a_live_sender_keeps_its_claim(storage: Database) -> None:
    sub = _subscription(storage, "-3002")
    mine = storage.claim_delivery(sub, DAY, worker="w1", now=T0, lease_seconds=60)
    assert mine is not None
    storage.record_part_sent(mine.id, 1, now=T0 + timedelta(seconds=50), worker="w1", lease_seconds=60)
    # past the original lease, but the progress at +50 s renewed it to +110 s
    assert storage.claim_delivery(sub, DAY, worker="w2", now=T0 + timedelta(seconds=100)) is None
    assert storage.claim_delivery(sub, DAY, worker="w2", now=T0 + timedelta(seconds=111)) is not None
