"""Checks shared by the search tests."""

from __future__ import annotations

from bot.storage import Database
from bot.storage.search_index import phrase_column


def assert_phrase_index_matches_slots(database: Database) -> None:
    """SQLite: the contentless `article_phrase` holds exactly the keys of the stored slots, row by row
    (FTS5 cannot check this itself: a delete with wrong tokens leaves stale entries silently)."""
    if database.dialect != "sqlite":
        return
    with database.engine.connect() as connection:
        expected: dict[str, int] = {}
        for title, body in connection.exec_driver_sql("SELECT title, body FROM article_fts"):
            for token in set(phrase_column(title).split() + phrase_column(body).split()):
                expected[token] = expected.get(token, 0) + 1
        connection.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.keys USING fts5vocab(main, article_phrase, row)"
        )
        stored = dict(connection.exec_driver_sql("SELECT term, doc FROM temp.keys").all())
    assert stored == expected
