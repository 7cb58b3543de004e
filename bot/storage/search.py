"""Full-text search over normalised Arabic and English: indexing and querying on SQLite and PostgreSQL.

    index_articles(session, [(id, title, text, language)])   # in the caller's transaction
    run_search(session, query, limit=5, offset=0, now=now)
      compile_query(query)            # = query.compiled (parse_query did it): the stemming of indexing
      | candidates (MATCH / @@)       # bm25 (title weight 4) / ts_rank_cd (A=1, D=0.25), x recency factor
      | collapse stories              # duplicate_of root or same fingerprint -> best article + also_in
      | page, details, snippets

Ranking and recency tiers: `bot.storage.search_plan`. How positions and same-position variants are
stored: `bot.storage.search_index`; how match expressions are built: `bot.storage.search_sql`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.orm import Session

from bot.records import CompiledQuery, SearchHit, SearchPage, SearchQuery
from bot.search_query import compile_query
from bot.search_snippet import make_snippet
from bot.storage.convert import fingerprint_bands
from bot.storage.models import ArticleRow, SourceRow
from bot.storage.search_index import IndexedDoc, build_doc, fts_columns, phrase_column, tsvector_literal
from bot.storage.search_plan import TIER_MIN, Filters, make_plan
from bot.storage.search_plan import dialect as _dialect

_MAX_CANDIDATES = 20_000


def index_articles(session: Session, rows: Sequence[tuple[int, str, str, str]]) -> None:
    """Index (or re-index) articles given as (id, title, text, language), in the session's transaction."""
    index_docs(
        session, [build_doc(article_id, title, body, language) for article_id, title, body, language in rows]
    )


def index_docs(session: Session, docs: Sequence[IndexedDoc]) -> None:
    """Write prepared index documents (`search_index.build_doc`): the SQL half of `index_articles`."""
    if not docs:
        return
    if _dialect(session) == "postgresql":
        session.execute(
            text(
                "INSERT INTO article_search (article_id, doc) VALUES (:id, CAST(:doc AS tsvector)) "
                "ON CONFLICT (article_id) DO UPDATE SET doc = EXCLUDED.doc"
            ),
            [{"id": d.article_id, "doc": tsvector_literal(d)} for d in docs],
        )
        return
    unindex_articles(session, [d.article_id for d in docs])
    values, keys, pairs = [], [], set()
    for doc in docs:
        title, body, doc_pairs = fts_columns(doc)
        values.append({"id": doc.article_id, "title": title, "body": body})
        keys.append({"id": doc.article_id, "title": phrase_column(title), "body": phrase_column(body)})
        pairs |= doc_pairs
    session.execute(text("INSERT INTO article_fts (rowid, title, body) VALUES (:id, :title, :body)"), values)
    if _has_phrase_index(session):
        session.execute(
            text("INSERT INTO article_phrase (rowid, title, body) VALUES (:id, :title, :body)"), keys
        )
    if pairs:
        session.execute(
            text("INSERT OR IGNORE INTO search_slots (term, slot) VALUES (:term, :slot)"),
            [{"term": term, "slot": slot} for term, slot in sorted(pairs)],
        )


def unindex_articles(session: Session, ids: Sequence[int]) -> None:
    """Remove articles from the index (before deleting them; re-indexing replaces entries by itself)."""
    if not ids:
        return
    table, key = (
        ("article_search", "article_id") if _dialect(session) == "postgresql" else ("article_fts", "rowid")
    )
    ids = [int(i) for i in ids]
    if table == "article_fts" and _has_phrase_index(session):
        _unindex_phrases(session, ids)
    statement = text(f"DELETE FROM {table} WHERE {key} IN :ids").bindparams(bindparam("ids", expanding=True))
    session.execute(statement, {"ids": ids})


def _has_phrase_index(session: Session) -> bool:
    """SQLite: whether `article_phrase` exists. It does from revision 0006 on; the data migrations before
    it (0002, 0005) index through this module too, and 0006 then builds it from `article_fts`."""
    found = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'article_phrase'")
    )
    return found.first() is not None


