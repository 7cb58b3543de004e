"""One error hierarchy for the bot, translated once at each edge.

Library errors (SQLAlchemy, httpx, python-telegram-bot, slack-sdk) never escape their adapter: each adapter
turns them into one of these. The CLI prints `str(error)` on one line; chat commands turn them into replies.
"""

from __future__ import annotations


class NewsbotError(Exception):
    """Base of every error the bot raises on purpose."""


class UsageError(NewsbotError, ValueError):
    """The user asked for something malformed (bad option, bad query, bad time). CLI exit code 2."""


class ConfigError(NewsbotError, ValueError):
    """A configuration value is missing or invalid. The message names the key and the file."""

    def __init__(self, key: str, message: str, path: str | None = None) -> None:
        self.key = key
        self.path = path
        where = f" in {path}" if path else ""
        super().__init__(f"config {key!r}{where}: {message}")


class StorageError(NewsbotError):
    """The database failed or refused an operation."""


class NotFound(StorageError, LookupError):
    """A record that was asked for by id does not exist."""


class AlreadyExists(StorageError):
    """A unique record (source URL, subscription, delivery) exists already."""


class LeaseLost(StorageError):
    """This worker no longer holds the claim (its lease expired and another worker took the row over, or the
    row is settled already): it must stop working on it, so nothing is sent twice."""


class FetchError(NewsbotError):
    """Fetching a feed or page failed: network, HTTP status, size or time limit, refused address. `reason`
    says it in English; `code` names it so a chat can say it in the user's language: "http_status" (see
    `status`), "gone", "timeout", "too_large", "unresolved", "connection_failed", "bad_response",
    "redirects", "bad_url", "blocked.<address class>" (`bot.ingest.guard.blocked_kind`) or "failed"."""

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        code: str = "failed",
    ):
        self.url = url
        self.reason = reason
        self.status = status
        self.retry_after = retry_after
        self.code = code
        super().__init__(f"{url}: {reason}")


class BlockedAddress(FetchError):
    """The SSRF guard refused the address (loopback, private, link-local, metadata, non-http scheme)."""


class ParseError(NewsbotError):
    """A feed or article file could not be parsed. The message names the file or feed and the reason."""

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


class QueryError(UsageError):
    """A search query could not be understood. The message says why and how to write it, in English (the
    CLI prints it); `code` names the reason ("too_long", "bad_date"...) and `params` its values, so that a
    chat can say it in the user's language."""

    def __init__(self, message: str, code: str = "invalid", **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


class PlatformError(NewsbotError):
    """A chat platform refused or failed a request."""


class RateLimited(PlatformError):
    """The platform asked us to wait `retry_after` seconds before sending again."""

    def __init__(self, retry_after: float, message: str = "rate limited") -> None:
        self.retry_after = retry_after
        super().__init__(f"{message}; retry after {retry_after:g}s")


class ChatGone(PlatformError):
    """The chat is unreachable for good (bot blocked or kicked, channel archived, token revoked):
    the subscription must be deactivated."""


class ChatMigrated(PlatformError):
    """The chat moved to a new id (Telegram group upgraded to a supergroup)."""

    def __init__(self, new_chat_id: str) -> None:
        self.new_chat_id = new_chat_id
        super().__init__(f"chat migrated to {new_chat_id}")


class PermissionDenied(NewsbotError):
    """The user may not do this here (settings in groups are for chat administrators)."""
