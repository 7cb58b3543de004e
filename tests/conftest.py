"""Shared fixtures. `storage` runs a test on SQLite and, when NEWSBOT_TEST_POSTGRES_URL is set, on PostgreSQL.

Every test gets an empty, migrated database. Migrating is the slow part, so it happens once per session:
SQLite tests get a copy of a migrated template file; PostgreSQL tests share one uniquely named database
(others run tests on the same server at once), emptied before each test and dropped at the session's end.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from storage_helpers import scratch_postgres_database

from bot.storage import Database, open_database

POSTGRES_URL_ENV = "NEWSBOT_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    open_database(f"sqlite:///{path}").close()
    return path


@pytest.fixture(scope="session")
def _postgres_session_url() -> Iterator[str]:
    server_url = os.environ.get(POSTGRES_URL_ENV)
    if not server_url:
        pytest.skip(f"{POSTGRES_URL_ENV} is not set")
    with scratch_postgres_database(server_url, "newsbot_test") as url:
        open_database(url).close()
        yield url


@pytest.fixture(scope="session")
def _postgres_tables(_postgres_session_url: str) -> list[str]:
    """Every table but alembic_version, children before parents (the order DELETE needs)."""
    engine = sa.create_engine(_postgres_session_url, poolclass=sa.pool.NullPool)
    metadata = sa.MetaData()
    with engine.connect() as connection:
        metadata.reflect(connection)
    engine.dispose()
    return [table.name for table in reversed(metadata.sorted_tables) if table.name != "alembic_version"]


def _emptied_postgres(url: str, tables: list[str]) -> Iterator[Database]:
    # DELETE and RESTART are several times faster than TRUNCATE on these tiny tables.
    database = Database(url)
    try:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("SET LOCAL lock_timeout = '20s'")  # a leaked transaction fails loudly
            for table in tables:
                connection.exec_driver_sql(f'DELETE FROM "{table}"')
            sequences = connection.exec_driver_sql(
                "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"
            ).scalars()
            for sequence in list(sequences):
                connection.exec_driver_sql(f'ALTER SEQUENCE "{sequence}" RESTART')
        yield database
    finally:
        database.close()


def _copied_sqlite(template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "newsbot-test.db"
    shutil.copyfile(template, path)
    database = Database(f"sqlite:///{path}")
    try:
        yield database
    finally:
        database.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated Database on each backend (PostgreSQL skipped without NEWSBOT_TEST_POSTGRES_URL)."""
    if request.param == "sqlite":
        yield from _copied_sqlite(request.getfixturevalue("_sqlite_template"), tmp_path)
    else:
        url = request.getfixturevalue("_postgres_session_url")
        yield from _emptied_postgres(url, request.getfixturevalue("_postgres_tables"))


@pytest.fixture
def sqlite_storage(_sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated SQLite Database in tmp_path."""
    yield from _copied_sqlite(_sqlite_template, tmp_path)


@pytest.fixture
def postgres_storage(_postgres_session_url: str, _postgres_tables: list[str]) -> Iterator[Database]:
    """An empty, migrated PostgreSQL Database (skipped without NEWSBOT_TEST_POSTGRES_URL)."""
    yield from _emptied_postgres(_postgres_session_url, _postgres_tables)
