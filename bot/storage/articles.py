"""Articles repository: deduplicating insert, near-duplicate story links, windows, retention, search.

Deduplication, per source: the guid, else the canonical URL, else the content hash identifies an article. A
known article whose title, text or date changed is updated (and re-indexed); an unchanged one is a duplicate.
An article with a new identity but the same content hash as one already stored from the source is also a
duplicate (feeds that re-issue guids). Across sources, a new article whose 64-bit fingerprint is within
Hamming distance 3 of an article published within 7 days of it is linked (`duplicate_of`) to that story's
earliest copy. Candidates come from four indexed 16-bit bands: by pigeonhole, 3 differing bits leave at least
one band identical.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from bot.errors import NotFound
from bot.records import AddResult, NewArticle, SearchPage, SearchQuery, StoredArticle
from bot.storage import search as _search
from bot.storage.base import IN_CHUNK, StorageBase, existing_row, in_chunks, utc
from bot.storage.convert import article_record, fingerprint_bands, to_signed64, to_unsigned64
from bot.storage.models import ArticleRow, SourceRow

NEAR_DUPLICATE_BITS = 3
NEAR_DUPLICATE_WINDOW = timedelta(days=7)
MAX_KEY_BYTES = 1500
"""Longer guids/URLs are not used as keys (a PostgreSQL B-tree entry must stay under ~2.7 kB)."""


def _key(value: str | None) -> str | None:
    """A dedup key, or None when absent or too long to index."""
    if not value or len(value.encode("utf-8")) > MAX_KEY_BYTES:
        return None
    return value


class _KnownArticles:
    """The source's stored articles that a batch could match, fetched in a few IN queries and kept current
    while the batch is stored (so a batch that repeats an article is deduplicated too)."""

    def __init__(self, session: Session, source_id: int, articles: Sequence[NewArticle]) -> None:
        self.by_guid: dict[str, ArticleRow] = {}
        self.by_url: dict[str, ArticleRow] = {}
        self.by_hash: dict[str, ArticleRow] = {}
        wanted = (
            (ArticleRow.guid, {_key(a.raw.guid) for a in articles}, self.by_guid),
            (ArticleRow.canonical_url, {_key(a.canonical_url) for a in articles}, self.by_url),
            (ArticleRow.content_hash, {a.content_hash for a in articles}, self.by_hash),
        )
        for column, values, index in wanted:
            keys = sorted(value for value in values if value is not None)
            for chunk in in_chunks(keys):
                query = (
                    select(ArticleRow)
                    .where(ArticleRow.source_id == source_id, column.in_(chunk))
                    .order_by(ArticleRow.id)
                )
                for row in session.scalars(query):
                    index.setdefault(getattr(row, column.key), row)

    def find(self, article: NewArticle) -> tuple[ArticleRow | None, bool]:
        """The stored article this one is (by guid, else canonical URL) or, failing that, one with the same
        content hash; and whether the match was by content hash only."""
        guid, canonical = _key(article.raw.guid), _key(article.canonical_url)
        if guid is not None:
            found = self.by_guid.get(guid)
        elif canonical is not None:
            found = self.by_url.get(canonical)
        else:
            found = None
        if found is not None:
            return found, False
        same_content = self.by_hash.get(article.content_hash)
        return same_content, same_content is not None

    def remember(self, row: ArticleRow) -> None:
        if row.guid is not None:
            self.by_guid.setdefault(row.guid, row)
        if row.canonical_url is not None:
            self.by_url.setdefault(row.canonical_url, row)
        self.by_hash.setdefault(row.content_hash, row)


def _changed(row: ArticleRow, article: NewArticle) -> bool:
    return (
        row.title != article.raw.title
        or row.text != article.raw.text
        or row.published != utc(article.published, "published")
    )


def _fill(row: ArticleRow, article: NewArticle) -> None:
    """Copy an incoming article's content into a row (new or updated)."""
    fingerprint = to_signed64(article.fingerprint)
    row.guid = _key(article.raw.guid)
    row.url = article.raw.url
    row.canonical_url = _key(article.canonical_url)
    row.path = article.raw.path
    row.title = article.raw.title
    row.text = article.raw.text
    row.language = article.language
    row.outlet = article.raw.source or None
    row.published = utc(article.published, "published")
    row.content_hash = article.content_hash
    row.fingerprint = fingerprint
    row.fp_band0, row.fp_band1, row.fp_band2, row.fp_band3 = fingerprint_bands(fingerprint)


