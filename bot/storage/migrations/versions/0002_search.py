"""Full-text search index: FTS5 on SQLite, tsvector + GIN on PostgreSQL (see bot/storage/search_index.py).

SQLite: `article_fts(title, body)` holds space-separated slot tokens (digests terms, pre-normalised, with
ASCII punctuation mapped to private-use characters), so the `ascii` tokenizer only splits at spaces;
`search_slots(term, slot)` lists the multi-term slots each term belongs to. PostgreSQL: `article_search`
holds one tsvector per article built from the same terms with explicit positions (title weight A).
Existing articles are indexed by the upgrade.

Revision ID: 0002_search
Revises: 0001_initial
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision: str = "0002_search"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 500


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE article_search ("
            " article_id INTEGER NOT NULL PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
            " doc TSVECTOR NOT NULL)"
        )
        op.execute("CREATE INDEX ix_article_search_doc ON article_search USING GIN (doc)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE article_fts USING fts5(title, body, tokenize = 'ascii', detail = full)"
        )
        op.execute(
            "CREATE TABLE search_slots (term TEXT NOT NULL, slot TEXT NOT NULL, PRIMARY KEY (term, slot))"
            " WITHOUT ROWID"
        )
    _index_existing(bind)


def _index_existing(bind: sa.Connection) -> None:
    """Index articles stored before this revision, in batches."""
    from bot.storage.search import index_articles

    last = 0
    with Session(bind=bind) as session:
        while True:
            rows = session.execute(
                sa.text(
                    "SELECT id, title, text, language FROM articles WHERE id > :last ORDER BY id LIMIT :n"
                ),
                {"last": last, "n": _BATCH},
            ).all()
            if not rows:
                return
            index_articles(session, [(int(r[0]), r[1], r[2], r[3]) for r in rows])
            last = int(rows[-1][0])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE article_search")
    else:
        op.execute("DROP TABLE search_slots")
        op.execute("DROP TABLE article_fts")
