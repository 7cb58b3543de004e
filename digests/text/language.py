"""Language detection by script: the share of Arabic-block letters, with Persian and Urdu told apart.

Statistical detectors are fooled by short names (بايدن → fa, NATO → it); news text is decided by script.
"""

from __future__ import annotations

_PERSIAN_LETTERS = frozenset("پچژگکی")  # also used by Urdu
_URDU_LETTERS = frozenset("ےٹڈڑںھۓ")
_ARABIC_ONLY_LETTERS = frozenset("يكةى")  # Arabic forms that Persian and Urdu text replace (ی, ک)
_ARABIC_SHARE = 0.4  # Arabic articles quote Latin brand names (Apple iPhone 16 Pro Max at WWDC)


def _is_arabic_block(char: str) -> bool:
    code = ord(char)
    return (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x08A0 <= code <= 0x08FF
        or (0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF)
    )


def detect_language(text: str) -> str:
    """Return "ar", "fa", "ur", "en" (any Latin-script text) or "unknown" (no letters). Never raises.

    >>> detect_language("عاجل: زلزال في تركيا")
    'ar'
    """
    arabic = latin = other = 0
    persian = urdu = arabic_only = 0
    for char in text:
        if not char.isalpha():
            continue
        if _is_arabic_block(char):
            arabic += 1
            if char in _PERSIAN_LETTERS:
                persian += 1
            elif char in _URDU_LETTERS:
                urdu += 1
            elif char in _ARABIC_ONLY_LETTERS:
                arabic_only += 1
        elif char.isascii() or "\u00c0" <= char <= "\u024f":
            latin += 1
        else:
            other += 1
    letters = arabic + latin + other
    if letters == 0:
        return "unknown"
    if arabic / letters >= _ARABIC_SHARE:
        if urdu >= 2 and urdu + persian > arabic_only:
            return "ur"
        if persian >= 2 and persian > arabic_only:
            return "fa"
        return "ar"
    if latin >= other:
        return "en"
    return "unknown"
