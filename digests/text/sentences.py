"""Sentence splitting for Arabic and English news, verbatim, with offsets into the original text.

Boundaries: . ! ? ؟ ؛ … ۔ and line breaks; never the Arabic comma ، or the English semicolon. Not a
boundary: decimals (3.5, ٣٫٥ after normalising is never seen here: ٫ is not a full stop), titles (Mr., Dr.,
د.), initials (J. K. Rowling), dotted abbreviations unless a sentence clearly starts after them ("the U.S.
The next day" splits, "the U.S. economy" does not), "No. 5", and anything inside short brackets or quotes
("(أ.ف.ب)"). An abbreviation list alone cannot tell "U.S. The" from "U.S. Army": the next word decides.
"""

from __future__ import annotations

import bisect
import itertools
import re

from digests.model import Sentence

_TERMINATORS = re.compile(r"[.!?؟؛…۔]+|\n")
_CLOSERS = frozenset("\"'”’»)]}")
_OPENERS = frozenset("\"'“‘«([{")
_QUOTE_TOGGLES = frozenset('"“”')
_BRACKETS = {")": "(", "]": "[", "}": "{", "»": "«"}
_SPAN_CHARS = re.compile('[\n()\\[\\]{}«»"“”]')
_MAX_BRACKET_SPAN = 120
_MAX_QUOTE_SPAN = 250


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles before a name: never end a sentence.
_TITLES = _words(
    "mr mrs ms dr prof gen sen rep gov st capt col lt sgt rev hon fr mt messrs mme mlle pres supt cmdr adm "
    "maj brig insp det gens sens reps govs cpl pvt ft"
)
# Never end a sentence when followed by a number (No. 5, Art. 3, p. 12).
_BEFORE_NUMBER = _words("no nos art arts vol vols fig figs p pp ch sec para op ed")
# Never end a sentence.
_INNER = _words("e.g i.e cf vs viz approx ca esp incl al")
# May end a sentence: split only when a sentence clearly starts next.
_SOFT = _words(
    "inc ltd co corp jr sr etc bros llc plc jan feb mar apr jun jul aug sep sept oct nov dec est dept univ "
    "ave blvd rd a.m p.m"
)
# Capitalised words that start sentences; after an abbreviation or initial they mean a new sentence.
_STARTERS = _words(
    "the a an he she it they we i you his her its their our my this that these those there here but and "
    "in on at for if when while after before as so yet however meanwhile also mr mrs ms dr some many most "
    "one two no not what who why how where then now still even just all both each"
)
_ARABIC_ABBREV_AFTER_NUMBER = frozenset("مه")  # 2020 م. (AD), 1446 هـ. (Hijri) end sentences


_LINE_END = re.compile(r"[.!?؟؛…۔:\"”»)]\s*$")


def soft_line_breaks(text: str) -> set[int]:
    """Offsets of line breaks that only wrap a long line (hard-wrapped text, e.g. at 78 characters).

    A text counts as hard-wrapped when it has at least four lines and most of them reach nearly the same
    width without ending in punctuation; then a break after such a full line joins the next line. Short
    lines (headlines, "عاجل: ...", paragraph ends) always end a sentence.
    """
    if text.count("\n") < 3:
        return set()
    lines: list[tuple[int, str]] = []  # (offset of the line break that ends the line, stripped line)
    offset = 0
    for line in text.split("\n"):
        offset += len(line)
        lines.append((offset, line.rstrip()))
        offset += 1
    body = [line for _, line in lines[:-1] if line.strip()]
    if len(body) < 4:
        return set()
    width = sorted(len(line) for line in body)[int(0.9 * (len(body) - 1))]
    full = [line for line in body if len(line) >= 0.8 * width]
    open_ended = [line for line in full if not _LINE_END.search(line)]
    if width < 30 or len(full) < 0.6 * len(body) or len(open_ended) < 0.5 * len(full):
        return set()
    soft: set[int] = set()
    for (newline, line), (_, following) in itertools.pairwise(lines):
        if len(line) >= 0.75 * width and not _LINE_END.search(line) and following.strip():
            soft.add(newline)
    return soft


