"""Articles remember the outlet they name themselves (front matter `source`, a feed's title).

A file or feed source often carries several outlets (a folder of agency copies, an aggregator feed); the
digest's "also in" and search's `source:` need the outlet, not only the configured source's name.
Existing rows keep NULL: they show the source's name, as before.

Revision ID: 0003_article_outlet
Revises: 0002_search
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_article_outlet"
down_revision: str | None = "0002_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("outlet", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("articles", "outlet")
