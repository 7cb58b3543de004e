"""Subscriptions on both backends: subscribe/update/unsubscribe, threads, gone and migrated chats."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from storage_helpers import T0

from bot.errors import NotFound, UsageError
from bot.records import ChatRef
from bot.storage import Database

GROUP = ChatRef("telegram", "-1001")
TOPIC = ChatRef("telegram", "-1001", "42")


def test_subscribe_creates_then_reactivates_and_updates(storage: Database) -> None:
    created = storage.subscribe(GROUP, digest_time=time(7, 30), timezone="Asia/Riyadh", now=T0)
    assert (created.chat, created.digest_time, created.timezone) == (GROUP, time(7, 30), "Asia/Riyadh")
    assert created.active and created.created_at == T0 and created.last_digest_at is None
    assert (created.languages, created.include, created.exclude) == (None, (), ())
    assert (created.max_topics, created.sentences_per_topic, created.locale) == (10, 2, None)

    assert storage.unsubscribe(GROUP) is True
    assert storage.unsubscribe(GROUP) is False
    assert storage.get_subscription(GROUP).active is False  # type: ignore[union-attr]
    assert storage.list_subscriptions() == []

    again = storage.subscribe(GROUP, digest_time=time(20, 0), timezone="UTC", now=T0 + timedelta(days=1))
    assert again.id == created.id and again.active and again.digest_time == time(20, 0)
    assert again.created_at == T0
    assert storage.get_subscription_by_id(created.id) == again
    with pytest.raises(NotFound):
        storage.get_subscription_by_id(created.id + 50)


def test_threads_are_separate_subscriptions(storage: Database) -> None:
    whole = storage.subscribe(GROUP, digest_time=time(8, 0), timezone="UTC", now=T0)
    topic = storage.subscribe(TOPIC, digest_time=time(9, 0), timezone="UTC", now=T0)
    assert whole.id != topic.id
    assert whole.chat.thread_id is None and topic.chat.thread_id == "42"
    assert storage.get_subscription(GROUP) == whole
    assert storage.get_subscription(TOPIC) == topic
    assert storage.get_subscription(ChatRef("telegram", "-1001", "43")) is None
    assert storage.get_subscription(ChatRef("slack", "-1001")) is None
    # Subscribing the thread-less chat twice keeps one row (no NULL in the unique key).
    storage.subscribe(GROUP, digest_time=time(8, 30), timezone="UTC", now=T0)
    assert len(storage.list_subscriptions()) == 2


def test_update_subscription_fields(storage: Database) -> None:
    storage.subscribe(GROUP, digest_time=time(8, 0), timezone="UTC", now=T0)
    updated = storage.update_subscription(
        GROUP,
        digest_time=time(6, 15),
        timezone="Africa/Cairo",
        languages=frozenset({"ar", "en"}),
        include=("نفط", "oil"),
        exclude=("sport",),
        max_topics=0,
        sentences_per_topic=3,
        locale="ar",
    )
    assert (updated.digest_time, updated.timezone, updated.languages) == (
        time(6, 15),
        "Africa/Cairo",
        frozenset({"ar", "en"}),
    )
    assert (updated.include, updated.exclude) == (("نفط", "oil"), ("sport",))
    assert (updated.max_topics, updated.sentences_per_topic, updated.locale) == (0, 3, "ar")
    assert storage.get_subscription(GROUP) == updated
    back = storage.update_subscription(GROUP, languages=None, include=(), locale=None)
    assert (back.languages, back.include, back.locale) == (None, (), None)


def test_update_subscription_refuses_bad_input(storage: Database) -> None:
    with pytest.raises(NotFound):
        storage.update_subscription(GROUP, max_topics=3)
    storage.subscribe(GROUP, digest_time=time(8, 0), timezone="UTC", now=T0)
    for bad in ({"colour": "red"}, {"max_topics": -1}, {"include": "oil"}, {"digest_time": "08:00"}):
        with pytest.raises(UsageError):
            storage.update_subscription(GROUP, **bad)
    assert storage.get_subscription(GROUP).max_topics == 10  # type: ignore[union-attr]


def test_deactivate_chat_stops_every_thread(storage: Database) -> None:
    storage.subscribe(GROUP, digest_time=time(8, 0), timezone="UTC", now=T0)
    storage.subscribe(TOPIC, digest_time=time(8, 0), timezone="UTC", now=T0)
    other = storage.subscribe(ChatRef("slack", "C123"), digest_time=time(8, 0), timezone="UTC", now=T0)
    storage.deactivate_chat(GROUP, "bot was kicked")
    assert [s.id for s in storage.list_subscriptions()] == [other.id]
    assert len(storage.list_subscriptions(active_only=False)) == 3


def test_migrate_chat_moves_subscriptions_and_added_sources(storage: Database) -> None:
    old = storage.subscribe(GROUP, digest_time=time(8, 0), timezone="UTC", now=T0)
    source = storage.add_source("feed", url="https://feed.example/rss", added_by=GROUP)
    storage.migrate_chat("telegram", "-1001", "-1009")
    new_chat = ChatRef("telegram", "-1009")
    assert storage.get_subscription(GROUP) is None
    moved = storage.get_subscription(new_chat)
    assert moved is not None and moved.id == old.id and moved.digest_time == time(8, 0)
    assert storage.get_source(source.id).added_by == new_chat
    assert storage.chats_using_source(source.id) == [new_chat]


def test_migrate_chat_when_the_new_id_is_subscribed_already(storage: Database) -> None:
    storage.subscribe(GROUP, digest_time=time(8, 0), timezone="UTC", now=T0)
    target = storage.subscribe(ChatRef("telegram", "-1009"), digest_time=time(9, 0), timezone="UTC", now=T0)
    storage.migrate_chat("telegram", "-1001", "-1009")
    assert [s.id for s in storage.list_subscriptions(active_only=False)] == [target.id]


def test_chats_using_source(storage: Database) -> None:
    chat = ChatRef("slack", "C42", "1700000000.000100")
    mine = storage.add_source("mine", url="https://mine.example/rss", added_by=chat)
    configured = storage.add_source("configured", path="/data/feeds")
    assert storage.chats_using_source(mine.id) == [chat]
    assert storage.chats_using_source(configured.id) == []
    storage.subscribe(chat, digest_time=time(8, 0), timezone="UTC", now=T0)
    storage.deactivate_chat(chat, "channel archived")
    assert storage.chats_using_source(mine.id) == []  # nobody left to tell
    with pytest.raises(NotFound):
        storage.chats_using_source(999)


def test_chat_settings_before_subscribing_keep_an_inactive_row(storage: Database) -> None:
    saved = storage.update_chat_settings(
        GROUP, default_time=time(8, 0), default_timezone="UTC", now=T0, locale="ar", languages={"ar"}
    )
    assert (saved.locale, saved.languages, saved.active) == ("ar", frozenset({"ar"}), False)
    assert (saved.digest_time, saved.timezone, saved.created_at) == (time(8, 0), "UTC", T0)
    assert storage.list_subscriptions() == []  # no digest for it
    assert storage.unsubscribe(GROUP) is False
    again = storage.update_chat_settings(
        GROUP, default_time=time(9, 0), default_timezone="Asia/Riyadh", now=T0, timezone="Africa/Cairo"
    )
    assert again.id == saved.id and (again.digest_time, again.timezone, again.locale) == (
        time(8, 0),  # the defaults only fill a new row
        "Africa/Cairo",
        "ar",
    )
    later = T0 + timedelta(days=2)
    subscribed = storage.subscribe(GROUP, digest_time=time(7, 0), timezone="Africa/Cairo", now=later)
    assert subscribed.id == saved.id and subscribed.active and subscribed.locale == "ar"
    assert subscribed.created_at == later  # subscribing now, not when /lang was sent
    assert storage.unsubscribe(GROUP) is True
    back = storage.subscribe(GROUP, digest_time=time(7, 0), timezone="UTC", now=later + timedelta(days=1))
    assert back.created_at == later  # an unsubscribed chat coming back keeps its date


def test_chat_settings_refuse_bad_input_and_store_nothing(storage: Database) -> None:
    with pytest.raises(UsageError):
        storage.update_chat_settings(GROUP, default_time=time(8, 0), default_timezone="UTC", now=T0, colour=1)
    assert storage.get_subscription(GROUP) is None


def test_a_chat_with_settings_only_is_still_told_about_its_source(storage: Database) -> None:
    chat = ChatRef("telegram", "77")
    source = storage.add_source("mine", url="https://mine.example/rss", added_by=chat)
    storage.update_chat_settings(chat, default_time=time(8, 0), default_timezone="UTC", now=T0, locale="ar")
    assert storage.chats_using_source(source.id) == [chat]


def test_list_subscriptions_can_leave_out_chats_with_settings_only(storage: Database) -> None:
    settings_only = storage.update_chat_settings(
        ChatRef("telegram", "1"), default_time=time(8, 0), default_timezone="UTC", now=T0, locale="ar"
    )
    subscribed = storage.subscribe(ChatRef("telegram", "2"), digest_time=time(8, 0), timezone="UTC", now=T0)
    left = storage.subscribe(ChatRef("telegram", "3"), digest_time=time(8, 0), timezone="UTC", now=T0)
    storage.unsubscribe(left.chat)
    gone = storage.subscribe(ChatRef("slack", "C4"), digest_time=time(8, 0), timezone="UTC", now=T0)
    storage.deactivate_chat(gone.chat, "channel archived")
    # settings first, then /subscribe: a subscription like any other
    later = storage.update_chat_settings(
        ChatRef("telegram", "5"), default_time=time(8, 0), default_timezone="UTC", now=T0, locale="en"
    )
    storage.subscribe(later.chat, digest_time=time(9, 0), timezone="UTC", now=T0)

    every = [s.id for s in storage.list_subscriptions(active_only=False)]
    assert every == [settings_only.id, subscribed.id, left.id, gone.id, later.id]
    listed = storage.list_subscriptions(active_only=False, settings_only=False)
    assert [s.id for s in listed] == [subscribed.id, left.id, gone.id, later.id]
    assert [s.id for s in storage.list_subscriptions(settings_only=False)] == [subscribed.id, later.id]
