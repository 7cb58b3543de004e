"""`Database`: the `bot.ports.Storage` implementation, assembled from one mixin per domain."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.storage.articles import ArticlesMixin
from bot.storage.deliveries import DeliveriesMixin
from bot.storage.sources import SourcesMixin
from bot.storage.subscriptions import SubscriptionsMixin

if TYPE_CHECKING:
    from bot.ports import Storage


class Database(SourcesMixin, ArticlesMixin, SubscriptionsMixin, DeliveriesMixin):
    """SQLite or PostgreSQL storage. Synchronous: async callers use `asyncio.to_thread`.

    `Database(url)` only connects lazily; call `upgrade()` (or use `open_database`) before first use.
    """

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def open_database(url: str, *, upgrade: bool = True) -> Database:
    """Open the database at `url`, migrated to the newest revision unless `upgrade=False`."""
    database = Database(url)
    if upgrade:
        try:
            database.upgrade()
        except BaseException:
            database.close()
            raise
    return database


if TYPE_CHECKING:

    def _implements_the_port(database: Database) -> Storage:
        """mypy proves here that Database satisfies bot.ports.Storage."""
        return database
