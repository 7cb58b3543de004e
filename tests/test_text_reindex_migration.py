"""Migration 0005_text_terms: a database from the previous head gets the current matching forms.

An article stored by an older build has an index, hash and fingerprint of the old normalisation. The test
simulates that by indexing other text and writing placeholder hashes, then upgrades and checks that search,
the content hash and the fingerprint are what ingestion computes today. Runs on SQLite and, with
NEWSBOT_TEST_POSTGRES_URL set, on a scratch PostgreSQL database.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.orm import Session
from storage_helpers import database_at_revision, scratch_postgres_database

from bot.ingest.pipeline import to_new_article
from bot.search_query import parse_query
from bot.storage import Database
from bot.storage.base import MIGRATIONS_DIR
from bot.storage.convert import fingerprint_bands, to_signed64
from bot.storage.models import ArticleRow
from bot.storage.search import index_articles
from digests.model import RawArticle

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
MIGRATION = importlib.import_module("bot.storage.migrations.versions.0005_text_terms")
TITLE = "البرلمان يناقش شئون الطيران"
TEXT = "قال مسئول في وزارة النقل إن المؤتمر بحث سلامة الطيران المدني بعد الفيضانات."


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database migrated to the revision before 0005 only."""
    if request.param == "sqlite":
        yield from _at_previous_head(f"sqlite:///{tmp_path / 'old.db'}")
        return
    server = os.environ.get("NEWSBOT_TEST_POSTGRES_URL")
    if not server:
        pytest.skip("NEWSBOT_TEST_POSTGRES_URL is not set")
    with scratch_postgres_database(server, "newsbot_reindex") as url:
        yield from _at_previous_head(url)


def _at_previous_head(url: str) -> Iterator[Database]:
    database = database_at_revision(url, MIGRATION.down_revision)
    try:
        yield database
    finally:
        database.close()


def _store_as_an_old_build_did(database: Database) -> int:
    source = database.add_source("Desk", url="https://desk.example/rss").id
    row = {
        "source_id": source, "guid": "g1", "title": TITLE, "text": TEXT, "language": "ar",
        "published": NOW, "fetched_at": NOW, "content_hash": "0" * 64, "fingerprint": 0,
        "fp_band0": 0, "fp_band1": 0, "fp_band2": 0, "fp_band3": 0,
    }  # fmt: skip
    with database.engine.begin() as connection:
        insert = sa.insert(ArticleRow).values(**row).returning(ArticleRow.id)
        article_id = int(connection.execute(insert).scalar_one())
        with Session(bind=connection) as session:
            # terms an older normalisation left behind: none of the article's words match today's forms
            index_articles(session, [(article_id, "عنوان قديم", "نص قديم لا يطابق", "ar")])
    return article_id


def _found(database: Database, query: str) -> bool:
    return bool(database.search(parse_query(query), now=NOW).hits)


def test_upgrade_rebuilds_index_hash_and_fingerprint(old_database: Database) -> None:
    article_id = _store_as_an_old_build_did(old_database)
    assert not _found(old_database, "مسؤول")
    assert _found(old_database, "قديم")

    old_database.upgrade()

    for query in ("مسؤول", "مسئول", "برلمان", "شؤون", "موتمر", "الفيضان", "طيران"):
        assert _found(old_database, query), query
    assert not _found(old_database, "قديم")
    assert not _found(old_database, "الطير")
    expected = to_new_article(
        RawArticle(title=TITLE, text=TEXT, source="", language="ar"), fallback_published=NOW
    )
    with old_database.engine.connect() as connection:
        columns = [ArticleRow.content_hash, ArticleRow.fingerprint]
        columns += [getattr(ArticleRow, f"fp_band{band}") for band in range(4)]
        row = connection.execute(sa.select(*columns).where(ArticleRow.id == article_id)).one()
    fingerprint = to_signed64(expected.fingerprint)
    assert row.content_hash == expected.content_hash
    assert row.fingerprint == fingerprint != 0
    assert (row.fp_band0, row.fp_band1, row.fp_band2, row.fp_band3) == fingerprint_bands(fingerprint)


def test_upgrade_of_an_empty_database_and_a_second_run_change_nothing(old_database: Database) -> None:
    old_database.upgrade()
    old_database.upgrade()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert old_database.current_revision() == ScriptDirectory.from_config(config).get_current_head()
