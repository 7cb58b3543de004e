"""Rate limiters: the overall token bucket, per-chat spacing, and the per-user sliding window."""

from __future__ import annotations

import asyncio
import itertools
import time

from bot.pacing import LIMITS, KeyedIntervals, Pacer, PlatformLimits, SlidingWindow, StartWindow, TokenBucket


async def test_token_bucket_never_exceeds_rate_plus_burst() -> None:
    bucket = TokenBucket(rate=100.0, burst=1.0)
    stamps: list[float] = []

    async def one() -> None:
        await bucket.acquire()
        stamps.append(time.monotonic())

    started = time.monotonic()
    await asyncio.gather(*(one() for _ in range(31)))
    assert time.monotonic() - started >= 0.29  # 1 at once, then 30 at 100/s
    stamps.sort()
    assert all(b - a > 0.005 for a, b in itertools.pairwise(stamps))


async def test_refund_frees_a_slot_for_a_waiter_at_once() -> None:
    bucket = TokenBucket(rate=1.0, burst=1.0)
    await bucket.acquire()
    waiter = asyncio.create_task(bucket.acquire())
    await asyncio.sleep(0.05)
    assert not waiter.done()
    bucket.refund()
    await asyncio.wait_for(waiter, 0.5)


async def test_refund_never_lifts_the_bucket_above_its_burst() -> None:
    bucket = TokenBucket(rate=0.01, burst=1.0)
    await bucket.acquire()
    bucket.refund()
    bucket.refund()  # a second refund must not save up a token beyond the burst
    await asyncio.wait_for(bucket.acquire(), 0.5)
    second = asyncio.create_task(bucket.acquire())
    await asyncio.sleep(0.1)
    assert not second.done()
    second.cancel()


def busiest(stamps: list[float], period: float) -> int:
    """The most stamps in any half-open window (t - period, t]."""
    ordered = sorted(stamps)
    return max(sum(1 for s in ordered if t - period < s <= t) for t in ordered)


async def test_start_window_never_lets_more_than_limit_start_in_any_period() -> None:
    window = StartWindow(limit=3, period=0.2)
    stamps = await asyncio.gather(*(window.acquire() for _ in range(8)))
    assert busiest(list(stamps), 0.2) == 3
    assert all(later - earlier >= 0.2 for earlier, later in zip(stamps, stamps[3:], strict=False))


async def test_start_window_release_frees_the_place_of_a_start_that_never_happened() -> None:
    window = StartWindow(limit=1, period=10.0)
    phantom = await window.acquire()
    waiter = asyncio.create_task(window.acquire())
    await asyncio.sleep(0.05)
    assert not waiter.done()
    window.release(phantom)
    await asyncio.wait_for(waiter, 0.5)


async def test_keyed_intervals_space_one_chat_not_others() -> None:
    spacing = KeyedIntervals(0.2)
    started = time.monotonic()
    await spacing.acquire("a")
    await spacing.acquire("b")
    assert time.monotonic() - started < 0.1
    await spacing.acquire("a")
    assert time.monotonic() - started >= 0.19


async def test_pacer_per_platform() -> None:
    pacer = Pacer({"slack": PlatformLimits(per_second=1000, burst=10, per_chat_interval=0.15)})
    started = time.monotonic()
    await pacer.before_part("slack", "C1")
    await pacer.before_part("slack", "C2")
    last = await pacer.before_part("slack", "C1")
    assert 0.14 <= time.monotonic() - started < 1.0
    pacer.unused("slack", last)


def test_telegram_digests_stay_under_the_hard_cap_that_counts_everything() -> None:
    telegram = LIMITS["telegram"]
    assert telegram.max_per_second == 30
    assert telegram.burst + telegram.per_second <= 28  # the most digest starts a second: room for replies


async def test_digests_replies_and_retries_share_one_hard_window() -> None:
    limits = PlatformLimits(per_second=1000, burst=1000, per_chat_interval=0, max_per_second=5)
    pacer = Pacer({"telegram": limits})
    stamps: list[float] = []

    async def digest_part(chat: str) -> None:
        await pacer.before_part("telegram", chat)
        stamps.append(time.monotonic())

    async def reply_part(chat: str) -> None:
        await pacer.before_reply_part("telegram", chat)
        stamps.append(time.monotonic())

    async def retry(chat: str) -> None:
        await pacer.before_retry("telegram", chat)
        stamps.append(time.monotonic())

    senders = [digest_part, reply_part, retry]
    await asyncio.gather(*(senders[n % 3](f"c{n}") for n in range(7)))
    assert len(stamps) == 7 and busiest(stamps, 1.0) == 5


async def test_an_unused_digest_slot_gives_back_its_place_in_the_window() -> None:
    limits = PlatformLimits(per_second=1000, burst=10, per_chat_interval=0, max_per_second=2)
    pacer = Pacer({"telegram": limits})
    await pacer.before_part("telegram", "c1")
    reserved = await pacer.before_part("telegram", "c1")  # for a next part that never comes
    pacer.unused("telegram", reserved)
    await asyncio.wait_for(pacer.before_reply_part("telegram", "c2"), 0.5)


async def test_reply_parts_share_the_chats_slots_but_not_the_digest_budget() -> None:
    pacer = Pacer({"telegram": PlatformLimits(per_second=1, burst=1, per_chat_interval=0.2)})
    started = time.monotonic()
    await pacer.before_part("telegram", "c1")  # a digest part takes the only token for a second
    await pacer.before_reply_part("telegram", "c2")  # a reply elsewhere needs no token
    assert time.monotonic() - started < 0.1
    await pacer.before_reply_part("telegram", "c1")  # a reply to c1 waits for c1's next slot
    assert 0.19 <= time.monotonic() - started < 0.9


def test_sliding_window_limits_per_key_and_says_how_long_to_wait() -> None:
    window = SlidingWindow(limit=2, period=60.0)
    assert window.check("u1", 0.0) == 0.0
    assert window.check("u1", 10.0) == 0.0
    assert window.check("u1", 20.0) == 40.0
    assert window.check("u2", 20.0) == 0.0
    assert window.check("u1", 60.5) == 0.0
    assert window.check("u1", 61.0) == 9.0
