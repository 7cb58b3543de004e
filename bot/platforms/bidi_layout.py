"""Bidi controls for a laid-out line, added by every renderer after splitting (rules in `bot.platforms.rtl`).

    Line(spans, direction, align) -> controls from article text dropped -> opposite runs found per stretch
    between links and list items -> opener and PDI placed so they nest with the markup -> direction mark

Why the isolates nest with links and styles: a client may lay a link or a styled run out as a text run of
its own (Slack's `<url|label>` becomes an element). An opener inside it whose PDI is outside is then
unmatched (UAX #9 BD9): X8 closes it at the end of that run and X6a ignores the stray PDI, so the isolate
no longer holds what it should. Each isolate therefore lies inside one span or encloses whole spans.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import accumulate
from operator import itemgetter

from bot.platforms import rtl
from bot.platforms.layout import Line, Span


def bidi_spans(line: Line) -> tuple[Span, ...]:
    """The line's spans ready for a chat: bidi controls from article text removed, opposite-direction runs
    isolated, the direction mark first.

    A run may cross the edge of a bold or italic span ("Apple" highlighted in "Apple Inc" is one run:
    two isolates would swap the words in an Arabic line), never a link or a list item (`Span.unit`). Isolates
    nest with the markup, as HTML tags must: one that lies inside a span goes inside it (the outlet's
    `<a>⁦3alyoum⁩</a>`), one that encloses spans goes outside them (`⁦<b>Apple</b> Inc⁩`)."""
    spans = [replace(span, text=rtl.strip_bidi_controls(span.text)) for span in line.spans]
    spans = [span for span in spans if span.text]
    paragraph = line.align or line.direction
    mark = rtl.RLM if paragraph == "rtl" else rtl.LRM
    return tuple(_merge_plain([Span(mark), *_with_isolates(spans, _isolates(spans, line))]))


@dataclass(frozen=True, slots=True)
class _Isolate:
    start: int
    end: int
    opener: str
    outer: bool = False
    """The whole-line isolate: opens before and closes after the runs it encloses."""


def _isolates(spans: Sequence[Span], line: Line) -> list[_Isolate]:
    """Opposite runs within each stretch between links and list items, plus the whole-line isolate of a
    left-to-right line in a right-to-left paragraph (after leading and before trailing spaces, so an
    indent stays on the paragraph's starting side)."""
    text = "".join(span.text for span in spans)
    isolates: list[_Isolate] = []
    opener = rtl.opener_for(line.direction)
    for low, high in _stretches(spans):
        for start, end in rtl.opposite_runs(text[low:high], line.direction):
            isolates.append(_Isolate(low + start, low + end, opener))
    if line.align and line.align != line.direction:
        first, last = len(text) - len(text.lstrip()), len(text.rstrip())
        if first < last:
            isolates.append(_Isolate(first, last, rtl.opener_for(line.align), outer=True))
    return isolates


def _stretches(spans: Sequence[Span]) -> list[tuple[int, int]]:
    """(start, end) text offsets of the stretches a run may not leave: each link or unit span alone, and
    the text between them."""
    stretches: list[tuple[int, int]] = []
    low = offset = 0
    for span in spans:
        if span.href is not None or span.unit:
            stretches += [(low, offset), (offset, offset + len(span.text))]
            low = offset + len(span.text)
        offset += len(span.text)
    stretches.append((low, offset))
    return [(start, end) for start, end in stretches if start < end]


def _with_isolates(spans: Sequence[Span], isolates: Sequence[_Isolate]) -> list[Span]:
    """`spans` with each isolate's opener and PDI inserted. A control goes inside the span it falls in when
    the isolate lies within that span or the span is plain text; otherwise into a plain span of its own,
    cutting a bold or italic span in two when the isolate starts or ends inside it."""
    starts = list(accumulate((len(span.text) for span in spans), initial=0))

    def holder(position: int, isolate: _Isolate) -> int | None:
        index = bisect_right(starts, position) - 1
        within = starts[index] <= isolate.start and isolate.end <= starts[index + 1]
        return index if within or _is_plain(spans[index]) else None

    # (offset, rank, control, span index or None): at one offset PDIs come before openers, and the outer
    # isolate opens first and closes last, so isolates nest.
    controls: list[tuple[int, int, str, int | None]] = []
    for isolate in isolates:
        rank = 1 if isolate.outer else 2
        controls.append((isolate.start, rank, isolate.opener, holder(isolate.start, isolate)))
        controls.append((isolate.end, -rank, rtl.PDI, holder(isolate.end - 1, isolate)))
    controls.sort(key=itemgetter(0, 1))
    groups: list[tuple[int | None, list[str]]] = []
    pending = iter(controls)
    control = next(pending, None)
    for index, span in enumerate(spans):
        cursor = 0
        while control is not None and control[0] < starts[index + 1]:
            offset = control[0] - starts[index]
            if offset > cursor:
                _append(groups, index, span.text[cursor:offset])
                cursor = offset
            _append(groups, control[3], control[2])
            control = next(pending, None)
        _append(groups, index, span.text[cursor:])
    while control is not None:  # PDIs at the very end
        _append(groups, control[3], control[2])
        control = next(pending, None)
    return [
        Span("".join(texts)) if index is None else replace(spans[index], text="".join(texts))
        for index, texts in groups
    ]


def _append(groups: list[tuple[int | None, list[str]]], index: int | None, text: str) -> None:
    if not text:
        return
    if groups and groups[-1][0] == index:
        groups[-1][1].append(text)
    else:
        groups.append((index, [text]))


def _merge_plain(spans: Sequence[Span]) -> list[Span]:
    """Neighbouring plain-text spans joined (they need no markup of their own)."""
    merged: list[Span] = []
    for span in spans:
        if merged and _is_plain(merged[-1]) and _is_plain(span):
            merged[-1] = Span(merged[-1].text + span.text)
        else:
            merged.append(span)
    return merged


def _is_plain(span: Span) -> bool:
    return not (span.bold or span.italic or span.href)