def _unindex_phrases(session: Session, ids: list[int]) -> None:
    """Remove rows from the contentless `article_phrase`: FTS5 needs the exact tokens it indexed, which
    `phrase_column` derives from the `article_fts` row still in place."""
    statement = text("SELECT rowid, title, body FROM article_fts WHERE rowid IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    rows = session.execute(statement, {"ids": ids}).all()
    if rows:
        session.execute(
            text(
                "INSERT INTO article_phrase (article_phrase, rowid, title, body)"
                " VALUES ('delete', :id, :title, :body)"
            ),
            [
                {"id": r[0], "title": phrase_column(r[1] or ""), "body": phrase_column(r[2] or "")}
                for r in rows
            ],
        )


@dataclass(frozen=True, slots=True)
class _Candidate:
    article_id: int
    score: float
    story: tuple[str, int]


def run_search(session: Session, query: SearchQuery, *, limit: int, offset: int, now: datetime) -> SearchPage:
    """One page of results: stories best first, each shown by its best article with the other outlets."""
    limit, offset = max(1, limit), max(0, offset)
    compiled = compile_query(query)
    page_number = offset // limit + 1
    filters = Filters.build(session, query)
    if filters is None:
        return SearchPage(query, (), page_number, False, limit, {"source": "no source matches"})
    plan = make_plan(session, compiled, filters, now)
    tiers = plan.tiers()
    bound = next((b for b in tiers[:-1] if plan.count(b, TIER_MIN) >= TIER_MIN), 0)
    want = offset + limit + 1
    fetch = want * 3 + 20
    while True:
        rows = plan.rows(bound, fetch)
        stories = _collapse(rows)
        if len(stories) >= want or len(rows) < fetch or fetch >= _MAX_CANDIDATES:
            break
        fetch = min(fetch * 4, _MAX_CANDIDATES)
    chosen = stories[offset : offset + limit]
    hits = _hits(session, chosen, compiled)
    return SearchPage(query, hits, page_number, len(stories) > offset + limit, limit)


# --- stories and hits -------------------------------------------------------------------------------


def _story_key(
    article_id: int, duplicate_of: int | None, fingerprint: int, root_fp: int | None
) -> tuple[str, int]:
    """One key per story: the root article's fingerprint when known, else the root article's id."""
    root = duplicate_of if duplicate_of is not None else article_id
    fp = root_fp if duplicate_of is not None and root_fp is not None else fingerprint
    return ("f", int(fp)) if fp else ("i", int(root))


def _collapse(rows: list[Any]) -> list[_Candidate]:
    """The best candidate of each story, best first (rows come best first)."""
    seen: set[tuple[str, int]] = set()
    stories = []
    for article_id, duplicate_of, fingerprint, root_fp, score in rows:
        key = _story_key(article_id, duplicate_of, fingerprint or 0, root_fp)
        if key not in seen:
            seen.add(key)
            stories.append(_Candidate(int(article_id), float(score or 0.0), key))
    return stories


def _hits(session: Session, chosen: list[_Candidate], query: CompiledQuery) -> tuple[SearchHit, ...]:
    if not chosen:
        return ()
    ids = [c.article_id for c in chosen]
    found = {
        row.id: (row, name)
        for row, name in session.execute(
            select(ArticleRow, func.coalesce(ArticleRow.outlet, SourceRow.name))
            .join(SourceRow, SourceRow.id == ArticleRow.source_id)
            .where(ArticleRow.id.in_(ids))
        )
    }
    outlets = _also_in(session, [found[i][0] for i in ids if i in found], found)
    terms = query.positive_terms
    hits = []
    for candidate in chosen:
        if candidate.article_id not in found:
            continue
        row, source = found[candidate.article_id]
        snippet, highlights = make_snippet(row.text or row.title, terms)
        hits.append(
            SearchHit(
                article_id=row.id,
                title=row.title,
                source=source,
                language=row.language,
                published=row.published,
                snippet=snippet,
                highlights=highlights,
                score=round(candidate.score, 6),
                url=row.url,
                path=row.path,
                also_in=outlets.get(row.id, ()),
            )
        )
    return tuple(hits)


def _also_in(
    session: Session, leaders: list[ArticleRow], found: dict[int, Any]
) -> dict[int, tuple[str, ...]]:
    """Other outlets of each leader's story: linked copies (duplicate_of) and equal fingerprints."""
    roots = {row.id: row.duplicate_of or row.id for row in leaders}
    fps = {row.id: row.fingerprint for row in leaders if row.fingerprint}
    condition = ArticleRow.id.in_(set(roots.values())) | ArticleRow.duplicate_of.in_(set(roots.values()))
    if fps:
        bands = {fingerprint_bands(fp)[0] for fp in fps.values()}
        condition = condition | (
            ArticleRow.fp_band0.in_(bands) & ArticleRow.fingerprint.in_(set(fps.values()))
        )
    members = session.execute(
        select(
            ArticleRow.id,
            ArticleRow.duplicate_of,
            ArticleRow.fingerprint,
            func.coalesce(ArticleRow.outlet, SourceRow.name),
        )
        .join(SourceRow, SourceRow.id == ArticleRow.source_id)
        .where(condition)
    ).all()
    result: dict[int, tuple[str, ...]] = {}
    for leader in leaders:
        own = found[leader.id][1]
        root, fp = roots[leader.id], fps.get(leader.id)
        names = {
            name
            for mid, dup, mfp, name in members
            if mid != leader.id and (mid == root or dup == root or (fp and mfp == fp))
        }
        result[leader.id] = tuple(sorted(names - {own}))
    return result
