"""The one reader of `config.toml` and the environment, into frozen settings.

Every error names the key and the file. Secrets come only from the environment, never from the file:
TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN.
NEWSBOT_DATABASE_URL overrides `[database] url`; TELEGRAM_API_BASE_URL and SLACK_API_BASE_URL point the
adapters at a self-hosted server or a test fake.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

from bot.errors import ConfigError, FetchError
from bot.timeofday import check_timezone, parse_time

SECRET_KEYS = ("token", "bot_token", "signing_secret", "app_token", "secret_token", "webhook_secret")


@dataclass(frozen=True, slots=True)
class DatabaseSettings:
    url: str = "sqlite:///newsbot.db"


@dataclass(frozen=True, slots=True)
class DigestSettings:
    time: time = time(8, 0)
    """Default local time of a new subscription's daily digest."""
    timezone: str = "UTC"
    max_topics: int = 10
    sentences_per_topic: int = 2
    missed_grace_hours: float = 6.0
    """After downtime, a missed digest is still sent if its time passed less than this long ago."""
    retention_days: int = 90


@dataclass(frozen=True, slots=True)
class IngestSettings:
    timeout_seconds: float = 20.0
    """Connect and read timeout of one HTTP request."""
    deadline_seconds: float = 60.0
    """Total time one fetch (all redirects and the body) may take."""
    max_bytes: int = 15 * 1024 * 1024
    """Cap on a fetched body, counted after gzip/deflate decoding."""
    max_file_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    allow_private_networks: bool = False
    """Allow feeds on loopback/private addresses (off by default: SSRF guard)."""
    fetch_full_text: bool = False
    """Fetch the linked page of teaser-only entries and extract its main text."""
    interval_minutes: int = 30
    """Default fetch interval of a source."""
    max_errors: int = 10
    """Consecutive failures after which a feed is deactivated and the chats using it are told."""
    concurrency: int = 4
    user_agent: str = "newsbot/0.1 (+https://github.com/newsbot; self-hosted news digest bot)"


@dataclass(frozen=True, slots=True)
class SourceSettings:
    name: str
    url: str | None = None
    path: str | None = None
    interval_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class TelegramSettings:
    mode: str = "polling"
    """"polling" or "webhook"."""
    webhook_url: str | None = None
    """Public HTTPS URL Telegram posts updates to (webhook mode)."""
    listen: str = "0.0.0.0"
    port: int = 8443
    token: str | None = field(default=None, repr=False)
    webhook_secret: str | None = field(default=None, repr=False)
    api_base_url: str | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.token)


@dataclass(frozen=True, slots=True)
class SlackSettings:
    port: int = 3000
    """HTTP mode: Events API, slash commands and interactivity at /slack/events on this port."""
    command: str = "/news"
    bot_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    """Set (xapp-...) to use Socket Mode instead of HTTP."""
    api_base_url: str | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.bot_token)


@dataclass(frozen=True, slots=True)
class ChatSettings:
    admin_user_ids: frozenset[str] = frozenset()
    """"platform:user_id" entries allowed to change settings and sources in any chat."""
    default_language: str = "en"
    """Reply language when neither /lang nor the user's client language decides."""
    search_per_minute: int = 10
    """Per-user /search rate limit in chats."""


@dataclass(frozen=True, slots=True)
class OpsSettings:
    http_port: int | None = None
    """Serve /healthz and Prometheus /metrics on this port (off when unset)."""
    http_host: str = "127.0.0.1"
    log_level: str = "INFO"
    log_format: str = "text"
    """"text" or "json" (one JSON object per line)."""


