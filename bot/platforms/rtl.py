"""Right-to-left text for chat messages: base direction per line, and isolates around opposite runs.

Choices (documented here because every renderer relies on them):

- A line's base direction is set with a leading mark: RLM (U+200F) for every line of an Arabic reply and
  for Arabic lines of an English one, LRM (U+200E) for the other lines of an English reply. Clients pick a
  paragraph's direction from its first strong character, and a mark *is* a strong character; wrapping the
  whole line in RLI...PDI would not work, because the Unicode bidi algorithm skips isolated text when it
  looks for that first strong character (UAX #9 P2).
- Inside an Arabic (RTL) line, every left-to-right run (Latin names, "iPhone 16", URLs, numbers attached to
  Latin words before or after them: "3alyoum", "5G", "COVID-19") is wrapped in LRI (U+2066) ... PDI
  (U+2069): the run keeps its own order and punctuation next to it cannot jump to the other end. A digit
  glued to the front of a Latin word must be inside: outside, it is an Arabic number (UAX #9 W2 turns a
  European digit after Arabic letters into AN) and shows on the far side, "alyoum3". Inside a Latin (LTR)
  line, Arabic runs are wrapped in RLI ... PDI, which stops a number after an Arabic word from being pulled
  into the Arabic run ("شكرا 2025"). Punctuation glued to a Latin token goes inside its isolate when it
  belongs to the token ("http://", "since:", "Inc.", "::1") and stays outside when it belongs to the Arabic
  sentence (the rule and why, by UAX #9 N1/N2, above `_LEADING_SIGNS`).
- Isolates, not LRE/RLE embeddings or LRM/RLM around a run: an isolate counts as one neutral character to
  the text around it (UAX #9 BD13, X5a-X6a), so its content can neither reorder nor be reordered by it.
  LRI and RLI rather than FSI: we know each run's direction, while FSI takes it from the first strong
  letter (UAX #9 X5c by P2-P3), wrongly for a mostly Latin line that opens with an Arabic word.
- A line whose content is left-to-right inside an Arabic reply (a "/time HH:MM" command, an English
  headline) still starts with RLM, so every line of the message is right-aligned, and its content is one
  LRI ... PDI, so it reads left to right with its final punctuation in place (see `layout.bidi_spans`).
- Bare numbers inside Arabic lines are left alone: the bidi algorithm already shows them correctly.
- Bidi controls that arrive inside article text (a stray RLO can reverse a whole message) are removed first.
- Styling: bold, italic and links only. No code/pre blocks for prose (they force left-to-right monospace
  on several clients) and no ASCII art or alignment by spaces.
"""

from __future__ import annotations

import re
import unicodedata

RLM = "\u200f"
LRM = "\u200e"
LRI = "\u2066"
RLI = "\u2067"
FSI = "\u2068"
PDI = "\u2069"

_INITIATORS = (LRI, RLI, FSI)
# LRE RLE PDF LRO RLO, the isolates, and the marks: none may come from article text.
_FOREIGN_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def char_direction(char: str) -> str:
    """ "L", "R" (Hebrew and Arabic letters) or "N" (digits, spaces, punctuation, marks)."""
    kind = unicodedata.bidirectional(char)
    if kind == "L":
        return "L"
    if kind in ("R", "AL"):
        return "R"
    return "N"


def base_direction(text: str, default: str = "ltr") -> str:
    """ "rtl" when most words are right-to-left (a tie counts as rtl), "ltr" when most are left-to-right.

    Words, not letters, and not the first strong letter: "Apple تعلن عن هاتف iPhone 16 Pro" is an Arabic
    sentence although it starts with a Latin word and Latin names have more letters than Arabic words."""
    rtl = ltr = 0
    for word in text.split():
        letters = [char_direction(char) for char in word]
        right, left = letters.count("R"), letters.count("L")
        if right or left:
            if right >= left:
                rtl += 1
            else:
                ltr += 1
    if rtl == ltr == 0:
        return default
    return "rtl" if rtl >= ltr else "ltr"


def strip_bidi_controls(text: str) -> str:
    """Remove embedding, override and isolate controls and marks (they come from sources, not from us)."""
    return _FOREIGN_CONTROLS.sub("", text)


