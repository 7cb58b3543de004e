"""Sources remember being removed, apart from being deactivated by fetch errors.

`sources remove` / `/removesource` used to deactivate a source, so it kept showing in the lists as inactive,
like a feed that failed too often. A removed source now leaves the lists; its row stays only while
articles point at it (they stay searchable and keep its name), and adding its URL again brings it back.

Revision ID: 0004_source_removed
Revises: 0003_article_outlet
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_source_removed"
down_revision: str | None = "0003_article_outlet"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("sources", sa.Column("removed", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("sources", "removed")
