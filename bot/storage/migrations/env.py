"""Alembic environment for newsbot.

Run in code by `bot.storage.Database.upgrade()`, which passes its own connection in
`config.attributes["connection"]`; there is no alembic.ini. Without a connection, `sqlalchemy.url` from the
Config is used (handy for `alembic revision` by hand during development).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, text

from bot.storage.models import Base

# An arbitrary, fixed key: two processes starting at once on one PostgreSQL database migrate in turn.
_PG_MIGRATION_LOCK = 7_306_201_841


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite can only ALTER by copying tables
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "sqlite:///newsbot.db")
    try:
        with engine.connect() as own_connection:
            _run(own_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("newsbot migrations run online only (newsbot db upgrade)")
run_migrations_online()
