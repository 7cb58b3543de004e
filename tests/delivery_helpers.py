"""Fakes for delivery tests: a chat platform that records what it sends, and a digest builder that counts
builds. Also used by the worker subprocesses of test_delivery_kill.py and test_two_processes.py."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from bot.chat import Reply
from bot.platforms.base import CommandHandler, PartSent
from bot.records import ChatRef, StoredArticle
from digests.model import Digest, DigestOptions, Topic, TopicSentence


class CountingBuilder:
    """A DigestBuilder: one topic per stored article (title as label). Counts how often it is called."""

    def __init__(self) -> None:
        self.calls: list[tuple[DigestOptions, date, int]] = []

    def __call__(
        self, stored: Sequence[StoredArticle], options: DigestOptions, now: datetime, day: date, language: str
    ) -> Digest:
        self.calls.append((options, day, len(stored)))
        topics = tuple(
            Topic(
                label=a.title,
                keywords=(),
                score=1.0,
                language=a.language,
                sentences=(TopicSentence(a.text, str(a.id)),),
                articles=(),
            )
            for a in stored
        )
        return Digest(
            date=day,
            language=language,
            topics=topics,
            generated_at=now,
            article_count=len(stored),
            options=options,
        )


@dataclass
class Sent:
    chat: ChatRef
    part: int
    reply: Reply


@dataclass
class RecordingPlatform:
    """A ChatPlatform that 'sends' `parts` parts per reply and records them. `failures` maps a chat id to an
    exception raised instead of sending (once, or always with `sticky`); `crash_after` raises `crash` right
    after the given part was accepted and recorded as sent (the caller never learns it)."""

    name: str = "telegram"
    parts: int = 1
    sent: list[Sent] = field(default_factory=list)
    failures: dict[str, BaseException] = field(default_factory=dict)
    sticky: bool = False
    crash_after: int | None = None
    crash: type[BaseException] = RuntimeError

    async def start(self, handle: CommandHandler) -> None:  # pragma: no cover - not used by delivery
        return None

    async def stop(self) -> None:
        return None

    async def send(
        self, chat: ChatRef, reply: Reply, *, skip_parts: int = 0, on_part_sent: PartSent | None = None
    ) -> int:
        failure = self.failures.get(chat.chat_id)
        if failure is not None:
            if not self.sticky:
                del self.failures[chat.chat_id]
            raise failure
        for part in range(skip_parts + 1, self.parts + 1):
            self.sent.append(Sent(chat, part, reply))
            if self.crash_after == part:
                raise self.crash(f"crashed after part {part}")
            if on_part_sent is not None:
                await on_part_sent(part)
        return self.parts


class FileLogPlatform:
    """For worker subprocesses: appends one JSON line per accepted part to a shared file (O_APPEND lines are
    atomic), and SIGKILLs its own process at a chosen point when asked."""

    def __init__(
        self,
        log_path: Path,
        *,
        parts: int = 1,
        process: str = "",
        kill_at_part: int | None = None,
        kill_before_commit: bool = True,
    ) -> None:
        self.name = "telegram"
        self.log_path = log_path
        self.parts = parts
        self.process = process
        self.kill_at_part = kill_at_part
        self.kill_before_commit = kill_before_commit

    async def start(self, handle: CommandHandler) -> None:  # pragma: no cover
        return None

    async def stop(self) -> None:
        return None

    async def send(
        self, chat: ChatRef, reply: Reply, *, skip_parts: int = 0, on_part_sent: PartSent | None = None
    ) -> int:
        for part in range(skip_parts + 1, self.parts + 1):
            line = json.dumps(
                {
                    "chat": chat.chat_id,
                    "part": part,
                    "process": self.process,
                    "day": str(reply.digest.date) if reply.digest else None,
                }
            )
            fd = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, (line + "\n").encode())
            finally:
                os.close(fd)
            if part == self.kill_at_part and self.kill_before_commit:
                os.kill(os.getpid(), 9)  # accepted by the "platform", progress not committed yet
            if on_part_sent is not None:
                await on_part_sent(part)
            if part == self.kill_at_part:
                os.kill(os.getpid(), 9)  # progress committed, next part not sent
        return self.parts


def read_log(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