def opposite_runs(text: str, direction: str) -> list[tuple[int, int]]:
    """(start, end) of the runs that go against `direction` ("rtl" or "ltr").

    A run starts at a strong letter of the opposite direction and ends at the last letter or digit before
    the next strong letter of the line's own direction; spaces and punctuation between two opposite runs
    belong to the run, so "BBC News, London" stays one unit. In a right-to-left line, punctuation touching
    a Latin token joins its run when it belongs to the token (see "Punctuation at the edges" below), and an
    IPv6 address without letters ("::1") is a run of its own."""
    opposite = "L" if direction == "rtl" else "R"
    addresses = _addresses(text) if opposite == "L" else {}
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(text):
        address_end = addresses.get(index)
        if char_direction(text[index]) != opposite and address_end is None:
            index += 1
            continue
        end = max(_run_end(text, index, opposite), address_end or 0)
        start = index
        if opposite == "L":
            start = _run_start(text, start, runs[-1][1] if runs else 0)
        runs.append((start, end))
        index = end
    return runs


# Punctuation at the edges of a Latin token in a right-to-left line (UAX #9 N1, N2).
#
# Outside the isolate, a mark touching a Latin token lies between the isolate, which the line sees as one
# neutral (BD13, X6a), and Arabic text or the line's end. N1 resolves neutrals between two right-to-left
# types (Arabic letters, Arabic numbers, and sos/eos, which take the paragraph's RTL) to R, and N2 resolves
# whatever is left to the embedding direction, RTL again: either way the mark is laid out right to left, on
# the far side of the token, so "http://" shows as "//:http", "since:" as ":since", "Inc." as ".Inc",
# "::ffff:..." as "...ffff::". Inside the isolate it resolves against the token's own L (N1 between L and L,
# N2 with the isolate's LTR embedding) and stays where it was typed. So:
# - inside go marks glued to the token (no space between) that belong to it: signs such as "C++", "50%",
#   "-", "_", "=", "/", a colon followed by more of the token ("http://") or ending a lowercase key or scheme
#   ("since:", "http:" before a space or at the end), the full stop of an abbreviation ("Inc.", "U.S."),
#   a closing bracket opened inside; and in front, signs glued to it: "/search", "@user", "::ffff", ".env";
# - outside stays the punctuation of the Arabic sentence, where N1/N2 already put it at the sentence's end
#   (left of the token): any mark after a space; Arabic ، ؛ ؟ (never taken: they are not in these lists);
#   a full stop, comma, "!" or "?" after a Latin word that is not an abbreviation ("... مؤتمر WWDC.");
#   a colon after a name in prose ("باسم Google: إن"); a sign between the token and an Arabic word it
#   touches ("Apple/أبل", "source:اسم", "كلمة.Apple", "عام-Apple": the Arabic side keeps it).
_LEADING_SIGNS = "/@#$€£+-_.~\\:"
_TRAILING_SIGNS = "%+#°'’/\\-_=&*~@"
_CLOSERS = {")": "(", "]": "[", ">": "<"}
# Abbreviations whose full stop is part of the word; dotted ones ("U.S", "e.g", "a.m") are found by shape.
_ABBREVIATIONS = frozenset(
    {"inc", "ltd", "co", "corp", "jr", "sr", "st", "dr", "mr", "mrs", "ms", "prof", "no", "vs", "etc", "bros"}
)
_KEY = re.compile(r"[a-z][a-z0-9+.-]*")  # "since", "lang", "http", "svn+ssh": a search key or URL scheme
# An IPv6 address, or its "::" shorthand, not inside a word: "::1", "::", "2001:db8::1", "::ffff:10.0.0.1".
_ADDRESS = re.compile(r"(?<![\w.:])[0-9A-Fa-f.:]*::[0-9A-Fa-f.:]*(?<!\.)")


def _addresses(text: str) -> dict[int, int]:
    """Start -> end of the IPv6 addresses in `text` (with no letter, UAX #9 would lay "::1" out as "1::")."""
    if "::" not in text:
        return {}
    return {match.start(): match.end() for match in _ADDRESS.finditer(text)}


def _run_start(text: str, start: int, floor: int) -> int:
    """`start` moved back over what is glued to the front of a Latin word: a number ("3alyoum", "5G",
    "3.5GHz", "2001:db8") and signs ("/search", "@user", "#tag", "$5", "-v", "::ffff").

    Only with no space between: "2025 Apple" keeps its number outside, where UAX #9 already shows it right.
    A comma joins only between two digits ("12,5G"). Signs glued to an Arabic word on their left end that
    word ("كلمة.Apple", "عاجل:Apple", "عام-Apple") and stay out; the run never reaches back into the
    previous one (`floor`)."""
    index = start
    while index > floor and _joins_front(text, index - 1, floor):
        index -= 1
    if index > 0 and char_direction(text[index - 1]) == "R":
        while index < start and text[index] in _LEADING_SIGNS:
            index += 1
    return index


