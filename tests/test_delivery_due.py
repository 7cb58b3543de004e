"""Due-time logic of scheduled digests (bot.delivery): DST gaps and folds in two timezones, grace after
downtime, once per local day, digest windows. Pure: an injected clock, no storage."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.delivery import (
    DEFAULT_GRACE,
    digest_due,
    digest_window,
    next_scheduled,
    retry_delay,
    scheduled_instant,
    zone,
)
from bot.records import ChatRef, Delivery, Subscription


def sub(at: str, tz: str, *, created: datetime | None = None, last: datetime | None = None) -> Subscription:
    hour, minute = map(int, at.split(":"))
    return Subscription(
        id=1,
        chat=ChatRef("telegram", "42"),
        digest_time=time(hour, minute),
        timezone=tz,
        created_at=created or datetime(2026, 1, 1, tzinfo=UTC),
        last_digest_at=last,
    )


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def sent(day: date) -> Delivery:
    return Delivery(id=1, subscription_id=1, digest_date=day, state="sent")


# --- DST gaps: the first valid instant after the nonexistent wall time


def test_berlin_spring_forward_gap_resolves_to_the_transition() -> None:
    # 2026-03-29: 02:00 CET -> 03:00 CEST; 02:30 does not exist, 03:00 CEST is 01:00 UTC
    assert scheduled_instant(date(2026, 3, 29), time(2, 30), zone("Europe/Berlin")) == utc(2026, 3, 29, 1, 0)
    s = sub("02:30", "Europe/Berlin")
    assert digest_due(s, utc(2026, 3, 29, 0, 59), None) is None
    assert digest_due(s, utc(2026, 3, 29, 1, 0), None) == date(2026, 3, 29)


def test_new_york_spring_forward_gap_resolves_to_the_transition() -> None:
    # 2026-03-08: 02:00 EST -> 03:00 EDT = 07:00 UTC
    assert scheduled_instant(date(2026, 3, 8), time(2, 30), zone("America/New_York")) == utc(2026, 3, 8, 7, 0)
    s = sub("02:30", "America/New_York")
    assert digest_due(s, utc(2026, 3, 8, 6, 59), None) is None
    assert digest_due(s, utc(2026, 3, 8, 7, 0), None) == date(2026, 3, 8)


def test_times_outside_the_gap_are_unchanged_on_a_transition_day() -> None:
    tz = zone("Europe/Berlin")
    assert scheduled_instant(date(2026, 3, 29), time(1, 59), tz) == utc(2026, 3, 29, 0, 59)
    assert scheduled_instant(date(2026, 3, 29), time(3, 0), tz) == utc(2026, 3, 29, 1, 0)
    assert scheduled_instant(date(2026, 3, 29), time(8, 0), tz) == utc(2026, 3, 29, 6, 0)


# --- DST folds: first occurrence, once per local day


def test_berlin_fall_back_fold_sends_at_first_occurrence_only() -> None:
    # 2026-10-25: 03:00 CEST -> 02:00 CET; 02:30 happens at 00:30 UTC and again at 01:30 UTC
    assert scheduled_instant(date(2026, 10, 25), time(2, 30), zone("Europe/Berlin")) == utc(
        2026, 10, 25, 0, 30
    )
    s = sub("02:30", "Europe/Berlin")
    assert digest_due(s, utc(2026, 10, 25, 0, 30), None) == date(2026, 10, 25)
    after = sub("02:30", "Europe/Berlin", last=utc(2026, 10, 25, 0, 30))
    assert digest_due(after, utc(2026, 10, 25, 1, 30), sent(date(2026, 10, 25))) is None


def test_new_york_fall_back_fold_sends_at_first_occurrence_only() -> None:
    # 2026-11-01: 02:00 EDT -> 01:00 EST; 01:30 happens at 05:30 UTC and at 06:30 UTC
    assert scheduled_instant(date(2026, 11, 1), time(1, 30), zone("America/New_York")) == utc(
        2026, 11, 1, 5, 30
    )
    after = sub("01:30", "America/New_York", last=utc(2026, 11, 1, 5, 30))
    assert digest_due(after, utc(2026, 11, 1, 6, 30), sent(date(2026, 11, 1))) is None


@pytest.mark.parametrize("tz", ["Europe/Berlin", "America/New_York"])
@pytest.mark.parametrize("at", ["02:30", "01:30", "00:00", "23:59", "08:00"])
@pytest.mark.parametrize("start", [date(2026, 3, 6), date(2026, 10, 23)])
def test_minute_by_minute_across_transitions_one_digest_per_local_day(tz: str, at: str, start: date) -> None:
    """Tick every minute for 5 days around both transitions of both zones: exactly one digest per local day,
    each at its (resolved) scheduled instant, none late."""
    now = datetime.combine(start, time(0, 0), tzinfo=UTC)
    s = sub(at, tz, last=now)  # everything before the loop was delivered
    last: Delivery | None = None
    deliveries: list[tuple[date, datetime]] = []
    end = now + timedelta(days=5)
    while now < end:
        day = digest_due(s, now, last)
        if day is not None:
            deliveries.append((day, now))
            last = sent(day)
            s = sub(at, tz, last=now)
        now += timedelta(minutes=1)
    days = [d for d, _ in deliveries]
    assert len(days) == len(set(days)) >= 4
    for day, when in deliveries:
        assert when == scheduled_instant(day, s.digest_time, zone(tz))
        assert when.astimezone(zone(tz)).date() == day


# --- downtime and grace


def test_missed_digest_is_sent_once_on_start_within_grace() -> None:
    s = sub("08:00", "Asia/Riyadh")  # 05:00 UTC
    assert digest_due(s, utc(2026, 5, 4, 10, 59), None) == date(2026, 5, 4)
    assert digest_due(s, utc(2026, 5, 4, 5, 0) + DEFAULT_GRACE - timedelta(seconds=1), None) == date(
        2026, 5, 4
    )
    assert digest_due(s, utc(2026, 5, 4, 5, 0) + DEFAULT_GRACE + timedelta(seconds=1), None) is None


def test_restart_across_the_delivery_time_never_sends_per_missed_day() -> None:
    s = sub("08:00", "UTC", last=utc(2026, 5, 1, 8, 0))
    last = sent(date(2026, 5, 1))
    # down from May 1 09:00 to May 4 09:30: only May 4's digest, once
    assert digest_due(s, utc(2026, 5, 4, 9, 30), last) == date(2026, 5, 4)
    # down until May 4 15:00: May 4's is 7 h old, past the grace; nothing until May 5 08:00
    assert digest_due(s, utc(2026, 5, 4, 15, 0), last) is None
    assert digest_due(s, utc(2026, 5, 5, 7, 59), last) is None
    assert digest_due(s, utc(2026, 5, 5, 8, 0), last) == date(2026, 5, 5)


def test_configurable_grace() -> None:
    s = sub("08:00", "UTC")
    assert digest_due(s, utc(2026, 5, 4, 9, 0), None, grace=timedelta(minutes=30)) is None
    assert digest_due(s, utc(2026, 5, 4, 8, 29), None, grace=timedelta(minutes=30)) == date(2026, 5, 4)


def test_pending_or_failed_row_of_the_day_stays_due_for_the_claim_to_decide() -> None:
    s = sub("08:00", "UTC")
    pending = Delivery(id=1, subscription_id=1, digest_date=date(2026, 5, 4), state="pending", parts_sent=1)
    failed = Delivery(id=1, subscription_id=1, digest_date=date(2026, 5, 4), state="failed")
    assert digest_due(s, utc(2026, 5, 4, 8, 5), pending) == date(2026, 5, 4)
    assert digest_due(s, utc(2026, 5, 4, 8, 5), failed) == date(2026, 5, 4)
    assert digest_due(s, utc(2026, 5, 4, 8, 5), sent(date(2026, 5, 4))) is None


def test_subscribing_after_todays_time_waits_for_tomorrow() -> None:
    s = sub("08:00", "UTC", created=utc(2026, 5, 4, 9, 0))
    assert digest_due(s, utc(2026, 5, 4, 9, 1), None) is None
    assert digest_due(s, utc(2026, 5, 5, 8, 0), None) == date(2026, 5, 5)
    just_before = sub("08:00", "UTC", created=utc(2026, 5, 4, 8, 0, 30))
    assert digest_due(just_before, utc(2026, 5, 4, 8, 1), None) == date(2026, 5, 4)


def test_inactive_subscription_is_never_due() -> None:
    s = Subscription(id=1, chat=ChatRef("slack", "C1"), digest_time=time(8), timezone="UTC", active=False)
    assert digest_due(s, utc(2026, 5, 4, 8, 0), None) is None


def test_next_scheduled_across_a_gap() -> None:
    s = sub("02:30", "Europe/Berlin")
    assert next_scheduled(s, utc(2026, 3, 28, 12, 0)) == utc(2026, 3, 29, 1, 0)
    assert next_scheduled(s, utc(2026, 3, 29, 1, 0)) == utc(2026, 3, 30, 0, 30)


# --- windows and backoff


def test_window_first_24h_then_since_last_digest_capped() -> None:
    now = utc(2026, 5, 4, 8, 0)
    assert digest_window(sub("08:00", "UTC"), now).start == now - timedelta(hours=24)
    last = utc(2026, 5, 3, 8, 0, 12)
    window = digest_window(sub("08:00", "UTC", last=last), now)
    assert (window.start, window.end) == (last, now)
    assert digest_window(sub("08:00", "UTC", last=utc(2026, 1, 1)), now).start == now - timedelta(days=7)


def test_retry_delay_grows_and_honours_retry_after() -> None:
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert retry_delay(20) == timedelta(hours=1)
    assert retry_delay(1, retry_after=300) == timedelta(seconds=300)
