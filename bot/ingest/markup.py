"""Markdown with front matter and whole HTML pages, reduced to a title, plain text and metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree
import lxml.html

from bot.ingest.common import one_line
from bot.ingest.html import html_to_text, parse_decoded_html

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
# Link targets stop at whitespace or brackets, so unclosed "[a](" runs cannot make the scan quadratic.
_IMAGE = re.compile(r"!\[([^\[\]\n]{0,500})\]\([^()\[\]\s]*(?:\s+\"[^\"\n]{0,300}\")?\)")
_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\([^()\[\]\s]*(?:\s+\"[^\"\n]{0,300}\")?\)")
_REF_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\[[^\]\n]{0,100}\]")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$")
# One pattern per marker, the content never containing the marker: each scan stops at the next marker,
# so a line full of unmatched "_" or "*" stays linear (a generic lazy `(.+?)\1` went quadratic).
_EMPHASIS = (
    re.compile(r"\*\*(?=\S)([^*\n]{1,500})(?<=\S)\*\*"),
    re.compile(r"(?<!\w)__(?=\S)([^_\n]{1,500})(?<=\S)__(?!\w)"),
    re.compile(r"\*(?=\S)([^*\n]{1,500})(?<=\S)\*"),
    re.compile(r"(?<!\w)_(?=\S)([^_\n]{1,500})(?<=\S)_(?!\w)"),
    re.compile(r"~~([^~\n]{1,500})~~"),
    re.compile(r"`([^`\n]{1,500})`"),
)


def _strip_emphasis(text: str) -> str:
    for pattern in _EMPHASIS:
        text = pattern.sub(r"\1", text)
    return text


_LIST_MARK = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split `---` front matter (simple `key: value` lines) from a Markdown body.

    Values may be quoted; keys are lower-cased; lines that are not `key: value` are ignored.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        pair = _KEY_VALUE.match(line)
        if pair:
            value = pair.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            meta[pair.group(1).lower()] = value
    return meta, text[match.end() :]


def markdown_to_text(markdown: str) -> tuple[str, str]:
    """(first heading or "", plain text with blank-line paragraphs) of a Markdown body.

    Only the markup news articles use is removed: headings, emphasis, links, images, quotes, list marks,
    rules, code fences. The first level-1/2 heading becomes the title and leaves the body.
    """
    title = ""
    lines: list[str] = []
    for line in markdown.splitlines():
        if _FENCE.match(line) or _LINK_DEF.match(line) or _RULE.match(line):
            lines.append("")
            continue
        heading = _HEADING.match(line)
        if heading:
            if not title and not any(lines_so_far.strip() for lines_so_far in lines):
                title = heading.group(1)
                continue
            lines.extend(["", heading.group(1), ""])
            continue
        if _SETEXT.match(line) and lines and lines[-1].strip():
            if not title and sum(1 for x in lines if x.strip()) == 1:
                title = lines.pop().strip()
            continue
        line = _QUOTE.sub("", _LIST_MARK.sub("", line))
        lines.append(line)
    body = "\n".join(lines)
    body = _IMAGE.sub(r"\1", body)
    body = _LINK.sub(r"\1", _REF_LINK.sub(r"\1", body))
    body = _strip_emphasis(body)
    paragraphs = (one_line(p) for p in re.split(r"\n\s*\n", body))
    return _strip_emphasis(title).strip(), "\n\n".join(p for p in paragraphs if p)


@dataclass(frozen=True, slots=True)
class HtmlPage:
    title: str
    text: str
    url: str | None = None
    date: str | None = None
    language: str | None = None


_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "date",
    "dc.date",
    "DC.date.issued",
    "pubdate",
    "publish-date",
    "sailthru.date",
)


def html_document(markup: str) -> HtmlPage:
    """Title, main text (the <article> or <main> element when there is one), canonical URL, date, lang."""
    try:
        root = parse_decoded_html(markup)
    except (lxml.etree.ParserError, ValueError):
        return HtmlPage(title="", text=html_to_text(markup))
    title = _first_text(root, ("//title", "//h1"))
    main = root.xpath("//article") or root.xpath("//main")
    # Serialising the chosen element again keeps one text extractor (html_to_text) for every path.
    if main:
        text = html_to_text(lxml.html.tostring(main[0], encoding="unicode"))
    else:
        body = root.xpath("//body")
        text = html_to_text(lxml.html.tostring(body[0] if body else root, encoding="unicode"))
    if text.startswith(title) and title:
        text = text[len(title) :].lstrip()
    url = _first_attr(root, ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'))
    date = None
    for name in _DATE_META:
        date = _first_attr(
            root,
            (
                f'//meta[@property="{name}"]/@content',
                f'//meta[@name="{name}"]/@content',
                f'//meta[@itemprop="{name}"]/@content',
            ),
        )
        if date:
            break
    date = date or _first_attr(root, ("//time/@datetime",))
    language = _first_attr(root, ("/html/@lang", "//meta[@http-equiv='content-language']/@content"))
    return HtmlPage(title=title, text=text, url=url, date=date, language=language)


def _first_text(root: lxml.etree._Element, paths: tuple[str, ...]) -> str:
    for path in paths:
        for element in root.xpath(path):
            text = one_line(element.text_content())
            if text:
                return text
    return ""


def _first_attr(root: lxml.etree._Element, paths: tuple[str, ...]) -> str | None:
    for path in paths:
        for value in root.xpath(path):
            if str(value).strip():
                return str(value).strip()
    return None
