"""Platform-neutral layout of a Reply: blocks of lines of styled spans, in the reply's language.

Every renderer (terminal text, Telegram HTML, Slack Block Kit) walks the same `Layout`:

    Reply -> layout_reply -> Layout(blocks: heading, topics / search hits / text paragraphs; buttons)
          -> renderer: escape each span its own way, split between blocks (then lines, then words)

Spans hold plain, unescaped text. Lines carry the direction of their content ("rtl" or "ltr") and, in an
Arabic reply, `align="rtl"`; `bidi_layout.bidi_spans` adds the direction mark and isolates (see
`bot.platforms.rtl`) after any splitting, so a cut never leaves an isolate open. Nothing here does I/O or
knows a platform's limits.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from bot.chat import Button, Reply
from bot.i18n import t
from bot.platforms import rtl
from bot.records import SearchHit, SearchPage
from digests.model import Article, Digest, Topic

MAX_OUTLETS = 6
"""How many "also in" outlets a topic or hit names before "+N more"."""


@dataclass(frozen=True, slots=True)
class Span:
    """A run of plain text with one style. `href` makes it a link (http/https only)."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    unit: bool = False
    """An item of a list (an outlet name): isolates never reach past its edges, as for a link."""


@dataclass(frozen=True, slots=True)
class Line:
    spans: tuple[Span, ...]
    direction: str = "ltr"
    """"rtl" or "ltr": the direction of the line's content."""
    align: str | None = None
    """"rtl" when the line is a paragraph of an Arabic reply, whatever its content: it then starts
    right-to-left, so every line of the message is aligned the same way."""

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph that renderers keep whole when they can: the heading, one topic, one search hit."""

    kind: str
    """"heading", "topic", "hit" or "text"."""
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Layout:
    language: str
    direction: str
    """The reply's own direction: "rtl" for Arabic."""
    kind: str
    """"digest", "search" or "text"."""
    blocks: tuple[Block, ...]
    buttons: tuple[Button, ...] = ()


def direction_of(language: str) -> str:
    """ "rtl" for Arabic (and other right-to-left languages we might add), else "ltr"."""
    return "rtl" if language in ("ar", "fa", "ur", "he") else "ltr"


def layout_reply(reply: Reply) -> Layout:
    """Lay out a reply: its text paragraphs first, then the digest or the search page."""
    language = reply.language if reply.language in ("ar", "en") else "en"
    blocks = list(text_blocks(reply.text, language))
    kind = "text"
    if reply.digest is not None:
        kind = "digest"
        blocks.extend(digest_blocks(reply.digest, language))
    elif reply.search is not None:
        kind = "search"
        blocks.extend(search_blocks(reply.search, language))
    direction = direction_of(language)
    if direction == "rtl":
        blocks = [_aligned(block, direction) for block in blocks]
    return Layout(language, direction, kind, tuple(blocks), reply.buttons)


def _aligned(block: Block, align: str) -> Block:
    """The block with every line aligned to `align` (English replies are left as they are)."""
    return replace(block, lines=tuple(replace(line, align=align) for line in block.lines))


def format_date(day: date, language: str) -> str:
    """ "29 November 2026" / "٢٩ نوفمبر ٢٠٢٦": month names from the strings, never from the OS locale."""
    text = t(
        language, "render.date", day=day.day, month=t(language, f"render.month.{day.month}"), year=day.year
    )
    return rtl.localize_digits(text, language)


def text_blocks(text: str, language: str) -> list[Block]:
    """Plain text: one block per paragraph (blank-line separated), one line per text line."""
    blocks = []
    for paragraph in text.strip().split("\n\n"):
        lines = [raw.rstrip() for raw in paragraph.strip("\n").split("\n")]
        if any(lines):
            blocks.append(Block("text", tuple(_plain_line(raw, language) for raw in lines)))
    return blocks


def _plain_line(text: str, language: str) -> Line:
    return Line((Span(text),), rtl.base_direction(text, direction_of(language)))


# --- digests ---------------------------------------------------------------------------------------


def digest_blocks(digest: Digest, language: str) -> list[Block]:
    """The heading (title with date, counts), then one block per topic, best first."""
    direction = direction_of(language)
    title = Line(
        (Span(t(language, "render.digest.title", date=format_date(digest.date, language)), bold=True),),
        direction,
    )
    if not digest.topics:
        return [Block("heading", (title, Line((Span(t(language, "render.digest.empty")),), direction)))]
    counts = t(
        language,
        "render.digest.summary",
        topics=len(digest.topics),
        articles=digest.article_count or _article_total(digest),
    )
    heading = Block(
        "heading", (title, Line((Span(rtl.localize_digits(counts, language), italic=True),), direction))
    )
    return [heading, *(topic_block(number, topic, language) for number, topic in enumerate(digest.topics, 1))]


def _article_total(digest: Digest) -> int:
    return sum(len(topic.articles) for topic in digest.topics)


def topic_block(number: int, topic: Topic, language: str) -> Block:
    """ "1. label", one bullet per headline sentence with its outlet linked, then the other outlets."""
    topic_direction = (
        direction_of(topic.language)
        if topic.language in ("ar", "en")
        else rtl.base_direction(topic.label, direction_of(language))
    )
    ordinal = rtl.localize_digits(f"{number}. ", language)  # one numbering style per reply
    lines = [Line((Span(ordinal + topic.label, bold=True),), topic_direction)]
    by_id = {article.id: article for article in topic.articles}
    cited: list[str] = []
    for sentence in topic.sentences:
        article = by_id.get(sentence.article_id)
        spans = [Span("• "), Span(sentence.text)]
        line_direction = rtl.base_direction(sentence.text, topic_direction)
        if article is not None:
            outlet = Span(article.source, italic=True, href=safe_url(article.url), unit=True)
            spans += [Span(" — "), outlet]
            cited.append(article.source)
        lines.append(Line(tuple(spans), line_direction))
    others = _other_outlets(topic.articles, cited)
    if others:
        lines.append(also_in_line(others, language))
    return Block("topic", tuple(lines))


