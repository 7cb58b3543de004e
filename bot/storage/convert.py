"""ORM rows -> frozen records (and the few value conversions both directions need).

Records are built while the session is open; no row object leaves `bot/storage`.
"""

from __future__ import annotations

from bot.records import ChatRef, Delivery, FileState, Source, StoredArticle, Subscription
from bot.storage.models import (
    NO_THREAD,
    ArticleRow,
    DeliveryRow,
    FileStateRow,
    SourceRow,
    SubscriptionRow,
)

_TWO_64 = 1 << 64
_TWO_63 = 1 << 63


def to_signed64(fingerprint: int) -> int:
    """A 64-bit SimHash (unsigned or already signed) as the signed value a BIGINT column holds."""
    value = fingerprint % _TWO_64
    return value - _TWO_64 if value >= _TWO_63 else value


def to_unsigned64(fingerprint: int) -> int:
    """The stored signed value back as the engine's unsigned 64-bit SimHash."""
    return fingerprint % _TWO_64


def fingerprint_bands(fingerprint: int) -> tuple[int, int, int, int]:
    """The four 16-bit slices of a fingerprint, lowest first."""
    value = to_unsigned64(fingerprint)
    return (value & 0xFFFF, (value >> 16) & 0xFFFF, (value >> 32) & 0xFFFF, (value >> 48) & 0xFFFF)


def thread_key(thread_id: str | None) -> str:
    """How a thread id is stored: "" for no thread, so the unique key (platform, chat, thread) holds."""
    return thread_id or NO_THREAD


def chat_ref(platform: str, chat_id: str, thread_id: str | None) -> ChatRef:
    return ChatRef(platform=platform, chat_id=chat_id, thread_id=thread_id or None)


def source_record(row: SourceRow) -> Source:
    added_by = None
    if row.added_by_platform and row.added_by_chat:
        added_by = chat_ref(row.added_by_platform, row.added_by_chat, row.added_by_thread)
    return Source(
        id=row.id,
        name=row.name,
        kind=row.kind,
        url=row.url,
        path=row.path,
        interval_minutes=row.interval_minutes,
        active=row.active,
        etag=row.etag,
        last_modified=row.last_modified,
        last_fetch_at=row.last_fetch_at,
        last_error=row.last_error,
        error_count=row.error_count,
        next_due_at=row.next_due_at,
        added_by=added_by,
    )


def file_state_record(row: FileStateRow) -> FileState:
    return FileState(path=row.path, mtime_ns=row.mtime_ns, size=row.size)


def article_record(row: ArticleRow, source_name: str) -> StoredArticle:
    return StoredArticle(
        id=row.id,
        source_id=row.source_id,
        source_name=row.outlet or source_name,
        title=row.title,
        text=row.text,
        language=row.language,
        published=row.published,
        fetched_at=row.fetched_at,
        url=row.url,
        path=row.path,
        guid=row.guid,
        fingerprint=to_unsigned64(row.fingerprint),
        duplicate_of=row.duplicate_of,
    )


def subscription_record(row: SubscriptionRow) -> Subscription:
    return Subscription(
        id=row.id,
        chat=chat_ref(row.platform, row.chat_id, row.thread_id),
        digest_time=row.digest_time,
        timezone=row.timezone,
        languages=frozenset(row.languages) if row.languages is not None else None,
        include=tuple(row.include_words or ()),
        exclude=tuple(row.exclude_words or ()),
        max_topics=row.max_topics,
        sentences_per_topic=row.sentences_per_topic,
        locale=row.locale,
        active=row.active,
        created_at=row.created_at,
        last_digest_at=row.last_digest_at,
    )


def delivery_record(row: DeliveryRow) -> Delivery:
    return Delivery(
        id=row.id,
        subscription_id=row.subscription_id,
        digest_date=row.digest_date,
        state=row.state,
        attempts=row.attempts,
        parts_sent=row.parts_sent,
        claimed_by=row.claimed_by,
        lease_until=row.lease_until,
        next_attempt_at=row.next_attempt_at,
        sent_at=row.sent_at,
        error=row.error,
    )
