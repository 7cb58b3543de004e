"""Small async rate limiters that keep outgoing sends under each platform's limits.

Telegram allows about 30 messages per second overall and about one per second per chat (20 per minute in
groups); Slack about one per second per channel. The sender asks a `Pacer` before every message part, so a
fan-out of a thousand digests is spread out instead of being answered with 429s; a platform asks the same
Pacer before each part of a command's reply, so one chat's slots hold across digests and replies.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


class TokenBucket:
    """`rate` tokens per second, at most `burst` saved up. `acquire` waits for a token; `refund` returns
    one that was taken but not used."""

    def __init__(self, rate: float, burst: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = burst
        self._stamp = clock()
        self._lock = asyncio.Lock()
        self._refunded = asyncio.Event()

    def _refill(self) -> None:
        now = self._clock()
        if self._tokens < self.burst:  # a refund may have lifted it above: keep that token
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    async def acquire(self) -> None:
        """Wait until a token is free and take it. Waiters are served in arrival order (the lock is fair)."""
        async with self._lock:
            self._refill()
            while self._tokens < 1:
                # sleep until the next token, or until a refund makes one free earlier
                self._refunded.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._refunded.wait(), (1 - self._tokens) / self.rate)
                self._refill()
            self._tokens -= 1

    def refund(self) -> None:
        """Give back a token taken for a message that was never sent."""
        self._refill()
        # the partial token refilled meanwhile is kept: capping at `burst` here would waste it
        self._tokens = min(self.burst + 1, self._tokens + 1)
        self._refunded.set()


class KeyedIntervals:
    """At most one event per `interval` seconds per key (a chat), remembering only recently used keys."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self._clock = clock
        self._next_free: dict[str, float] = {}

    async def acquire(self, key: str) -> None:
        """Reserve the key's next free slot and sleep until it comes."""
        now = self._clock()
        slot = max(now, self._next_free.get(key, now))
        self._next_free[key] = slot + self.interval
        if len(self._next_free) > 10_000:
            self._forget_old(now)
        if slot > now:
            await asyncio.sleep(slot - now)
            # a late wake-up (a busy loop) moves the key's next slot too: the spacing holds between the
            # sends themselves, not only between their slots
            self._next_free[key] = max(self._next_free.get(key, 0.0), self._clock() + self.interval)

    def _forget_old(self, now: float) -> None:
        for key in [k for k, free in self._next_free.items() if free <= now]:
            del self._next_free[key]


@dataclass(frozen=True, slots=True)
class PlatformLimits:
    per_second: float
    """Overall messages per second."""
    burst: float
    per_chat_interval: float
    """Seconds between two messages to one chat."""


LIMITS = {
    # Telegram's documented ~30/s overall; a little under it so retries and commands fit beside digests.
    "telegram": PlatformLimits(per_second=26.5, burst=1.5, per_chat_interval=1.0),
    "slack": PlatformLimits(per_second=10.0, burst=2.0, per_chat_interval=1.0),
}
DEFAULT_LIMITS = PlatformLimits(per_second=50.0, burst=5.0, per_chat_interval=0.0)


class Pacer:
    """One overall bucket and one per-chat spacing per platform, shared by all delivery ticks of a process."""

    def __init__(
        self, limits: dict[str, PlatformLimits] | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._limits = dict(LIMITS if limits is None else limits)
        self._clock = clock
        self._buckets: dict[str, TokenBucket] = {}
        self._chats: dict[str, KeyedIntervals] = {}

    def _for(self, platform: str) -> tuple[TokenBucket, KeyedIntervals]:
        if platform not in self._buckets:
            limits = self._limits.get(platform, DEFAULT_LIMITS)
            self._buckets[platform] = TokenBucket(limits.per_second, limits.burst, self._clock)
            self._chats[platform] = KeyedIntervals(limits.per_chat_interval, self._clock)
        return self._buckets[platform], self._chats[platform]

    async def before_part(self, platform: str, chat_id: str) -> None:
        """Wait until one more message to `chat_id` on `platform` keeps within the limits."""
        bucket, chats = self._for(platform)
        await chats.acquire(chat_id)
        await bucket.acquire()

    async def before_reply_part(self, platform: str, chat_id: str) -> None:
        """Wait for the chat's next slot only. A command's reply is one of few and someone is waiting for it:
        it uses the headroom that the overall rate leaves under the platform's limit (see LIMITS) instead of
        queueing behind a digest fan-out, and shares the chat's slots with the digests."""
        await self._for(platform)[1].acquire(chat_id)

    def unused(self, platform: str) -> None:
        """The slot taken by the last `before_part` was not used (the reply had no more parts)."""
        self._for(platform)[0].refund()


class SlidingWindow:
    """At most `limit` events per `period` seconds per key (a user). `check` never waits: it says how long
    to wait instead, so a chat command can answer at once."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self._events: dict[str, deque[float]] = {}

    def check(self, key: str, now: float) -> float:
        """Record an event for `key` at `now` and return 0, or return the seconds until one is allowed."""
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.period:
            events.popleft()
        if len(events) >= self.limit:
            return events[0] + self.period - now
        events.append(now)
        if len(self._events) > 10_000:
            self._events = {k: v for k, v in self._events.items() if v and v[-1] > now - self.period}
        return 0.0
