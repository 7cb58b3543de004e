"""The part every repository mixin shares: the engine, transactions and the translation of errors.

Each public method runs in one transaction: `self._write()` for anything that changes rows, `self._read()`
for the rest. SQLAlchemy errors never leave this package: integrity errors become `AlreadyExists`, the rest
`StorageError` with a one-line message.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import ColumnElement, Engine, or_
from sqlalchemy.exc import IntegrityError, SQLAlchemyError, StatementError
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from bot.errors import AlreadyExists, NewsbotError, NotFound, StorageError
from bot.storage.engine import create_database_engine, sqlite_write_intent

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
Row = TypeVar("Row")
Item = TypeVar("Item")
IN_CHUNK = 500
"""Most values bound in one IN (...): far below SQLite's and PostgreSQL's bound-parameter limits."""
_MIGRATION_LOCK = threading.Lock()
"""Alembic keeps its running context in module globals: one migration at a time per process."""


def utc(value: datetime, name: str = "datetime") -> datetime:
    """Check that `value` is timezone-aware and return it in UTC."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(UTC)


def existing_row(session: Session, model: type[Row], row_id: int, what: str) -> Row:
    """The row of `model` with primary key `row_id`; raise NotFound ("no {what} with id ...") when absent."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"no {what} with id {row_id}")
    return row


def unset_or_past(column: InstrumentedAttribute[datetime | None], now: datetime) -> ColumnElement[bool]:
    """SQL: the time column is NULL or not after `now` (a free or expired lease, a source that is due)."""
    return or_(column.is_(None), column <= now)


def in_chunks(items: Sequence[Item], size: int = IN_CHUNK) -> list[Sequence[Item]]:
    """`items` cut into consecutive slices of at most `size`, for IN (...) queries."""
    return [items[start : start + size] for start in range(0, len(items), size)]


def describe(error: BaseException) -> str:
    """The first line of a driver error, without SQLAlchemy's SQL dump and background link."""
    original = getattr(error, "orig", None) or error
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__


class StorageBase:
    """Owns the engine and hands out sessions; the repository mixins build on it."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine: Engine = create_database_engine(url, echo=echo)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)

    @property
    def dialect(self) -> str:
        """The backend: sqlite or postgresql."""
        return self.engine.dialect.name

    @contextmanager
    def _read(self) -> Iterator[Session]:
        """A read-only transaction (one consistent snapshot)."""
        with self._transaction() as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """A write transaction: committed on success, rolled back on any error."""
        with sqlite_write_intent(), self._transaction() as session:
            yield session

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except NewsbotError:
            raise
        except IntegrityError as error:
            raise AlreadyExists(f"already exists: {describe(error)}") from error
        except StatementError as error:
            if isinstance(error.orig, ValueError | TypeError):
                raise StorageError(f"bad value for the database: {error.orig}") from error
            raise StorageError(f"database error: {describe(error)}") from error
        except SQLAlchemyError as error:
            raise StorageError(f"database error: {describe(error)}") from error
        finally:
            session.close()

    def upgrade(self) -> None:
        """Run Alembic migrations to the newest revision (idempotent)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        try:
            with _MIGRATION_LOCK, sqlite_write_intent(), self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except SQLAlchemyError as error:
            raise StorageError(f"database migration failed: {describe(error)}") from error

    def current_revision(self) -> str | None:
        """The Alembic revision the database is at (None before the first migration)."""
        from alembic.migration import MigrationContext

        try:
            with self.engine.connect() as connection:
                return MigrationContext.configure(connection).get_current_revision()
        except SQLAlchemyError as error:
            raise StorageError(f"database error: {describe(error)}") from error

    def maintain(self) -> None:
        """Housekeeping: refresh the planner's statistics; on SQLite also fold the WAL back into the file."""
        try:
            if self.dialect == "sqlite":
                # Outside any transaction (a checkpoint cannot run inside one): the driver is in autocommit.
                raw = self.engine.raw_connection()
                try:
                    cursor = raw.cursor()
                    cursor.execute("PRAGMA optimize")
                    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    cursor.close()
                finally:
                    raw.close()
            else:
                with self.engine.begin() as connection:
                    connection.exec_driver_sql("ANALYZE")
        except (SQLAlchemyError, sqlite3.Error) as error:
            raise StorageError(f"database maintenance failed: {describe(error)}") from error

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()
