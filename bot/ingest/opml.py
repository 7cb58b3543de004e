"""OPML import and export (feed lists from and for other readers).

OPML is XML from strangers too: it goes through the same charset detection and entity refusal as feeds,
and is parsed by the standard library's expat with no DTD processing left to do.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.errors import ParseError
from bot.ingest.common import one_line
from bot.ingest.direct import is_feed_url
from bot.ingest.encoding import decode_bytes
from bot.ingest.xmlsafe import refuse_unsafe_xml
from bot.records import Source

MAX_OPML_BYTES = 5 * 1024 * 1024
MAX_OUTLINES = 10_000


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    url: str
    title: str = ""
    html_url: str | None = None
    category: str | None = None
    """Title of the enclosing folder outline, if any."""


def parse_opml(data: bytes, *, where: str = "OPML") -> list[OpmlFeed]:
    """The feeds (outlines whose xmlUrl is a feed URL by `feed_url`'s rule) of an OPML document, nested
    folders included, each URL once. Raises ParseError for malformed or hostile XML."""
    text, _ = decode_bytes(data, where=where)
    refuse_unsafe_xml(text, where)
    try:
        # Encode again: ElementTree refuses a str that still carries an encoding declaration.
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        raise ParseError(where, f"malformed XML: {exc}") from None
    if root.tag.lower() != "opml":
        raise ParseError(where, f"not OPML (root element <{root.tag}>)")
    body = root.find("body")
    if body is None:
        raise ParseError(where, "OPML without a <body>")
    feeds: dict[str, OpmlFeed] = {}
    stack: list[tuple[ET.Element, str | None]] = [(child, None) for child in reversed(list(body))]
    seen = 0
    while stack and seen < MAX_OUTLINES:  # iterative: deeply nested folders cannot exhaust the stack
        element, folder = stack.pop()
        seen += 1
        attrs = {k.lower(): v for k, v in element.attrib.items()}
        title = one_line(attrs.get("title") or attrs.get("text") or "")
        url = (attrs.get("xmlurl") or "").strip()
        if url not in feeds and is_feed_url(url):  # the rule `ingest URL` and `sources add` apply
            feeds[url] = OpmlFeed(
                url=url, title=title, html_url=attrs.get("htmlurl") or None, category=folder
            )
        stack.extend((child, title or folder) for child in reversed(list(element)))
    return list(feeds.values())


def read_opml_file(path: Path, *, max_bytes: int = MAX_OPML_BYTES) -> list[OpmlFeed]:
    """parse_opml on a file, with a size cap. Raises ParseError."""
    try:
        if path.stat().st_size > max_bytes:
            raise ParseError(str(path), f"file too large (limit {max_bytes} bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(str(path), f"cannot read: {exc.strerror or exc}") from None
    return parse_opml(data, where=str(path))


def export_opml(
    sources: Sequence[Source], *, title: str = "newsbot sources", now: datetime | None = None
) -> str:
    """An OPML 2.0 document listing the feed sources (file sources have no URL and are left out)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    if now is not None:
        ET.SubElement(head, "dateCreated").text = now.strftime("%a, %d %b %Y %H:%M:%S GMT")
    body = ET.SubElement(root, "body")
    for source in sources:
        if source.url:
            ET.SubElement(body, "outline", type="rss", text=source.name, title=source.name, xmlUrl=source.url)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
