"""Article files: every format and encoding, size cap, garbage, recursion, incremental rescans."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import IngestSettings
from bot.errors import ParseError
from bot.ingest.files import read_article_file, scan_files
from bot.ingest.pipeline import read_articles

AR_TEXT = (
    "أعلنت البلدية افتتاح حديقة عامة جديدة في وسط المدينة يوم الخميس.\n\n"
    "وقال رئيس البلدية إن الحديقة تضم ملعباً للأطفال."
)
EN_TEXT = (
    "The ferry service to the island resumed on Monday after repairs.\n\n"
    "Operators said timetables are unchanged."
)


def read(path: Path, max_bytes: int = 1_000_000) -> list:
    return read_article_file(path, source_name="local", max_bytes=max_bytes).articles


def test_txt_seed_format_with_date_header(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"  date 2025-09-03 {AR_TEXT}", encoding="utf-8")
    (article,) = read(path)
    assert article.published == datetime(2025, 9, 3, tzinfo=UTC)
    assert article.text == AR_TEXT and not article.text.startswith("date")
    assert article.title == "أعلنت البلدية افتتاح حديقة عامة جديدة في وسط المدينة يوم الخميس."
    assert article.path == str(path) and article.source == "local"


def test_txt_without_header_uses_mtime(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text(EN_TEXT, encoding="utf-8")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    (article,) = read(path)
    assert article.published == datetime.fromtimestamp(1_700_000_000, tz=UTC)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "enc.txt"
    path.write_bytes(f"date 2025-09-03\n{AR_TEXT}".encode(encoding))
    (article,) = read(path)
    assert article.text == AR_TEXT
    assert article.published == datetime(2025, 9, 3, tzinfo=UTC)


def test_markdown_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "m.md"
    path.write_text(
        '---\ntitle: "Ferry back"\ndate: 2025-09-04\nurl: https://news.test/ferry\nsource: Island Post\n'
        "language: en-GB\n---\n# Heading ignored as body\n\n"
        "The **ferry** [service](https://x.test) resumed.\n\n"
        "- Operators said timetables are unchanged.\n",
        encoding="utf-8",
    )
    (article,) = read(path)
    assert article.title == "Ferry back"
    assert article.text == "The ferry service resumed.\n\nOperators said timetables are unchanged."
    assert (article.url, article.source, article.language) == ("https://news.test/ferry", "Island Post", "en")
    assert article.published == datetime(2025, 9, 4, tzinfo=UTC)


def test_markdown_heading_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "h.md"
    path.write_text(f"# Island ferry resumes\n\n{EN_TEXT}\n", encoding="utf-8")
    (article,) = read(path)
    assert article.title == "Island ferry resumes" and article.text == EN_TEXT


def test_html_file(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text(
        "<html lang='ar'><head><meta charset='utf-8'><title>حديقة جديدة</title>"
        "<meta property='article:published_time' content='2025-09-05T10:00:00+03:00'></head>"
        f"<body><nav>القائمة</nav><article><p>{AR_TEXT.split(chr(10))[0]}</p><script>x()</script></article>"
        "<footer>حقوق</footer></body></html>",
        encoding="utf-8",
    )
    (article,) = read(path)
    assert article.title == "حديقة جديدة" and article.language == "ar"
    assert article.text == AR_TEXT.split("\n")[0]
    assert article.published == datetime(2025, 9, 5, 7, tzinfo=UTC)


HTML_AR = "خبر عن القدس اليوم في مدينة القدس. جملة ثانية."
HTML_EN = "Café in Zürich said naïve things — really."
_HEADS = {
    "no meta": "",
    "meta utf-8": '<meta charset="utf-8">',
    "http-equiv utf-8": '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
}


@pytest.mark.parametrize("head", sorted(_HEADS))
@pytest.mark.parametrize("body", [HTML_AR, HTML_EN], ids=["arabic", "english"])
def test_html_file_text_as_written_whatever_it_declares(tmp_path: Path, head: str, body: str) -> None:
    # The bytes are decoded once (decode_bytes); parsing must not let libxml2 guess the encoding again.
    path = tmp_path / "p.html"
    path.write_text(f"<html><head>{_HEADS[head]}</head><body><p>{body}</p></body></html>", encoding="utf-8")
    (article,) = read(path)
    assert article.text == body
    bare = tmp_path / "bare.html"
    bare.write_text(f"<p>{body}</p>", encoding="utf-8")
    assert read(bare)[0].text == body


def test_html_file_really_in_windows_1256_is_decoded_once(tmp_path: Path) -> None:
    path = tmp_path / "legacy.html"
    head = '<meta charset="windows-1256"><title>القدس</title>'
    page = f"<html><head>{head}</head><body><p>{HTML_AR}</p></body></html>"
    path.write_bytes(page.encode("cp1256"))
    (article,) = read(path)
    assert (article.title, article.text) == ("القدس", HTML_AR)
    xml_declared = tmp_path / "legacy.xhtml"
    xml_declared.write_bytes(
        f'<?xml version="1.0" encoding="windows-1256"?><html><body><p>{HTML_AR}</p></body></html>'.encode(
            "cp1256"
        )
    )
    assert read(xml_declared)[0].text == HTML_AR


def test_json_and_jsonl_records(tmp_path: Path) -> None:
    records = [
        {
            "title": "Ferry",
            "text": EN_TEXT,
            "date": "2025-09-06",
            "url": "https://news.test/f",
            "source": "Post",
        },
        {"title": "حديقة", "text": AR_TEXT, "language": "ar"},
    ]
    listing = tmp_path / "a.json"
    listing.write_text(json.dumps({"articles": records}, ensure_ascii=False), encoding="utf-8")
    first, second = read(listing)
    assert first.url == "https://news.test/f" and first.source == "Post"
    assert first.published == datetime(2025, 9, 6, tzinfo=UTC)
    assert second.language == "ar" and second.guid == f"{listing}#1"

    lines = tmp_path / "b.jsonl"
    lines.write_text(
        json.dumps(records[0])
        + "\n{broken\n\n"
        + json.dumps({"title": ""})
        + "\n"
        + json.dumps(records[1], ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    result = read_article_file(lines, source_name="local", max_bytes=1_000_000)
    assert [a.title for a in result.articles] == ["Ferry", "حديقة"]
    assert [f.where for f in result.failures] == [f"{lines}:2", f"{lines}:4"]


def test_feed_file(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>t</title><item><title>One</title>"
        "<description>Body one.</description></item></channel></rss>",
        encoding="utf-8",
    )
    (article,) = read(path)
    assert article.title == "One" and article.text == "Body one."


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("big.txt", b"x" * 2000, "too large"),
        ("garbage.txt", bytes(range(256)) * 3, "binary"),
        ("nul.md", b"\x00\x01\x02\x03" * 200, "binary"),
        ("empty.txt", b"   \n", "empty"),
        ("bad.json", b"{not json", "malformed JSON"),
        ("laughs.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><rss/>', "entity"),
    ],
)
def test_bad_files_raise_with_a_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ParseError, match=reason) as error:
        read(path, max_bytes=1000)
    assert error.value.where == str(path)


def test_directory_recursive_and_a_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "ar" / "deep").mkdir(parents=True)
    (tmp_path / "ar" / "deep" / "one.txt").write_text(f"date 2025-09-03\n{AR_TEXT}", encoding="utf-8")
    (tmp_path / "en.md").write_text(f"# Ferry\n\n{EN_TEXT}", encoding="utf-8")
    (tmp_path / "broken.json").write_text("[1, 2", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")  # not an article format: ignored
    (tmp_path / ".hidden.txt").write_text("secret", encoding="utf-8")
    raws, failures = read_articles([str(tmp_path), str(tmp_path / "missing")], IngestSettings())
    assert sorted(r.title for r in raws) == sorted(["Ferry", AR_TEXT.split("\n")[0]])
    assert {f.where for f in failures} == {str(tmp_path / "broken.json"), str(tmp_path / "missing")}


def test_incremental_scan(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    first = tmp_path / "a.txt"
    first.write_text(EN_TEXT, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(AR_TEXT, encoding="utf-8")
    changed, states = scan_files(tmp_path, {})
    assert len(changed) == 2 and len(states) == 2
    known = {s.path: s for s in states}
    assert scan_files(tmp_path, known)[0] == []  # nothing new
    (tmp_path / "c.txt").write_text("New file arrives.", encoding="utf-8")
    first.write_text(EN_TEXT + " More.", encoding="utf-8")
    changed, states = scan_files(tmp_path, known)
    assert sorted(p.name for p in changed) == ["a.txt", "c.txt"]
    assert len(states) == 3


def test_directory_walks_skip_project_files_but_a_named_one_is_read(tmp_path: Path) -> None:
    """`digest --from examples/` must not take the folder's README for news (review item 14)."""
    (tmp_path / "docs").mkdir()
    for name in ("README.md", "readme.txt", "LICENSE.txt", "CHANGELOG.md", "CONTRIBUTING.md", ".draft.md"):
        (tmp_path / "docs" / name).write_text("# Notes\n\nHow to use these sample files.", encoding="utf-8")
    (tmp_path / "docs" / "story.md").write_text(f"# Ferry\n\n{EN_TEXT}", encoding="utf-8")
    raws, failures = read_articles([str(tmp_path)], IngestSettings())
    assert [r.title for r in raws] == ["Ferry"] and failures == []
    assert [p.name for p in scan_files(tmp_path, {})[0]] == ["story.md"]
    named, _ = read_articles([str(tmp_path / "docs" / "README.md")], IngestSettings())
    assert [r.title for r in named] == ["Notes"]


def test_article_file_links_lose_tracking_parameters(tmp_path: Path) -> None:
    tracked = "https://news.test/ferry?id=3&utm_source=newsletter&fbclid=x"
    (tmp_path / "m.md").write_text(f"---\nurl: {tracked}\n---\n# Ferry\n\n{EN_TEXT}\n", encoding="utf-8")
    (tmp_path / "r.json").write_text(json.dumps({"title": "Ferry", "text": EN_TEXT, "url": tracked}), "utf-8")
    page = f"<html><head><link rel='canonical' href='{tracked}'></head><body><p>{EN_TEXT}</p></body></html>"
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    for name in ("m.md", "r.json", "p.html"):
        assert [a.url for a in read(tmp_path / name)] == ["https://news.test/ferry?id=3"], name
