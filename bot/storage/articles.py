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

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from bot.errors import NotFound
from bot.records import AddResult, NewArticle, SearchPage, SearchQuery, StoredArticle
from bot.storage import search as _search
from bot.storage.base import StorageBase, utc
from bot.storage.convert import article_record, fingerprint_bands, to_signed64, to_unsigned64
from bot.storage.models import ArticleRow, SourceRow

NEAR_DUPLICATE_BITS = 3
NEAR_DUPLICATE_WINDOW = timedelta(days=7)
MAX_KEY_BYTES = 1500
"""Longer guids/URLs are not used as keys (a PostgreSQL B-tree entry must stay under ~2.7 kB)."""
_CHUNK = 500


def _key(value: str | None) -> str | None:
    """A dedup key, or None when absent or too long to index."""
    if not value or len(value.encode("utf-8")) > MAX_KEY_BYTES:
        return None
    return value


def _chunks(ids: Sequence[int], size: int = _CHUNK) -> list[Sequence[int]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def _find_known(session: Session, source_id: int, article: NewArticle) -> tuple[ArticleRow | None, bool]:
    """The stored article this one is (by guid, else canonical URL, else content hash) and whether the
    match was by content hash only."""
    guid, canonical = _key(article.raw.guid), _key(article.canonical_url)
    in_source = ArticleRow.source_id == source_id
    if guid is not None:
        found = session.scalars(select(ArticleRow).where(in_source, ArticleRow.guid == guid)).first()
    elif canonical is not None:
        found = session.scalars(
            select(ArticleRow).where(in_source, ArticleRow.canonical_url == canonical)
        ).first()
    else:
        found = None
    if found is not None:
        return found, False
    same_content = session.scalars(
        select(ArticleRow).where(in_source, ArticleRow.content_hash == article.content_hash).limit(1)
    ).first()
    return same_content, same_content is not None


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
    row.published = utc(article.published, "published")
    row.content_hash = article.content_hash
    row.fingerprint = fingerprint
    row.fp_band0, row.fp_band1, row.fp_band2, row.fp_band3 = fingerprint_bands(fingerprint)


def _story_of(session: Session, row: ArticleRow) -> int | None:
    """The earliest copy, from another source, of the story `row` tells (None when it is the first)."""
    if to_unsigned64(row.fingerprint) == 0:
        return None  # no fingerprint (empty body): nothing to compare
    bands = (row.fp_band0, row.fp_band1, row.fp_band2, row.fp_band3)
    candidates = session.execute(
        select(ArticleRow.id, ArticleRow.fingerprint, ArticleRow.duplicate_of, ArticleRow.published).where(
            or_(
                ArticleRow.fp_band0 == bands[0],
                ArticleRow.fp_band1 == bands[1],
                ArticleRow.fp_band2 == bands[2],
                ArticleRow.fp_band3 == bands[3],
            ),
            ArticleRow.published >= row.published - NEAR_DUPLICATE_WINDOW,
            ArticleRow.published <= row.published + NEAR_DUPLICATE_WINDOW,
            ArticleRow.source_id != row.source_id,
            ArticleRow.id != row.id,
        )
    ).all()
    mine = to_unsigned64(row.fingerprint)
    close = [
        c for c in candidates if (to_unsigned64(c.fingerprint) ^ mine).bit_count() <= NEAR_DUPLICATE_BITS
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
        ids: list[int] = []
        to_index: list[tuple[int, str, str, str]] = []
        with self._write() as session:
            if session.get(SourceRow, source_id) is None:
                raise NotFound(f"no source with id {source_id}")
            for article in articles:
                row, by_content = _find_known(session, source_id, article)
                if row is not None and (by_content or not _changed(row, article)):
                    duplicate += 1
                    continue
                if row is None:
                    row = ArticleRow(source_id=source_id, fetched_at=now)
                    _fill(row, article)
                    session.add(row)
                    session.flush()
                    row.duplicate_of = _story_of(session, row)
                    new += 1
                else:
                    _fill(row, article)
                    updated += 1
                session.flush()
                ids.append(row.id)
                to_index.append((row.id, row.title, row.text, row.language))
            if to_index:
                _search.index_articles(session, to_index)
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
            for chunk in _chunks(ids):
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
