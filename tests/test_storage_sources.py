"""Sources on both backends: add/find/remove, fetch bookkeeping, leases, file states."""

from __future__ import annotations

from datetime import timedelta

import pytest
from storage_helpers import T0, make_article

from bot.errors import AlreadyExists, NotFound, UsageError
from bot.records import ChatRef, FileState
from bot.storage import Database


def test_add_get_list_sources(storage: Database) -> None:
    chat = ChatRef("telegram", "-100200", "7")
    feed = storage.add_source(
        "Example Feed", url="https://news.example/rss", interval_minutes=15, added_by=chat
    )
    folder = storage.add_source("أخبار محلية", path="/srv/articles/ar")

    assert (feed.kind, feed.url, feed.path, feed.interval_minutes) == (
        "feed",
        "https://news.example/rss",
        None,
        15,
    )
    assert feed.added_by == chat and feed.active and feed.error_count == 0
    assert (folder.kind, folder.path, folder.location) == ("file", "/srv/articles/ar", "/srv/articles/ar")
    assert storage.get_source(feed.id) == feed
    assert [s.id for s in storage.list_sources()] == [feed.id, folder.id]


def test_add_source_refuses_known_location_and_bad_arguments(storage: Database) -> None:
    storage.add_source("one", url="https://news.example/rss")
    with pytest.raises(AlreadyExists):
        storage.add_source("again", url="https://news.example/rss")
    with pytest.raises(UsageError):
        storage.add_source("neither")
    with pytest.raises(UsageError):
        storage.add_source("both", url="https://a.example/", path="/tmp/x")


def test_removed_source_leaves_the_lists_keeps_its_articles_and_its_name_on_return(storage: Database) -> None:
    source = storage.add_source("BBC عربي", url="https://news.example/rss")
    storage.add_articles(source.id, [make_article("Kept after removal")], now=T0)
    storage.remove_source(source.id)
    assert storage.list_sources() == [] and storage.list_sources(active_only=True) == []
    for wanted in ("https://news.example/rss", "BBC عربي", str(source.id)):
        assert storage.find_source(wanted) is None
    (article,) = storage.articles_between(T0 - timedelta(days=1), T0 + timedelta(days=1))
    assert (article.title, article.source_name) == ("Kept after removal", "BBC عربي")

    # Added again without a name of its own: the row comes back (articles still deduplicated) with its name.
    back = storage.add_source(
        "news.example", url="https://news.example/rss", interval_minutes=30, keep_name=True
    )
    assert (back.id, back.name, back.active, back.interval_minutes) == (source.id, "BBC عربي", True, 30)
    assert [s.id for s in storage.list_sources()] == [source.id]
    storage.remove_source(source.id)
    renamed = storage.add_source("renamed", url="https://news.example/rss")
    assert (renamed.id, renamed.name) == (source.id, "renamed")
    with pytest.raises(NotFound):
        storage.remove_source(9999)
    with pytest.raises(NotFound):
        storage.get_source(9999)


def test_removing_a_removed_source_is_not_found(storage: Database) -> None:
    source = storage.add_source("Wire", url="https://wire.example/rss")
    storage.add_articles(source.id, [make_article("Keeps the row")], now=T0)
    storage.remove_source(source.id)
    with pytest.raises(NotFound, match=f"no source with id {source.id}"):
        storage.remove_source(source.id)
    (article,) = storage.articles_between(T0 - timedelta(days=1), T0 + timedelta(days=1))
    assert article.source_name == "Wire"  # the refused second removal left the kept row alone


def test_removed_source_without_articles_is_forgotten(storage: Database) -> None:
    source = storage.add_source("empty", path="/srv/empty")
    storage.save_file_states(source.id, [FileState("/srv/empty/a.txt", 1, 2)])
    storage.remove_source(source.id)
    with pytest.raises(NotFound):
        storage.get_source(source.id)
    again = storage.add_source("again", path="/srv/empty")
    assert again.name == "again" and storage.file_states(again.id) == {}


def test_a_source_deactivated_by_errors_is_still_listed(storage: Database) -> None:
    source = storage.add_source("broken", url="https://broken.example/rss")
    storage.record_fetch_failure(source.id, now=T0, error="HTTP 500", next_due_at=T0, deactivate=True)
    (listed,) = storage.list_sources()
    assert (listed.id, listed.active, listed.last_error) == (source.id, False, "HTTP 500")
    assert storage.find_source("broken") == listed
    back = storage.add_source("broken.example", url="https://broken.example/rss", keep_name=True)
    assert (back.name, back.active, back.error_count) == ("broken", True, 0)


def test_find_source_by_location_id_or_name(storage: Database) -> None:
    feed = storage.add_source("World News", url="https://world.example/feed")
    folder = storage.add_source("Local", path="/data/local")
    assert storage.find_source("https://world.example/feed") == feed
    assert storage.find_source("/data/local") == folder
    assert storage.find_source("world news") == feed
    assert storage.find_source(str(folder.id)) == folder
    assert storage.find_source("nothing like it") is None
    accented = storage.add_source("Économie", url="https://eco.example/feed")
    assert storage.find_source("  éCONOMIE ") == accented
    storage.remove_source(feed.id)
    revived_name = storage.add_source("World News", url="https://world2.example/feed")
    assert storage.find_source("World News") == revived_name  # the active one wins


