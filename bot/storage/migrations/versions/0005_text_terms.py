"""Rebuild what stored rows derive from `digests.text`, after its matching forms changed.

Normalisation now folds hamza seats (مسؤول = مسئول = مسوول, مؤتمر = موتمر) and the Arabic stemmer strips
the article before checking names (برلمان = البرلمان), keeps a root و (الوزير = وزير), and strips ان only
from a longer stem (سلمان is not السلم). Rows written by older builds hold the old forms:
- the search index (terms at each title and body position): a search for مسئول would miss articles
  indexed with مسؤول, and برلمان would still miss البرلمان;
- `content_hash` (normalised title and body) and the SimHash `fingerprint` with its four bands: a copy
  fetched again would not meet its stored twin by hash, and near-duplicate links would compare old
  fingerprints with new ones.
This revision recomputes all of them with the current code, in batches, as ingestion computes them.
`duplicate_of` links stay: they record what was decided when each article arrived.

Downgrade leaves the rebuilt values in place: nothing older code stores differs in shape.

Revision ID: 0005_text_terms
Revises: 0004_source_removed
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision: str = "0005_text_terms"
down_revision: str | None = "0004_source_removed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 500
_ANY_TIME = datetime(2000, 1, 1, tzinfo=UTC)  # prepare needs a time; hashes and fingerprints ignore it


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DELETE FROM article_search")
    else:
        op.execute("DELETE FROM article_fts")
        op.execute("DELETE FROM search_slots")  # slots of terms no article holds any more go too
    _rebuild(bind)


def _rebuild(bind: sa.Connection) -> None:
    """Recompute hashes, fingerprints and index entries of every stored article, in id order."""
    from bot.ingest.pipeline import to_new_article
    from bot.storage.convert import fingerprint_bands, to_signed64
    from bot.storage.search import index_articles
    from digests.model import RawArticle

    update = sa.text(
        "UPDATE articles SET content_hash = :hash, fingerprint = :fp, fp_band0 = :b0, fp_band1 = :b1,"
        " fp_band2 = :b2, fp_band3 = :b3 WHERE id = :id"
    )
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
            values = []
            for article_id, title, text, language in rows:
                raw = RawArticle(title=title, text=text, source="", language=language)
                derived = to_new_article(raw, fallback_published=_ANY_TIME)
                fingerprint = to_signed64(derived.fingerprint)
                bands = fingerprint_bands(fingerprint)
                values.append(
                    {"id": article_id, "hash": derived.content_hash, "fp": fingerprint}
                    | {f"b{band}": bands[band] for band in range(4)}
                )
            session.execute(update, values)
            index_articles(session, [(int(r[0]), r[1], r[2], r[3]) for r in rows])
            last = int(rows[-1][0])


def downgrade() -> None:
    pass