def _is_arabic_letter(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff" and char.isalpha()


_BEFORE_OPENING_QUOTE = frozenset(" \t\r\n\u00a0([{«ـ—–-:")
_AFTER_CLOSING_QUOTE = frozenset(" \t\r\n\u00a0.,;:!?،؛؟)]}»")


def _quote_role(text: str, index: int) -> str:
    """ "open", "close" or "either" for a quote mark, from its neighbours (the mark itself is often
    ambiguous: straight quotes, and Arabic text that uses ” on both sides)."""
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    opening = before in _BEFORE_OPENING_QUOTE and after not in _AFTER_CLOSING_QUOTE
    closing = after in _AFTER_CLOSING_QUOTE and before not in _BEFORE_OPENING_QUOTE
    if opening:
        return "open"
    if closing:
        return "close"
    return "either"


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Short bracketed or quoted spans (within one line) where no boundary may fall."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    quote_open: int | None = None
    for match in _SPAN_CHARS.finditer(text):
        index, char = match.start(), match.group()
        if char == "\n":
            stack.clear()
            quote_open = None
        elif char in "([{«":
            stack.append((char, index))
        elif char in _BRACKETS:
            opener = _BRACKETS[char]
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == opener:
                    start = stack[depth][1]
                    del stack[depth:]
                    if index - start <= _MAX_BRACKET_SPAN:
                        spans.append((start, index + 1))
                    break
        elif char in _QUOTE_TOGGLES:
            role = _quote_role(text, index)
            if quote_open is None or role == "open":
                # A new opening quote drops an unclosed one: news style leaves a quote open when it
                # continues in the next paragraph ("It is ... uncertain. "It is widely ...").
                quote_open = index if role != "close" else None
            else:
                if index - quote_open <= _MAX_QUOTE_SPAN:
                    spans.append((quote_open, index + 1))
                quote_open = None
    spans.sort()
    return spans


def _inside(spans: list[tuple[int, int]], starts: list[int], position: int) -> bool:
    """Whether `position` (a candidate cut) lies strictly inside a protected span."""
    index = bisect.bisect_left(starts, position) - 1
    while index >= 0:
        start, end = spans[index]
        if start < position < end:
            return True
        index -= 1
        if index >= 0 and spans[index][1] < position - _MAX_QUOTE_SPAN:
            break
    return False


# Dots, tatweel and harakat inside or at the end of a word ("تقريباً.كان").
_WORD_MARKS = frozenset(".\u0640" + "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670")


_TRAILING_MARKS = "".join(_WORD_MARKS - {"."})


def _previous_word(text: str, position: int) -> str:
    """The word (letters, digits, inner dots) that ends right before `position`."""
    start = position
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in _WORD_MARKS):
        start -= 1
    return text[start:position].lstrip(".").rstrip(_TRAILING_MARKS)


def _next_word(text: str, position: int) -> str:
    """The first word after `position`, skipping spaces and opening quotes or brackets."""
    index = position
    length = len(text)
    while index < length and (text[index] in " \t\r\u00a0" or text[index] in _OPENERS):
        index += 1
    end = index
    while end < length and (text[end].isalnum() or text[end] in "'’"):
        end += 1
    return text[index:end]


def _is_dotted_abbreviation(word: str) -> bool:
    """U.S, e.g, p.m, أ.ف.ب: short letter groups joined by dots (not 4.5bn or example.com)."""
    return all(part.isalpha() and len(part) <= 2 for part in word.split("."))


def _starts_sentence(word: str) -> bool:
    return bool(word) and word[0].isupper() and word.casefold() in _STARTERS


def _single_dot_ends(text: str, start: int, after: int) -> bool:
    """Decide a lone full stop at `start` whose trailing quotes/brackets end at `after`."""
    previous = text[start - 1] if start > 0 else ""
    following = text[after]
    if not following.isspace():
        # The word before the stop, even when a space precedes it ("للإنسان .وللناي").
        head = text[:start].rstrip()
        word = _previous_word(head, len(head)).rsplit(".", 1)[-1]
        if _is_arabic_letter(following):
            # Arabic often omits the space after a full stop ("تقنيات.التقنية"); initials (أ.ف.ب) do not.
            return len(word) >= 2 or (previous.isdigit() and bool(word))
        if previous.isdigit() and following.isdigit():
            return False
        # "sales.The" (no space) in scraped English; not "example.com" or "U.S.".
        nxt = text[after : after + 2]
        return len(word) >= 3 and word.islower() and len(nxt) == 2 and nxt[0].isupper() and nxt[1].islower()
    word = _previous_word(text, start)
    nxt = _next_word(text, after)
    if not nxt:
        return True
    if "." in word and not _is_dotted_abbreviation(word):
        word = word.rsplit(".", 1)[-1]  # "£4.5bn." ends with the word "bn", not an abbreviation
    if not word:
        return True
    if word.isdigit() and len(word) <= 3 and _at_line_start(text, start - len(word)):
        return False  # a numbered list item: "1. ..."
    if _is_arabic_letter(word[-1]):
        if "." in word:
            return False  # أ.ف.ب
        if len(word) == 1:
            before = _char_before(text, start - 1)
            return word in _ARABIC_ABBREV_AFTER_NUMBER and before.isdigit()
        # Transliterated initials: "بي. بي. سي", "إم. بي. سي".
        return not (len(word) == 2 and len(nxt) <= 3 and _is_arabic_letter(nxt[0]))
    return _latin_word_ends(word, nxt)