def test_claim_due_sources_leases_each_source_to_one_worker(storage: Database) -> None:
    due = storage.add_source("due", url="https://a.example/rss")
    later = storage.add_source("later", url="https://b.example/rss")
    storage.record_fetch_success(later.id, now=T0, next_due_at=T0 + timedelta(hours=1))

    first = storage.claim_due_sources(T0, worker="w1", lease_seconds=300)
    assert [s.id for s in first] == [due.id]
    # The lease lives: nobody else gets it, not even the same worker.
    assert storage.claim_due_sources(T0 + timedelta(seconds=299), worker="w2") == []
    # The lease expired (w1 died): w2 takes over.
    assert [s.id for s in storage.claim_due_sources(T0 + timedelta(seconds=300), worker="w2")] == [due.id]
    # Both are due an hour later, and fetched sources are released by record_fetch_*.
    storage.record_fetch_success(due.id, now=T0, next_due_at=T0 + timedelta(hours=1))
    claimed = storage.claim_due_sources(T0 + timedelta(hours=1), worker="w3")
    assert sorted(s.id for s in claimed) == sorted([due.id, later.id])


def test_inactive_sources_are_never_claimed(storage: Database) -> None:
    source = storage.add_source("gone", url="https://gone.example/rss")
    storage.remove_source(source.id)
    assert storage.claim_due_sources(T0, worker="w") == []


def test_fetch_success_and_failure_bookkeeping(storage: Database) -> None:
    source = storage.add_source("feed", url="https://news.example/rss")
    storage.claim_due_sources(T0, worker="w1")

    failed = storage.record_fetch_failure(
        source.id, now=T0, error="HTTP 503", next_due_at=T0 + timedelta(minutes=2)
    )
    assert (failed.error_count, failed.last_error, failed.active) == (1, "HTTP 503", True)
    assert failed.last_fetch_at == T0 and failed.next_due_at == T0 + timedelta(minutes=2)
    # The failure released the lease: due again after the backoff.
    assert [s.id for s in storage.claim_due_sources(T0 + timedelta(minutes=2), worker="w2")] == [source.id]
    failed = storage.record_fetch_failure(
        source.id, now=T0, error="timeout", next_due_at=T0 + timedelta(minutes=4)
    )
    assert failed.error_count == 2

    ok = storage.record_fetch_success(
        source.id,
        now=T0 + timedelta(minutes=5),
        next_due_at=T0 + timedelta(hours=1),
        etag='"v1"',
        last_modified="Tue, 10 Mar 2026 09:00:00 GMT",
    )
    assert (ok.error_count, ok.last_error, ok.etag) == (0, None, '"v1"')
    # A 304 carries no validators: the stored ones stay.
    kept = storage.record_fetch_success(source.id, now=T0, next_due_at=T0 + timedelta(hours=2))
    assert (kept.etag, kept.last_modified) == ('"v1"', "Tue, 10 Mar 2026 09:00:00 GMT")
    moved = storage.record_fetch_success(
        source.id, now=T0, next_due_at=T0, new_url="https://news.example/new-rss"
    )
    assert moved.url == "https://news.example/new-rss" and moved.etag is None
    assert storage.find_source("https://news.example/new-rss") == moved

    dead = storage.record_fetch_failure(source.id, now=T0, error="HTTP 410", next_due_at=T0, deactivate=True)
    assert not dead.active
    with pytest.raises(NotFound):
        storage.record_fetch_failure(424242, now=T0, error="x", next_due_at=T0)


def test_redirect_onto_another_sources_url_is_refused(storage: Database) -> None:
    storage.add_source("a", url="https://a.example/rss")
    b = storage.add_source("b", url="https://b.example/rss")
    with pytest.raises(AlreadyExists):
        storage.record_fetch_success(b.id, now=T0, next_due_at=T0, new_url="https://a.example/rss")
    assert storage.get_source(b.id).url == "https://b.example/rss"


def test_file_states_upsert(storage: Database) -> None:
    source = storage.add_source("files", path="/data/files")
    assert storage.file_states(source.id) == {}
    storage.save_file_states(
        source.id, [FileState("a.txt", 1_700_000_000_123_456_789, 10), FileState("b.md", 5, 20)]
    )
    storage.save_file_states(source.id, [FileState("a.txt", 1_800_000_000_000_000_000, 11)])
    states = storage.file_states(source.id)
    assert states == {
        "a.txt": FileState("a.txt", 1_800_000_000_000_000_000, 11),
        "b.md": FileState("b.md", 5, 20),
    }
    with pytest.raises(NotFound):
        storage.save_file_states(777, [FileState("x", 1, 1)])


def test_many_file_states_at_once(storage: Database) -> None:
    source = storage.add_source("big folder", path="/data/big")
    states = [FileState(f"dir/{n:05}.txt", n, n * 2) for n in range(1200)]
    storage.save_file_states(source.id, states)
    storage.save_file_states(source.id, [FileState("dir/00007.txt", 70, 1)])
    saved = storage.file_states(source.id)
    assert len(saved) == 1200 and saved["dir/00007.txt"] == FileState("dir/00007.txt", 70, 1)
