"""Engine set-up, migrations and error translation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from storage_helpers import T0, make_article

from bot.errors import AlreadyExists, ConfigError, StorageError
from bot.storage import Database, open_database
from bot.storage.base import MIGRATIONS_DIR
from bot.storage.engine import create_database_engine, normalise_url
from bot.storage.models import Base


def _head() -> str | None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config).get_current_head()


def test_migrations_reach_head_and_are_idempotent(storage: Database) -> None:
    assert storage.current_revision() == _head()
    storage.upgrade()  # a second run changes nothing
    assert storage.current_revision() == _head()


def _ours(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Compare only the tables this module's models declare (search adds its own in 0002)."""
    table = obj if type_ == "table" else getattr(obj, "table", None)
    return table is None or table.name in Base.metadata.tables


def test_models_match_the_migrations(storage: Database) -> None:
    with storage.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": _ours})
        assert compare_metadata(context, Base.metadata) == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_busy_timeout(sqlite_storage: Database) -> None:
    with sqlite_storage.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_open_database_without_upgrade_leaves_a_fresh_file_empty(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    with open_database(url, upgrade=False) as database:
        assert database.current_revision() is None
        with pytest.raises(StorageError, match="no such table"):
            database.add_source("x", url="https://x.example/rss")
    with open_database(url) as database:
        assert database.current_revision() == _head()
        assert database.add_source("x", url="https://x.example/rss").id == 1


def test_in_memory_sqlite_is_one_database(tmp_path: Path) -> None:
    with open_database("sqlite://") as database:
        database.add_source("memory", url="https://memory.example/rss")
        assert [s.name for s in database.list_sources()] == ["memory"]


def test_database_urls() -> None:
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
    with pytest.raises(ConfigError, match=r"database\.url"):
        create_database_engine("mysql://u@h/db")
    with pytest.raises(ConfigError, match="psycopg"):
        create_database_engine("postgresql+pg8000://u@h/db")
    with pytest.raises(ConfigError, match="not a database URL"):
        create_database_engine("no url at all")


def test_integrity_errors_become_already_exists(storage: Database) -> None:
    storage.add_source("a", url="https://a.example/rss")
    b = storage.add_source("b", url="https://b.example/rss")
    with pytest.raises(AlreadyExists, match="already exists"):
        storage.record_fetch_success(b.id, now=T0, next_due_at=T0, new_url="https://a.example/rss")


def test_unreachable_database_is_a_storage_error(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'missing' / 'dir' / 'x.db'}")
    with pytest.raises(StorageError, match="unable to open database file"):
        database.list_sources()
    database.close()


def test_session_time_zone_does_not_leak_into_values(postgres_storage: Database) -> None:
    """A server or session in another time zone still gives UTC datetimes for the same instants."""
    source = postgres_storage.add_source("feed", url="https://feed.example/rss")
    ids = postgres_storage.add_articles(source.id, [make_article("Zone test")], now=T0).ids
    url = sa.make_url(postgres_storage.url).update_query_dict({"options": "-c timezone=Asia/Riyadh"})
    with Database(url.render_as_string(hide_password=False)) as riyadh:
        with riyadh.engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW timezone").scalar() == "Asia/Riyadh"
        article = riyadh.get_article(ids[0])
        assert article.fetched_at == T0 and article.fetched_at.tzinfo == UTC
        window = riyadh.articles_between(T0 - timedelta(minutes=1), T0 + timedelta(minutes=1))
        assert [a.id for a in window] == list(ids)


def test_naive_now_is_refused(storage: Database) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        storage.claim_due_sources(datetime(2026, 1, 1), worker="w")


def test_maintain_keeps_the_data(storage: Database) -> None:
    source = storage.add_source("feed", url="https://feed.example/rss")
    storage.add_articles(source.id, [make_article("Kept")], now=T0)
    storage.maintain()
    assert storage.count_articles() == 1
