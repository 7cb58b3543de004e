"""Property tests: hostile bytes and strings never crash ingestion with anything but a ParseError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import ParseError
from bot.ingest.encoding import decode_bytes
from bot.ingest.feeds import parse_feed
from bot.ingest.html import html_to_text
from bot.ingest.markup import markdown_to_text
from bot.ingest.opml import parse_opml
from bot.ingest.urls import canonical_url

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MARKUP = st.text(
    alphabet=st.sampled_from(list("<>/&;!?[]()*_#-=`\"' \nabpdivscript\u0627\u0644\u0645\x00\x01\x0b")),
    max_size=300,
)
XMLISH = st.lists(
    st.sampled_from(
        [
            b"<rss version='2.0'>",
            b"<channel>",
            b"<item>",
            b"<title>",
            b"</title>",
            b"</item>",
            b"<feed xmlns='http://www.w3.org/2005/Atom'>",
            b"<entry>",
            b"&amp;",
            b"&",
            b"<![CDATA[",
            b"]]>",
            b"\xd9\x85",
            b"\xe3",
            b"\x00",
            b"{",
            b'"items"',
            b"<!DOCTYPE",
            b"text",
            b" ",
        ]
    ),
    max_size=60,
).map(b"".join)


@FAST
@given(st.binary(max_size=400))
def test_decode_bytes_only_raises_parse_error(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except ParseError:
        return
    assert isinstance(text, str) and encoding


@FAST
@given(st.one_of(XMLISH, st.binary(max_size=300)))
def test_parse_feed_only_raises_parse_error(data: bytes) -> None:
    try:
        feed = parse_feed(data, where="fuzz", source_name="x")
    except ParseError:
        return
    assert all(entry.title or entry.text for entry in feed.entries)


@FAST
@given(st.one_of(XMLISH, st.binary(max_size=200)))
def test_parse_opml_only_raises_parse_error(data: bytes) -> None:
    try:
        feeds = parse_opml(data)
    except ParseError:
        return
    assert all(f.url.startswith(("http://", "https://")) for f in feeds)


@FAST
@given(MARKUP)
def test_html_and_markdown_to_text_never_fail(markup: str) -> None:
    text = html_to_text(markup)
    assert "\x00" not in text and "\x01" not in text
    assert "\n\n\n" not in text
    title, body = markdown_to_text(markup)
    assert isinstance(title, str) and isinstance(body, str)


@FAST
@given(st.text(max_size=80), st.sampled_from(["http://", "https://", "HTTP://", "", "ftp://"]))
def test_canonical_url_is_idempotent(tail: str, scheme: str) -> None:
    once = canonical_url(scheme + tail)
    assert canonical_url(once) == once
