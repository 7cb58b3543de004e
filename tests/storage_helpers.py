"""Builders for storage tests (texts written for these tests)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from bot.records import NewArticle
from digests.model import RawArticle

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def make_article(
    title: str,
    text: str = "",
    *,
    guid: str | None = None,
    url: str | None = None,
    canonical_url: str | None = None,
    published: datetime = T0,
    language: str = "en",
    fingerprint: int = 0,
    source: str = "",
    path: str | None = None,
) -> NewArticle:
    """A NewArticle whose content hash is derived from its title and text, as ingestion does."""
    body = text or f"Body of {title}."
    digest = hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()
    raw = RawArticle(
        title=title,
        text=body,
        source=source,
        url=url,
        guid=guid,
        path=path,
        published=published,
        language=language,
    )
    return NewArticle(
        raw=raw,
        language=language,
        published=published,
        canonical_url=canonical_url,
        content_hash=digest,
        fingerprint=fingerprint,
    )
