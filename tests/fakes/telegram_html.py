"""Telegram's HTML parse mode, checked as strictly as the Bot API does, for the fake server and the tests.

`parse_telegram_html(markup)` returns the message's plain text (what Telegram counts against 4096 UTF-16
units) or raises `HtmlError` with a message in Telegram's words ("can't parse entities: ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-spoiler",
    "span",
    "tg-emoji",
}
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>"
)
_ATTRIBUTE = re.compile(r"([a-zA-Z-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")


class HtmlError(ValueError):
    """The markup would be refused by the Bot API with 400 "Bad Request: can't parse entities"."""


@dataclass(frozen=True, slots=True)
class Entity:
    tag: str
    offset: int
    """Start in the plain text, in UTF-16 code units (as Telegram reports entities)."""
    length: int
    href: str | None = None


def _unescape(text: str, position: int) -> str:
    """Decode the entities of a text run; a bare "&" that starts no known entity is an error."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char != "&":
            out.append(char)
            index += 1
            continue
        match = _ENTITY.match(text, index)
        if not match:
            raise HtmlError(
                f"can't parse entities: Character entity expected at byte offset {position + index}"
            )
        name = match.group(1)
        out.append(
            _NAMED[name] if name in _NAMED else chr(int(name[2:], 16) if name[1] == "x" else int(name[1:]))
        )
        index = match.end()
    return "".join(out)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_entities(markup: str) -> tuple[str, list[Entity]]:
    """Plain text and entities of Telegram HTML; raises HtmlError like the Bot API would."""
    plain: list[str] = []
    units = 0
    stack: list[tuple[str, int, str | None]] = []
    entities: list[Entity] = []
    index = 0
    while index < len(markup):
        lt = markup.find("<", index)
        chunk = markup[index:] if lt < 0 else markup[index:lt]
        text = _unescape(chunk, index)
        plain.append(text)
        units += _utf16(text)
        if lt < 0:
            break
        match = _TAG.match(markup, lt)
        if not match:
            raise HtmlError(f'can\'t parse entities: Unexpected "<" at byte offset {lt}')
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if not stack:
                raise HtmlError(f"can't parse entities: Unexpected end tag at byte offset {lt}")
            open_name, start, href = stack.pop()
            if open_name != name:
                raise HtmlError(
                    f"can't parse entities: Unmatched end tag at byte offset {lt}, "
                    f'expected "</{open_name}>", '
                    f'found "</{name}>"'
                )
            entities.append(Entity(open_name, start, units - start, href))
        else:
            stack.append((name, units, _check_start_tag(name, attributes, stack, lt)))
        index = match.end()
    if stack:
        raise HtmlError(
            f"can't parse entities: Can't find end tag corresponding to start tag \"{stack[-1][0]}\""
        )
    return "".join(plain), entities


def _check_start_tag(
    name: str, attributes: str, stack: list[tuple[str, int, str | None]], at: int
) -> str | None:
    if name not in ALLOWED_TAGS:
        raise HtmlError(f'can\'t parse entities: Unsupported start tag "{name}" at byte offset {at}')
    values = {
        m.group(1).lower(): _unescape(m.group(2) or m.group(3) or m.group(4) or "", at)
        for m in _ATTRIBUTE.finditer(attributes)
    }
    if any(
        open_name in ("code", "pre") and not (open_name == "pre" and name == "code")
        for open_name, _, _ in stack
    ):
        raise HtmlError(f"can't parse entities: tags inside a code entity at byte offset {at}")
    if name == "a":
        if any(open_name == "a" for open_name, _, _ in stack):
            raise HtmlError(f"can't parse entities: nested link at byte offset {at}")
        href = values.get("href")
        if not href or not re.match(r"^(https?://|tg://|mailto:)\S+$", href):
            raise HtmlError(f"can't parse entities: bad link URL at byte offset {at}")
        return href
    if name == "span" and values.get("class") != "tg-spoiler":
        raise HtmlError(f'can\'t parse entities: Unsupported start tag "span" at byte offset {at}')
    return None


def parse_telegram_html(markup: str) -> str:
    """The plain text of Telegram HTML (raises HtmlError when the Bot API would refuse it)."""
    return parse_entities(markup)[0]
