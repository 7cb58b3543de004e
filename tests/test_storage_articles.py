"""Articles on both backends: deduplication, near-duplicate links, windows, retention, time zones."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest
from storage_helpers import T0, make_article

from bot.errors import NotFound, StorageError
from bot.storage import Database

NOW = T0 + timedelta(hours=1)
FP = 0xF0F0_1234_ABCD_8001  # high bit set: stored signed, must come back unsigned


def _source(storage: Database, name: str = "Feed") -> int:
    return storage.add_source(name, url=f"https://{name.lower().replace(' ', '-')}.example/rss").id


def test_new_articles_are_stored_and_read_back(storage: Database) -> None:
    source = _source(storage)
    article = make_article(
        "Central bank holds rates",
        "The central bank kept its main rate unchanged on Tuesday.",
        guid="g-1",
        url="https://feed.example/a?utm_source=x",
        canonical_url="https://feed.example/a",
        fingerprint=FP,
    )
    result = storage.add_articles(source, [article], now=NOW)
    assert (result.new, result.updated, result.duplicate, len(result.ids)) == (1, 0, 0, 1)

    stored = storage.get_article(result.ids[0])
    assert (stored.title, stored.text, stored.source_name, stored.guid) == (
        "Central bank holds rates",
        "The central bank kept its main rate unchanged on Tuesday.",
        "Feed",
        "g-1",
    )
    assert stored.url == "https://feed.example/a?utm_source=x"
    assert stored.fingerprint == FP and stored.duplicate_of is None
    assert stored.published == T0 and stored.published.tzinfo == UTC
    assert stored.fetched_at == NOW and stored.fetched_at.utcoffset() == timedelta(0)
    assert storage.count_articles() == 1
    with pytest.raises(NotFound):
        storage.get_article(result.ids[0] + 100)


def test_dedup_by_guid_with_update_when_title_changes(storage: Database) -> None:
    source = _source(storage)
    first = storage.add_articles(source, [make_article("Storm nears coast", guid="g-7")], now=NOW)
    same = storage.add_articles(source, [make_article("Storm nears coast", guid="g-7")], now=NOW)
    assert (same.new, same.updated, same.duplicate, same.ids) == (0, 0, 1, ())

    edited = make_article("Storm reaches coast", "Body of Storm nears coast.", guid="g-7")
    changed = storage.add_articles(source, [edited], now=NOW)
    assert (changed.new, changed.updated, changed.duplicate, changed.ids) == (0, 1, 0, first.ids)
    assert storage.get_article(first.ids[0]).title == "Storm reaches coast"

    moved = make_article(
        "Storm reaches coast", "Body of Storm nears coast.", guid="g-7", published=T0 + timedelta(hours=2)
    )
    assert storage.add_articles(source, [moved], now=NOW).updated == 1
    assert storage.get_article(first.ids[0]).published == T0 + timedelta(hours=2)
    assert storage.count_articles() == 1


def test_dedup_by_canonical_url_without_guid(storage: Database) -> None:
    source = _source(storage)
    a = make_article("Match report", url="https://x.example/m?ref=rss", canonical_url="https://x.example/m")
    b = make_article("Match report", url="https://X.example/m#top", canonical_url="https://x.example/m")
    storage.add_articles(source, [a], now=NOW)
    assert storage.add_articles(source, [b], now=NOW).duplicate == 1
    rewritten = make_article("Match report: late goal", canonical_url="https://x.example/m")
    assert storage.add_articles(source, [rewritten], now=NOW).updated == 1
    assert storage.count_articles() == 1


def test_dedup_by_content_hash_for_files_and_within_one_batch(storage: Database) -> None:
    source = storage.add_source("files", path="/data/files").id
    text = "ارتفعت أسعار الذهب في الأسواق المحلية صباح اليوم."
    batch = [
        make_article("الذهب يرتفع", text, language="ar"),
        make_article("الذهب يرتفع", text, language="ar"),
    ]
    result = storage.add_articles(source, batch, now=NOW)
    assert (result.new, result.duplicate) == (1, 1)
    # A feed that re-issues a guid for identical content is not stored twice either.
    again = make_article("الذهب يرتفع", text, language="ar", guid="new-guid")
    assert storage.add_articles(source, [again], now=NOW).duplicate == 1
    assert storage.get_article(result.ids[0]).language == "ar"


def test_same_article_in_two_sources_is_stored_twice(storage: Database) -> None:
    one, two = _source(storage, "One"), _source(storage, "Two")
    article = make_article("Shared wire story", guid="wire-1")
    assert storage.add_articles(one, [article], now=NOW).new == 1
    assert storage.add_articles(two, [article], now=NOW).new == 1


def test_near_duplicates_across_sources_link_to_the_earliest_copy(storage: Database) -> None:
    one, two, three = _source(storage, "One"), _source(storage, "Two"), _source(storage, "Three")
    base = 0x8123_4567_89AB_CDEF
    first = storage.add_articles(one, [make_article("Quake hits city", fingerprint=base)], now=NOW).ids[0]
    # 3 bits differ, spread over three bands: still the same story.
    copy = base ^ (1 << 0) ^ (1 << 20) ^ (1 << 63)
    second = storage.add_articles(
        two, [make_article("Quake strikes city", fingerprint=copy, published=T0 + timedelta(days=2))], now=NOW
    ).ids[0]
    # A copy of the copy (4 bits from the first) still joins the first story.
    third = storage.add_articles(
        three,
        [make_article("City quake", fingerprint=copy ^ (1 << 40), published=T0 + timedelta(days=3))],
        now=NOW,
    ).ids[0]
    assert storage.get_article(second).duplicate_of == first
    assert storage.get_article(third).duplicate_of == first
    assert storage.get_article(first).duplicate_of is None


def test_near_duplicate_rules_distance_window_and_same_source(storage: Database) -> None:
    one, two = _source(storage, "One"), _source(storage, "Two")
    base = 0x0123_4567_89AB_CDEF
    storage.add_articles(one, [make_article("Original", fingerprint=base)], now=NOW)
    far = base ^ 0b1111  # 4 bits: a different story
    late = base ^ 1  # close, but published 8 days later
    same_source = base ^ (1 << 5)  # close to the original only, which is from its own source
    ids = storage.add_articles(
        two,
        [
            make_article("Far", fingerprint=far),
            make_article("Late", fingerprint=late, published=T0 + timedelta(days=8)),
        ],
        now=NOW,
    ).ids
    own = storage.add_articles(one, [make_article("Own copy", fingerprint=same_source)], now=NOW).ids
    assert [storage.get_article(i).duplicate_of for i in (*ids, *own)] == [None, None, None]


def test_articles_between_window_languages_and_order(storage: Database) -> None:
    source = _source(storage)
    storage.add_articles(
        source,
        [
            make_article("Later English", published=T0 + timedelta(hours=5), guid="1"),
            make_article("Earlier Arabic", published=T0 + timedelta(hours=1), language="ar", guid="2"),
            make_article("Old but fetched now", published=T0 - timedelta(days=30), guid="3"),
        ],
        now=T0 + timedelta(minutes=30),
    )
    storage.add_articles(
        source,
        [make_article("Outside", published=T0 + timedelta(days=2), guid="4")],
        now=T0 + timedelta(days=2),
    )
    window = storage.articles_between(T0, T0 + timedelta(hours=12))
    assert [a.title for a in window] == ["Old but fetched now", "Earlier Arabic", "Later English"]
    arabic = storage.articles_between(T0, T0 + timedelta(hours=12), languages=frozenset({"ar"}))
    assert [a.title for a in arabic] == ["Earlier Arabic"]
    # [start, end): an article published exactly at `end` is out.
    assert [a.title for a in storage.articles_between(T0 + timedelta(hours=2), T0 + timedelta(hours=5))] == []


def test_time_zones_round_trip_to_utc(storage: Database) -> None:
    source = _source(storage)
    riyadh = timezone(timedelta(hours=3))
    published = datetime(2026, 3, 10, 23, 30, tzinfo=riyadh)  # 20:30 UTC
    ids = storage.add_articles(source, [make_article("Late edition", published=published)], now=NOW).ids
    stored = storage.get_article(ids[0])
    assert stored.published == published and stored.published.tzinfo == UTC
    assert stored.published.hour == 20
    # Windows given in another zone select the same instant.
    start = datetime(2026, 3, 10, 15, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert [a.id for a in storage.articles_between(start, start + timedelta(minutes=1))] == list(ids)


def test_naive_datetimes_are_refused(storage: Database) -> None:
    source = _source(storage)
    with pytest.raises(ValueError):
        storage.add_articles(source, [make_article("x")], now=datetime(2026, 1, 1))
    with pytest.raises((ValueError, StorageError)):
        storage.add_articles(source, [make_article("x", published=datetime(2026, 1, 1))], now=NOW)
    assert storage.count_articles() == 0


def test_add_articles_to_unknown_source(storage: Database) -> None:
    with pytest.raises(NotFound):
        storage.add_articles(12345, [make_article("x")], now=NOW)


def test_delete_articles_before_keeps_recent_and_unlinks_copies(storage: Database) -> None:
    one, two = _source(storage, "One"), _source(storage, "Two")
    fp = 0x1111_2222_3333_4444
    old = storage.add_articles(one, [make_article("Old story", fingerprint=fp, published=T0)], now=T0).ids[0]
    copy = storage.add_articles(
        two,
        [make_article("Old story copy", fingerprint=fp, published=T0 + timedelta(days=1))],
        now=T0 + timedelta(days=40),
    ).ids[0]
    recent = storage.add_articles(
        one,
        [make_article("Recent", published=T0 + timedelta(days=40), guid="r")],
        now=T0 + timedelta(days=40),
    ).ids[0]
    assert storage.get_article(copy).duplicate_of == old

    assert storage.delete_articles_before(T0 + timedelta(days=30)) == 1
    with pytest.raises(NotFound):
        storage.get_article(old)
    assert storage.get_article(copy).duplicate_of is None  # fetched recently: kept
    assert storage.get_article(recent).title == "Recent"
    assert storage.count_articles() == 2
    assert storage.delete_articles_before(T0) == 0


def test_overlong_guid_falls_back_to_other_keys(storage: Database) -> None:
    source = _source(storage)
    guid = "g" * 5000
    first = storage.add_articles(source, [make_article("Long id", guid=guid)], now=NOW)
    again = storage.add_articles(source, [make_article("Long id", guid=guid)], now=NOW)
    assert (first.new, again.duplicate) == (1, 1)


def test_batch_that_repeats_an_article_with_an_edit(storage: Database) -> None:
    source = _source(storage)
    batch = [
        make_article("First take", guid="g"),
        make_article("Other", guid="h"),
        make_article("Second take", guid="g"),
    ]
    result = storage.add_articles(source, batch, now=NOW)
    assert (result.new, result.updated, result.duplicate, len(result.ids)) == (2, 1, 0, 2)
    assert [storage.get_article(i).title for i in result.ids] == ["Second take", "Other"]


def test_many_near_duplicates_in_one_batch(storage: Database) -> None:
    one, two = _source(storage, "One"), _source(storage, "Two")
    rng = random.Random(7)
    prints = [rng.getrandbits(64) for _ in range(300)]  # random 64-bit values lie ~32 bits apart
    originals = [make_article(f"Story {n}", fingerprint=fp) for n, fp in enumerate(prints)]
    first = storage.add_articles(one, originals, now=NOW).ids
    copies = [make_article(f"Copy {n}", fingerprint=fp ^ (1 << (n % 64))) for n, fp in enumerate(prints)]
    second = storage.add_articles(two, copies, now=NOW).ids
    assert [storage.get_article(i).duplicate_of for i in second] == list(first)


def test_the_outlet_an_article_names_wins_over_the_source_name(storage: Database) -> None:
    source = _source(storage, "Example Folder")
    named = make_article("Rates held", "The bank kept its rate.", guid="g-8", source="Example Wire")
    unnamed = make_article("Rates cut", "The bank cut its rate.", guid="g-9")
    first, second = storage.add_articles(source, [named, unnamed], now=NOW).ids
    assert storage.get_article(first).source_name == "Example Wire"
    assert storage.get_article(second).source_name == "Example Folder"
