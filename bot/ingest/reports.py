"""What an ingest run reports: counts, and one Failure per file or feed that could not be read."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.records import ChatRef


@dataclass(frozen=True, slots=True)
class Failure:
    where: str
    """The file path (with `:line` for a JSON-lines record) or the feed URL."""
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class FailureReason:
    """Why a source as a whole failed, as a code a chat can say in the user's language (the English detail
    is `SourceReport.error`): a FetchError's code ("http_status" with `status`, "gone", "timeout",
    "too_large", "blocked.loopback"...), "not_a_feed" for a feed whose content could not be parsed, or
    "unreadable" for a file source that could not be read."""

    code: str
    status: int | None = None
    """The HTTP status, for "http_status"."""


@dataclass(frozen=True, slots=True)
class SourceReport:
    source_id: int
    name: str
    new: int = 0
    updated: int = 0
    duplicate: int = 0
    failed: int = 0
    """Files, records or feeds that failed (each has a Failure)."""
    failures: tuple[Failure, ...] = ()
    not_modified: bool = False
    deactivated: bool = False
    notify: tuple[ChatRef, ...] = ()
    """Chats to tell that the source was deactivated."""
    error: str | None = None
    """Why the source as a whole failed this time (network, status, parse), if it did."""
    reason: FailureReason | None = None
    """The same as a code, for chats that are told in Arabic (the English `error` keeps the detail)."""
    added: bool = False
    """This run registered the location as a new source and kept it (`newsbot ingest` says so)."""


@dataclass(frozen=True, slots=True)
class IngestReport:
    new: int = 0
    updated: int = 0
    duplicate: int = 0
    failed: int = 0
    failures: tuple[Failure, ...] = ()
    sources: tuple[SourceReport, ...] = field(default=())

    @classmethod
    def combine(
        cls, reports: list[SourceReport], extra_failures: list[Failure] | None = None
    ) -> IngestReport:
        """Sum source reports; `extra_failures` are problems outside any source (bad OPML, bad location)."""
        extra = tuple(extra_failures or ())
        return cls(
            new=sum(r.new for r in reports),
            updated=sum(r.updated for r in reports),
            duplicate=sum(r.duplicate for r in reports),
            failed=sum(r.failed for r in reports) + len(extra),
            failures=extra + tuple(f for r in reports for f in r.failures),
            sources=tuple(reports),
        )
