"""The storage contract the rest of the bot codes against.

`bot.storage.Database` implements it on SQLite and PostgreSQL. Methods are synchronous (SQLAlchemy sessions);
async callers wrap them in `asyncio.to_thread`. Every method takes and returns frozen records from
`bot.records`; integrity errors come back as `bot.errors` domain errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Protocol

from bot.records import (
    AddResult,
    ChatRef,
    Delivery,
    FileState,
    NewArticle,
    SearchPage,
    SearchQuery,
    Source,
    StoredArticle,
    Subscription,
)


class Storage(Protocol):
    # --- lifecycle
    def upgrade(self) -> None: """Run Alembic migrations to the newest revision."""
    def close(self) -> None: ...

    # --- sources
    def add_source(
        self,
        name: str,
        *,
        url: str | None = None,
        path: str | None = None,
        interval_minutes: int = 60,
        added_by: ChatRef | None = None,
        keep_name: bool = False,
    ) -> Source:
        """Raise AlreadyExists when the url or path is known and active (an inactive or removed one comes
        back, keeping its name when `keep_name`)."""
    def get_source(self, source_id: int) -> Source: """Raise NotFound."""
    def find_source(self, name_or_location: str) -> Source | None: ...
    def list_sources(self, *, active_only: bool = False) -> list[Source]: ...
    def remove_source(self, source_id: int) -> None:
        """Off every list, never fetched again; its articles stay. Raise NotFound."""
    def claim_due_sources(self, now: datetime, *, worker: str, lease_seconds: int = 300) -> list[Source]:
        """Active sources whose next_due_at <= now and whose lease is free; leased to `worker` atomically
        (FOR UPDATE SKIP LOCKED on PostgreSQL), so two processes never fetch one source in one interval."""
    def record_fetch_success(
        self,
        source_id: int,
        *,
        now: datetime,
        next_due_at: datetime,
        etag: str | None = None,
        last_modified: str | None = None,
        new_url: str | None = None,
        name: str | None = None,
    ) -> Source: """Clears the error count and the lease; `name` renames the source."""
    def record_fetch_failure(
        self, source_id: int, *, now: datetime, error: str, next_due_at: datetime, deactivate: bool = False
    ) -> Source: """Counts the error, stores it, clears the lease; deactivates when asked."""
    def file_states(self, source_id: int) -> dict[str, FileState]: ...
    def save_file_states(self, source_id: int, states: Sequence[FileState]) -> None: ...

    # --- articles
    def add_articles(self, source_id: int, articles: Sequence[NewArticle], *, now: datetime) -> AddResult:
        """Deduplicate per source by guid, else canonical URL, else content hash; a known article whose title,
        text or date changed is updated. Across sources, link near-duplicate fingerprints (duplicate_of).
        Index new and updated articles for search in the same transaction."""
    def get_article(self, article_id: int) -> StoredArticle: """Raise NotFound."""
    def articles_between(
        self, start: datetime, end: datetime, *, languages: frozenset[str] | None = None
    ) -> list[StoredArticle]:
        """Articles fetched or published in [start, end), oldest first."""
    def count_articles(self) -> int: ...
    def delete_articles_before(self, cutoff: datetime) -> int: ...

    # --- search
    def search(
        self, query: SearchQuery, *, limit: int = 5, offset: int = 0, now: datetime | None = None
    ) -> SearchPage: """`now` (default: the current time) drives the ranking's recency factor."""

    # --- subscriptions
    def subscribe(self, chat: ChatRef, *, digest_time: time, timezone: str, now: datetime) -> Subscription:
        """Create, or reactivate and update, the chat's subscription."""
    def get_subscription(self, chat: ChatRef) -> Subscription | None: ...
    def get_subscription_by_id(self, subscription_id: int) -> Subscription: ...
    def update_subscription(self, chat: ChatRef, **changes: object) -> Subscription:
        """Change fields of Subscription by name (digest_time, timezone, languages, include, exclude,
        max_topics, sentences_per_topic, locale). Raise NotFound."""
    def update_chat_settings(
        self, chat: ChatRef, *, default_time: time, default_timezone: str, now: datetime, **changes: object
    ) -> Subscription:
        """As update_subscription; a chat without a subscription gets an inactive one with the default
        schedule, holding its settings (reply language...) until /subscribe activates it."""
    def unsubscribe(self, chat: ChatRef) -> bool: ...
    def deactivate_chat(self, chat: ChatRef, reason: str) -> None:
        """The platform says the chat is gone (blocked, kicked, archived)."""
    def migrate_chat(self, platform: str, old_chat_id: str, new_chat_id: str) -> None: ...
    def list_subscriptions(
        self, *, active_only: bool = True, settings_only: bool = True
    ) -> list[Subscription]: ...
    def chats_using_source(self, source_id: int) -> list[ChatRef]: ...

    # --- deliveries (exactly once per subscription and local digest date)
    def claim_delivery(
        self, subscription_id: int, digest_date: date, *, worker: str, now: datetime, lease_seconds: int = 600
    ) -> Delivery | None:
        """Create or take over the (subscription, date) row. None when it is sent already, or another worker
        holds a live lease, or it failed for good, or its next attempt is not due yet."""
    def record_part_sent(
        self,
        delivery_id: int,
        parts_sent: int,
        *,
        now: datetime,
        worker: str | None = None,
        lease_seconds: int | None = None,
    ) -> None:
        """With `worker`: raise LeaseLost unless it still holds the claim (fencing); `lease_seconds` renews
        the lease from `now`."""
    def mark_sent(self, delivery_id: int, *, now: datetime, worker: str | None = None) -> Delivery:
        """Also sets the subscription's last_digest_at. With `worker`: fenced as above."""
    def mark_failed(
        self,
        delivery_id: int,
        *,
        now: datetime,
        error: str,
        retry_at: datetime | None,
        worker: str | None = None,
    ) -> Delivery: """retry_at None = failed for good. With `worker`: fenced as above."""
    def last_delivery(self, subscription_id: int) -> Delivery | None: ...
