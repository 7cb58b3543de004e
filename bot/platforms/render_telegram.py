"""Telegram HTML rendering: a Reply becomes messages Telegram accepts, each within 4096 UTF-16 units.

Only tags of Telegram's HTML parse mode are produced (b, i, a href); every text is escaped (& < > in
text, and quotes too in attributes). Splitting happens on the layout, before any markup exists, so a cut
can never fall inside a tag or an entity and every part's tags are balanced by construction:

    blocks (heading, topics, hits) packed into parts  ->  a block too big alone: split between lines
    ->  a line too big alone: split at the last space that fits (else between characters, never inside a
        surrogate pair or before a combining mark), each piece keeping its spans' styles

Lengths are counted as Telegram counts them: UTF-16 code units of the text after entity parsing,
including the bidi marks and isolates added for right-to-left lines.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace

from bot.chat import Button, Reply
from bot.platforms.bidi_layout import bidi_spans
from bot.platforms.layout import (
    Block,
    Line,
    Span,
    layout_reply,
    slice_line,
    unglued_cut,
    utf16_len,
)

TELEGRAM_LIMIT = 4096
"""Maximum message length in UTF-16 code units after entity parsing."""
MAX_ENTITIES = 100
"""Telegram applies only the first 100 formatting entities of a message and silently drops the rest."""
MAX_MARKUP = 8192
"""Cap on the HTML sent: the Bot API refuses messages whose entities are too long in total
("ENTITIES_TOO_LONG", observed near 9,500 characters of markup), so keep well under it."""

_BLOCK_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class TelegramMessage:
    """One sendMessage call: HTML text, inline buttons (last part only), whether link previews are off."""

    text: str
    buttons: tuple[Button, ...] = ()
    disable_preview: bool = True


@dataclass(frozen=True, slots=True)
class _Size:
    """What a piece of a message costs against each Telegram limit."""

    text: int = 0
    entities: int = 0
    markup: int = 0

    def __add__(self, other: _Size) -> _Size:
        return _Size(self.text + other.text, self.entities + other.entities, self.markup + other.markup)

    def fits(self, limits: _Limits) -> bool:
        return self.text <= limits.text and self.entities <= limits.entities and self.markup <= limits.markup


@dataclass(frozen=True, slots=True)
class _Limits:
    text: int
    entities: int
    markup: int


def render_telegram(
    reply: Reply, *, limit: int = TELEGRAM_LIMIT, max_entities: int = MAX_ENTITIES
) -> list[TelegramMessage]:
    """Render `reply` as Telegram HTML messages, split on block, then line, then word boundaries.

    Each part keeps within `limit` UTF-16 units of text, `max_entities` formatting entities and a markup
    cap (the larger of MAX_MARKUP and twice `limit`)."""
    layout = layout_reply(reply)
    limits = _Limits(limit, max_entities, max(MAX_MARKUP, 2 * limit))
    blocks = [piece for block in layout.blocks for piece in _fit_block(block, limits)]
    parts = _pack(blocks, limits) or [[Block("text", (Line((Span("…"),)),))]]
    disable_preview = layout.kind in ("digest", "search")
    messages = [TelegramMessage(_part_html(part), (), disable_preview) for part in parts]
    messages[-1] = replace(messages[-1], buttons=layout.buttons)
    return messages


# --- measuring -------------------------------------------------------------------------------------


def _line_size(line: Line) -> _Size:
    size = _Size()
    for span in bidi_spans(line):
        entities = int(span.bold) + int(span.italic) + int(span.href is not None) if span.text else 0
        size += _Size(utf16_len(span.text), entities, utf16_len(span_html(span)))
    return size


def _block_size(block: Block) -> _Size:
    newlines = len(block.lines) - 1
    total = _Size(newlines, 0, newlines)
    for line in block.lines:
        total += _line_size(line)
    return total


# --- packing and splitting -------------------------------------------------------------------------

_SEPARATOR_SIZE = _Size(len(_BLOCK_SEPARATOR), 0, len(_BLOCK_SEPARATOR))
_NEWLINE_SIZE = _Size(1, 0, 1)


def _pack(blocks: list[Block], limits: _Limits) -> list[list[Block]]:
    """Greedy: as many whole blocks per part as fit, separated by a blank line."""
    parts: list[list[Block]] = []
    current: list[Block] = []
    used = _Size()
    for block in blocks:
        size = _block_size(block)
        if current and not (used + _SEPARATOR_SIZE + size).fits(limits):
            parts.append(current)
            current, used = [], _Size()
        used = size if not current else used + _SEPARATOR_SIZE + size
        current.append(block)
    if current:
        parts.append(current)
    return parts


def _fit_block(block: Block, limits: _Limits) -> list[Block]:
    """The block itself if it fits; else its lines (split when needed) regrouped into blocks that fit."""
    if _block_size(block).fits(limits):
        return [block]
    lines = [piece for line in block.lines for piece in _fit_line(line, limits)]
    groups: list[list[Line]] = []
    used = _Size()
    for line in lines:
        size = _line_size(line)
        if groups and (used + _NEWLINE_SIZE + size).fits(limits):
            groups[-1].append(line)
            used = used + _NEWLINE_SIZE + size
        else:
            groups.append([line])
            used = size
    return [Block(block.kind, tuple(group)) for group in groups]


def _fit_line(line: Line, limits: _Limits) -> list[Line]:
    """Cut a line into pieces that fit, at spaces when possible; each piece keeps its spans' styles."""
    pieces: list[Line] = []
    rest = line
    while rest.text and not _line_size(rest).fits(limits):
        budget = limits.text - 1
        while True:
            cut, skip = _cut_point(rest.text, budget)
            piece = slice_line(rest, 0, cut)
            size = _line_size(piece)
            if size.fits(limits) or cut <= 1:
                break
            # Isolates, entities or markup push the piece over: shrink the budget and cut again.
            overflow = size.text - limits.text
            budget = budget - overflow - 2 if overflow > 0 else min(budget - 1, budget * 3 // 4)
        if piece.text.strip():
            pieces.append(piece)
        rest = slice_line(rest, cut + skip, len(rest.text))
    if rest.text.strip():
        pieces.append(rest)
    return pieces


def _cut_point(text: str, budget: int) -> tuple[int, int]:
    """(cut, skip): text[:cut] fits `budget` UTF-16 units; skip the space cut at. Never returns cut 0."""
    units = 0
    fits = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > budget:
            break
        fits = index + 1
    space = max(text.rfind(" ", 0, fits + 1), text.rfind("\n", 0, fits + 1))
    if space > 0:
        return space, 1
    return unglued_cut(text, max(fits, 1)), 0




def _part_html(blocks: list[Block]) -> str:
    return _BLOCK_SEPARATOR.join("\n".join(_line_html(line) for line in block.lines) for block in blocks)


def _line_html(line: Line) -> str:
    return "".join(span_html(span) for span in bidi_spans(line))


def span_html(span: Span) -> str:
    """One span as Telegram HTML: text escaped, styles as <b>/<i>, links as <a href> (quotes escaped)."""
    if not span.text:
        return ""
    markup = html.escape(span.text, quote=False)
    if span.italic:
        markup = f"<i>{markup}</i>"
    if span.bold:
        markup = f"<b>{markup}</b>"
    if span.href:
        markup = f'<a href="{html.escape(span.href, quote=True)}">{markup}</a>'
    return markup
