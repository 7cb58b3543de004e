"""Builders for storage tests (texts written for these tests)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa

from bot.records import NewArticle
from bot.storage import Database
from digests.model import RawArticle

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def make_article(
    title: str,
    text: str = "",
    *,
    guid: str | None = None,
    url: str | None = None,
    canonical_url: str | None = None,
    published: datetime = T0,
    language: str = "en",
    fingerprint: int = 0,
    source: str = "",
    path: str | None = None,
) -> NewArticle:
    """A NewArticle whose content hash is derived from its title and text, as ingestion does."""
    body = text or f"Body of {title}."
    digest = hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()
    raw = RawArticle(
        title=title,
        text=body,
        source=source,
        url=url,
        guid=guid,
        path=path,
        published=published,
        language=language,
    )
    return NewArticle(
        raw=raw,
        language=language,
        published=published,
        canonical_url=canonical_url,
        content_hash=digest,
        fingerprint=fingerprint,
    )


@contextmanager
def scratch_postgres_database(server_url: str, prefix: str) -> Iterator[str]:
    """A new, empty, uniquely named database on the server (others run tests there at once), dropped on
    exit: its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def database_at_revision(url: str, revision: str | None) -> Database:
    """A database at `url` migrated only up to `revision`, as an older build left it (for upgrade tests)."""
    from alembic import command
    from alembic.config import Config

    from bot.storage.base import MIGRATIONS_DIR

    database = Database(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision or "base")
    return database
