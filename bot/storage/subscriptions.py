"""Subscriptions repository: one row per chat (and thread) holding its settings, and its daily digest's life
cycle. An active row gets the digest; an inactive one keeps the chat's settings (reply language, digest
languages, timezone, topics, filters), which /digest and the replies still follow: after /unsubscribe, when
the platform said the chat is gone, or when the chat set something before it ever subscribed
(NOT_SUBSCRIBED)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.errors import NotFound, UsageError
from bot.records import ChatRef, Subscription
from bot.storage.base import StorageBase, existing_row, utc
from bot.storage.convert import chat_ref, subscription_record, thread_key
from bot.storage.models import SourceRow, SubscriptionRow

NOT_SUBSCRIBED = "not subscribed"
"""`deactivated_reason` of a row made by a setting (/lang, /timezone...) before the chat subscribed."""


def _by_chat(session: Session, chat: ChatRef) -> SubscriptionRow | None:
    return session.scalars(
        select(SubscriptionRow).where(
            SubscriptionRow.platform == chat.platform,
            SubscriptionRow.chat_id == chat.chat_id,
            SubscriptionRow.thread_id == thread_key(chat.thread_id),
        )
    ).first()


def _words(value: object, name: str) -> list[str]:
    if not isinstance(value, list | tuple | set | frozenset):
        raise UsageError(f"{name} must be a collection of words")
    words = [word for word in value if isinstance(word, str)]
    if len(words) != len(value):
        raise UsageError(f"{name} must contain only words")
    return words


def _positive_int(value: object, name: str, *, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise UsageError(f"{name} must be an integer >= {minimum}")
    return value


def _apply(row: SubscriptionRow, name: str, value: Any) -> None:
    """Set one Subscription field on a row, checking its type."""
    if name == "digest_time":
        if not isinstance(value, time):
            raise UsageError("digest_time must be a datetime.time")
        row.digest_time = value.replace(tzinfo=None)
    elif name == "timezone":
        if not isinstance(value, str) or not value:
            raise UsageError("timezone must be an IANA name")
        row.timezone = value
    elif name == "languages":
        row.languages = None if value is None else sorted(_words(value, name))
    elif name == "include":
        row.include_words = _words(value, name)
    elif name == "exclude":
        row.exclude_words = _words(value, name)
    elif name == "max_topics":
        row.max_topics = _positive_int(value, name, minimum=0)
    elif name == "sentences_per_topic":
        row.sentences_per_topic = _positive_int(value, name, minimum=1)
    elif name == "locale":
        if value is not None and not isinstance(value, str):
            raise UsageError("locale must be a language code or None")
        row.locale = value
    else:
        raise UsageError(f"subscription has no setting {name!r}")


def _new_row(session: Session, chat: ChatRef, now: datetime) -> SubscriptionRow:
    """A row with the default settings; the caller sets its schedule."""
    row = SubscriptionRow(
        platform=chat.platform,
        chat_id=chat.chat_id,
        thread_id=thread_key(chat.thread_id),
        languages=None,
        include_words=[],
        exclude_words=[],
        max_topics=10,
        sentences_per_topic=2,
        created_at=now,
    )
    session.add(row)
    return row


class SubscriptionsMixin(StorageBase):
    def subscribe(self, chat: ChatRef, *, digest_time: time, timezone: str, now: datetime) -> Subscription:
        """Create, or reactivate and update, the chat's subscription (keeping its other settings). A chat
        that only had settings counts as subscribing now (`created_at`)."""
        now = utc(now, "now")
        with self._write() as session:
            row = _by_chat(session, chat)
            if row is None:
                row = _new_row(session, chat, now)
            elif not row.active and row.deactivated_reason == NOT_SUBSCRIBED:
                row.created_at = now  # the first digest comes at the first scheduled time after now
            _apply(row, "digest_time", digest_time)
            _apply(row, "timezone", timezone)
            row.active = True
            row.deactivated_reason = None
            session.flush()
            return subscription_record(row)

    def get_subscription(self, chat: ChatRef) -> Subscription | None:
        """The chat's subscription, active or not."""
        with self._read() as session:
            row = _by_chat(session, chat)
            return subscription_record(row) if row is not None else None

    def get_subscription_by_id(self, subscription_id: int) -> Subscription:
        """Raise NotFound."""
        with self._read() as session:
            return subscription_record(
                existing_row(session, SubscriptionRow, subscription_id, "subscription")
            )

    def update_subscription(self, chat: ChatRef, **changes: object) -> Subscription:
        """Change fields of Subscription by name (digest_time, timezone, languages, include, exclude,
        max_topics, sentences_per_topic, locale). Raise NotFound, or UsageError for a bad field or value."""
        with self._write() as session:
            row = _by_chat(session, chat)
            if row is None:
                raise NotFound(f"no subscription for {chat.platform} chat {chat.chat_id}")
            for name, value in changes.items():
                _apply(row, name, value)
            session.flush()
            return subscription_record(row)

    def update_chat_settings(
        self, chat: ChatRef, *, default_time: time, default_timezone: str, now: datetime, **changes: object
    ) -> Subscription:
        """As update_subscription, for a chat that may have no subscription: it then gets an inactive row
        (NOT_SUBSCRIBED) with the default schedule, holding the settings until /subscribe activates it.
        Raise UsageError for a bad field or value (nothing is stored then)."""
        now = utc(now, "now")
        with self._write() as session:
            row = _by_chat(session, chat)
            if row is None:
                row = _new_row(session, chat, now)
                _apply(row, "digest_time", default_time)
                _apply(row, "timezone", default_timezone)
                row.active = False
                row.deactivated_reason = NOT_SUBSCRIBED
            for name, value in changes.items():
                _apply(row, name, value)
            session.flush()
            return subscription_record(row)

    def unsubscribe(self, chat: ChatRef) -> bool:
        """Deactivate the chat's subscription; False when there was no active one."""
        with self._write() as session:
            row = _by_chat(session, chat)
            if row is None or not row.active:
                return False
            row.active = False
            row.deactivated_reason = "unsubscribed"
            return True

    def deactivate_chat(self, chat: ChatRef, reason: str) -> None:
        """The platform says the chat is gone (blocked, kicked, archived): every subscription of the chat,
        whatever its thread, stops."""
        with self._write() as session:
            session.execute(
                update(SubscriptionRow)
                .where(
                    SubscriptionRow.platform == chat.platform,
                    SubscriptionRow.chat_id == chat.chat_id,
                    SubscriptionRow.active.is_(True),
                )
                .values(active=False, deactivated_reason=reason[:500])
                .execution_options(synchronize_session=False)
            )

    def migrate_chat(self, platform: str, old_chat_id: str, new_chat_id: str) -> None:
        """The chat got a new id (Telegram group -> supergroup): its subscriptions and the sources it added
        follow. When the new id already has a subscription for a thread, that one wins and the old goes."""
        if old_chat_id == new_chat_id:
            return
        with self._write() as session:
            taken_threads = set(
                session.scalars(
                    select(SubscriptionRow.thread_id).where(
                        SubscriptionRow.platform == platform, SubscriptionRow.chat_id == new_chat_id
                    )
                )
            )
            old_rows = session.scalars(
                select(SubscriptionRow).where(
                    SubscriptionRow.platform == platform, SubscriptionRow.chat_id == old_chat_id
                )
            ).all()
            for row in old_rows:
                if row.thread_id in taken_threads:
                    session.delete(row)
                else:
                    row.chat_id = new_chat_id
            session.execute(
                update(SourceRow)
                .where(SourceRow.added_by_platform == platform, SourceRow.added_by_chat == old_chat_id)
                .values(added_by_chat=new_chat_id)
                .execution_options(synchronize_session=False)
            )

    def list_subscriptions(
        self, *, active_only: bool = True, settings_only: bool = True
    ) -> list[Subscription]:
        """Subscriptions by id. `settings_only=False` leaves out the rows of chats that only set something
        and never subscribed (NOT_SUBSCRIBED): they hold no digest, past or present."""
        with self._read() as session:
            query = select(SubscriptionRow).order_by(SubscriptionRow.id)
            if active_only:
                query = query.where(SubscriptionRow.active.is_(True))
            if not settings_only:
                query = query.where(SubscriptionRow.deactivated_reason.is_distinct_from(NOT_SUBSCRIBED))
            return [subscription_record(row) for row in session.scalars(query)]

    def chats_using_source(self, source_id: int) -> list[ChatRef]:
        """The chats to tell about a source's trouble: sources are shared by every subscription, so this is
        the chat that added it (with /addsource), unless that chat's subscription was deactivated."""
        with self._read() as session:
            source = existing_row(session, SourceRow, source_id, "source")
            if not (source.added_by_platform and source.added_by_chat):
                return []
            chat = chat_ref(source.added_by_platform, source.added_by_chat, source.added_by_thread)
            row = _by_chat(session, chat)
            stopped = row is not None and not row.active and row.deactivated_reason != NOT_SUBSCRIBED
            return [] if stopped else [chat]
