"""Canonical URLs, HTML to text, Markdown, encodings, OPML import/export (pure helpers of bot.ingest)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import ParseError
from bot.ingest.common import derive_title, language_code, parse_datetime
from bot.ingest.encoding import decode_bytes
from bot.ingest.html import html_to_text
from bot.ingest.markup import front_matter, html_document, markdown_to_text
from bot.ingest.opml import export_opml, parse_opml
from bot.ingest.urls import canonical_url, without_tracking
from bot.records import Source


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://News.Example.ORG:443/a/b?b=2&a=1#frag", "https://news.example.org/a/b?a=1&b=2"),
        ("http://example.org:80", "http://example.org/"),
        ("http://example.org:8080/x", "http://example.org:8080/x"),
        ("https://x.test/p?utm_source=rss&utm_medium=feed&fbclid=abc&gclid=1&id=7", "https://x.test/p?id=7"),
        ("https://x.test/p?UTM_Campaign=z&mc_cid=1&mc_eid=2&msclkid=3", "https://x.test/p"),
        ("https://x.test/Path/Case", "https://x.test/Path/Case"),  # paths are case-sensitive
        ("urn:uuid:1234", "urn:uuid:1234"),
        ("  ", None),
        (None, None),
    ],
)
def test_canonical_url(url: str | None, expected: str | None) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.test/p?utm_source=rss&utm_medium=feed&id=7", "https://x.test/p?id=7"),
        ("https://X.test/p?b=2&fbclid=abc&a=%D8%A7#top", "https://X.test/p?b=2&a=%D8%A7#top"),
        ("https://x.test/p?gclid=1&UTM_Campaign=z", "https://x.test/p"),
        ("https://x.test/p?utm_source=rss#/story/1", "https://x.test/p#/story/1"),
        ("https://x.test/p?q=utm_source", "https://x.test/p?q=utm_source"),
        ("  https://x.test/p  ", "https://x.test/p"),
        ("urn:uuid:1234", "urn:uuid:1234"),
        ("", None),
        (None, None),
    ],
)
def test_without_tracking_keeps_the_rest_as_written(url: str | None, expected: str | None) -> None:
    """The link a reader clicks: tracking parameters gone, other parameters in their order and spelling."""
    assert without_tracking(url) == expected


def test_canonical_url_is_idempotent() -> None:
    once = canonical_url("HTTP://A.test/x?utm_x=1&z=%D8%A7&a=b#y")
    assert canonical_url(once) == once


def test_html_to_text_drops_clutter_and_keeps_paragraphs() -> None:
    html = (
        "<html><head><style>p{}</style><title>T</title></head><body><nav><a>Home</a></nav>"
        "<h1>Headline</h1><div><p>First &amp; <b>bold</b>\n  words.</p><p>Second<br>line</p></div>"
        "<aside>Related</aside><form><input value='x'>Subscribe</form><footer>(c)</footer>"
        "<!-- comment --><script>var x = '<p>no</p>';</script>Tail.</body></html>"
    )
    assert html_to_text(html) == "Headline\n\nFirst & bold words.\n\nSecond\nline\n\nTail."


def test_html_to_text_plain_and_odd_inputs() -> None:
    assert html_to_text("") == ""
    assert html_to_text("Plain &amp; simple\n\n\nSecond  para") == "Plain & simple\n\nSecond para"
    assert html_to_text("<p>غير مغلق <b>نص") == "غير مغلق نص"
    assert html_to_text('<?xml version="1.0" encoding="utf-8"?><p>x</p>') == "x"
    deep = "<div>" * 5000 + "deep text" + "</div>" * 5000
    assert isinstance(html_to_text(deep), str)  # no recursion error, whatever the parser keeps


def test_markdown() -> None:
    meta, body = front_matter("---\ntitle: 'Quoted: yes'\nDate: 2025-09-01\n---\nBody")
    assert meta == {"title": "Quoted: yes", "date": "2025-09-01"} and body == "Body"
    assert front_matter("No front matter") == ({}, "No front matter")
    title, text = markdown_to_text(
        "Title here\n==========\n\nSome *emphasis*, `code` and ![img](x.png) [a link](http://x).\n\n"
        "> quoted line\n\n1. first\n2. second\n\n```\nfenced\n```\n\n## Sub\n\nsnake_case_word stays"
    )
    assert title == "Title here"
    assert text == (
        "Some emphasis, code and img a link.\n\nquoted line\n\nfirst second\n\nfenced\n\nSub\n\n"
        "snake_case_word stays"
    )


def test_html_document_prefers_article() -> None:
    page = html_document(
        "<html lang='en-US'><head><title>Page</title><link rel='canonical' href='https://x.test/a'>"
        "<meta name='date' content='2025-09-01'></head><body><div>Menu junk</div>"
        "<article><p>Real text.</p></article></body></html>"
    )
    assert (page.title, page.text, page.url, page.date, page.language) == (
        "Page",
        "Real text.",
        "https://x.test/a",
        "2025-09-01",
        "en-US",
    )


def test_common_helpers() -> None:
    assert derive_title("Short first sentence here. Then more.") == "Short first sentence here."
    long = "word " * 100
    assert derive_title(long).endswith("…") and len(derive_title(long)) <= 161
    assert language_code("ar-SA") == "ar" and language_code("EN_us") == "en" and language_code("--") is None
    assert parse_datetime("2025-09-01T10:00:00Z") == datetime(2025, 9, 1, 10, tzinfo=UTC)
    assert parse_datetime("2025-09-01") == datetime(2025, 9, 1, tzinfo=UTC)
    assert parse_datetime("yesterday") is None and parse_datetime(5) is None


def test_decode_bytes() -> None:
    arabic = "اتفق الوزراء على خطة مشتركة لإدارة المياه في المنطقة خلال السنوات المقبلة."
    assert decode_bytes(arabic.encode("cp1256"))[0] == arabic
    assert decode_bytes(arabic.encode("utf-16-be"))[0] == arabic
    assert decode_bytes(b"\xef\xbb\xbfhello")[0] == "hello"
    # A declaration that lies (Latin-1) about Arabic bytes is not believed.
    lying = f'<?xml version="1.0" encoding="iso-8859-1"?><t>{arabic}</t>'.encode("cp1256")
    assert arabic in decode_bytes(lying)[0]
    with pytest.raises(ParseError):
        decode_bytes(b"\x00\xff\x10\x80" * 100)


def test_windows_1256_with_rlm_marks_is_not_taken_for_cyrillic() -> None:
    """Statistical detection guessed Windows-1251 for this (short Arabic, RLM marks as 0xFE)."""
    text = (
        "\u00a0" * 4
        + 'قال المتحدث باسم الوزارة إن الخطة الجديدة "تضمن المتابعة"، وإنها ستبدأ الشهر المقبل. '
        + "\u200f" * 6
        + "\n"
    ) * 3
    assert decode_bytes(text.encode("cp1256")) == (text, "cp1256")
    russian = "Привет, как дела? Сегодня хорошая погода в Москве."
    assert decode_bytes(russian.encode("cp1251"))[0] == russian


def test_opml_import_nested_and_deduplicated() -> None:
    document = b"""<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0"><head><title>Mine</title></head><body>
  <outline text="World"><outline type="rss" text="A" xmlUrl="https://a.test/feed" htmlUrl="https://a.test/"/>
    <outline text="Deeper"><outline type="rss" title="B" xmlURL="https://b.test/rss"/></outline></outline>
  <outline type="rss" text="A again" xmlUrl="https://a.test/feed"/>
  <outline type="rss" text="Local" xmlUrl="file:///etc/passwd"/>
  <outline text="No url"/>
