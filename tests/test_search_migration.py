"""Migration 0006_phrase_index: a database from the previous head gets the phrase index.

SQLite: articles indexed before the revision (slots only) get their `article_phrase` rows from the stored
slots; phrase search then works and later updates and deletes keep the two tables in step. PostgreSQL: the
tsvectors move into the row (STORAGE MAIN) under the same table, key and index names. Runs on SQLite and,
with NEWSBOT_TEST_POSTGRES_URL set, on a scratch PostgreSQL database.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from search_helpers import assert_phrase_index_matches_slots
from storage_helpers import database_at_revision, make_article, scratch_postgres_database

from bot.search_query import parse_query
from bot.storage import Database

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
MIGRATION = importlib.import_module("bot.storage.migrations.versions.0006_phrase_index")
TEXTS = {
    "aid": ("مساعدات", "قدمت المنظمة دعما للدول الفقيرة في المنطقة."),
    "palestine": ("اجتماع", "ناقش الوزراء مستقبل فلسطين في اجتماع طارئ."),
    "storm": ("Storm warning", "A storm reached the coast at dawn."),
}


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database migrated to the revision before 0006 only, with articles stored and indexed there."""
    if request.param == "sqlite":
        yield from _at_previous_head(f"sqlite:///{tmp_path / 'old.db'}")
        return
    yield from _postgres_at_previous_head()


@pytest.fixture
def old_postgres_database() -> Iterator[Database]:
    """The same on PostgreSQL only, for checks of PostgreSQL's own catalogue."""
    yield from _postgres_at_previous_head()


def _postgres_at_previous_head() -> Iterator[Database]:
    server = os.environ.get("NEWSBOT_TEST_POSTGRES_URL")
    if not server:
        pytest.skip("NEWSBOT_TEST_POSTGRES_URL is not set")
    with scratch_postgres_database(server, "newsbot_phrase_index") as url:
        yield from _at_previous_head(url)


def _at_previous_head(url: str) -> Iterator[Database]:
    database = database_at_revision(url, MIGRATION.down_revision)
    source = database.add_source("Desk", url="https://desk.example/rss").id
    articles = [
        make_article(title, text, guid=key, language="en" if text.isascii() else "ar", published=NOW)
        for key, (title, text) in TEXTS.items()
    ]
    database.add_articles(source, articles, now=NOW)
    try:
        yield database
    finally:
        database.close()


def _titles(database: Database, query: str) -> set[str]:
    return {hit.title for hit in database.search(parse_query(query), now=NOW).hits}


def test_upgrade_builds_the_phrase_index_from_stored_articles(old_database: Database) -> None:
    old_database.upgrade()
    assert _titles(old_database, '"الدول الفقيرة"') == {"مساعدات"}
    assert _titles(old_database, '"مستقبل فلسطين"') == {"اجتماع"}
    assert _titles(old_database, '"reached the coast"') == {"Storm warning"}
    assert _titles(old_database, '"coast the"') == set()
    assert_phrase_index_matches_slots(old_database)
    # rows indexed before the upgrade are deleted from the phrase index with the tokens it was built with
    old_database.delete_articles_before(NOW + timedelta(days=1))
    assert _titles(old_database, '"reached the coast"') == set()
    assert_phrase_index_matches_slots(old_database)


def test_upgrade_keeps_postgres_names_and_moves_tsvectors_inline(old_postgres_database: Database) -> None:
    old_database = old_postgres_database
    old_database.upgrade()
    with old_database.engine.connect() as connection:
        storage = connection.exec_driver_sql(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'article_search'::regclass"
            " AND attname = 'doc'"
        ).scalar()
        names = set(
            connection.exec_driver_sql(
                "SELECT conname FROM pg_constraint WHERE conrelid = 'article_search'::regclass"
                " UNION SELECT indexname FROM pg_indexes WHERE tablename = 'article_search'"
            ).scalars()
        )
        count = connection.execute(sa.text("SELECT count(*) FROM article_search")).scalar()
    assert storage == "m"
    assert names == {"article_search_pkey", "article_search_article_id_fkey", "ix_article_search_doc"}
    assert count == len(TEXTS)
    assert _titles(old_database, '"stormy coast" OR "the coast"') == {"Storm warning"}
