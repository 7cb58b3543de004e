"""Bytes to text for feeds and article files: BOMs, UTF-8, UTF-16, and legacy (Arabic) code pages.

Order of evidence, strongest first: a byte order mark; UTF-16 without a BOM (NUL bytes at the spaces);
bytes that are valid UTF-8 (legacy single-byte text almost never is, so this beats a wrong declaration);
the declared encoding (XML declaration, HTML meta, HTTP header) unless it turns Arabic into accented Latin;
Windows-1256 when that yields Arabic letters; then charset-normalizer's guess.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from bot.errors import ParseError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")
_XML_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)


def strip_bom(data: bytes) -> tuple[bytes, str | None]:
    """Remove a byte order mark, returning the rest and the encoding it names (or None)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :], name
    return data, None


def _utf16_without_bom(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM: NUL bytes present, and one byte order gives alphabetic scripts
    (code points below U+0800: Latin, Arabic, Greek, Cyrillic...) where the other gives CJK soup."""
    sample = data[:8192]
    if len(sample) < 4 or sample.count(0) < len(sample) // 64 + 1:
        return None
    best, best_score = None, 0.0
    for name in ("utf-16-le", "utf-16-be"):
        text = sample[: len(sample) // 2 * 2].decode(name, errors="replace")
        if _CONTROL.search(text[:2000]) and len(_CONTROL.findall(text)) > len(text) // 100:
            continue
        if text.count(" ") + text.count("\n") < len(text) // 40:
            continue  # real prose has spaces or line breaks; shifted binary rarely does
        score = sum(1 for ch in text if ch < "\u0800") / max(len(text), 1)
        if score > best_score:
            best, best_score = name, score
    return best if best_score > 0.8 else None


def declared_encoding(data: bytes) -> str | None:
    """The encoding named by an XML declaration or an HTML meta tag near the start of `data`."""
    head = data[:2048]
    match = _XML_DECL_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def header_charset(content_type: str | None) -> str | None:
    """The charset named by an HTTP Content-Type header ("text/xml; charset=utf-8" -> "utf-8"), or None."""
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, declared: str | None = None, where: str = "input") -> tuple[str, str]:
    """Decode `data` to text, returning (text, encoding name). Raises ParseError for binary data.

    `declared` is an outside hint (an HTTP charset); a declaration inside the bytes is read as well.
    """
    body, bom_encoding = strip_bom(data)
    if bom_encoding:
        return _checked(_decode(body, bom_encoding, where), where), bom_encoding
    utf16 = _utf16_without_bom(body)
    if utf16:
        return _checked(_decode(body, utf16, where), where), utf16
    try:
        return _checked(body.decode("utf-8"), where), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in body[:8192]:
        raise ParseError(where, "binary data (NUL bytes), not text")
    for hint in (declared_encoding(body), declared):
        name = _known(hint)
        if name and name not in ("utf-8", "utf-16", "utf-32", "ascii"):
            try:
                text = body.decode(name)
            except UnicodeDecodeError:
                continue
            if not _looks_misdeclared(text):
                return _checked(text, where), name
    # This bot reads Arabic and English: Windows-1256 that comes out as Arabic letters is taken before any
    # statistical guess, which RLM marks and short texts mislead (towards Cyrillic code pages, measured).
    arabic = _as_arabic_code_page(body)
    if arabic is not None:
        return _checked(arabic, where), "cp1256"
    guess = from_bytes(body[:200_000]).best()
    if guess is None:
        raise ParseError(where, "cannot detect the text encoding (binary data?)")
    return _checked(_decode(body, guess.encoding, where), where), guess.encoding


def _looks_misdeclared(text: str) -> bool:
    """Arabic (or other non-Latin) bytes read as Latin-1/Windows-1252 give letters that are almost all
    accented Latin (U+00C0-U+00FF); real Western European text is mostly plain ASCII letters."""
    sample = text[:20_000]
    letters = sum(1 for ch in sample if ch.isalpha())
    accented = sum(1 for ch in sample if "\u00c0" <= ch <= "\u00ff")
    return letters > 20 and accented > letters // 2


def _as_arabic_code_page(body: bytes) -> str | None:
    """`body` read as Windows-1256, if most of its letters then come out Arabic; else None."""
    text = body.decode("cp1256", errors="replace")
    sample = text[:20_000]
    letters = len(_LETTER.findall(sample))
    arabic = len(_ARABIC_LETTER.findall(sample))
    return text if letters and arabic > letters * 0.6 else None


def _decode(body: bytes, encoding: str, where: str) -> str:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ParseError(where, f"not valid {encoding}: {exc}") from None


def _checked(text: str, where: str) -> str:
    """Refuse text that is mostly control characters: binary data that happened to decode."""
    sample = text[:20_000]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise ParseError(where, "binary data (control characters), not text")
    return text