</body></opml>"""
    feeds = parse_opml(document)
    assert [(f.url, f.title, f.category) for f in feeds] == [
        ("https://a.test/feed", "A", "World"),
        ("https://b.test/rss", "B", "Deeper"),
    ]


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa">]><opml><body/></opml>',
        b"<opml><body><outline",
        b"<rss version='2.0'/>",
        b"<opml version='2.0'><head/></opml>",
    ],
)
def test_opml_hostile_or_malformed(document: bytes) -> None:
    with pytest.raises(ParseError):
        parse_opml(document)


def test_opml_export_round_trip() -> None:
    sources = [
        Source(
            id=1,
            name="أخبار & more",
            kind="feed",
            url="https://a.test/feed?x=1&y=2",
            path=None,
            interval_minutes=30,
        ),
        Source(id=2, name="Files", kind="file", url=None, path="/srv/news", interval_minutes=30),
    ]
    text = export_opml(sources, now=datetime(2025, 9, 1, tzinfo=UTC))
    assert "Files" not in text and "dateCreated" in text
    (feed,) = parse_opml(text.encode("utf-8"))
    assert (feed.url, feed.title) == ("https://a.test/feed?x=1&y=2", "أخبار & more")


@pytest.mark.parametrize(
    "markdown",
    ["_a " * 50_000, "*a " * 50_000, "[a](" * 30_000, "![x](" * 30_000, "[" * 100_000, "**" * 50_000],
)
def test_hostile_markdown_stays_linear(markdown: str) -> None:
    import time

    started = time.monotonic()
    markdown_to_text(markdown)
    assert time.monotonic() - started < 1.0


def test_hostile_doctype_scan_stays_linear() -> None:
    import time

    from bot.ingest.xmlsafe import refuse_unsafe_xml

    started = time.monotonic()
    refuse_unsafe_xml("<!DOCTYPE x " * 50_000, "x")
    assert time.monotonic() - started < 1.0
    with pytest.raises(ParseError):
        refuse_unsafe_xml('<?xml version="1.0"?>\n<!doctype rss [ <!-- nothing --> ]><rss/>', "x")
