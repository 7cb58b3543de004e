"""Normalisation of Arabic and Latin text for matching (display text always stays verbatim).

Follows the measured choices in ARABIC.md: NFKC, invisible characters removed, harakat and Quranic marks
and tatweel removed, alef forms unified, ى→ي, Persian ی→ي and ک→ك, ة→ه (switchable), Arabic-Indic and
Persian digits to ASCII, ٫ ٬ ٪ to . , %, typographic apostrophes to ', Latin accents dropped, casefold.

Hamza seats (measured on the SaudiNewsNet sample, 1.65 M Arabic tokens; see tests/test_text_normalize.py):
- ؤ → و. Typing a hamza on waw is often skipped (موتمر, مسوول); folding it merged 493 tokens of other stem
  classes, nearly all true variants (مسؤول/مسئول, شؤون/شئون, مؤقت/موقت, هؤلاء/هولاء) and a handful of
  clashes (يؤدي/يودي, بؤر/بور).
- ئ and ء before و → و, the Egyptian seat (مسئول, شئون, رءوس) of the ؤو the others write; except before a
  final ن or ا, where ئ/ء ends the stem and ون/وا is the plural (لاجئون = لاجئ + ون), unless only one
  letter precedes it (شئون).
- ئ elsewhere is kept. Folding it to ي (the ROUGE normaliser's choice) merged 6,519 tokens into other
  classes, mostly wrong: فئة → في ("in"), هيئة → هي ("she"), مائة → ما, بيئة, وفئات → وفيات ("deaths").
- ء on the line is kept: dropping it merges ماء/ما, جزء/جز, سوء/سو, بدء/بد (10,481 tokens).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Zero-width characters, direction marks, bidi embeddings/overrides/isolates, BOM, Arabic letter mark,
# soft hyphen and the word joiner: they never carry meaning for matching.
_INVISIBLES = [0x00AD, 0x061C, 0x180E, 0xFEFF, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064]
_INVISIBLES += list(range(0x200B, 0x2010))  # ZWSP ZWNJ ZWJ LRM RLM
_INVISIBLES += list(range(0x202A, 0x202F))  # LRE RLE PDF LRO RLO
_INVISIBLES += list(range(0x2066, 0x206A))  # LRI RLI FSI PDI

# Harakat, tanween, shadda, sukun, Quranic annotation marks, superscript alef, tatweel.
_ARABIC_MARKS = [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640]

# Combining marks left over after decomposing Latin letters (accents); dropped everywhere.
_COMBINING_LATIN = list(range(0x0300, 0x0370))

_LETTER_MAP = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ی": "ي",  # Persian yeh
    "ې": "ي",
    "ک": "ك",  # Persian keheh
    "ؤ": "و",  # hamza seats: see the module docstring
    "٫": ".",
    "٬": ",",
    "٪": "%",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "`": "'",
}


def _latin_folds() -> dict[int, str]:
    """Precomposed Latin letters with accents -> base letters (é->e, Ł->L); ß etc. are left to casefold."""
    folds: dict[int, str] = {}
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if base != char and base:
            folds[code] = base
    # Letters with a stroke do not decompose; fold the common ones by hand.
    for src, dst in {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "ı": "i"}.items():
        folds[ord(src)] = dst
    return folds


def _build_table(fold_teh_marbuta: bool) -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    table.update(_latin_folds())
    for code in _INVISIBLES + _ARABIC_MARKS + _COMBINING_LATIN:
        table[code] = None
    for src, dst in _LETTER_MAP.items():
        table[ord(src)] = dst
    for i in range(10):
        table[0x0660 + i] = str(i)  # Arabic-Indic digits
        table[0x06F0 + i] = str(i)  # Persian digits
    if fold_teh_marbuta:
        table[ord("ة")] = "ه"
    return table


_TABLE_FOLD = _build_table(True)
_TABLE_KEEP = _build_table(False)
_STRIP_INVISIBLES = {code: None for code in _INVISIBLES}

# ئو/ءو → وو (the seat ؤ takes elsewhere, already folded to و), but not where ئ/ء ends a stem before the
# plural ون/وا at the word's end (لاجئون)...
_SEAT_BEFORE_WAW = re.compile(r"[ئء]+و(?![نا](?![^\W_]))")
# ...unless a single letter, after optional و/ف and an article or ب/ل/ك, precedes it (شئون, والشئون).
_SEAT_IN_SHORT_PLURAL = re.compile(
    r"(?<![^\W_])((?:[وف])?(?:ال|بال|كال|فال|لل|[بلك])?[^\W\d_ئء])[ئء]و(?=[نا](?![^\W_]))"
)


def _fold_seats(text: str) -> str:
    if "ئو" not in text and "ءو" not in text:
        return text
    text = _SEAT_BEFORE_WAW.sub(lambda match: "و" * len(match.group()), text)
    return _SEAT_IN_SHORT_PLURAL.sub(r"\1وو", text)


def normalize(text: str, *, fold_teh_marbuta: bool = True) -> str:
    """Return the matching form of `text` (idempotent: normalising twice changes nothing).

    The result is for comparing and indexing only; never show it to a reader.
    >>> normalize("أَعلنت")
    'اعلنت'
    """
    table = _TABLE_FOLD if fold_teh_marbuta else _TABLE_KEEP
    if text.isascii():
        # Fast path: ASCII needs only casefolding and the backtick.
        return text.casefold().replace("`", "'")
    # Invisibles go first so that NFKC can compose what they separated (ا + ZWJ + hamza above).
    text = text.translate(_STRIP_INVISIBLES)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = _fold_seats(text.casefold().translate(table))
    # Casefolding and removing marks can, rarely, leave a text that NFKC would change again
    # (e.g. Greek or Hangul sequences); one more round makes the function idempotent.
    if not unicodedata.is_normalized("NFKC", text):
        text = _fold_seats(unicodedata.normalize("NFKC", text).casefold().translate(table))
    return text


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    """`normalize` with a cache, for single words (the tokenizer calls it once per raw word)."""
    return normalize(word)


@lru_cache(maxsize=50_000)
def normalize_word_keep_teh(word: str) -> str:
    """`normalize(word, fold_teh_marbuta=False)` with a cache."""
    return normalize(word, fold_teh_marbuta=False)