def _char_before(text: str, index: int) -> str:
    """The last non-space character before `index` ("" at the start)."""
    while index > 0 and text[index - 1] in " \t\u00a0":
        index -= 1
    return text[index - 1] if index > 0 else ""


def _at_line_start(text: str, index: int) -> bool:
    return _char_before(text, index) in {"", "\n", "\r"}


def _latin_word_ends(word: str, nxt: str) -> bool:
    """Whether a full stop after the Latin-script `word`, followed by `nxt`, ends a sentence."""
    lower = word.casefold()
    if lower in _TITLES:
        return False
    if lower in _BEFORE_NUMBER and nxt[0].isdigit():
        return False
    if lower in _INNER:
        return False
    if len(word) == 1 and word.isalpha():
        return _starts_sentence(nxt)  # initials: J. K. Rowling
    if "." in word:
        return _starts_sentence(nxt)  # U.S., p.m.
    if lower in _SOFT:
        return _starts_sentence(nxt) or (lower in {"etc", "a.m", "p.m"} and nxt[0].isupper())
    # Unlisted abbreviations such as "Calif. police": a short capitalised word, then lowercase.
    return not (nxt[0].islower() and word[0].isupper() and len(word) <= 5 and word.isalpha())


def _is_boundary(text: str, match: re.Match[str], after: int) -> bool:
    run = match.group()
    if after >= len(text) or run == "\n":
        return True
    following = text[after]
    if "؛" in run or "۔" in run:
        return True
    if set(run) - {"."} - {"…"}:  # ! ? ؟
        if following.isspace():
            nxt = _next_word(text, after)
            # "the hit Hey Ya! after five nominations", "Yahoo! shares": a name, not a sentence end.
            return not (nxt[:1].isascii() and nxt[:1].islower())
        return _is_arabic_letter(following)
    if run == ".":
        return _single_dot_ends(text, match.start(), after)
    # An ellipsis ends a sentence only when something sentence-like follows.
    nxt = _next_word(text, after)
    return not nxt or nxt[0].isupper() or _is_arabic_letter(nxt[0]) or nxt[0].isdigit()


def split_sentences(text: str, language: str | None = None) -> list[Sentence]:
    """Split `text` into verbatim sentences with [start, end) offsets into `text`.

    `language` is accepted as a hint; the rules are the same for Arabic and English (and mixed) text.
    Whitespace-only and punctuation-only pieces are dropped.
    """
    del language  # the rules above are script-aware on their own
    spans = _protected_spans(text)
    starts = [start for start, _ in spans]
    cuts: list[int] = []
    soft = soft_line_breaks(text)
    for match in _TERMINATORS.finditer(text):
        if match.group() == "\n" and match.start() in soft:
            continue
        after = match.end()
        while after < len(text) and text[after] in _CLOSERS:
            after += 1
        if match.group() != "\n" and _inside(spans, starts, after):
            continue
        if _is_boundary(text, match, after):
            cuts.append(match.start() if match.group() == "\n" else after)
    sentences: list[Sentence] = []
    begin = 0
    for cut in [*cuts, len(text)]:
        _append_piece(text, begin, cut, sentences)
        begin = max(begin, cut)
    return sentences


def _append_piece(text: str, begin: int, end: int, out: list[Sentence]) -> None:
    piece = text[begin:end]
    stripped = piece.strip()
    if not stripped or not any(char.isalnum() for char in stripped):
        return
    start = begin + (len(piece) - len(piece.lstrip()))
    out.append(Sentence.in_body(text, start, start + len(stripped)))