def _other_outlets(articles: Sequence[Article], cited: Sequence[str]) -> list[tuple[str, str | None]]:
    """Distinct outlets not already cited, each with the link of its best article."""
    seen = set(cited)
    outlets: list[tuple[str, str | None]] = []
    for article in articles:
        if article.source and article.source not in seen:
            seen.add(article.source)
            outlets.append((article.source, safe_url(article.url)))
    return outlets


def also_in_line(outlets: Sequence[tuple[str, str | None]], language: str) -> Line:
    """ "Also in: A, B, C +2 more", outlets linked when they have a URL.

    Each name is a unit, isolated on its own: one isolate around "A، B، C" would make the list a single
    left-to-right run inside the Arabic line, read in reverse by a right-to-left reader."""
    separator = t(language, "render.list_separator")
    spans = [Span(t(language, "render.also_in"), italic=True)]
    for index, (name, url) in enumerate(outlets[:MAX_OUTLETS]):
        if index:
            spans.append(Span(separator))
        spans.append(Span(name, href=url, unit=True))
    if len(outlets) > MAX_OUTLETS:
        more = t(language, "render.more_outlets", count=len(outlets) - MAX_OUTLETS)
        spans.append(Span(" " + rtl.localize_digits(more, language)))
    return Line(tuple(spans), direction_of(language))


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link a chat may show; None otherwise (javascript:, file:, ...)."""
    if not url:
        return None
    url = url.strip()
    lowered = url.lower()
    if not lowered.startswith(("http://", "https://")) or any(char.isspace() for char in url):
        return None
    return url


# --- search ----------------------------------------------------------------------------------------


def search_blocks(page: SearchPage, language: str) -> list[Block]:
    """The heading (query, page), then one block per hit; a friendly line when nothing matched."""
    direction = direction_of(language)
    query = page.query.text
    if not page.hits:
        return [
            Block("heading", (Line((Span(t(language, "render.search.empty", query=query)),), direction),))
        ]
    title = t(language, "render.search.title", query=query)
    if page.page > 1 or page.has_more:
        title += " — " + rtl.localize_digits(t(language, "render.search.page", page=page.page), language)
    blocks = [Block("heading", (Line((Span(title, bold=True),), direction),))]
    first_number = (page.page - 1) * page.per_page + 1
    blocks.extend(hit_block(number, hit, language) for number, hit in enumerate(page.hits, first_number))
    return blocks


def hit_block(number: int, hit: SearchHit, language: str) -> Block:
    """Title (linked), "source · date", the snippet with matched words in bold, the other outlets."""
    reply_direction = direction_of(language)
    hit_direction = (
        direction_of(hit.language)
        if hit.language in ("ar", "en")
        else rtl.base_direction(hit.title, reply_direction)
    )
    ordinal = rtl.localize_digits(f"{number}. ", language)
    lines = [
        Line((Span(ordinal, bold=True), Span(hit.title, bold=True, href=safe_url(hit.url))), hit_direction),
        Line(
            (Span(f"{hit.source} · {format_date(hit.published.date(), language)}", italic=True),),
            reply_direction,
        ),
    ]
    if hit.snippet.strip():
        lines.append(
            Line(
                tuple(highlight_spans(hit.snippet, hit.highlights)),
                rtl.base_direction(hit.snippet, hit_direction),
            )
        )
    if hit.also_in:
        lines.append(also_in_line([(name, None) for name in hit.also_in], language))
    return Block("hit", tuple(lines))


def highlight_spans(snippet: str, highlights: Iterable[tuple[int, int]]) -> list[Span]:
    """The snippet as spans, matched ranges bold. Overlapping or out-of-range ranges are clipped."""
    spans: list[Span] = []
    position = 0
    for start, end in sorted(highlights):
        start, end = max(start, position), min(end, len(snippet))
        if start >= end:
            continue
        if start > position:
            spans.append(Span(snippet[position:start]))
        spans.append(Span(snippet[start:end], bold=True))
        position = end
    if position < len(snippet):
        spans.append(Span(snippet[position:]))
    return spans


# --- splitting, measuring --------------------------------------------------------------------------


def slice_line(line: Line, start: int, end: int) -> Line:
    """The part of `line` between two text offsets, spans clipped, empty spans dropped (for splitting a
    line that is too long for one message)."""
    spans: list[Span] = []
    offset = 0
    for span in line.spans:
        low, high = max(start, offset), min(end, offset + len(span.text))
        if low < high:
            spans.append(replace(span, text=span.text[low - offset : high - offset]))
        offset += len(span.text)
    return replace(line, spans=tuple(spans))


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's and Slack's limits (an emoji outside the BMP
    counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def unglued_cut(text: str, cut: int) -> int:
    """`cut` moved back (never below 1) so it does not separate a letter from its combining marks, nor the
    halves of an emoji sequence (ZWJ, variation selectors, skin tone modifiers)."""
    while 1 < cut < len(text) and _glued(text[cut - 1], text[cut]):
        cut -= 1
    return cut


def _glued(before: str, after: str) -> bool:
    return (
        before == "\u200d"  # ZWJ: the next character belongs to the same emoji
        or after in "\u200d\ufe0e\ufe0f"
        or unicodedata.combining(after) != 0
        or 0x1F3FB <= ord(after) <= 0x1F3FF  # skin tone modifiers
    )
