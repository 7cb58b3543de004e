"""Rate limiters: the overall token bucket, per-chat spacing, and the per-user sliding window."""

from __future__ import annotations

import asyncio
import itertools
import time

from bot.pacing import KeyedIntervals, Pacer, PlatformLimits, SlidingWindow, TokenBucket


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
    await pacer.before_part("slack", "C1")
    assert 0.14 <= time.monotonic() - started < 1.0
    pacer.unused("slack")


async def test_reply_parts_share_the_chats_slots_but_not_the_overall_budget() -> None:
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
