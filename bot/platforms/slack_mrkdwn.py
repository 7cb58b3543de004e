"""Slack mrkdwn for one line of the layout: escaping that keeps article text inert, links, bold/italic
spans with their right-to-left controls placed where Slack still sees the markers, and cutting a line to
a length limit. The Block Kit side (sections, messages, limits per block) is bot.platforms.render_slack.
"""

from __future__ import annotations

from dataclasses import replace

from bot.platforms.bidi_layout import bidi_spans
from bot.platforms.layout import Line, Span, slice_line, unglued_cut, utf16_len
from bot.platforms.rtl import FSI, LRI, LRM, PDI, RLI, RLM

_BROADCAST_WORDS = ("channel", "here", "everyone")
_WORD_JOINER = "\u2060"


def escape_mrkdwn(text: str) -> str:
    """Text safe inside mrkdwn: & < > as entities, "@here"/"@channel"/"@everyone" broken by a word joiner."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "@" in text:
        for word in _BROADCAST_WORDS:
            text = _neutralise(text, word)
    return text


def _neutralise(text: str, word: str) -> str:
    lowered = text.lower()
    out: list[str] = []
    start = 0
    index = lowered.find("@" + word)
    while index >= 0:
        out.append(text[start : index + 1] + _WORD_JOINER)
        start = index + 1
        index = lowered.find("@" + word, start)
    out.append(text[start:])
    return "".join(out)


def link(url: str, label: str) -> str:
    """`<url|label>` with the label escaped and the URL unable to close the link early."""
    safe = url.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")
    return f"<{safe}|{escape_mrkdwn(label) or safe}>"


# --- lines to mrkdwn -------------------------------------------------------------------------------


def line_mrkdwn(line: Line) -> str:
    """One layout line as mrkdwn: bidi marks and isolates, escaped text, *bold*, _italic_, links."""
    spans = _merge(_controls_inside_styles(list(bidi_spans(line))))
    out: list[str] = []
    for index, span in enumerate(spans):
        before = out[-1][-1:] if out else ""
        after = spans[index + 1].text[:1] if index + 1 < len(spans) else ""
        out.append(_span_mrkdwn(span, before, after))
    return "".join(out)


_OPENING_CONTROLS = RLM + LRM + LRI + RLI + FSI


def _controls_inside_styles(spans: list[Span]) -> list[Span]:
    """Move bidi controls at the edge of a bold or italic (not linked) span inside it: `*‏⁦Apple* Inc⁩`, not
    `‏⁦*Apple* Inc⁩`, which Slack would show with its asterisks. Marks and openers move into the styled text
    they open, PDIs into the styled text they close; the text's order is the same either way."""
    spans = list(spans)
    for index in range(len(spans) - 1):
        left, right = spans[index], spans[index + 1]
        if _styled(right) and not _styled(left) and not left.href:
            kept = left.text.rstrip(_OPENING_CONTROLS)
            spans[index], spans[index + 1] = (
                replace(left, text=kept), replace(right, text=left.text[len(kept) :] + right.text)
            )
        elif _styled(left) and not _styled(right) and not right.href:
            kept = right.text.lstrip(PDI)
            spans[index], spans[index + 1] = (
                replace(left, text=left.text + right.text[: len(right.text) - len(kept)]),
                replace(right, text=kept),
            )
    return spans


def _styled(span: Span) -> bool:
    """Bold or italic text that is not a link (a link's controls stay inside its label)."""
    return (span.bold or span.italic) and not span.href


def _merge(spans: list[Span]) -> list[Span]:
    """Join neighbours of the same style so "*1. *" + "*label*" becomes "*1. label*"."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        last = merged[-1] if merged else None
        if last is not None and (last.bold, last.italic, last.href) == (span.bold, span.italic, span.href):
            merged[-1] = replace(last, text=last.text + span.text)
        else:
            merged.append(span)
    return merged


def _span_mrkdwn(span: Span, before: str, after: str) -> str:
    text = span.text.replace("\n", " ")
    core = text.strip(" ")
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip(" "))]
    trail = text[len(text.rstrip(" ")) :]
    body = link(span.href, core) if span.href and core else escape_mrkdwn(core)
    # Slack shows the asterisks literally when a style starts or ends inside a word: then drop the style.
    inside_word = (not lead and before.isalnum()) or (not trail and after.isalnum())
    if core and not inside_word:
        # a marker character inside the text would end the style early: show such text unstyled
        if span.italic and "_" not in core:
            body = f"_{body}_"
        if span.bold and "*" not in core:
            body = f"*{body}*"
    return lead + body + trail


def line_plain(line: Line) -> str:
    return "".join(span.text for span in bidi_spans(line)).replace("\n", " ")


# --- splitting lines that are too long -------------------------------------------------------------


def fit_line(line: Line, limit: int) -> list[Line]:
    """Cut a line into pieces whose mrkdwn fits `limit`, at spaces when possible, styles kept."""
    pieces: list[Line] = []
    rest = line
    while rest.text.strip() and utf16_len(line_mrkdwn(rest)) > limit:
        cut = _cut(rest, limit - 8)  # markers may come or go at the cut: keep a little room
        pieces.append(slice_line(rest, 0, cut))
        rest = slice_line(rest, cut, len(rest.text))
        rest = slice_line(rest, len(rest.text) - len(rest.text.lstrip(" ")), len(rest.text))
    if rest.text.strip():
        pieces.append(rest)
    return pieces


def _cut(line: Line, limit: int) -> int:
    """Where to cut: the longest prefix that fits (binary search), moved back to a space when there is
    one in its second half, never between a letter and its marks or inside an emoji sequence."""
    low, high = 1, len(line.text) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if utf16_len(line_mrkdwn(slice_line(line, 0, middle))) <= limit:
            low = middle
        else:
            high = middle - 1
    text = line.text
    space = text.rfind(" ", 0, low + 1)
    if space > low // 2:
        return space
    return unglued_cut(text, low)
