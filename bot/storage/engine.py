"""Engine creation for the two supported backends.

SQLite: WAL journal (readers never block the writer), a busy timeout (writers wait instead of failing),
foreign keys on, and transactions we begin ourselves so that write transactions can say `BEGIN IMMEDIATE`
(a deferred transaction that reads and then writes fails at once with SQLITE_BUSY when another writer got in
between; an immediate one waits for the lock up front). PostgreSQL: psycopg 3 with a small checked pool.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from bot.errors import ConfigError

SQLITE_BUSY_TIMEOUT_MS = 15_000

_sqlite_write: ContextVar[bool] = ContextVar("newsbot_sqlite_write", default=False)


@contextmanager
def sqlite_write_intent() -> Iterator[None]:
    """Inside this block, SQLite transactions start with BEGIN IMMEDIATE (take the write lock first)."""
    token = _sqlite_write.set(True)
    try:
        yield
    finally:
        _sqlite_write.reset(token)


def normalise_url(url: str) -> str:
    """Accept `postgresql://` and `postgres://` as psycopg 3 URLs; leave everything else alone."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def create_database_engine(url: str, *, echo: bool = False) -> Engine:
    """Build the engine for `url` (sqlite:///path, sqlite:// for memory, postgresql+psycopg://...)."""
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise ConfigError("database.url", f"not a database URL: {url!r}") from error
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, in_memory=parsed.database in (None, "", ":memory:"), echo=echo)
    if backend == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            raise ConfigError("database.url", "use the psycopg 3 driver: postgresql+psycopg://...")
        return create_engine(
            url,
            echo=echo,
            pool_size=5,
            max_overflow=10,
            pool_pre_ping=True,  # survive a restarted database server
            pool_recycle=1800,
            pool_timeout=30,
        )
    raise ConfigError("database.url", f"unsupported database {backend!r} (use sqlite or postgresql)")


def _sqlite_engine(url: str, *, in_memory: bool, echo: bool) -> Engine:
    options: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 15}}
    if in_memory:
        # One shared connection, or every session would see its own empty database.
        options["poolclass"] = StaticPool
    else:
        options.update(pool_size=5, max_overflow=10, pool_timeout=30)
    engine = create_engine(url, echo=echo, **options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling would issue a deferred BEGIN: we do it in "begin" below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; commits stay fast
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _sqlite_write.get() else "BEGIN")

    return engine