@dataclass(frozen=True, slots=True)
class Settings:
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    digest: DigestSettings = field(default_factory=DigestSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    sources: tuple[SourceSettings, ...] = ()
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    slack: SlackSettings = field(default_factory=SlackSettings)
    chat: ChatSettings = field(default_factory=ChatSettings)
    ops: OpsSettings = field(default_factory=OpsSettings)
    config_path: Path | None = None


def load_settings(path: Path | str | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read `path` (optional TOML) and `environ` into Settings. Raises ConfigError naming key and file."""
    env = dict(environ or {})
    file = Path(path) if path is not None else None
    data: dict[str, Any] = {}
    if file is not None:
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError("--config", "file not found", str(file)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError("--config", f"cannot read: {exc}", str(file)) from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError("(syntax)", f"invalid TOML: {exc}", str(file)) from None
    reader = _Reader(data, str(file) if file else None)
    base_dir = file.parent if file else Path.cwd()
    return Settings(
        database=_database(reader, env, base_dir),
        digest=_digest(reader),
        ingest=_ingest(reader),
        sources=_sources(reader, base_dir),
        telegram=_telegram(reader, env),
        slack=_slack(reader, env),
        chat=_chat(reader),
        ops=_ops(reader),
        config_path=file,
    )


class _Reader:
    """Typed access to the parsed TOML, naming `section.key` and the file in every error."""

    def __init__(self, data: dict[str, Any], path: str | None) -> None:
        self.data = data
        self.path = path
        known = {"database", "digest", "ingest", "sources", "telegram", "slack", "chat", "ops"}
        for key in data:
            if key not in known:
                raise ConfigError(key, f"unknown section (known: {', '.join(sorted(known))})", path)

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(name, "must be a table ([" + name + "])", self.path)
        for key in value:
            if key in SECRET_KEYS:
                raise ConfigError(
                    f"{name}.{key}", "secrets come from the environment, not the file", self.path
                )
        return value

    def get(self, section: str, key: str, kind: type, default: Any) -> Any:
        value = self.section(section).get(key, default)
        if value is None:
            return None
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(f"{section}.{key}", f"must be {kind.__name__}, got {value!r}", self.path)
        return value

    def positive(self, section: str, key: str, kind: type, default: Any) -> Any:
        value = self.get(section, key, kind, default)
        if value is not None and value <= 0:
            raise ConfigError(f"{section}.{key}", f"must be positive, got {value!r}", self.path)
        return value

    def check_unknown(self, section: str, allowed: set[str]) -> None:
        for key in self.section(section):
            if key not in allowed:
                raise ConfigError(f"{section}.{key}", "unknown key", self.path)



def _database(r: _Reader, env: Mapping[str, str], base_dir: Path) -> DatabaseSettings:
    r.check_unknown("database", {"url"})
    url = env.get("NEWSBOT_DATABASE_URL") or r.get("database", "url", str, None)
    if url is None:
        url = f"sqlite:///{base_dir / 'newsbot.db'}"
    elif url.startswith("sqlite:///") and not url.startswith("sqlite:////") and ":memory:" not in url:
        # a relative SQLite path is relative to the config file, not to wherever the bot was started
        url = f"sqlite:///{(base_dir / url.removeprefix('sqlite:///')).resolve()}"
    if not url.startswith(("sqlite:", "postgresql")):
        raise ConfigError(
            "database.url", f"unsupported database {url.split(':')[0]!r}: use sqlite or postgresql", r.path
        )
    return DatabaseSettings(url=url)


def _digest(r: _Reader) -> DigestSettings:
    r.check_unknown(
        "digest",
        {"time", "timezone", "max_topics", "sentences_per_topic", "missed_grace_hours", "retention_days"},
    )
    d = DigestSettings()
    raw_time = r.get("digest", "time", str, "08:00")
    raw_timezone = r.get("digest", "timezone", str, d.timezone)
    try:
        at = parse_time(raw_time)
    except ValueError as exc:
        raise ConfigError("digest.time", str(exc), r.path) from None
    try:
        tz = check_timezone(raw_timezone)
    except ValueError as exc:
        raise ConfigError("digest.timezone", str(exc), r.path) from None
    max_topics = r.get("digest", "max_topics", int, d.max_topics)
    if max_topics < 0:
        raise ConfigError("digest.max_topics", "must be 0 (no limit) or more", r.path)
    return DigestSettings(
        time=at,
        timezone=tz,
        max_topics=max_topics,
        sentences_per_topic=r.positive("digest", "sentences_per_topic", int, d.sentences_per_topic),
        missed_grace_hours=r.positive("digest", "missed_grace_hours", float, d.missed_grace_hours),
        retention_days=r.positive("digest", "retention_days", int, d.retention_days),
    )


def _ingest(r: _Reader) -> IngestSettings:
    d = IngestSettings()
    r.check_unknown("ingest", set(IngestSettings.__dataclass_fields__))
    return IngestSettings(
        timeout_seconds=r.positive("ingest", "timeout_seconds", float, d.timeout_seconds),
        deadline_seconds=r.positive("ingest", "deadline_seconds", float, d.deadline_seconds),
        max_bytes=r.positive("ingest", "max_bytes", int, d.max_bytes),
        max_file_bytes=r.positive("ingest", "max_file_bytes", int, d.max_file_bytes),
        max_redirects=r.get("ingest", "max_redirects", int, d.max_redirects),
        allow_private_networks=r.get("ingest", "allow_private_networks", bool, d.allow_private_networks),
        fetch_full_text=r.get("ingest", "fetch_full_text", bool, d.fetch_full_text),
        interval_minutes=r.positive("ingest", "interval_minutes", int, d.interval_minutes),
        max_errors=r.positive("ingest", "max_errors", int, d.max_errors),
        concurrency=r.positive("ingest", "concurrency", int, d.concurrency),
        user_agent=r.get("ingest", "user_agent", str, d.user_agent),
    )


def _sources(r: _Reader, base_dir: Path) -> tuple[SourceSettings, ...]:
    items = r.data.get("sources", [])
    if not isinstance(items, list):
        raise ConfigError("sources", "must be an array of tables ([[sources]])", r.path)
    out: list[SourceSettings] = []
    for i, item in enumerate(items):
        where = f"sources[{i}]"
        if not isinstance(item, dict):
            raise ConfigError(where, "must be a table", r.path)
        unknown = set(item) - {"name", "url", "path", "interval_minutes"}
        if unknown:
            raise ConfigError(f"{where}.{sorted(unknown)[0]}", "unknown key", r.path)
        url, path = item.get("url"), item.get("path")
        if (url is None) == (path is None):
            raise ConfigError(where, "needs exactly one of url or path", r.path)
        for key in ("name", "url", "path"):
            if key in item and not isinstance(item[key], str):
                raise ConfigError(f"{where}.{key}", "must be a string", r.path)
        interval = item.get("interval_minutes")
        if interval is not None and (
            not isinstance(interval, int) or isinstance(interval, bool) or interval <= 0
        ):
            raise ConfigError(f"{where}.interval_minutes", "must be a positive integer", r.path)
        if url is not None:
            url = _feed_url(url, f"{where}.url", r.path)
        if path is not None and not Path(path).is_absolute():
            path = str((base_dir / path).resolve())
        name = str(item.get("name") or url or path)
        out.append(SourceSettings(name=name, url=url, path=path, interval_minutes=interval))
    return tuple(out)


def _feed_url(url: str, key: str, path: str | None) -> str:
    """`url` as a source stores it, if `feed_url` (the rule `ingest` and `sources add` apply) takes it."""
    from bot.ingest.direct import feed_url  # not at the top: bot.ingest imports this module

    try:
        return feed_url(url).url
    except FetchError as refused:
        raise ConfigError(key, refused.reason, path) from None


def _telegram(r: _Reader, env: Mapping[str, str]) -> TelegramSettings:
    r.check_unknown("telegram", {"mode", "webhook_url", "listen", "port"})
    d = TelegramSettings()
    mode = r.get("telegram", "mode", str, d.mode)
    if mode not in ("polling", "webhook"):
        raise ConfigError("telegram.mode", f"must be polling or webhook, got {mode!r}", r.path)
    webhook_url = r.get("telegram", "webhook_url", str, None)
    secret = env.get("TELEGRAM_WEBHOOK_SECRET") or None
    if mode == "webhook" and env.get("TELEGRAM_BOT_TOKEN"):
        if not webhook_url:
            raise ConfigError("telegram.webhook_url", "is required in webhook mode", r.path)
        if not secret:
            raise ConfigError(
                "TELEGRAM_WEBHOOK_SECRET", "must be set in the environment in webhook mode", r.path
            )
    return TelegramSettings(
        mode=mode,
        webhook_url=webhook_url,
        listen=r.get("telegram", "listen", str, d.listen),
        port=r.positive("telegram", "port", int, d.port),
        token=env.get("TELEGRAM_BOT_TOKEN") or None,
        webhook_secret=secret,
        api_base_url=env.get("TELEGRAM_API_BASE_URL") or None,
    )


def _slack(r: _Reader, env: Mapping[str, str]) -> SlackSettings:
    r.check_unknown("slack", {"port", "command"})
    d = SlackSettings()
    command = r.get("slack", "command", str, d.command)
    if not command.startswith("/") or len(command) < 2 or " " in command:
        raise ConfigError("slack.command", f"must look like /news, got {command!r}", r.path)
    bot_token = env.get("SLACK_BOT_TOKEN") or None
    app_token = env.get("SLACK_APP_TOKEN") or None
    signing_secret = env.get("SLACK_SIGNING_SECRET") or None
    if bot_token and not app_token and not signing_secret:
        raise ConfigError(
            "SLACK_SIGNING_SECRET",
            "must be set for Slack HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)",
            r.path,
        )
    return SlackSettings(
        port=r.positive("slack", "port", int, d.port),
        command=command,
        bot_token=bot_token,
        signing_secret=signing_secret,
        app_token=app_token,
        api_base_url=env.get("SLACK_API_BASE_URL") or None,
    )


def _chat(r: _Reader) -> ChatSettings:
    r.check_unknown("chat", {"admin_user_ids", "default_language", "search_per_minute"})
    admins = r.get("chat", "admin_user_ids", list, [])
    for item in admins:
        if not isinstance(item, str) or ":" not in item:
            raise ConfigError(
                "chat.admin_user_ids", f"entries look like 'telegram:12345', got {item!r}", r.path
            )
    language = r.get("chat", "default_language", str, "en")
    if language not in ("ar", "en"):
        raise ConfigError("chat.default_language", f"must be ar or en, got {language!r}", r.path)
    return ChatSettings(
        admin_user_ids=frozenset(admins),
        default_language=language,
        search_per_minute=r.positive("chat", "search_per_minute", int, 10),
    )


def _ops(r: _Reader) -> OpsSettings:
    r.check_unknown("ops", {"http_port", "http_host", "log_level", "log_format"})
    level = r.get("ops", "log_level", str, "INFO").upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError("ops.log_level", f"must be DEBUG, INFO, WARNING or ERROR, got {level!r}", r.path)
    fmt = r.get("ops", "log_format", str, "text")
    if fmt not in ("text", "json"):
        raise ConfigError("ops.log_format", f"must be text or json, got {fmt!r}", r.path)
    return OpsSettings(
        http_port=r.positive("ops", "http_port", int, None),
        http_host=r.get("ops", "http_host", str, "127.0.0.1"),
        log_level=level,
        log_format=fmt,
    )