def _joins_front(text: str, index: int, floor: int) -> bool:
    """Whether text[index], just before a run being extended backwards, is glued to it."""
    char = text[index]
    if _is_digit(char) or char in _LEADING_SIGNS:
        return True
    return char == "," and index > floor and _is_digit(text[index - 1]) and _is_digit(text[index + 1])


def _is_digit(char: str) -> bool:
    """A European digit (bidi class EN: ASCII and Persian digits), the kind UAX #9 W2 would turn into AN."""
    return unicodedata.bidirectional(char) == "EN"


def opener_for(direction: str) -> str:
    """The isolate that opens an opposite run inside a line of `direction`."""
    return LRI if direction == "rtl" else RLI


def isolate_runs(text: str, direction: str) -> str:
    """Wrap the runs that go against `direction` in isolates (LRI/RLI ... PDI)."""
    out: list[str] = []
    previous = 0
    for start, end in opposite_runs(text, direction):
        out.append(text[previous:start] + opener_for(direction) + text[start:end] + PDI)
        previous = end
    out.append(text[previous:])
    return "".join(out)


def _run_end(text: str, start: int, opposite: str) -> int:
    """End (exclusive) of the opposite-direction run starting at `start`."""
    last_inside = start + 1
    index = start + 1
    while index < len(text):
        char = text[index]
        direction = char_direction(char)
        if direction == opposite:
            last_inside = index + 1
        elif direction != "N":
            break
        elif unicodedata.category(char).startswith("M"):
            last_inside = index + 1  # harakat and other combining marks belong to their letter
        elif opposite == "L" and _sticks_to_latin(text, start, last_inside, index):
            last_inside = index + 1
        index += 1
    return last_inside


def _sticks_to_latin(text: str, start: int, last_inside: int, index: int) -> bool:
    """Whether a neutral character after a Latin run belongs to it: a number after spaces or inside the
    same word ("iOS 18", "?y=1"), or punctuation glued to it that belongs to the token ("C++", "50%",
    "(Inc)", "<a.example/>", "http://", "since:", "Inc."; the rule is above `_LEADING_SIGNS`). Never for
    Arabic runs, where "شكرا 2025" would show the number on the wrong side; never a sign after a space
    ("/x +كلمة")."""
    char = text[index]
    gap = text[last_inside:index]
    if unicodedata.bidirectional(char) == "EN":
        # Only spaces between ("iPhone 16"), or no space at all ("y=1", "v2.0"): not "Apple، 500".
        return not gap.strip() or not any(c.isspace() for c in gap)
    if gap:
        return False
    following = text[index + 1] if index + 1 < len(text) else " "
    if char in _CLOSERS:
        return _opens_inside(text, start, index)
    if char in _TRAILING_SIGNS:
        return char_direction(following) != "R"
    word = text[start:index].rsplit(None, 1)[-1]
    if char == ":":
        if not following.isspace():
            return char_direction(following) != "R"  # "http://", "fe80::1"; not "source:اسم"
        return _KEY.fullmatch(word) is not None  # "since: ...": a key; "Google: ..." in prose: not
    return char == "." and _is_abbreviation(word)


def _is_abbreviation(word: str) -> bool:
    """ "Inc", "Ltd", "Dr" (from a short list) or a dotted word ("U.S", "e.g", "a.m"): its full stop is
    part of it, not the end of the Arabic sentence."""
    parts = word.split(".")
    dotted = len(parts) > 1 and all(part.isascii() and part.isalpha() and len(part) <= 2 for part in parts)
    return dotted or word.casefold() in _ABBREVIATIONS


def _opens_inside(text: str, start: int, index: int) -> bool:
    """Whether the bracket closing at `index` was opened inside the run that starts at `start` ("(Inc)",
    "<https://a.example/>")."""
    segment = text[start:index]
    opener = _CLOSERS[text[index]]
    return segment.count(opener) > segment.count(text[index])


def bidi_line(text: str, direction: str) -> str:
    """A line ready for a chat: foreign controls stripped, opposite runs isolated, direction mark first."""
    clean = strip_bidi_controls(text)
    return (RLM if direction == "rtl" else LRM) + isolate_runs(clean, direction)


def balance_isolates(text: str) -> str:
    """Close isolates left open and drop unmatched PDIs (used after a line was cut in two)."""
    out: list[str] = []
    depth = 0
    for char in text:
        if char in _INITIATORS:
            depth += 1
        elif char == PDI:
            if depth == 0:
                continue
            depth -= 1
        out.append(char)
    return "".join(out) + PDI * depth


ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def localize_digits(text: str, language: str) -> str:
    """Arabic-Indic digits for the bot's own numbers in Arabic replies (dates, counts); others unchanged."""
    return text.translate(ARABIC_DIGITS) if language == "ar" else text
