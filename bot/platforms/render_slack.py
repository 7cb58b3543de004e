"""Slack Block Kit rendering: a Reply becomes messages chat.postMessage accepts.

Walks the platform-neutral `Layout` (bot.platforms.layout). Pure: no I/O, no slack_sdk.

    digest:  header (title) + context (counts), then one section per topic (1. label, • sentences with
             their outlet linked, "Also in: ..."), split into more sections only when a topic is too long
    search:  section (query, page), one section per hit (title linked, source · date, snippet with the
             matched words bold)
    text:    paragraphs merged into sections
    buttons: actions blocks at the end of the last message (value = the command line the button runs)

Limits kept (characters counted as UTF-16 code units, at least as strict as Slack's own count): 50 blocks
per message, 3,000 per section text, 150 per header, 75 per button label, 2,000 per button value, 25
buttons per actions block, and MESSAGE_TEXT_BUDGET for the sum of a message's block texts (Slack refuses
messages whose blocks add up to about 12,000 characters with `msg_blocks_too_long`, a limit it does not
document). A digest that does not fit continues in further messages, each opened by a context line with
the title and "2/3"; splits fall between topics, then between lines, then between words.

Safety: article text can never ping or link. Every text goes through `escape_mrkdwn` (& < > become
entities, so `<!channel>`, `<@U123>` and `<http://x|y>` arrive as inert text, and "@here"-style words get
an invisible word joiner after the @), every mrkdwn text object is `verbatim` (Slack then does not
auto-link or auto-mention), and the adapter posts with `parse="none"`, `link_names=False`. The only links
are the ones made here, `<url|label>` from http(s) URLs with the label escaped.

Right-to-left: each line gets the direction mark and isolates of `bidi_layout.bidi_spans`. An isolate never
crosses a link (`<url|⁦label⁩>`); a mark, an opener or a PDI next to a bold or italic run goes inside its
`*` or `_`, because Slack recognises `*bold*` only when its markers stand at a word boundary (the opening
one at the start of a line or after a space).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.chat import Button, Reply
from bot.platforms.layout import Block, Layout, Line, Span, layout_reply, utf16_len
from bot.platforms.rtl import localize_digits
from bot.platforms.slack_mrkdwn import escape_mrkdwn, fit_line, line_mrkdwn, line_plain

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_BUTTONS_PER_BLOCK = 25
MESSAGE_TEXT_BUDGET = 10_000
"""Sum of block texts per message; below Slack's undocumented ~12,000 (`msg_blocks_too_long`)."""
FALLBACK_TEXT_LIMIT = 3000
"""The plain-text `text` of each message (notifications, clients without Block Kit)."""
ACTION_PREFIX = "newsbot_cmd"
"""Buttons' action_id prefix: the adapter routes block actions starting with it."""

Blocks = list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """One chat.postMessage: `text` is the escaped plain-text fallback, `blocks` the Block Kit layout."""

    text: str
    blocks: Blocks

    def payload(self) -> dict[str, Any]:
        """The chat.postMessage arguments as sent (without channel): no parsing, no link names, no unfurls."""
        return {"text": self.text, "blocks": self.blocks, "parse": "none", "link_names": False,
                "unfurl_links": False, "unfurl_media": False}


@dataclass(frozen=True, slots=True)
class _Unit:
    """Slack blocks that belong together (one topic, one hit), with their plain text for the fallback."""

    blocks: Blocks
    plain: str


def render_slack(reply: Reply) -> list[SlackMessage]:
    """Render `reply` as Block Kit messages within Slack's limits (see the module docstring)."""
    layout = layout_reply(reply)
    units = _units(layout, has_topics=bool(reply.digest and reply.digest.topics))
    title = _title(layout)
    parts = _pack(units, _button_units(layout.buttons), title)
    return [_message(index, len(parts), part, title, layout.language) for index, part in enumerate(parts)]


# --- blocks ----------------------------------------------------------------------------------------


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": _mrkdwn(text)}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [_mrkdwn(text)]}


def _sections(lines: list[Line], separator: str = "\n") -> Blocks:
    """Lines joined into as few sections as fit MAX_SECTION_TEXT (blank lines kept between paragraphs)."""
    texts: list[str] = []
    for line in lines:
        for piece in fit_line(line, MAX_SECTION_TEXT) or [line]:
            rendered = line_mrkdwn(piece) if piece.text.strip() else ""
            if texts and utf16_len(texts[-1]) + len(separator) + utf16_len(rendered) <= MAX_SECTION_TEXT:
                texts[-1] += separator + rendered
            else:
                texts.append(rendered)
    return [_section(text.strip("\n")) for text in texts if text.strip()]


