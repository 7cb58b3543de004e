"""The bot's own words: the language a user types in, for platforms that do not say which one they read."""

from __future__ import annotations

from bot.chat import ALL_COMMANDS
from bot.i18n import TypedLanguages


def test_typed_languages_follow_each_users_words_and_remember_the_last() -> None:
    typed = TypedLanguages(ALL_COMMANDS)
    assert typed.of_command("T1:U1", "help", "") is None  # nothing told yet
    assert typed.of_command("T1:U1", "search", "الجفاف") == "ar"
    assert typed.of_command("T1:U1", "time", "07:30") == "ar"  # no words of its own: the last language
    assert typed.of_command("T1:U2", "digest", "") is None  # each user apart
    assert typed.of_command("T1:U2", "search", "drought lang:ar") == "en"
    assert typed.of_command("T1:U1", "search", "oil prices") == "en"


def test_an_unknown_command_name_is_the_users_own_word() -> None:
    typed = TypedLanguages(ALL_COMMANDS)
    assert typed.of_command("U1", "مرحبا", "") == "ar"
    assert typed.of_command("U2", "hello", "") == "en"
    assert typed.of_command("U3", "search", "") is None  # a command word says nothing about its writer


def test_typed_languages_keep_the_most_recent_users_only() -> None:
    typed = TypedLanguages(ALL_COMMANDS, capacity=2)
    typed.of_command("U1", "search", "غزة")
    typed.of_command("U2", "search", "gaza")
    assert typed.of_command("U1", "help", "") == "ar"  # U1 used again: U2 is now the oldest
    typed.of_command("U3", "search", "gaza")
    assert typed.of_command("U2", "help", "") is None
    assert typed.of_command("U1", "help", "") == "ar"
