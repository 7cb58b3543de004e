"""`newsbot ingest` and `newsbot sources` on a real SQLite database and the loopback feed server.

The CLI runs in a worker thread (it starts its own event loop) while the feed server runs in the test's.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cli import main
from tests.fakes.feed_server import FeedServer, feed_server


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with feed_server() as running:
        yield running


def _config(tmp_path: Path, *, allow_private: bool) -> str:
    path = tmp_path / "newsbot.toml"
    path.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path / "cli.db"}"\n'
        f"[ingest]\nallow_private_networks = {'true' if allow_private else 'false'}\ntimeout_seconds = 2\n",
        encoding="utf-8",
    )
    return str(path)


async def _newsbot(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = await asyncio.to_thread(main, list(args))
    out, err = capsys.readouterr()
    return code, out, err


async def test_ingest_url_says_it_added_a_source(
    tmp_path: Path, server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, allow_private=True)
    code, out, _ = await _newsbot(capsys, "--config", config, "ingest", server.url("/rss20"))
    assert code == 0 and "new 2," in out
    assert "added as source 1: Test feed" in out
    code, out, _ = await _newsbot(capsys, "--config", config, "ingest", server.url("/rss20"))
    assert code == 0 and "added as source" not in out
    _, listed, _ = await _newsbot(capsys, "--config", config, "sources", "list")
    assert listed.count("\n") == 1 and "Test feed" in listed


async def test_refused_ingest_url_names_the_setting_and_leaves_no_source(
    tmp_path: Path, server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, allow_private=False)
    code, out, err = await _newsbot(capsys, "--config", config, "ingest", server.url("/rss20"))
    assert code == 1 and "added as source" not in out
    assert "loopback" in err and "set [ingest] allow_private_networks = true" in err
    _, listed, _ = await _newsbot(capsys, "--config", config, "sources", "list")
    assert listed == "" and server.seen == []


async def test_sources_add_refuses_a_private_address_literal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, allow_private=False)
    code, _, err = await _newsbot(capsys, "--config", config, "sources", "add", "http://10.0.0.1/feed")
    assert code == 2 and "private address 10.0.0.1" in err
    assert "set [ingest] allow_private_networks = true" in err
    _, listed, _ = await _newsbot(capsys, "--config", config, "sources", "list")
    assert listed == ""
    allowed = _config(tmp_path, allow_private=True)
    code, out, _ = await _newsbot(capsys, "--config", allowed, "sources", "add", "http://10.0.0.1/feed")
    assert code == 0 and "added source 1: 10.0.0.1" in out


async def test_sources_remove_takes_it_off_the_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, allow_private=False)
    code, out, _ = await _newsbot(
        capsys, "--config", config, "sources", "add", "https://news.example.com/rss"
    )
    assert code == 0 and "added source 1: news.example.com" in out  # the host until the feed names itself
    code, out, _ = await _newsbot(capsys, "--config", config, "sources", "remove", "1")
    assert code == 0 and "removed source 1" in out
    _, listed, _ = await _newsbot(capsys, "--config", config, "sources", "list")
    assert listed == ""


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("ftp://news.example.com/rss", "only http and https URLs are fetched, not 'ftp'"),
        ("https://", "URL has no host"),
        ("https://news.example.com:70000/rss", "port 70000 is out of range"),
        ("news.example.com/rss", "no such file or directory (feeds need http:// or https://)"),
    ],
)
def test_ingest_says_why_a_location_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], location: str, reason: str
) -> None:
    config = _config(tmp_path, allow_private=False)
    assert main(["--config", config, "ingest", location]) == 1
    err = capsys.readouterr().err
    assert f"skipped {location}: {reason}" in err and "not an http(s) URL" not in err
    assert main(["--config", config, "sources", "list"]) == 0 and capsys.readouterr().out == ""


async def test_opml_import_takes_only_what_the_feed_url_rule_takes(
    tmp_path: Path, server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    opml = tmp_path / "feeds.opml"
    refused = ("https://", "https://news.example.com/a b", "https://news.example.com:70000/rss", "ftp://x/rss")
    outlines = "".join(f'<outline type="rss" text="bad" xmlUrl="{url}"/>' for url in refused)
    opml.write_text(
        f'<opml version="2.0"><head/><body>{outlines}'
        f'<outline type="rss" text="Good" xmlUrl="{server.url("/rss20")}"/></body></opml>',
        encoding="utf-8",
    )
    config = _config(tmp_path, allow_private=True)
    code, out, err = await _newsbot(capsys, "--config", config, "ingest", str(opml))
    assert code == 0 and "new 2," in out and "failed 0" in out, err
    _, listed, _ = await _newsbot(capsys, "--config", config, "sources", "list")
    assert listed.count("\n") == 1 and server.url("/rss20") in listed
