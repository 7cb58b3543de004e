"""SQLAlchemy 2 typed models: the only place that knows the table layout.

Nothing here leaves `bot/storage`: repositories turn rows into `bot.records` with `bot.storage.convert`.
Migrations (`bot/storage/migrations/versions`) create exactly these tables; keep both in step.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so that migrations on both backends can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

NO_THREAD = ""
"""Stored for "no thread": NULLs never collide in a unique constraint, so (chat, NULL) could repeat."""


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out on both backends.

    PostgreSQL keeps `timestamptz`; SQLite has no time zones, so the value is stored as naive UTC text
    (which sorts and compares correctly) and UTC is attached again on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()}: pass a timezone-aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SourceRow(Base):
    """A feed (url) or an article file/directory (path) and its fetch state."""

    __tablename__ = "sources"
    __table_args__ = (Index("ix_sources_due", "active", "next_due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))
    url: Mapped[str | None] = mapped_column(Text, unique=True)
    path: Mapped[str | None] = mapped_column(Text, unique=True)
    interval_minutes: Mapped[int] = mapped_column(Integer, default=60)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_fetch_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    added_by_platform: Mapped[str | None] = mapped_column(String(32))
    added_by_chat: Mapped[str | None] = mapped_column(String(200))
    added_by_thread: Mapped[str | None] = mapped_column(String(200))
    removed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Removed by a user: gone from the lists, kept only for its articles (migration 0004)."""


class FileStateRow(Base):
    """What a file looked like when a file source last read it: unchanged files are skipped."""

    __tablename__ = "file_states"
    __table_args__ = (UniqueConstraint("source_id", "path", name="uq_file_states_source_path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(Text)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)
    size: Mapped[int] = mapped_column(BigInteger)


class ArticleRow(Base):
    """One stored article. `fingerprint` is the signed form of the 64-bit SimHash; `fp_band0..3` are its
    four 16-bit slices, indexed: two fingerprints within Hamming distance 3 share at least one band."""

    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_source_guid", "source_id", "guid"),
        Index("ix_articles_source_canonical_url", "source_id", "canonical_url"),
        Index("ix_articles_source_content_hash", "source_id", "content_hash"),
        Index("ix_articles_published", "published"),
        Index("ix_articles_fetched_at", "fetched_at"),
        Index("ix_articles_fp_band0", "fp_band0", "published"),
        Index("ix_articles_fp_band1", "fp_band1", "published"),
        Index("ix_articles_fp_band2", "fp_band2", "published"),
        Index("ix_articles_fp_band3", "fp_band3", "published"),
        Index("ix_articles_duplicate_of", "duplicate_of"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    guid: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16))
    published: Mapped[datetime] = mapped_column(UTCDateTime)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    content_hash: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[int] = mapped_column(BigInteger)
    fp_band0: Mapped[int] = mapped_column(Integer)
    fp_band1: Mapped[int] = mapped_column(Integer)
    fp_band2: Mapped[int] = mapped_column(Integer)
    fp_band3: Mapped[int] = mapped_column(Integer)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    outlet: Mapped[str | None] = mapped_column(Text)
    """The outlet the article names itself (front matter `source`, a feed's title); None: the source's."""


class SubscriptionRow(Base):
    """A chat's daily digest. `thread_id` is NO_THREAD ("") when the chat has no thread."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        UniqueConstraint("platform", "chat_id", "thread_id", name="uq_subscriptions_chat"),
        Index("ix_subscriptions_active", "active"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[str] = mapped_column(String(200))
    thread_id: Mapped[str] = mapped_column(String(200), default=NO_THREAD)
    digest_time: Mapped[time] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64))
    languages: Mapped[list[str] | None] = mapped_column(JSON)
    include_words: Mapped[list[str]] = mapped_column(JSON, default=list)
    exclude_words: Mapped[list[str]] = mapped_column(JSON, default=list)
    max_topics: Mapped[int] = mapped_column(Integer, default=10)
    sentences_per_topic: Mapped[int] = mapped_column(Integer, default=2)
    locale: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    deactivated_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DeliveryRow(Base):
    """One digest for one subscription and local date: the unique key makes "exactly one sender" hold."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "digest_date", name="uq_deliveries_subscription_date"),
        Index("ix_deliveries_state_next_attempt", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    digest_date: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    parts_sent: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)
