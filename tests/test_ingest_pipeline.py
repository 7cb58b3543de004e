"""The ingestion pipeline against real storage (SQLite) and the loopback feed server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import IngestSettings
from bot.ingest.http import SafeClient
from bot.ingest.pipeline import backoff, content_hash, ingest_locations, ingest_source
from bot.ingest.reports import FailureReason
from bot.records import ChatRef
from bot.storage import Database
from tests.fakes.feed_server import EN_BODY, FeedServer, feed_server, rss20

NOW = datetime(2025, 9, 2, 9, 0, tzinfo=UTC)
SETTINGS = IngestSettings(
    allow_private_networks=True,
    timeout_seconds=0.5,
    deadline_seconds=2.0,
    max_bytes=1024 * 1024,
    max_errors=3,
    interval_minutes=30,
)
CHAT = ChatRef("telegram", "-100123")


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with feed_server() as running:
        yield running


@pytest.fixture
async def client() -> AsyncIterator[SafeClient]:
    async with SafeClient(SETTINGS) as safe:
        yield safe


async def test_feed_ingest_then_not_modified(
    server: FeedServer, client: SafeClient, sqlite_storage: Database
) -> None:
    source = sqlite_storage.add_source("Test", url=server.url("/conditional"), interval_minutes=30)
    report = await ingest_source(source, sqlite_storage, client, SETTINGS, now=NOW)
    assert (report.new, report.failed) == (2, 0)
    stored = sqlite_storage.get_source(source.id)
    assert stored.etag == '"v1"' and stored.next_due_at == NOW + timedelta(minutes=30)
    again = await ingest_source(stored, sqlite_storage, client, SETTINGS, now=NOW + timedelta(hours=1))
    assert again.not_modified and again.new == 0
    articles = sqlite_storage.articles_between(NOW - timedelta(days=30), NOW + timedelta(days=1))
    assert {a.language for a in articles} == {"en", "ar"}
    assert any(a.text == EN_BODY for a in articles)


async def test_default_settings_refuse_a_loopback_feed(server: FeedServer, sqlite_storage: Database) -> None:
    source = sqlite_storage.add_source("Local", url=server.url("/rss20"))
    async with SafeClient(IngestSettings()) as strict:
        report = await ingest_source(source, sqlite_storage, strict, IngestSettings(), now=NOW)
    assert report.failed == 1 and "loopback" in (report.error or "")
    assert report.failures[0].where == server.url("/rss20")
    assert server.seen == []
    assert sqlite_storage.get_source(source.id).error_count == 1


async def test_permanent_redirect_updates_the_stored_url(
    server: FeedServer, client: SafeClient, sqlite_storage: Database
) -> None:
    source = sqlite_storage.add_source("Moved", url=server.url("/moved"))
    report = await ingest_source(source, sqlite_storage, client, SETTINGS, now=NOW)
    assert report.new == 2
    assert sqlite_storage.get_source(source.id).url == server.url("/rss20")


async def test_gone_deactivates_and_names_the_chats(
    server: FeedServer, client: SafeClient, sqlite_storage: Database
) -> None:
    source = sqlite_storage.add_source("Gone", url=server.url("/gone"), added_by=CHAT)
    report = await ingest_source(source, sqlite_storage, client, SETTINGS, now=NOW)
    assert report.deactivated and CHAT in report.notify
    assert not sqlite_storage.get_source(source.id).active


async def test_retry_after_is_honoured(
    server: FeedServer, client: SafeClient, sqlite_storage: Database
) -> None:
    source = sqlite_storage.add_source("Busy", url=server.url("/busy"), interval_minutes=1)
    report = await ingest_source(source, sqlite_storage, client, SETTINGS, now=NOW)
    assert report.failed == 1 and not report.deactivated
    stored = sqlite_storage.get_source(source.id)
    assert stored.next_due_at is not None and stored.next_due_at >= NOW + timedelta(seconds=120)
    assert stored.error_count == 1 and "429" in (stored.last_error or "")


async def test_failures_back_off_then_deactivate(
    server: FeedServer, client: SafeClient, sqlite_storage: Database
) -> None:
    source = sqlite_storage.add_source("Broken", url=server.url("/html"), interval_minutes=10, added_by=CHAT)
    waits = []
    for attempt in range(SETTINGS.max_errors):
        current = sqlite_storage.get_source(source.id)
        report = await ingest_source(current, sqlite_storage, client, SETTINGS, now=NOW)
        assert report.failures[0].where == server.url("/html") and "HTML" in report.failures[0].reason
        after = sqlite_storage.get_source(source.id)
        assert after.next_due_at is not None
        waits.append(after.next_due_at - NOW)
        assert report.deactivated == (attempt == SETTINGS.max_errors - 1)
    assert waits == [timedelta(minutes=10), timedelta(minutes=20), timedelta(minutes=40)]
    assert report.notify == (CHAT,)
    assert not sqlite_storage.get_source(source.id).active


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/gone", FailureReason("gone", 410)),
        ("/not-found", FailureReason("http_status", 404)),
        ("/busy", FailureReason("http_status", 429)),
        ("/html", FailureReason("not_a_feed")),
        ("/hang", FailureReason("timeout")),
        ("/endless", FailureReason("too_large")),
        ("/loop-a", FailureReason("redirects")),
    ],
)
async def test_a_failed_feed_says_why_as_a_code_chats_can_translate(
    path: str, reason: FailureReason, server: FeedServer, client: SafeClient, sqlite_storage: Database
) -> None:
    source = sqlite_storage.add_source("Broken", url=server.url(path))
    report = await ingest_source(source, sqlite_storage, client, SETTINGS, now=NOW)
    assert report.reason == reason
    assert report.error  # the English detail stays for logs, the CLI and English chats


async def test_refused_addresses_and_missing_files_have_codes_too(
    server: FeedServer, sqlite_storage: Database, tmp_path: Path
) -> None:
    local = sqlite_storage.add_source("Local", url=server.url("/rss20"))
    async with SafeClient(IngestSettings()) as strict:
        report = await ingest_source(local, sqlite_storage, strict, IngestSettings(), now=NOW)
        assert report.reason == FailureReason("blocked.loopback")
        metadata = sqlite_storage.add_source("Metadata", url="http://169.254.169.254/latest/")
        report = await ingest_source(metadata, sqlite_storage, strict, IngestSettings(), now=NOW)
        assert report.reason == FailureReason("blocked.link_local")
        folder = sqlite_storage.add_source("Gone folder", path=str(tmp_path / "missing"))
        report = await ingest_source(folder, sqlite_storage, strict, IngestSettings(), now=NOW)
        assert report.reason == FailureReason("unreadable")


def test_backoff_is_capped() -> None:
    assert backoff(30, 1) == timedelta(minutes=30)
    assert backoff(30, 50) == timedelta(days=1)


async def test_dedup_guid_and_tracking_params(
    tmp_path: Path, server: FeedServer, client: SafeClient, sqlite_storage: Database
) -> None:
    """Re-ingesting the same entries stores nothing new; a URL that differs only in tracking parameters
    and fragment is the same article; a changed title updates the stored article."""
    path = tmp_path / "feed.xml"
    body = "<p>The harbour reopened after the storm and ferries resumed their normal timetable.</p>"
    path.write_text(rss20([("same", "Harbour reopens", "https://news.test/h", body)]), encoding="utf-8")
    source = sqlite_storage.add_source("Harbour", path=str(path))
    assert (await ingest_source(source, sqlite_storage, client, SETTINGS, now=NOW)).new == 1

    path.write_text(rss20([("same", "Harbour reopens", "https://news.test/h", body)]) + " ", encoding="utf-8")
    repeat = await ingest_source(source, sqlite_storage, client, SETTINGS, now=NOW)
    assert (repeat.new, repeat.updated, repeat.duplicate) == (0, 0, 1)

    path.write_text(
        rss20([("same", "Harbour reopens after storm", "https://news.test/h", body)]), encoding="utf-8"
    )
    changed = await ingest_source(source, sqlite_storage, client, SETTINGS, now=NOW)
    assert (changed.new, changed.updated) == (0, 1)

    twice = tmp_path / "twice.xml"
    twice.write_text(rss20([("g", "Dam opens", "https://news.test/d", body)] * 2), encoding="utf-8")
    both = sqlite_storage.add_source("Twice", path=str(twice))
    report = await ingest_source(both, sqlite_storage, client, SETTINGS, now=NOW)
    assert (report.new, report.duplicate) == (1, 1)

    tracked = tmp_path / "tracked.json"
    record = '{"title": "Bridge closes", "text": "The old bridge closed for repairs on Friday.", "url": "%s"}'
    tracked.write_text(record % "https://News.test/bridge?utm_source=x&fbclid=y#top", encoding="utf-8")
    links = sqlite_storage.add_source("Links", path=str(tracked))
    assert (await ingest_source(links, sqlite_storage, client, SETTINGS, now=NOW)).new == 1
    tracked.write_text(record % "https://news.test/bridge", encoding="utf-8")
    second = await ingest_source(links, sqlite_storage, client, SETTINGS, now=NOW)
    assert second.new == 0


def test_content_hash_ignores_spelling_variants() -> None:
    assert content_hash("أعلنت الوزارة", "نص  الخبر") == content_hash("اعلنت الوزارة", "نص الخبر")
    assert content_hash("A", "b") != content_hash("A", "c")


async def test_file_source_incremental_with_a_bad_file(
    tmp_path: Path, client: SafeClient, sqlite_storage: Database
) -> None:
    (tmp_path / "one.txt").write_text(
        "date 2025-09-01\nThe library extended its opening hours.", encoding="utf-8"
    )
    (tmp_path / "bad.json").write_text("{oops", encoding="utf-8")
    source = sqlite_storage.add_source("Files", path=str(tmp_path))
    first = await ingest_source(source, sqlite_storage, client, SETTINGS, now=NOW)
    assert (first.new, first.failed) == (1, 1)
    assert first.failures[0].where == str(tmp_path / "bad.json")
    second = await ingest_source(source, sqlite_storage, client, SETTINGS, now=NOW)
    assert (second.new, second.failed, second.not_modified) == (0, 0, True)
    (tmp_path / "two.md").write_text("# Museum opens\n\nThe museum opened a new wing.", encoding="utf-8")
    third = await ingest_source(source, sqlite_storage, client, SETTINGS, now=NOW)
    assert (third.new, third.failed) == (1, 0)


async def test_ingest_locations(tmp_path: Path, server: FeedServer, sqlite_storage: Database) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("date 2025-09-01\nThe zoo welcomed twin panda cubs.", "utf-8")
    opml = tmp_path / "subscriptions.xml"  # OPML recognised by its root element, not only by .opml
    opml.write_text(
        f'<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="News">'
        f'<outline type="rss" text="Atom" xmlUrl="{server.url("/atom")}"/>'
        f'<outline type="rss" text="JSON" xmlUrl="{server.url("/json")}"/></outline></body></opml>',
        encoding="utf-8",
    )
    calls: list[tuple[int, int]] = []
    report = await ingest_locations(
        [
            str(tmp_path / "docs"),
            server.url("/rss20"),
            str(opml),
            str(tmp_path / "nowhere"),
            server.url("/gone"),
        ],
        sqlite_storage,
        SETTINGS,
        now=NOW,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert report.new == 1 + 2 + 2 + 2
    assert report.failed == 2
    assert {f.where for f in report.failures} == {str(tmp_path / "nowhere"), server.url("/gone")}
    assert calls == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    # the feed given by URL is named by its title; the one that failed is not kept
    assert sorted(s.name for s in sqlite_storage.list_sources()) == ["Atom", "JSON", "Test feed", "docs"]
    assert sorted(r.name for r in report.sources if r.added) == ["Atom", "JSON", "Test feed", "docs"]
    again = await ingest_locations(
        [str(tmp_path / "docs"), server.url("/rss20")], sqlite_storage, SETTINGS, now=NOW
    )
    assert (again.new, again.failed) == (0, 0)


async def test_full_text_for_teasers(server: FeedServer, sqlite_storage: Database) -> None:
    settings = IngestSettings(allow_private_networks=True, fetch_full_text=True, timeout_seconds=2)
    source = sqlite_storage.add_source("Teasers", url=server.url("/teasers"))
    async with SafeClient(settings) as safe:
        report = await ingest_source(source, sqlite_storage, safe, settings, now=NOW)
    assert report.new == 1
    (article,) = sqlite_storage.articles_between(NOW - timedelta(days=30), NOW + timedelta(days=1))
    assert "container terminal" in article.text and "Copyright" not in article.text
    assert "/article" in server.paths()


async def test_copies_across_sources_are_linked(
    tmp_path: Path, client: SafeClient, sqlite_storage: Database
) -> None:
    story = (
        "The regional water authority announced on Sunday that the new desalination plant on the coast "
        "will start operating next spring, supplying drinking water to three hundred thousand homes. "
        "Engineers said the plant uses solar power for most of its energy needs."
    )
    for name in ("wire", "paper"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "story.txt").write_text(f"date 2025-09-01\n{story}", encoding="utf-8")
    first = sqlite_storage.add_source("Wire", path=str(tmp_path / "wire"))
    second = sqlite_storage.add_source("Paper", path=str(tmp_path / "paper"))
    await ingest_source(first, sqlite_storage, client, SETTINGS, now=NOW)
    await ingest_source(second, sqlite_storage, client, SETTINGS, now=NOW + timedelta(minutes=5))
    articles = sqlite_storage.articles_between(NOW - timedelta(days=30), NOW + timedelta(days=1))
    assert len(articles) == 2
    original, copy = sorted(articles, key=lambda a: a.id)
    assert original.fingerprint != 0 and copy.duplicate_of == original.id


async def test_redirect_to_a_url_another_source_has(
    server: FeedServer, client: SafeClient, sqlite_storage: Database
) -> None:
    sqlite_storage.add_source("Target", url=server.url("/rss20"))
    moved = sqlite_storage.add_source("Old address", url=server.url("/moved"))
    report = await ingest_source(moved, sqlite_storage, client, SETTINGS, now=NOW)
    assert report.new == 2 and report.failed == 0
    stored = sqlite_storage.get_source(moved.id)
    assert stored.url == server.url("/moved") and stored.error_count == 0


async def test_read_articles_without_a_database(tmp_path: Path, server: FeedServer) -> None:
    """Files and feed URLs in the order given; read_articles runs its own event loop (the CLI is sync)."""
    import asyncio

    from bot.ingest import read_articles

    (tmp_path / "a.txt").write_text("date 2025-09-01\nThe bakery opened a second shop.", encoding="utf-8")
    locations = [server.url("/atom"), str(tmp_path), server.url("/gone"), server.url("/html")]
    raws, failures = await asyncio.to_thread(read_articles, locations, SETTINGS)
    assert [r.guid for r in raws] == ["urn:test:atom-1", "urn:test:atom-2", str(tmp_path / "a.txt")]
    assert [f.where for f in failures] == [server.url("/gone"), server.url("/html")]
    # Inside a running loop URLs cannot be fetched: they are reported, files still read.
    raws, failures = read_articles([str(tmp_path), server.url("/atom")], SETTINGS)
    assert len(raws) == 1 and failures[0].where == server.url("/atom")
    # The default settings refuse loopback feeds, as the bot does.
    raws, failures = await asyncio.to_thread(read_articles, [server.url("/atom")], IngestSettings())
    assert raws == [] and "loopback" in failures[0].reason


async def test_full_text_failures_keep_the_teaser(server: FeedServer, client: SafeClient) -> None:
    from bot.ingest.fulltext import enrich_teasers
    from digests.model import RawArticle

    long_text = "word " * 120
    entries = [
        RawArticle(title="Missing page", text="Read more.", source="s", url=server.url("/not-found")),
        RawArticle(title="Not HTML", text="Read more.", source="s", url=server.url("/json")),
        RawArticle(title="Blocked", text="Read more.", source="s", url="file:///etc/passwd"),
        RawArticle(title="Long already", text=long_text, source="s", url=server.url("/article")),
        RawArticle(title="Teaser", text="Read more.", source="s", url=server.url("/article")),
    ]
    result = await enrich_teasers(client, entries, concurrency=2)
    assert [r.text for r in result[:4]] == ["Read more.", "Read more.", "Read more.", long_text]
    assert "container terminal" in result[4].text
    assert server.paths().count("/article") == 1  # the long entry was not fetched


async def test_a_feed_nobody_named_takes_its_own_title(
    server: FeedServer, client: SafeClient, sqlite_storage: Database
) -> None:
    """A feed added without a name is called by its host until its first fetch; then its channel title
    names the source and the outlet of its articles, as for feed files. A name someone gave stays."""
    unnamed = sqlite_storage.add_source(f"127.0.0.1:{server.port}", url=server.url("/rss20"))
    named = sqlite_storage.add_source("My pick", url=server.url("/atom"))
    await ingest_source(unnamed, sqlite_storage, client, SETTINGS, now=NOW)
    await ingest_source(named, sqlite_storage, client, SETTINGS, now=NOW)
    assert sqlite_storage.get_source(unnamed.id).name == "Test feed"
    assert sqlite_storage.get_source(named.id).name == "My pick"
    articles = sqlite_storage.articles_between(NOW - timedelta(days=30), NOW + timedelta(days=1))
    outlets = {a.source_id: a.source_name for a in articles}
    assert outlets == {unnamed.id: "Test feed", named.id: "My pick"}


async def test_a_feed_read_by_url_is_named_by_its_title(server: FeedServer) -> None:
    import asyncio

    from bot.ingest import read_articles

    raws, failures = await asyncio.to_thread(read_articles, [server.url("/atom")], SETTINGS)
    assert failures == [] and {r.source for r in raws} == {"Atom feed"}


async def test_a_one_off_url_that_fails_is_not_kept_as_a_source(
    server: FeedServer, sqlite_storage: Database
) -> None:
    """`ingest URL` means "ingest now": a URL whose first fetch fails leaves no source behind (the run would
    otherwise retry it for good); a refused loopback address names the setting that allows it."""
    report = await ingest_locations([server.url("/rss20")], sqlite_storage, IngestSettings(), now=NOW)
    (failure,) = report.failures
    assert failure.where == server.url("/rss20") and "loopback" in failure.reason
    assert "set [ingest] allow_private_networks = true" in failure.reason
    gone = await ingest_locations([server.url("/gone")], sqlite_storage, SETTINGS, now=NOW)
    assert gone.failed == 1
    assert sqlite_storage.list_sources() == [] and [s.added for s in report.sources + gone.sources] == [
        False,
        False,
    ]


async def test_a_one_off_url_that_works_is_kept_and_said_so(
    server: FeedServer, sqlite_storage: Database
) -> None:
    first = await ingest_locations([server.url("/rss20")], sqlite_storage, SETTINGS, now=NOW)
    (report,) = first.sources
    (source,) = sqlite_storage.list_sources()
    assert (report.added, report.source_id, report.name) == (True, source.id, "Test feed")
    again = await ingest_locations([server.url("/rss20")], sqlite_storage, SETTINGS, now=NOW)
    assert [r.added for r in again.sources] == [False]


async def test_a_known_source_that_fails_stays(server: FeedServer, sqlite_storage: Database) -> None:
    known = sqlite_storage.add_source("Known", url=server.url("/gone"))
    report = await ingest_locations([server.url("/gone")], sqlite_storage, SETTINGS, now=NOW)
    assert report.failed == 1 and [r.added for r in report.sources] == [False]
    assert [s.id for s in sqlite_storage.list_sources()] == [known.id]


async def test_a_removed_feed_ingested_again_comes_back_under_its_name(
    server: FeedServer, client: SafeClient, sqlite_storage: Database
) -> None:
    source = sqlite_storage.add_source("BBC عربي", url=server.url("/rss20"))
    assert (await ingest_source(source, sqlite_storage, client, SETTINGS, now=NOW)).new == 2
    sqlite_storage.remove_source(source.id)
    assert sqlite_storage.list_sources() == []
    report = await ingest_locations([server.url("/rss20")], sqlite_storage, SETTINGS, now=NOW)
    assert (report.new, report.duplicate) == (0, 2)
    (back,) = sqlite_storage.list_sources()
    assert (back.id, back.name, back.active) == (source.id, "BBC عربي", True)
