"""Full-text search over normalised Arabic and English: indexing and querying on SQLite and PostgreSQL.

    index_articles(session, [(id, title, text, language)])   # in the caller's transaction
    run_search(session, query, limit=5, offset=0, now=now)
      compile_query(query)            # digests terms: the same normalising and stemming as indexing
      | candidates (MATCH / @@)       # bm25 (title weight 4) / ts_rank_cd (A=1, D=0.25), x recency factor
      | collapse stories              # duplicate_of root or same fingerprint -> best article + also_in
      | page, details, snippets

Ranking: score = relevance * (1 + 1 / (1 + age_days / 7)): a fresh article counts up to twice an old one
of equal relevance. How positions and same-position variants are stored: `bot.storage.search_index`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from bot.records import SearchHit, SearchPage, SearchQuery
from bot.search_query import CompiledQuery, compile_query
from bot.search_snippet import make_snippet
from bot.storage.convert import fingerprint_bands
from bot.storage.models import ArticleRow, SourceRow
from bot.storage.search_index import IndexedDoc, build_doc, encode_term, fts_columns, tsvector_literal
from bot.storage.search_sql import build_fts_match, exact_match, tsquery_text

HALF_LIFE_DAYS = 7.0
TITLE_WEIGHT, BODY_WEIGHT = 4.0, 1.0
_PG_WEIGHTS = "{0.25,0.25,0.5,1.0}"  # D, C, B, A: body D, title A
_MAX_CANDIDATES = 20_000


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


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
    values, pairs = [], set()
    for doc in docs:
        title, body, doc_pairs = fts_columns(doc)
        values.append({"id": doc.article_id, "title": title, "body": body})
        pairs |= doc_pairs
    session.execute(text("INSERT INTO article_fts (rowid, title, body) VALUES (:id, :title, :body)"), values)
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
    statement = text(f"DELETE FROM {table} WHERE {key} IN :ids").bindparams(bindparam("ids", expanding=True))
    session.execute(statement, {"ids": [int(i) for i in ids]})


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
    empty = SearchPage(query=query, hits=(), page=page_number, has_more=False, per_page=limit)
    filters = _Filters.build(session, query)
    if filters is None:
        return SearchPage(query, (), page_number, False, limit, {"source": "no source matches"})
    want = offset + limit + 1
    fetch = want * 3 + 20
    while True:
        rows = _candidates(session, compiled, filters, now, fetch)
        if rows is None:
            return empty
        stories = _collapse(rows)
        if len(stories) >= want or len(rows) < fetch or fetch >= _MAX_CANDIDATES:
            break
        fetch = min(fetch * 4, _MAX_CANDIDATES)
    chosen = stories[offset : offset + limit]
    hits = _hits(session, chosen, compiled)
    return SearchPage(query, hits, page_number, len(stories) > offset + limit, limit)


# --- filters -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Filters:
    sql: str
    params: dict[str, Any]

    @staticmethod
    def build(session: Session, query: SearchQuery) -> _Filters | None:
        """SQL conditions on `a` (articles) for since/until/lang/source; None when no source matches."""
        sqlite = _dialect(session) == "sqlite"
        parts, params = ["1 = 1"], {}
        for name, day, op in (("since", query.since, ">="), ("until", query.until, "<")):
            if day is None:
                continue
            moment = datetime.combine(day, time(), UTC) + (
                timedelta(days=1) if name == "until" else timedelta()
            )
            parts.append(f"a.published {op} :{name}")
            params[name] = _sqlite_time(moment) if sqlite else moment
        if query.language:
            parts.append("a.language = :lang")
            params["lang"] = query.language
        if query.source:
            wanted = query.source.casefold()
            ids = [
                i
                for i, name in session.execute(select(SourceRow.id, SourceRow.name))
                if wanted in name.casefold()
            ]
            if not ids:
                return None
            parts.append(f"a.source_id IN ({', '.join(str(int(i)) for i in ids)})")
        return _Filters(" AND ".join(parts), params)


def _sqlite_time(moment: datetime) -> str:
    """A UTC time as SQLite stores it (naive text that sorts correctly)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


# --- candidates --------------------------------------------------------------------------------------


def _recency(age_days: str) -> str:
    return f"(1.0 + 1.0 / (1.0 + {age_days} / {HALF_LIFE_DAYS}))"


def _candidates(
    session: Session, query: CompiledQuery, filters: _Filters, now: datetime, fetch: int
) -> list[tuple[int, int | None, int, int | None, float]] | None:
    """(id, duplicate_of, fingerprint, root fingerprint, score) best first; None when nothing can match."""
    if _dialect(session) == "postgresql":
        return _pg_candidates(session, query, filters, now, fetch)
    return _sqlite_candidates(session, query, filters, now, fetch)


