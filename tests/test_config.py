"""bot.config: the one reader of config.toml and the environment."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.errors import ConfigError
from bot.timeofday import check_timezone, parse_time

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_file() -> None:
    settings = load_settings(None, {})
    assert settings.digest.time == time(8, 0)
    assert settings.ingest.allow_private_networks is False
    assert settings.ingest.max_bytes == 15 * 1024 * 1024
    assert settings.database.url.startswith("sqlite:///")
    assert not settings.telegram.enabled and not settings.slack.enabled


def test_example_config_documents_and_parses_every_key() -> None:
    settings = load_settings(ROOT / "config.example.toml", {})
    assert settings.slack.command == "/news"
    text = (ROOT / "config.example.toml").read_text(encoding="utf-8")
    for key in (
        "url",
        "time",
        "timezone",
        "max_topics",
        "sentences_per_topic",
        "timeout_seconds",
        "max_bytes",
        "allow_private_networks",
        "interval_minutes",
        "mode",
        "port",
        "command",
    ):
        assert f"{key} =" in text, key


def test_bundled_example_config_parses() -> None:
    settings = load_settings(ROOT / "examples" / "config.toml", {})
    assert [s.name for s in settings.sources] == ["Example articles", "Example World Feed"]
    assert all(s.path and Path(s.path).exists() for s in settings.sources)


def test_environment_overrides_database_and_carries_secrets(tmp_path: Path) -> None:
    env = {
        "NEWSBOT_DATABASE_URL": "postgresql+psycopg://u@h/db",
        "TELEGRAM_BOT_TOKEN": "123:abc",
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xapp-1",
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:1/bot",
    }
    settings = load_settings(write(tmp_path, "[database]\nurl = 'sqlite:///x.db'\n"), env)
    assert settings.database.url == "postgresql+psycopg://u@h/db"
    assert settings.telegram.token == "123:abc" and settings.telegram.enabled
    assert settings.slack.app_token == "xapp-1"
    assert "123:abc" not in repr(settings)


def test_relative_sqlite_path_is_beside_the_config(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "[database]\nurl = 'sqlite:///data/bot.db'\n"), {})
    assert settings.database.url == f"sqlite:///{tmp_path / 'data' / 'bot.db'}"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[digest]\ntime = '25:00'\n", "digest.time"),
        ("[digest]\ntimezone = 'Mars/Olympus'\n", "digest.timezone"),
        ("[digest]\nmax_topics = -1\n", "digest.max_topics"),
        ("[digest]\nsentences_per_topic = 'two'\n", "digest.sentences_per_topic"),
        ("[ingest]\nmax_bytes = 0\n", "ingest.max_bytes"),
        ("[ingest]\nallow_private_networks = 'yes'\n", "ingest.allow_private_networks"),
        ("[ingest]\nbogus = 1\n", "ingest.bogus"),
        ("[telegram]\nmode = 'carrier-pigeon'\n", "telegram.mode"),
        ("[telegram]\ntoken = 'secret'\n", "telegram.token"),
        ("[slack]\ncommand = 'news'\n", "slack.command"),
        ("[[sources]]\nname = 'x'\n", "sources[0]"),
        ("[[sources]]\nurl = 'https://a'\npath = 'b'\n", "sources[0]"),
        ("[[sources]]\nurl = 'https://a'\ninterval_minutes = 0\n", "sources[0].interval_minutes"),
        ("[chat]\nadmin_user_ids = [42]\n", "chat.admin_user_ids"),
        ("[nonsense]\n", "nonsense"),
        ("[database]\nurl = 'mysql://x'\n", "database.url"),
    ],
)
def test_errors_name_the_key_and_the_file(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_settings(path, {})
    assert info.value.key == key
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://news.example.com/rss", "only http and https"),
        ("https://", "no host"),
        ("https://news.example.com/a b", "contains spaces"),
        ("https://news.example.com:70000/rss", "port 70000 is out of range"),
    ],
)
def test_source_url_follows_the_feed_url_rule(tmp_path: Path, url: str, reason: str) -> None:
    path = write(tmp_path, f"[[sources]]\nname = 'x'\nurl = '{url}'\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path, {})
    assert info.value.key == "sources[0].url"
    assert reason in str(info.value) and str(path) in str(info.value)


def test_source_url_is_stored_as_ingestion_takes_it(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "[[sources]]\nurl = '  HTTPS://news.example.com/rss '\n"), {})
    assert [(s.name, s.url) for s in settings.sources] == [("HTTPS://news.example.com/rss",) * 2]


def test_syntax_error_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_settings(write(tmp_path, "[digest\n"), {})
    with pytest.raises(ConfigError, match="file not found"):
        load_settings(tmp_path / "absent.toml", {})


def test_webhook_mode_needs_url_and_secret(tmp_path: Path) -> None:
    path = write(tmp_path, "[telegram]\nmode = 'webhook'\n")
    with pytest.raises(ConfigError, match="webhook_url"):
        load_settings(path, {"TELEGRAM_BOT_TOKEN": "1:a"})
    path = write(tmp_path, "[telegram]\nmode = 'webhook'\nwebhook_url = 'https://bot.example.org/tg'\n")
    with pytest.raises(ConfigError, match="TELEGRAM_WEBHOOK_SECRET"):
        load_settings(path, {"TELEGRAM_BOT_TOKEN": "1:a"})
    ok = load_settings(path, {"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_WEBHOOK_SECRET": "s3cret"})
    assert ok.telegram.webhook_secret == "s3cret"


def test_slack_http_mode_needs_signing_secret() -> None:
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        load_settings(None, {"SLACK_BOT_TOKEN": "xoxb-1"})


def test_time_and_timezone_helpers() -> None:
    assert parse_time("07:05") == time(7, 5)
    for bad in ("7", "24:00", "12:60", "ab:cd", "", "1:2:3"):
        with pytest.raises(ValueError):
            parse_time(bad)
    assert check_timezone("Asia/Riyadh") == "Asia/Riyadh"
    for bad in ("", "../etc/passwd", "/etc/localtime", "Not/AZone"):
        with pytest.raises(ValueError):
            check_timezone(bad)
