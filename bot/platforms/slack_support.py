"""Library-free pieces of the Slack adapter: a bounded cache whose entries expire, the team of a request.

Kept apart from `bot.platforms.slack` (the only module importing slack_bolt and slack_sdk) so that they are
small pieces tested alone.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class ExpiringCache(Generic[Key, Value]):
    """Remembers up to `capacity` values for `seconds` each; the least recently stored goes first."""

    def __init__(self, seconds: float, capacity: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.capacity = capacity
        self._clock = clock
        self._entries: OrderedDict[Key, tuple[float, Value]] = OrderedDict()

    def get(self, key: Key) -> Value | None:
        """The value stored for `key`, or None when there is none or it has expired."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        if self._clock() >= expires:
            del self._entries[key]
            return None
        return value

    def put(self, key: Key, value: Value) -> None:
        self._entries.pop(key, None)
        self._entries[key] = (self._clock() + self.seconds, value)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def team_of(body: dict[str, Any]) -> str:
    """The workspace a request comes from: `team_id` in slash commands and events, `team.id` (or the
    user's `team_id` for org-wide apps) in button presses; "" when Slack sent none."""
    team = (
        body.get("team_id") or (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id")
    )
    return str(team or "")