def _link_stories(session: Session, source_id: int, rows: Sequence[ArticleRow]) -> None:
    """Set `duplicate_of` on each new row that is a near-duplicate of an article from another source: one
    indexed candidate query per chunk of rows, then exact Hamming distances in Python."""
    rows = [row for row in rows if to_unsigned64(row.fingerprint) != 0]  # 0 = no fingerprint (no body)
    for chunk in in_chunks(rows, IN_CHUNK // 4):
        band_values = [sorted({getattr(row, f"fp_band{band}") for row in chunk}) for band in range(4)]
        candidates = session.execute(
            select(
                ArticleRow.id, ArticleRow.fingerprint, ArticleRow.duplicate_of, ArticleRow.published
            ).where(
                or_(*(getattr(ArticleRow, f"fp_band{band}").in_(band_values[band]) for band in range(4))),
                ArticleRow.published >= min(row.published for row in chunk) - NEAR_DUPLICATE_WINDOW,
                ArticleRow.published <= max(row.published for row in chunk) + NEAR_DUPLICATE_WINDOW,
                ArticleRow.source_id != source_id,
            )
        ).all()
        stories = [_earliest_copy(row, candidates) for row in chunk]
        for row, story in zip(chunk, stories, strict=True):
            row.duplicate_of = story


def _earliest_copy(row: ArticleRow, candidates: Sequence[Any]) -> int | None:
    """The story's first copy among candidates within the distance and the time window of `row`."""
    mine = to_unsigned64(row.fingerprint)
    close = [
        c
        for c in candidates
        if abs(c.published - row.published) <= NEAR_DUPLICATE_WINDOW
        and (to_unsigned64(c.fingerprint) ^ mine).bit_count() <= NEAR_DUPLICATE_BITS
    ]
    if not close:
        return None
    # Link to the story's first copy: a candidate that is itself a copy points at it.
    firsts = [(c.published, c.id) for c in close if c.duplicate_of is None]
    if firsts:
        return int(min(firsts)[1])
    return int(min(c.duplicate_of for c in close if c.duplicate_of is not None))


class ArticlesMixin(StorageBase):
    def add_articles(self, source_id: int, articles: Sequence[NewArticle], *, now: datetime) -> AddResult:
        """Store a batch from one source (see the module docstring for deduplication) and index the new and
        updated articles for search, all in one transaction. Raise NotFound for an unknown source."""
        now = utc(now, "now")
        new = updated = duplicate = 0
        with self._write() as session:
            existing_row(session, SourceRow, source_id, "source")
            known = _KnownArticles(session, source_id, articles)
            new_rows: list[ArticleRow] = []
            stored: dict[int, ArticleRow] = {}  # by id(row): new rows have no primary key until the flush
            for article in articles:
                row, by_content = known.find(article)
                if row is not None and (by_content or not _changed(row, article)):
                    duplicate += 1
                    continue
                if row is None:
                    row = ArticleRow(source_id=source_id, fetched_at=now)
                    _fill(row, article)
                    session.add(row)
                    new_rows.append(row)
                    new += 1
                else:
                    _fill(row, article)
                    updated += 1
                known.remember(row)
                stored.setdefault(id(row), row)
            session.flush()  # one batched INSERT (and UPDATEs): every row has its id now
            _link_stories(session, source_id, new_rows)
            session.flush()
            rows = list(stored.values())
            if rows:
                _search.index_articles(session, [(r.id, r.title, r.text, r.language) for r in rows])
            ids = [row.id for row in rows]
        return AddResult(new=new, updated=updated, duplicate=duplicate, ids=tuple(ids))

    def get_article(self, article_id: int) -> StoredArticle:
        """Raise NotFound."""
        with self._read() as session:
            found = session.execute(
                select(ArticleRow, SourceRow.name)
                .join(SourceRow, SourceRow.id == ArticleRow.source_id)
                .where(ArticleRow.id == article_id)
            ).first()
            if found is None:
                raise NotFound(f"no article with id {article_id}")
            return article_record(found[0], found[1])

    def articles_between(
        self, start: datetime, end: datetime, *, languages: frozenset[str] | None = None
    ) -> list[StoredArticle]:
        """Articles fetched or published in [start, end), oldest (by publication) first."""
        start, end = utc(start, "start"), utc(end, "end")
        query = (
            select(ArticleRow, SourceRow.name)
            .join(SourceRow, SourceRow.id == ArticleRow.source_id)
            .where(
                or_(
                    and_(ArticleRow.published >= start, ArticleRow.published < end),
                    and_(ArticleRow.fetched_at >= start, ArticleRow.fetched_at < end),
                )
            )
            .order_by(ArticleRow.published, ArticleRow.id)
        )
        if languages is not None:
            query = query.where(ArticleRow.language.in_(sorted(languages)))
        with self._read() as session:
            return [article_record(row, name) for row, name in session.execute(query)]

    def count_articles(self) -> int:
        with self._read() as session:
            return session.scalar(select(func.count()).select_from(ArticleRow)) or 0

    def delete_articles_before(self, cutoff: datetime) -> int:
        """Retention: delete articles both published and fetched before `cutoff` (and their search index
        entries). Copies of a deleted story keep existing, unlinked. Returns how many were deleted."""
        cutoff = utc(cutoff, "cutoff")
        with self._write() as session:
            ids = list(
                session.scalars(
                    select(ArticleRow.id).where(ArticleRow.published < cutoff, ArticleRow.fetched_at < cutoff)
                )
            )
            for chunk in in_chunks(ids):
                _search.unindex_articles(session, chunk)
                session.execute(
                    delete(ArticleRow)
                    .where(ArticleRow.id.in_(chunk))
                    .execution_options(synchronize_session=False)
                )
            return len(ids)

    def search(
        self, query: SearchQuery, *, limit: int = 5, offset: int = 0, now: datetime | None = None
    ) -> SearchPage:
        """Full-text search (bot.storage.search); `now` drives the recency factor of the ranking."""
        moment = utc(now, "now") if now is not None else datetime.now(UTC)
        with self._read() as session:
            return _search.run_search(session, query, limit=limit, offset=offset, now=moment)
