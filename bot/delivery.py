"""When a subscription's digest is due, and which window it covers. Pure: no I/O, `now` is a parameter.

Rules (issue 7):
- A subscription names a local wall-clock time and an IANA timezone. Its digest for local date D is due at
  that time on D, resolved with zoneinfo:
  * in a DST gap (the wall time does not exist, e.g. 02:30 in Berlin on the spring-forward day) it is due at
    the first valid instant after, which is the transition itself (03:00 CEST);
  * in a fold (the wall time happens twice) it is due at the first occurrence; the delivery row, unique per
    (subscription, local date), makes sure the second occurrence sends nothing.
- After downtime, only the most recent scheduled instant counts, and only while it is less than `grace` old
  (default 6 h): a missed digest is sent once on start, never once per missed day.
- A digest covers the window since the last delivered digest (`Subscription.last_digest_at`, which the
  sender sets to the tick time the window ended at, so consecutive windows neither overlap nor leave gaps);
  the first one covers 24 h. Windows are capped at `MAX_WINDOW` so a chat resubscribing after months gets a
  digest, not an archive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.records import Delivery, Subscription

DEFAULT_GRACE = timedelta(hours=6)
FIRST_WINDOW = timedelta(hours=24)
MAX_WINDOW = timedelta(days=7)
CREATION_SLACK = timedelta(minutes=1)
"""A subscription made at 08:00:30 for 08:00 still gets today's digest: ticks run once a minute."""


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name (cached: thousands of subscriptions share a few zones)."""
    return ZoneInfo(name)


def scheduled_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of local wall time `at` on `day` in `tz`.

    Nonexistent wall times (DST gap) resolve to the first valid instant after them; ambiguous ones (fold)
    to their first occurrence."""
    naive = datetime.combine(day, at.replace(tzinfo=None))
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == naive:
        return first
    # In a gap, fold=1 applies the offset after the transition and lands before it; fold=0 applies the
    # offset before it and lands after it. The transition lies between: find it to the second.
    low = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = first
    low, high = min(low, high), max(low, high)
    before = low.astimezone(tz).utcoffset()
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == before:
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0)


def latest_scheduled(subscription: Subscription, now: datetime) -> tuple[date, datetime]:
    """The subscription's most recent scheduled digest at or before `now`: (local date, UTC instant)."""
    tz = zone(subscription.timezone)
    today = now.astimezone(tz).date()
    for back in range(3):  # today, yesterday; a 24 h gap (Samoa 2011) may need one more
        day = today - timedelta(days=back)
        at = scheduled_instant(day, subscription.digest_time, tz)
        if at <= now:
            return day, at
    raise ValueError(f"no scheduled digest before {now} in {subscription.timezone}")  # pragma: no cover


def next_scheduled(subscription: Subscription, now: datetime) -> datetime:
    """The subscription's next scheduled digest instant after `now` (UTC)."""
    day, _ = latest_scheduled(subscription, now)
    tz = zone(subscription.timezone)
    for ahead in range(1, 4):
        at = scheduled_instant(day + timedelta(days=ahead), subscription.digest_time, tz)
        if at > now:
            return at
    raise ValueError(f"no scheduled digest after {now} in {subscription.timezone}")  # pragma: no cover


def digest_due(
    subscription: Subscription,
    now: datetime,
    last_delivery: Delivery | None,
    grace: timedelta = DEFAULT_GRACE,
) -> date | None:
    """The local digest date to deliver now, or None.

    `last_delivery` is the subscription's newest delivery row (or None). A row for the same date that is
    pending or failed still counts as due: `Storage.claim_delivery` decides whether its lease or backoff
    allows another attempt now."""
    if not subscription.active:
        return None
    day, at = latest_scheduled(subscription, now)
    if now - at > grace:
        return None
    if subscription.created_at is not None and at < subscription.created_at - CREATION_SLACK:
        return None  # subscribed after today's time: the first digest comes tomorrow
    if last_delivery is not None:
        if last_delivery.digest_date > day:
            return None
        if last_delivery.digest_date == day and last_delivery.state == "sent":
            return None
    if subscription.last_digest_at is not None and subscription.last_digest_at >= at:
        return None  # a digest already went out after this scheduled instant
    return day


def maybe_due(subscription: Subscription, now: datetime, grace: timedelta = DEFAULT_GRACE) -> bool:
    """Cheap pre-check without the delivery row: False means `digest_due` would surely say None."""
    return digest_due(subscription, now, None, grace) is not None


@dataclass(frozen=True, slots=True)
class Window:
    """The half-open interval [start, end) of articles a digest covers."""

    start: datetime
    end: datetime


def digest_window(subscription: Subscription, now: datetime) -> Window:
    """Since the last delivered digest (first digest: the last 24 h), capped at MAX_WINDOW, until `now`."""
    start = subscription.last_digest_at or now - FIRST_WINDOW
    start = max(start, now - MAX_WINDOW)
    return Window(start=min(start, now), end=now)


def retry_delay(
    attempts: int,
    *,
    base: timedelta = timedelta(minutes=1),
    cap: timedelta = timedelta(hours=1),
    retry_after: float | None = None,
) -> timedelta:
    """Exponential backoff after the `attempts`-th failed attempt (1 -> base, 2 -> 2*base, ...), never less
    than a platform's Retry-After."""
    delay: timedelta = min(cap, base * (2 ** max(0, attempts - 1)))
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=retry_after))
    return delay
