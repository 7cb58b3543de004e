"""SQLite: a second, contentless FTS5 table for phrases, `article_phrase(title, body)`.

A phrase over `article_fts` slot tokens expands to one FTS5 phrase per combination of its words' slots,
and each of those scans the words' doclists again: a phrase of common Arabic words took close to a second
on a million articles. `article_phrase` holds one plain key per position (see bot/storage/search_index.py),
so a phrase is one FTS5 phrase. It is built here from the slots already stored in `article_fts`, row by
row, so its tokens are exactly those that later deletes derive from the same rows.

PostgreSQL: a phrase (<->) is checked on each candidate's tsvector (GIN holds no positions), and most of
those tsvectors (about 2 kB compressed) sat out of line in TOAST, one more index lookup and read each. The
column now keeps them compressed in the row (STORAGE MAIN); the table is copied once so that existing rows
move in (an UPDATE in place would rewrite every GIN entry).

Revision ID: 0006_phrase_index
Revises: 0005_text_terms
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_phrase_index"
down_revision: str | None = "0005_text_terms"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 2000


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _tsvectors_inline()
        return
    op.execute(
        "CREATE VIRTUAL TABLE article_phrase USING fts5(title, body, content = '', tokenize = 'ascii',"
        " detail = full)"
    )
    _fill(bind)


def _fill(bind: sa.Connection) -> None:
    """One `article_phrase` row per `article_fts` row, in rowid order and batches."""
    from bot.storage.search_index import phrase_column

    select = sa.text("SELECT rowid, title, body FROM article_fts WHERE rowid > :last ORDER BY rowid LIMIT :n")
    insert = sa.text("INSERT INTO article_phrase (rowid, title, body) VALUES (:id, :title, :body)")
    last = 0
    while rows := bind.execute(select, {"last": last, "n": _BATCH}).all():
        values = [
            {"id": r[0], "title": phrase_column(r[1] or ""), "body": phrase_column(r[2] or "")} for r in rows
        ]
        bind.execute(insert, values)
        last = int(rows[-1][0])


def _tsvectors_inline() -> None:
    """Copy `article_search` into a table whose doc column is STORAGE MAIN, then swap the names."""
    op.execute(
        "CREATE TABLE article_search_inline ("
        " article_id INTEGER NOT NULL PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
        " doc TSVECTOR NOT NULL)"
    )
    op.execute("ALTER TABLE article_search_inline ALTER COLUMN doc SET STORAGE MAIN")
    # `|| ''` makes a new value, stored by the new column's rules (a plain copy keeps the TOAST pointer)
    op.execute("INSERT INTO article_search_inline SELECT article_id, doc || ''::tsvector FROM article_search")
    op.execute("DROP TABLE article_search")
    op.execute("ALTER TABLE article_search_inline RENAME TO article_search")
    op.execute("ALTER INDEX article_search_inline_pkey RENAME TO article_search_pkey")
    op.execute(
        "ALTER TABLE article_search RENAME CONSTRAINT article_search_inline_article_id_fkey"
        " TO article_search_article_id_fkey"
    )
    op.execute("CREATE INDEX ix_article_search_doc ON article_search USING GIN (doc)")
    op.execute("ANALYZE article_search")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE article_phrase")
    else:
        op.execute("ALTER TABLE article_search ALTER COLUMN doc SET STORAGE EXTENDED")
