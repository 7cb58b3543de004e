"""Storage on SQLite or PostgreSQL: SQLAlchemy 2 models, Alembic migrations, repositories, search index.

The only package that imports SQLAlchemy. Everything public takes and returns `bot.records`.
"""

from __future__ import annotations

from bot.storage.database import Database, open_database

__all__ = ["Database", "open_database"]
