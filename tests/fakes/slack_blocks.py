"""What Slack refuses and what it would ping: the message rules the fake Slack Web API enforces.

Limits (characters counted as UTF-16 code units, at least as strict as Slack's own count): 50 blocks, section
text 3,000, header 150 (plain_text only), button label 75, value 2,000, action_id/block_id 255 and unique,
10 context elements, 25 actions elements, cumulative block text ~12,000 (`msg_blocks_too_long`, undocumented
but observed), text 40,000 (`msg_too_long`). A plain-text fallback `text` is required with blocks (Slack only
warns; our rule is stricter).

`parse_like_slack` lists the mentions Slack would notify (`<!channel>`, `<@U..>`, and bare `@here` words when
a text is not verbatim) and the links it would render.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_BLOCKS_TEXT = 12_000
MAX_TEXT = 40_000
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_ID = 255
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTION_ELEMENTS = 25

_SPECIAL = re.compile(r"<([@!#])([^>|]*)(?:\|[^>]*)?>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]*)(?:\|([^>]*))?>")
_BARE_BROADCAST = re.compile(r"(?<![\w<!])@(channel|here|everyone)\b")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units (emoji outside the BMP count 2)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Posted:
    """One accepted message (chat.postMessage or a response_url post)."""

    via: str
    """"chat.postMessage" or "response:<name>"."""
    payload: dict[str, Any]
    pings: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    @property
    def blocks(self) -> list[dict[str, Any]]:
        return list(self.payload.get("blocks") or [])

    @property
    def text(self) -> str:
        return str(self.payload.get("text") or "")


class InvalidMessage(Exception):
    def __init__(self, error: str, detail: str) -> None:
        self.error = error
        self.detail = detail
        super().__init__(f"{error}: {detail}")


def validate_message(payload: dict[str, Any]) -> None:
    """Raise InvalidMessage the way chat.postMessage refuses a payload."""
    text = payload.get("text")
    blocks = payload.get("blocks")
    if not text:
        # Slack accepts blocks without text but warns; our rule is stricter: the fallback must be there
        raise InvalidMessage("no_text", "a plain-text fallback `text` is required")
    if utf16_len(str(text)) > MAX_TEXT:
        raise InvalidMessage("msg_too_long", f"text is {utf16_len(str(text))} > {MAX_TEXT}")
    if blocks is None:
        return
    if not isinstance(blocks, list) or len(blocks) > MAX_BLOCKS:
        raise InvalidMessage("invalid_blocks", f"must provide at most {MAX_BLOCKS} blocks")
    ids: set[str] = set()
    total = 0
    for index, block in enumerate(blocks):
        total += _validate_block(block, index, ids)
    if total > MAX_BLOCKS_TEXT:
        raise InvalidMessage("msg_blocks_too_long", f"cumulative block text {total} > {MAX_BLOCKS_TEXT}")


def _validate_block(block: Any, index: int, ids: set[str]) -> int:
    where = f"blocks[{index}]"
    if not isinstance(block, dict):
        raise InvalidMessage("invalid_blocks", f"{where} must be an object")
    block_id = block.get("block_id")
    if block_id is not None:
        _check_id(block_id, f"{where}.block_id", ids)
    kind = block.get("type")
    if kind == "divider":
        return 0
    if kind == "header":
        return _text_object(block.get("text"), f"{where}.text", MAX_HEADER_TEXT, plain_only=True)
    if kind == "section":
        return _text_object(block.get("text"), f"{where}.text", MAX_SECTION_TEXT)
    if kind == "context":
        elements = block.get("elements") or []
        if not 1 <= len(elements) <= MAX_CONTEXT_ELEMENTS:
            raise InvalidMessage("invalid_blocks", f"{where}.elements must hold 1-{MAX_CONTEXT_ELEMENTS}")
        return sum(_text_object(e, f"{where}.elements[{i}]", MAX_SECTION_TEXT)
                   for i, e in enumerate(elements))
    if kind == "actions":
        elements = block.get("elements") or []
        if not 1 <= len(elements) <= MAX_ACTION_ELEMENTS:
            raise InvalidMessage("invalid_blocks", f"{where}.elements must hold 1-{MAX_ACTION_ELEMENTS}")
        return sum(_button(e, f"{where}.elements[{i}]", ids) for i, e in enumerate(elements))
    raise InvalidMessage("invalid_blocks", f"{where}: unsupported block type {kind!r}")


def _text_object(obj: Any, where: str, limit: int, *, plain_only: bool = False) -> int:
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        raise InvalidMessage("invalid_blocks", f"{where} must be a text object")
    if plain_only and obj["type"] != "plain_text":
        raise InvalidMessage("invalid_blocks", f"{where} must be plain_text")
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        raise InvalidMessage("invalid_blocks", f"{where} must have a non-empty text")
    size = utf16_len(text)
    if size > limit:
        raise InvalidMessage("invalid_blocks", f"{where} must be less than {limit + 1} characters ({size})")
    return size


def _button(element: Any, where: str, ids: set[str]) -> int:
    if not isinstance(element, dict) or element.get("type") != "button":
        raise InvalidMessage("invalid_blocks", f"{where} must be a button")
    size = _text_object(element.get("text"), f"{where}.text", MAX_BUTTON_TEXT, plain_only=True)
    _check_id(element.get("action_id"), f"{where}.action_id", ids)
    value = element.get("value", "")
    if not isinstance(value, str) or len(value) > MAX_BUTTON_VALUE:
        raise InvalidMessage("invalid_blocks", f"{where}.value must be at most {MAX_BUTTON_VALUE} characters")
    return size


def _check_id(value: Any, where: str, ids: set[str]) -> None:
    if not isinstance(value, str) or not value or len(value) > MAX_ID:
        raise InvalidMessage("invalid_blocks", f"{where} must be 1-{MAX_ID} characters")
    if value in ids:
        raise InvalidMessage("invalid_blocks", f"{where} {value!r} is not unique")
    ids.add(value)


def parse_like_slack(posted: Posted) -> None:
    """Collect the mentions Slack would notify and the links it would render."""
    payload = posted.payload
    texts: list[tuple[str, bool]] = []
    plain_parse = payload.get("parse") == "none" and not payload.get("link_names")
    texts.append((str(payload.get("text") or ""), plain_parse))
    for block in payload.get("blocks") or []:
        for obj in _text_objects(block):
            if obj.get("type") == "mrkdwn":
                texts.append((obj["text"], bool(obj.get("verbatim"))))
    for text, verbatim in texts:
        posted.pings += [m.group(1) + m.group(2) for m in _SPECIAL.finditer(text) if m.group(1) in "@!"]
        posted.links += [m.group(1) for m in _LINK.finditer(text)]
        if not verbatim:
            posted.pings += ["!" + m.group(1) for m in _BARE_BROADCAST.finditer(text)]


def _text_objects(block: dict[str, Any]) -> list[dict[str, Any]]:
    found = [block["text"]] if isinstance(block.get("text"), dict) else []
    return found + [e for e in block.get("elements") or [] if isinstance(e, dict) and "text" in e
                    and isinstance(e["text"], str)]
