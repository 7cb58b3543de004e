"""Small async rate limiters that keep outgoing sends under each platform's limits.

Telegram allows about 30 messages per second overall and about one per second per chat (20 per minute in
groups); Slack about one per second per channel. The sender asks a `Pacer` before every message part, so a
fan-out of a thousand digests is spread out instead of being answered with 429s; a platform asks the same
Pacer before each part of a command's reply and before each retry, so one chat's slots hold across digests
and replies, and a hard start window (Telegram: 30 in any second) counts every request sent through it.
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
        """Give back a token taken for a message that was never sent: the bucket is then as if it had never
        been taken (what refilled meanwhile is kept, up to `burst`). A cap above `burst` would let the next
        second start `burst + 1 + rate` messages."""
        self._refill()
        self._tokens = min(self.burst, self._tokens + 1)
        self._refunded.set()


class StartWindow:
    """At most `limit` starts in any `period` seconds, whoever starts them: the log of the last `limit` start
    times. Unlike a token bucket nothing is lent or saved up, so replies, retries or refunds elsewhere cannot
    lift a window above `limit`."""

    def __init__(self, limit: int, period: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        if limit < 1 or period <= 0:
            raise ValueError("limit must be at least 1 and period positive")
        self.limit = limit
        self.period = period
        self._clock = clock
        self._starts: deque[float] = deque(maxlen=limit)
        self._lock = asyncio.Lock()
        self._released = asyncio.Event()

    async def acquire(self) -> float:
        """Wait until one more start keeps every window at `limit` starts or fewer, record it and return its
        time. Waiters are served in arrival order."""
        async with self._lock:
            while len(self._starts) == self.limit:
                wait = self._starts[0] + self.period - self._clock()
                if wait <= 0:
                    break
                self._released.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._released.wait(), wait)
            start = self._clock()
            self._starts.append(start)  # the deque's maxlen drops the oldest
            return start

    def release(self, start: float) -> None:
        """Forget a start (as returned by `acquire`) that never happened."""
        with contextlib.suppress(ValueError):  # already out of the log: it no longer holds anyone back
            self._starts.remove(start)
            self._released.set()


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
    """Overall digest messages per second."""
    burst: float
    per_chat_interval: float
    """Seconds between two messages to one chat."""
    max_per_second: int | None = None
    """Hard cap: most requests started in any 1 s window, digests, replies and retries together."""


LIMITS = {
    # Telegram's documented 30/s overall is the hard cap; digests go a little under it (at most
    # burst + rate = 28 in any second) so replies, retries and timing jitter fit beside them.
    "telegram": PlatformLimits(per_second=26.5, burst=1.5, per_chat_interval=1.0, max_per_second=30),
    # Slack documents no overall per-second limit for chat.postMessage, only about 1/s per channel.
    "slack": PlatformLimits(per_second=10.0, burst=2.0, per_chat_interval=1.0),
}
DEFAULT_LIMITS = PlatformLimits(per_second=50.0, burst=5.0, per_chat_interval=0.0)


@dataclass(frozen=True, slots=True)
class _Lanes:
    bucket: TokenBucket
    chats: KeyedIntervals
    window: StartWindow | None


class Pacer:
    """Per platform: one overall bucket for digests, one per-chat spacing and one hard start window for every
    request, shared by all delivery ticks and the platform's replies in a process."""

    def __init__(
        self, limits: dict[str, PlatformLimits] | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._limits = dict(LIMITS if limits is None else limits)
        self._clock = clock
        self._lanes: dict[str, _Lanes] = {}

    def _for(self, platform: str) -> _Lanes:
        if platform not in self._lanes:
            limits = self._limits.get(platform, DEFAULT_LIMITS)
            window = limits.max_per_second
            self._lanes[platform] = _Lanes(
                TokenBucket(limits.per_second, limits.burst, self._clock),
                KeyedIntervals(limits.per_chat_interval, self._clock),
                StartWindow(window, 1.0, self._clock) if window else None,
            )
        return self._lanes[platform]

    async def before_part(self, platform: str, chat_id: str) -> float:
        """Wait until one more digest message to `chat_id` on `platform` keeps within the limits. Returns
        the start's time, to hand to `unused` if that message never comes."""
        lanes = self._for(platform)
        await lanes.chats.acquire(chat_id)
        await lanes.bucket.acquire()
        return await lanes.window.acquire() if lanes.window else self._clock()

    async def before_reply_part(self, platform: str, chat_id: str) -> None:
        """Wait for the chat's next slot and a place in the start window, not for a digest token. A command's
        reply is one of few and someone is waiting for it: it uses the headroom that the digests' rate
        leaves under the hard cap (see LIMITS) instead of queueing behind a fan-out."""
        lanes = self._for(platform)
        await lanes.chats.acquire(chat_id)
        if lanes.window:
            await lanes.window.acquire()

    async def before_retry(self, platform: str, chat_id: str) -> None:
        """Before sending again what the platform refused (429): a request like any other, counted as one."""
        await self.before_reply_part(platform, chat_id)

    def unused(self, platform: str, start: float) -> None:
        """The slot a `before_part` returned `start` for was not used (the reply had no more parts): its
        token and its place in the start window go back. A part whose request was made, even one that
        failed, counts: never call this for it."""
        lanes = self._for(platform)
        lanes.bucket.refund()
        if lanes.window:
            lanes.window.release(start)


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
