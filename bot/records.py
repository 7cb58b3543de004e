"""Frozen records passed across the bot's layers. No ORM object ever leaves `bot/storage`; these do.

Times are timezone-aware UTC datetimes unless a field says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from digests.model import RawArticle


@dataclass(frozen=True, slots=True)
class ChatRef:
    """Where a message goes: a platform, a chat or channel id, and optionally a thread (forum topic)."""

    platform: str
    """"telegram", "slack" or "console"."""
    chat_id: str
    thread_id: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    id: int
    name: str
    kind: str
    """"feed" (url) or "file" (path: a file or a directory read recursively)."""
    url: str | None
    path: str | None
    interval_minutes: int
    active: bool = True
    etag: str | None = None
    last_modified: str | None = None
    last_fetch_at: datetime | None = None
    last_error: str | None = None
    error_count: int = 0
    next_due_at: datetime | None = None
    added_by: ChatRef | None = None
    """The chat that added it with /addsource, told when the feed is deactivated."""

    @property
    def location(self) -> str:
        return self.url or self.path or ""


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article ready to store: the raw fields plus what ingestion derived for deduplication."""

    raw: RawArticle
    language: str
    published: datetime
    canonical_url: str | None
    content_hash: str
    """sha256 hex of the normalised title and body."""
    fingerprint: int
    """64-bit SimHash from the digest engine (signed-safe: stored as a signed 64-bit integer)."""


@dataclass(frozen=True, slots=True)
class StoredArticle:
    id: int
    source_id: int
    source_name: str
    title: str
    text: str
    language: str
    published: datetime
    fetched_at: datetime
    url: str | None = None
    path: str | None = None
    guid: str | None = None
    fingerprint: int = 0
    duplicate_of: int | None = None
    """Set when this article is a near-duplicate copy of an earlier article from another source."""

    def to_raw(self) -> RawArticle:
        return RawArticle(
            title=self.title,
            text=self.text,
            source=self.source_name,
            url=self.url,
            guid=self.guid,
            path=self.path,
            published=self.published,
            language=self.language,
        )


@dataclass(frozen=True, slots=True)
class AddResult:
    new: int = 0
    updated: int = 0
    duplicate: int = 0
    ids: tuple[int, ...] = ()
    """Ids of the new and updated articles, in input order."""


@dataclass(frozen=True, slots=True)
class FileState:
    path: str
    mtime_ns: int
    size: int


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    chat: ChatRef
    digest_time: time
    """Local wall-clock time of the daily digest."""
    timezone: str
    """IANA name, e.g. "Asia/Riyadh" or "UTC"."""
    languages: frozenset[str] | None = None
    """None means all languages."""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_topics: int = 10
    sentences_per_topic: int = 2
    locale: str | None = None
    """Reply language chosen with /lang ("ar" or "en"); None follows the user's language."""
    active: bool = True
    created_at: datetime | None = None
    last_digest_at: datetime | None = None
    """When the last digest for this subscription was sent: the next digest's window starts there."""


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    subscription_id: int
    digest_date: date
    """The subscription's local date the digest is for: unique per subscription."""
    state: str
    """"pending", "sent" or "failed"."""
    attempts: int = 0
    parts_sent: int = 0
    """How many message parts the platform has accepted: a retry resumes after them."""
    claimed_by: str | None = None
    lease_until: datetime | None = None
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """A search query as normalised, stemmed terms (`bot.search_query.compile_query`). Every item is a
    phrase: a tuple of terms at consecutive positions (a single word is a phrase of one term)."""

    required: tuple[tuple[str, ...], ...] = ()
    any_groups: tuple[tuple[tuple[str, ...], ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = ()

    @property
    def positive_terms(self) -> frozenset[str]:
        """Every term that a hit may contain (for highlighting)."""
        terms = {t for phrase in self.required for t in phrase}
        terms |= {t for group in self.any_groups for phrase in group for t in phrase}
        return frozenset(terms)

    @property
    def has_positive(self) -> bool:
        return bool(self.required or self.any_groups)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A parsed, safe search query. Terms are raw user words; `compiled` holds them normalised and stemmed
    (set by `parse_query`, which validates them, so the backend does not compile them again)."""

    text: str
    """The query as the user typed it (for display)."""
    all_terms: tuple[str, ...] = ()
    """Every one must match."""
    phrases: tuple[tuple[str, ...], ...] = ()
    """Each phrase's words must match in order, adjacent."""
    any_groups: tuple[tuple[str, ...], ...] = ()
    """For each group (from OR), at least one of its words must match."""
    excluded: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    language: str | None = None
    source: str | None = None
    page: int = 1
    compiled: CompiledQuery | None = None
    """None in a query built by hand: the backend compiles its words."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: int
    title: str
    source: str
    language: str
    published: datetime
    snippet: str
    """Verbatim text around the matched terms."""
    highlights: tuple[tuple[int, int], ...] = ()
    """(start, end) offsets in `snippet` of matched words, for each platform to emphasise its way."""
    score: float = 0.0
    url: str | None = None
    path: str | None = None
    also_in: tuple[str, ...] = ()
    """Other outlets that carried the same story (collapsed duplicates)."""


@dataclass(frozen=True, slots=True)
class SearchPage:
    query: SearchQuery
    hits: tuple[SearchHit, ...]
    page: int = 1
    has_more: bool = False
    per_page: int = 5
    extra: dict[str, str] = field(default_factory=dict)
