"""The `newsbot` command end to end: contracts, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.chat import Command
from bot.cli import main
from bot.cli_digest import local_day, newest_day, stored_for_digest, today_in
from bot.commands import CommandLayer
from bot.config import DigestSettings, Settings
from bot.records import ChatRef
from bot.services import Services
from bot.storage import Database, open_database
from digests.model import RawArticle
from tests.delivery_helpers import CountingBuilder
from tests.storage_helpers import T0, make_article

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = ROOT.parent / "shared" / "seeds" / "000_f8cf1bd9c15a433e.txt"


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_", "NEWSBOT_"))}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=full_env,
        timeout=120,
    )


def test_help_explains_every_command() -> None:
    out = run_cli("--help")
    assert out.returncode == 0
    for command in (
        "demo",
        "run",
        "chat",
        "ingest",
        "digest",
        "search",
        "summarize",
        "sources",
        "subscriptions",
        "db",
    ):
        assert command in out.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["digest", "--max-topics", "-1"],
        ["digest", "--lang", "fr"],
        ["summarize"],
        ["summarize", "x.txt", "--sentences", "2", "--words", "5"],
        ["nonsense"],
        ["digest", "--date", "2025-13-40", "--from", "examples"],
    ],
)
def test_bad_usage_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("newsbot: error:") and "\n" not in err and "Traceback" not in err


def test_bad_config_exits_1_naming_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[digest]\ntimezone = 'Nowhere/Land'\n", encoding="utf-8")
    assert main(["--config", str(config), "digest", "--from", str(EXAMPLES)]) != 0
    err = capsys.readouterr().err
    assert "digest.timezone" in err and str(config) in err


def test_digest_from_examples_json_contract() -> None:
    out = run_cli(
        "digest",
        "--from",
        str(EXAMPLES / "articles"),
        str(EXAMPLES / "feeds" / "world.xml"),
        "--max-topics",
        "0",
        "--format",
        "json",
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {"date", "language", "topics"}
    assert data["language"] == "all"
    assert data["date"] == "2025-09-02", "dated by the newest example, not today"
    ids = [a["id"] for t in data["topics"] for a in t["articles"]]
    assert len(ids) == len(set(ids)), "every article in exactly one topic"
    files = sorted(p for p in (EXAMPLES / "articles").rglob("*") if p.is_file())
    assert len(ids) == len(files) + 5  # the files plus the five feed items
    languages = {a["language"] for t in data["topics"] for a in t["articles"]}
    assert languages == {"ar", "en"}
    topic = data["topics"][0]
    assert set(topic) >= {"label", "keywords", "score", "sentences", "articles"}
    for sentence in topic["sentences"]:
        assert {"text", "article"} <= set(sentence) and sentence["article"] in ids
    paths = {a["path"] for t in data["topics"] for a in t["articles"] if a["path"]}
    assert str(EXAMPLES / "articles" / "ar" / "comet-sighting.txt") in paths


def test_digest_from_is_dated_by_the_newest_article_in_the_configured_timezone(tmp_path: Path) -> None:
    batch = tmp_path / "old.jsonl"
    records = [
        {"title": "Late news", "text": "A late event in the city tonight.", "date": "2025-09-02T22:30:00Z"},
        {"title": "Early news", "text": "An early event in the city at dawn.", "date": "2025-08-30"},
    ]
    batch.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    config = tmp_path / "riyadh.toml"
    config.write_text('[digest]\ntimezone = "Asia/Riyadh"\n', encoding="utf-8")
    dates = {}
    for name, options in (("utc", []), ("riyadh", ["--config", str(config)])):
        out = run_cli(*options, "digest", "--from", str(batch), "--format", "json")
        assert out.returncode == 0, out.stderr
        dates[name] = json.loads(out.stdout)["date"]
    assert dates == {"utc": "2025-09-02", "riyadh": "2025-09-03"}  # 22:30 UTC is 01:30 in Riyadh
    dated = run_cli("digest", "--from", str(batch), "--date", "2025-08-30", "--format", "json")
    assert json.loads(dated.stdout)["date"] == "2025-08-30"


def test_newest_day_ignores_undated_articles() -> None:
    undated = RawArticle(title="t", text="x", source="s")
    late = replace(undated, published=datetime(2025, 9, 2, 22, 30, tzinfo=UTC))
    earlier = replace(undated, published=datetime(2025, 9, 2, 20, 0, tzinfo=UTC))
    assert newest_day([undated, late, earlier], "Asia/Riyadh") == date(2025, 9, 3)
    assert newest_day([earlier], "Asia/Riyadh") == date(2025, 9, 2)
    assert newest_day([undated], "UTC") is None


def test_digest_from_missing_path_reports_and_fails() -> None:
    out = run_cli("digest", "--from", "no/such/dir")
    assert out.returncode == 1
    assert "no/such/dir" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.skipif(not SEED.exists(), reason="shared seed file absent")
def test_summarize_seed_json_sentences_are_verbatim_and_ordered() -> None:
    out = run_cli("summarize", str(SEED), "--sentences", "2", "--format", "json")
    assert out.returncode == 0, out.stderr
    line = json.loads(out.stdout.strip().splitlines()[0])
    assert line["path"] == str(SEED) and line["language"] == "ar"
    body = SEED.read_text(encoding="utf-8")
    assert len(line["sentences"]) == 2
    positions = [body.index(s) for s in line["sentences"]]
    assert positions == sorted(positions)
    assert not any(s.lstrip().startswith("date ") for s in line["sentences"])


def test_summarize_words_budget(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "date 2025-09-01\nOne two three four five. Six seven eight nine ten eleven. "
        "Twelve thirteen fourteen.\n",
        encoding="utf-8",
    )
    out = run_cli("summarize", str(article), "--words", "5", "--format", "json")
    assert out.returncode == 0, out.stderr
    # whole sentences until five words are reached: the first sentence has exactly five
    assert json.loads(out.stdout)["sentences"] == ["One two three four five."]


def test_ingest_search_and_sources_on_a_database(tmp_path: Path) -> None:
    env = {"NEWSBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    out = run_cli("ingest", str(EXAMPLES / "articles"), env=env)
    assert out.returncode == 0, out.stderr
    assert "new " in out.stdout
    again = run_cli("ingest", str(EXAMPLES / "articles"), env=env)
    assert again.returncode == 0 and "new 0" in again.stdout
    found = run_cli("search", "الصندوق", "--format", "json", env=env)
    assert found.returncode == 0, found.stderr
    results = json.loads(found.stdout)["results"]
    assert results and all({"id", "title", "snippet", "score", "published"} <= set(r) for r in results)
    listed = run_cli("sources", "list", env=env)
    assert "articles" in listed.stdout
    upgraded = run_cli("db", "upgrade", env=env)
    assert upgraded.returncode == 0


def test_stored_for_digest_asks_the_database_for_the_languages_only(sqlite_storage: Database) -> None:
    day = T0.date()
    source = sqlite_storage.add_source("Wire", url="https://wire.example/rss").id
    articles = [
        make_article("Rain in Cairo", language="en"),
        make_article("أمطار في القاهرة", "هطلت أمطار غزيرة على القاهرة.", language="ar"),
        make_article("Old news", language="en", published=T0 - timedelta(days=2)),
    ]
    sqlite_storage.add_articles(source, articles, now=T0 - timedelta(days=2))
    later = T0 + timedelta(days=1)
    arabic = stored_for_digest(sqlite_storage, day, "UTC", frozenset({"ar"}), now=later)
    every = stored_for_digest(sqlite_storage, day, "UTC", None, now=later)
    assert [a.title for a in arabic] == ["أمطار في القاهرة"]
    assert {a.title for a in every} == {"Rain in Cairo", "أمطار في القاهرة"}


def test_digest_from_the_database_in_one_language(tmp_path: Path) -> None:
    env = {"NEWSBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    assert run_cli("ingest", str(EXAMPLES / "articles"), env=env).returncode == 0
    out = run_cli("digest", "--lang", "ar", "--max-topics", "0", "--format", "json", env=env)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    languages = [a["language"] for t in data["topics"] for a in t["articles"]]
    assert data["language"] == "ar" and languages and set(languages) == {"ar"}
    assert len(languages) == len([p for p in (EXAMPLES / "articles" / "ar").rglob("*") if p.is_file()])


def test_sources_add_ingest_and_digest_from_share_the_feed_url_rule(tmp_path: Path) -> None:
    env = {"NEWSBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    added = run_cli("sources", "add", "HTTPS://news.example.com/rss", env=env)
    assert added.returncode == 0, added.stderr
    for url, reason in (("ftp://news.example.com/rss", "only http and https"), ("https://", "no host")):
        refused = run_cli("sources", "add", url, env=env)
        assert refused.returncode == 2 and reason in refused.stderr and "no such file" not in refused.stderr
        read = run_cli("digest", "--from", url, env=env)
        assert read.returncode == 1 and reason in read.stderr
    assert run_cli("ingest", "https://", env=env).returncode == 1
    listed = run_cli("sources", "list", env=env).stdout.splitlines()
    assert len(listed) == 1 and "<HTTPS://news.example.com/rss>" in listed[0]


def test_sources_remove_twice_says_there_is_no_such_source(tmp_path: Path) -> None:
    env = {"NEWSBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    assert run_cli("ingest", str(EXAMPLES / "articles" / "en"), env=env).returncode == 0
    first = run_cli("sources", "remove", "1", env=env)
    assert first.returncode == 0 and first.stdout.strip() == "removed source 1"
    # the articles keep the row, but it is no source any more: like an id that never existed (exit 1)
    for source_id in ("1", "99"):
        again = run_cli("sources", "remove", source_id, env=env)
        assert again.returncode == 1 and again.stdout == ""
        assert again.stderr.strip() == f"newsbot: error: no source with id {source_id}"


def test_subscriptions_list_leaves_out_chats_with_settings_only(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    storage = open_database(url)
    try:
        storage.update_chat_settings(ChatRef("telegram", "100"), default_time=time(8, 0),
                                     default_timezone="UTC", now=T0, locale="ar")
        storage.subscribe(ChatRef("telegram", "200"), digest_time=time(7, 30), timezone="Asia/Riyadh", now=T0)
        storage.subscribe(ChatRef("slack", "C300"), digest_time=time(9, 0), timezone="UTC", now=T0)
        storage.unsubscribe(ChatRef("slack", "C300"))
    finally:
        storage.close()
    out = run_cli("subscriptions", "list", env={"NEWSBOT_DATABASE_URL": url})
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 2 and "telegram:100" not in out.stdout
    assert "telegram:200  07:30 Asia/Riyadh" in lines[0] and lines[0].endswith("active")
    assert "slack:C300  09:00 UTC" in lines[1] and lines[1].endswith("inactive")


def test_search_hostile_query_is_a_usage_message(tmp_path: Path) -> None:
    env = {"NEWSBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    out = run_cli("search", 'NEAR( "unbalanced', env=env)
    assert out.returncode in (0, 2)
    assert "Traceback" not in out.stderr


@pytest.mark.slow
def test_demo_prints_arabic_and_english_topics() -> None:
    out = run_cli("demo")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert any("\u0600" <= ch <= "\u06ff" for ch in text), "Arabic text in the digest"
    assert "drought" in text.lower() or "comet" in text.lower()
    # dated by the newest bundled article (2 September 2025), not by the day the demo runs
    assert "2 September 2025" in text.splitlines()[2]


def test_search_page_filter_turns_the_page(tmp_path: Path) -> None:
    env = {"NEWSBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    assert run_cli("ingest", str(EXAMPLES / "articles"), env=env).returncode == 0
    pages = []
    for number in (1, 2):
        query = f"page:{number} since:2025-09-01"
        out = run_cli("search", query, "--limit", "3", "--format", "json", env=env)
        assert out.returncode == 0, out.stderr
        pages.append(json.loads(out.stdout))
    first, second = ([r["id"] for r in page["results"]] for page in pages)
    assert [page["page"] for page in pages] == [1, 2] and pages[0]["has_more"] is True
    assert len(first) == 3 and second and not set(first) & set(second)
    text = run_cli("search", "page:2 since:2025-09-01", "--limit", "3", env=env)
    assert text.returncode == 0 and "page 2" in text.stdout.splitlines()[0]


# --- digest --date: the day in [digest] timezone, as a chat there reads /digest D

# (zone, day, {title: published}, the titles of that local day). Riyadh is UTC+3 all year; New York's
# 2025-11-02 is 25 hours long (EDT until 06:00 UTC, then EST), so its last hour is on the 3rd in UTC.
ACROSS_MIDNIGHT = [
    (
        "Asia/Riyadh",
        date(2025, 9, 3),
        {
            "Riyadh 23:30 on the 2nd": datetime(2025, 9, 2, 20, 30, tzinfo=UTC),
            "Riyadh 00:30 on the 3rd": datetime(2025, 9, 2, 21, 30, tzinfo=UTC),
            "Riyadh 23:30 on the 3rd": datetime(2025, 9, 3, 20, 30, tzinfo=UTC),
            "Riyadh 00:30 on the 4th": datetime(2025, 9, 3, 21, 30, tzinfo=UTC),
        },
        {"Riyadh 00:30 on the 3rd", "Riyadh 23:30 on the 3rd"},
    ),
    (
        "America/New_York",
        date(2025, 11, 2),
        {
            "New York 23:30 EDT on the 1st": datetime(2025, 11, 2, 3, 30, tzinfo=UTC),
            "New York 00:30 EDT on the 2nd": datetime(2025, 11, 2, 4, 30, tzinfo=UTC),
            "New York 23:30 EST on the 2nd": datetime(2025, 11, 3, 4, 30, tzinfo=UTC),
            "New York 00:30 EST on the 3rd": datetime(2025, 11, 3, 5, 30, tzinfo=UTC),
        },
        {"New York 00:30 EDT on the 2nd", "New York 23:30 EST on the 2nd"},
    ),
]


def test_local_day_runs_midnight_to_midnight_in_the_zone() -> None:
    def hours(bounds: tuple[datetime, datetime]) -> float:
        return (bounds[1] - bounds[0]).total_seconds() / 3600

    riyadh = local_day(date(2025, 9, 3), "Asia/Riyadh")
    assert riyadh == (datetime(2025, 9, 2, 21, tzinfo=UTC), datetime(2025, 9, 3, 21, tzinfo=UTC))
    spring = local_day(date(2025, 3, 9), "America/New_York")
    assert spring[0] == datetime(2025, 3, 9, 5, tzinfo=UTC) and hours(spring) == 23
    autumn = local_day(date(2025, 11, 2), "America/New_York")
    assert autumn[0] == datetime(2025, 11, 2, 4, tzinfo=UTC) and hours(autumn) == 25
    # Havana skips 00:00-01:00 on 2025-03-09: the day starts at the transition, 01:00 CDT
    assert local_day(date(2025, 3, 9), "America/Havana")[0] == datetime(2025, 3, 9, 5, tzinfo=UTC)
    assert local_day(date(2025, 9, 3), "UTC")[0] == datetime(2025, 9, 3, tzinfo=UTC)


def test_today_is_the_date_in_the_zone() -> None:
    evening_utc = datetime(2025, 9, 2, 22, 30, tzinfo=UTC)
    assert today_in("Asia/Riyadh", evening_utc) == date(2025, 9, 3)
    assert today_in("America/New_York", evening_utc) == date(2025, 9, 2)
    assert today_in("America/New_York", datetime(2025, 9, 3, 2, tzinfo=UTC)) == date(2025, 9, 2)


@pytest.mark.parametrize(("timezone", "day", "published", "expected"), ACROSS_MIDNIGHT)
def test_stored_for_digest_reads_the_local_day(
    sqlite_storage: Database, timezone: str, day: date, published: dict[str, datetime], expected: set[str]
) -> None:
    source = sqlite_storage.add_source("Wire", url="https://wire.example/rss").id
    fetched = datetime(2025, 1, 1, tzinfo=UTC)  # outside every window: only publication times count
    articles = [make_article(title, published=when) for title, when in published.items()]
    sqlite_storage.add_articles(source, articles, now=fetched)
    after = datetime(2026, 1, 1, tzinfo=UTC)
    assert {a.title for a in stored_for_digest(sqlite_storage, day, timezone, None, now=after)} == expected
    # until now, as /digest: during the day, what is published later (a misdated feed) is not yet in
    first = min(expected, key=published.__getitem__)
    during = published[first] + timedelta(minutes=1)
    assert [a.title for a in stored_for_digest(sqlite_storage, day, timezone, None, now=during)] == [first]


@pytest.mark.parametrize(("timezone", "day", "published", "expected"), ACROSS_MIDNIGHT)
async def test_digest_command_in_a_chat_of_the_zone_reads_the_same_articles(
    sqlite_storage: Database, timezone: str, day: date, published: dict[str, datetime], expected: set[str]
) -> None:
    source = sqlite_storage.add_source("Wire", url="https://wire.example/rss").id
    articles = [make_article(title, published=when) for title, when in published.items()]
    sqlite_storage.add_articles(source, articles, now=datetime(2025, 1, 1, tzinfo=UTC))
    now = datetime(2026, 1, 1, tzinfo=UTC)
    settings = Settings(digest=DigestSettings(timezone=timezone))
    layer = CommandLayer(Services(storage=sqlite_storage, settings=settings, now=lambda: now,
                                  build_digest=CountingBuilder()))
    command = Command(chat=ChatRef("telegram", "7"), user_id="7", name="digest", args=day.isoformat(),
                      locale="en", chat_type="private", is_chat_admin=False)
    reply = await layer.handle(command)
    assert reply is not None and reply.digest is not None
    chat_titles = {topic.label for topic in reply.digest.topics}
    cli_titles = {a.title for a in stored_for_digest(sqlite_storage, day, timezone, None, now=now)}
    assert chat_titles == cli_titles == expected


@pytest.mark.parametrize(("timezone", "day", "published", "expected"), ACROSS_MIDNIGHT)
def test_digest_date_from_the_database_and_with_from_agree(
    tmp_path: Path, timezone: str, day: date, published: dict[str, datetime], expected: set[str]
) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        "".join(
            json.dumps({"title": title, "text": f"{title}: a report number {i} on events in the city.",
                        "date": when.isoformat()}) + "\n"
            for i, (title, when) in enumerate(published.items())
        ),
        encoding="utf-8",
    )
    config = tmp_path / "zone.toml"
    config.write_text(f'[digest]\ntimezone = "{timezone}"\n', encoding="utf-8")
    env = {"NEWSBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    assert run_cli("--config", str(config), "ingest", str(batch), env=env).returncode == 0
    titles = {}
    for path, where in (("database", []), ("from", ["--from", str(batch)])):
        out = run_cli("--config", str(config), "digest", "--date", day.isoformat(), *where,
                      "--max-topics", "0", "--format", "json", env=env)
        assert out.returncode == 0, out.stderr
        data = json.loads(out.stdout)
        assert data["date"] == day.isoformat()
        titles[path] = {a["title"] for topic in data["topics"] for a in topic["articles"]}
    assert titles == {"database": expected, "from": expected}