_SELECT = "SELECT a.id, a.duplicate_of, a.fingerprint, r.fingerprint AS root_fp, {score} AS score FROM "
_ROOT = " LEFT JOIN articles r ON r.id = a.duplicate_of "


def _pg_candidates(
    session: Session, query: CompiledQuery, filters: _Filters, now: datetime, fetch: int
) -> list[Any] | None:
    params: dict[str, Any] = {**filters.params, "now": now, "k": fetch}
    age = "GREATEST(EXTRACT(EPOCH FROM (CAST(:now AS timestamptz) - a.published)) / 86400.0, 0.0)"
    positive = tsquery_text(query)
    if positive is not None:
        params["tsq"] = positive
        score = f"ts_rank_cd('{_PG_WEIGHTS}', x.doc, CAST(:tsq AS tsquery), 1) * {_recency(age)}"
        sql = (
            _SELECT.format(score=score)
            + "article_search x JOIN articles a ON a.id = x.article_id"
            + _ROOT
            + f"WHERE x.doc @@ CAST(:tsq AS tsquery) AND {filters.sql}"
            + " ORDER BY score DESC, a.id DESC LIMIT :k"
        )
    else:
        sql = _SELECT.format(score=_recency(age)) + "articles a" + _ROOT + f"WHERE {filters.sql}"
        excluded = tsquery_text(query, positive=False)
        if excluded is not None:
            params["excl"] = excluded
            sql += (
                " AND NOT EXISTS (SELECT 1 FROM article_search x WHERE x.article_id = a.id"
                " AND x.doc @@ CAST(:excl AS tsquery))"
            )
        sql += " ORDER BY a.published DESC, a.id DESC LIMIT :k"
    return [tuple(row) for row in session.execute(text(sql), params)]


def _slots_for(session: Session, query: CompiledQuery) -> dict[str, list[str]]:
    terms = {t for p in query.required + query.excluded for t in p}
    terms |= {t for g in query.any_groups for p in g for t in p}
    encoded = sorted({encode_term(t) for t in terms})
    if not encoded:
        return {}
    statement = text(
        "SELECT term, slot FROM search_slots WHERE term IN :terms ORDER BY term, slot"
    ).bindparams(bindparam("terms", expanding=True))
    slots: dict[str, list[str]] = {}
    for term, slot in session.execute(statement, {"terms": encoded}):
        slots.setdefault(term, []).append(slot)
    return slots


def _sqlite_candidates(
    session: Session, query: CompiledQuery, filters: _Filters, now: datetime, fetch: int
) -> list[Any] | None:
    match = build_fts_match(query, _slots_for(session, query))
    if match.impossible:
        return None
    params: dict[str, Any] = {**filters.params, "now": _sqlite_time(now), "k": fetch}
    age = "max(julianday(:now) - julianday(a.published), 0.0)"
    if match.exact_spec is not None:
        session.connection().connection.driver_connection.create_function(  # type: ignore[union-attr]
            "newsbot_match", 3, exact_match, deterministic=True
        )
        params["spec"] = match.exact_spec
    if match.positive is not None:
        expression = (
            match.positive if match.excluded is None else f"({match.positive}) NOT ({match.excluded})"
        )
        params["match"] = expression
        score = f"m.rel * {_recency(age)}"
        exact = " AND newsbot_match(m.ft, m.fb, :spec) = 1" if match.exact_spec else ""
        sql = (
            _SELECT.format(score=score)
            + f"(SELECT rowid AS fid, -bm25(article_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS rel,"
            " title AS ft, body AS fb FROM article_fts WHERE article_fts MATCH :match) AS m"
            " JOIN articles a ON a.id = m.fid"
            + _ROOT
            + f"WHERE {filters.sql}{exact} ORDER BY score DESC, a.id DESC LIMIT :k"
        )
    else:
        sql = _SELECT.format(score=_recency(age)) + "articles a" + _ROOT + f"WHERE {filters.sql}"
        if match.excluded is not None:
            params["excl"] = match.excluded
            sql += " AND a.id NOT IN (SELECT rowid FROM article_fts WHERE article_fts MATCH :excl)"
        if match.exact_spec is not None:
            sql += (
                " AND COALESCE((SELECT newsbot_match(f.title, f.body, :spec) FROM article_fts f"
                " WHERE f.rowid = a.id), 1) = 1"
            )
        sql += " ORDER BY a.published DESC, a.id DESC LIMIT :k"
    return [tuple(row) for row in session.execute(text(sql), params)]


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
            select(ArticleRow, SourceRow.name)
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
        select(ArticleRow.id, ArticleRow.duplicate_of, ArticleRow.fingerprint, SourceRow.name)
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
