"""Plain-text rendering for the terminal (`newsbot chat`, `newsbot digest --format text`, the console).

No markup and, by default, no bidi controls: many terminals show them as boxes, and text piped to other
programs should stay verbatim. Links print as "name <url>". `bidi=True` adds the same direction marks and
isolates the chat renderers use, for terminals that implement the Unicode bidi algorithm.
"""

from __future__ import annotations

from dataclasses import replace

from bot.chat import Reply
from bot.platforms.bidi_layout import bidi_spans
from bot.platforms.layout import Line, Span, layout_reply
from bot.platforms.rtl import strip_bidi_controls
from digests.model import Digest


def render_text(reply: Reply, *, bidi: bool = False) -> str:
    """The reply as terminal text: blocks separated by a blank line, buttons listed last."""
    layout = layout_reply(reply)
    paragraphs = ["\n".join(_line_text(line, bidi) for line in block.lines) for block in layout.blocks]
    if layout.buttons:
        paragraphs.append("\n".join(f"[{button.label}] {button.command}" for button in layout.buttons))
    return "\n\n".join(paragraphs)


def render_digest_text(digest: Digest, language: str) -> str:
    """A digest as terminal text in `language` ("ar" or "en": the language of headings and labels)."""
    return render_text(Reply(language=language, digest=digest))


def _line_text(line: Line, bidi: bool) -> str:
    if bidi:
        # "name <url>" is one unit before isolating, so the URL is isolated with its name, inside the unit.
        units = tuple(Span(_span_text(span), unit=span.unit or bool(span.href)) for span in line.spans)
        return "".join(span.text for span in bidi_spans(replace(line, spans=units)))
    # Controls from article text (an RLO reverses the rest of a terminal line) are dropped either way.
    return strip_bidi_controls("".join(_span_text(span) for span in line.spans))


def _span_text(span: Span) -> str:
    if span.href and span.href != span.text:
        return f"{span.text} <{span.href}>"
    return span.text