def _units(layout: Layout, *, has_topics: bool) -> list[_Unit]:
    units: list[_Unit] = []
    pending_text: list[Block] = []
    for block in layout.blocks:
        if block.kind == "text":
            pending_text.append(block)
            continue
        units += _text_units(pending_text)
        pending_text = []
        plain = "\n".join(line_plain(line) for line in block.lines)
        if block.kind == "heading" and layout.kind == "digest":
            title, rest = block.lines[0], list(block.lines[1:])
            blocks: Blocks = [_header(line_plain(title))]
            if rest and has_topics:
                blocks += [_context(line_mrkdwn(piece)) for line in rest for piece in fit_line(line, 3000)]
            elif rest:
                blocks += _sections(rest)
            units.append(_Unit(blocks, plain))
        else:
            units.append(_Unit(_sections(list(block.lines)), plain))
    return units + _text_units(pending_text)


def _text_units(blocks: list[Block]) -> list[_Unit]:
    """Paragraphs of plain text: one unit per section, paragraphs separated by a blank line."""
    if not blocks:
        return []
    lines: list[Line] = []
    for index, block in enumerate(blocks):
        if index:
            lines.append(Line((Span(""),)))
        lines.extend(block.lines)
    sections = _sections(lines)
    return [_Unit([section], _unescape(section["text"]["text"])) for section in sections]


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": _plain(_clip(text, MAX_HEADER_TEXT))}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def _button_units(buttons: tuple[Button, ...]) -> list[_Unit]:
    """Actions blocks of at most 25 buttons; a command too long for a button value is left out."""
    usable = [b for b in buttons if b.command and len(b.command) <= MAX_BUTTON_VALUE and b.label.strip()]
    units = []
    for first in range(0, len(usable), MAX_BUTTONS_PER_BLOCK):
        chunk = usable[first : first + MAX_BUTTONS_PER_BLOCK]
        elements = [_button(first + i, b) for i, b in enumerate(chunk)]
        units.append(_Unit([{"type": "actions", "elements": elements}], ""))
    return units


def _button(number: int, button: Button) -> dict[str, Any]:
    return {"type": "button", "text": _plain(_clip(button.label, MAX_BUTTON_TEXT)),
            "action_id": f"{ACTION_PREFIX}:{number}", "value": button.command}


def _clip(text: str, limit: int) -> str:
    """At most `limit` UTF-16 units, with "…" when cut."""
    if utf16_len(text) <= limit:
        return text
    used = 0
    for index, char in enumerate(text):
        used += utf16_len(char)
        if used > limit - 1:
            return text[:index].rstrip() + "…"
    return text


# --- packing into messages -------------------------------------------------------------------------


def block_text_len(block: Any) -> int:
    """Sum of the `text` strings inside a block (what counts toward Slack's cumulative limit)."""
    if isinstance(block, dict):
        return sum(utf16_len(v) if k == "text" and isinstance(v, str) else block_text_len(v)
                   for k, v in block.items())
    if isinstance(block, list):
        return sum(block_text_len(item) for item in block)
    return 0


def _title(layout: Layout) -> str:
    if layout.kind == "text":
        return ""
    for block in layout.blocks:
        if block.kind == "heading":
            return line_plain(block.lines[0])
    return ""


def _pack(units: list[_Unit], buttons: list[_Unit], title: str) -> list[list[_Unit]]:
    """Greedy: whole units per message within the block count and text budget (one block and the title
    kept free for the continuation line); units too big alone are broken into single blocks."""
    block_room = MAX_BLOCKS - 1
    text_room = MESSAGE_TEXT_BUDGET - utf16_len(escape_mrkdwn(title)) - 20
    parts: list[list[_Unit]] = [[]]
    used_blocks = used_text = 0
    for unit in _breakable(units + buttons, block_room, text_room):
        size = block_text_len(unit.blocks)
        if parts[-1] and (used_blocks + len(unit.blocks) > block_room or used_text + size > text_room):
            parts.append([])
            used_blocks = used_text = 0
        parts[-1].append(unit)
        used_blocks += len(unit.blocks)
        used_text += size
    if not parts[-1] and len(parts) == 1:
        parts[-1].append(_Unit([_section("…")], "…"))
    return parts


def _breakable(units: list[_Unit], block_room: int, text_room: int) -> list[_Unit]:
    out: list[_Unit] = []
    for unit in units:
        if len(unit.blocks) <= block_room and block_text_len(unit.blocks) <= text_room:
            out.append(unit)
        else:
            out += [_Unit([block], unit.plain if not i else "") for i, block in enumerate(unit.blocks)]
    return out


def _message(index: int, total: int, part: list[_Unit], title: str, language: str) -> SlackMessage:
    blocks = [block for unit in part for block in unit.blocks]
    plain = "\n\n".join(unit.plain for unit in part if unit.plain)
    if total > 1 and title:
        counter = localize_digits(f"{index + 1}/{total}", language)
        if index > 0:
            blocks.insert(0, _context(f"{escape_mrkdwn(title)} · {counter}"))
            plain = f"{title} · {counter}\n\n{plain}"
    return SlackMessage(text=escape_mrkdwn(_clip(plain.strip() or title or "…", FALLBACK_TEXT_LIMIT)),
                        blocks=blocks)
