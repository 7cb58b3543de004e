"""Candidate queries for one search on each backend: filters, match, score, and recency tiers.

Score = relevance x (1 + 1 / (1 + age_days / 7)): relevance is FTS5 bm25 (title weight 4, body 1) on the
table that answers the query (`article_fts` for words, `article_phrase` with a phrase) or
ts_rank_cd (title A = 1.0, body D = 0.25); a fresh article counts up to twice an old one of equal relevance.

Recency tiers keep broad queries fast on large indexes: ranking every match of a word found in half of a
million articles costs seconds. So the newest TIERS[0] articles (by id, i.e. by arrival) are tried first;
when at least TIER_MIN of them match (with the filters), only they are ranked; else the newest TIERS[1];
else everything. The decision depends on the query and the data only (never on the page asked for), so
pages stay consistent, and both backends decide alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from bot.records import CompiledQuery, SearchQuery
from bot.storage.models import SourceRow
from bot.storage.search_index import encode_term
from bot.storage.search_sql import FtsMatch, build_fts_match, exact_match, tsquery_text

HALF_LIFE_DAYS = 7.0
TITLE_WEIGHT, BODY_WEIGHT = 4.0, 1.0
PG_WEIGHTS = "{0.25,0.25,0.5,1.0}"  # D, C, B, A: body D, title A
TIERS = (5_000, 50_000, 500_000)
TIER_MIN = 50
KEEP_MATCHES = 5_000
"""PostgreSQL: a tier count returns up to this many matches, kept for ranking (see PostgresPlan._known)."""
Row = tuple[int, int | None, int, int | None, float]
"""(id, duplicate_of, fingerprint, root fingerprint, score)"""


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def sqlite_time(moment: datetime) -> str:
    """A UTC time as SQLite stores it (naive text that sorts correctly)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


@dataclass(frozen=True, slots=True)
class Filters:
    sql: str
    params: dict[str, Any]

    @staticmethod
    def build(session: Session, query: SearchQuery) -> Filters | None:
        """SQL conditions on `a` (articles) for since/until/lang/source; None when no source matches."""
        sqlite = dialect(session) == "sqlite"
        parts, params = ["1 = 1"], {}
        for name, day, op in (("since", query.since, ">="), ("until", query.until, "<")):
            if day is None:
                continue
            moment = datetime.combine(day, time(), UTC) + timedelta(days=1 if name == "until" else 0)
            parts.append(f"a.published {op} :{name}")
            params[name] = sqlite_time(moment) if sqlite else moment
        if query.language:
            parts.append("a.language = :lang")
            params["lang"] = query.language
        if query.source:
            # source:NAME matches the configured source's name or the outlet the article names itself
            wanted = query.source.casefold()
            rows = session.execute(select(SourceRow.id, SourceRow.name))
            ids = [int(i) for i, name in rows if wanted in name.casefold()]
            escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params["outlet"] = f"%{escaped}%"
            outlet = "lower(a.outlet) LIKE :outlet ESCAPE '\\'"
            by_source = f"a.source_id IN ({', '.join(map(str, ids))}) OR " if ids else ""
            parts.append(f"({by_source}{outlet})")
        return Filters(" AND ".join(parts), params)


def _recency(age_days: str) -> str:
    return f"(1.0 + 1.0 / (1.0 + {age_days} / {HALF_LIFE_DAYS}))"


_SELECT = "SELECT a.id, a.duplicate_of, a.fingerprint, r.fingerprint AS root_fp, {score} AS score FROM "
_ROOT = " LEFT JOIN articles r ON r.id = a.duplicate_of "


class Plan:
    """The candidate queries of one search."""

    def __init__(self, session: Session, query: CompiledQuery, filters: Filters, now: datetime) -> None:
        self.session, self.query, self.filters, self.now = session, query, filters, now

    def tiers(self) -> list[int]:
        """Lowest article id of each tier to try, newest tier first, 0 (everything) last."""
        if not self.query.has_positive:
            return [0]
        newest = self.session.execute(text("SELECT max(id) FROM articles")).scalar() or 0
        return [newest - size for size in TIERS if newest - size > 0] + [0]

    def count(self, bound: int, cap: int) -> int:
        raise NotImplementedError

    def rows(self, bound: int, fetch: int) -> list[Row]:
        raise NotImplementedError

    def _run(self, sql: str, params: dict[str, Any]) -> list[Any]:
        return [tuple(row) for row in self.session.execute(text(sql), {**self.filters.params, **params})]


class PostgresPlan(Plan):
    def __init__(self, session: Session, query: CompiledQuery, filters: Filters, now: datetime) -> None:
        super().__init__(session, query, filters, now)
        # psycopg prepares a statement run five times, and PostgreSQL may then plan it once for any tsquery
        # and tier bound: the plan that suits a common word (scan the id range) then serves a rare one too.
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        self.positive = tsquery_text(query)
        self.excluded = tsquery_text(query, positive=False)
        self._known: tuple[int, list[int]] | None = None
        """(bound, every match above it that passes the filters), kept by `count`: ranking that tier, or a
        lower one, then tests no tsvector above the bound again (a phrase is checked on each candidate)."""

    def _found(self, rank: bool, bound: int) -> tuple[str, dict[str, Any]]:
        """The matches above :bound, found first in a materialized CTE: the planner then picks the GIN index,
        the id range or both (BitmapAnd) by their statistics. Under the LIMIT of a count, or with the bound
        hidden from it, it would rather scan rows in some order testing every tsvector (a whole table for a
        rare word, or every article for a common one when only the newest tier counts)."""
        rel = f", ts_rank_cd('{PG_WEIGHTS}', doc, CAST(:tsq AS tsquery), 1) AS rel" if rank else ""
        params: dict[str, Any] = {"tsq": self.positive, "bound": bound}
        sql = f"SELECT article_id{rel} FROM article_search WHERE doc @@ CAST(:tsq AS tsquery)"
        sql += " AND article_id > :bound"
        if self._known is not None and bound <= self._known[0]:
            params |= {"known_bound": self._known[0], "known": self._known[1]}
            known = f"SELECT article_id{rel} FROM article_search"
            known += " WHERE article_id = ANY(CAST(:known AS integer[]))"
            below = f"{sql} AND article_id <= :known_bound UNION ALL {known}"
            sql = known if bound == self._known[0] else below
        return f"WITH found AS MATERIALIZED ({sql}) ", params

    def count(self, bound: int, cap: int) -> int:
        found, params = self._found(rank=False, bound=bound)
        sql = found + (
            "SELECT found.article_id FROM found JOIN articles a ON a.id = found.article_id"
            f" WHERE {self.filters.sql} LIMIT :keep"
        )
        keep = max(cap, KEEP_MATCHES)
        ids = [int(row[0]) for row in self._run(sql, {**params, "keep": keep})]
        if len(ids) < keep:
            self._known = (bound, ids)
        return min(len(ids), cap)

    def rows(self, bound: int, fetch: int) -> list[Row]:
        age = "GREATEST(EXTRACT(EPOCH FROM (CAST(:now AS timestamptz) - a.published)) / 86400.0, 0.0)"
        params: dict[str, Any] = {"now": self.now, "k": fetch, "bound": bound}
        if self.positive is not None:
            found, found_params = self._found(rank=True, bound=bound)
            params |= found_params
            sql = found + _SELECT.format(score=f"found.rel * {_recency(age)}")
            sql += "found JOIN articles a ON a.id = found.article_id" + _ROOT + f"WHERE {self.filters.sql}"
            return self._run(sql + " ORDER BY score DESC, a.id DESC LIMIT :k", params)
        sql = _SELECT.format(score=_recency(age)) + "articles a" + _ROOT + f"WHERE {self.filters.sql}"
        if self.excluded is not None:
            params["excl"] = self.excluded
            sql += (
                " AND NOT EXISTS (SELECT 1 FROM article_search x WHERE x.article_id = a.id"
                " AND x.doc @@ CAST(:excl AS tsquery))"
            )
        return self._run(sql + " ORDER BY a.published DESC, a.id DESC LIMIT :k", params)


class SqlitePlan(Plan):
    """FTS5: single words on `article_fts`, queries with a phrase on `article_phrase` (see search_sql)."""

    def __init__(self, session: Session, query: CompiledQuery, filters: Filters, now: datetime) -> None:
        super().__init__(session, query, filters, now)
        self.match: FtsMatch = build_fts_match(query, self._slots())
        if self.match.exact_spec is not None:
            driver = session.connection().connection.driver_connection
            driver.create_function("newsbot_match", 3, exact_match, deterministic=True)  # type: ignore[union-attr]

    def _slots(self) -> dict[str, list[str]]:
        """The multi-term slot tokens holding each query term (see search_index)."""
        terms = {t for p in self.query.required + self.query.excluded for t in p}
        terms |= {t for g in self.query.any_groups for p in g for t in p}
        encoded = sorted({encode_term(t) for t in terms})
        if not encoded:
            return {}
        statement = text("SELECT term, slot FROM search_slots WHERE term IN :terms ORDER BY term, slot")
        slots: dict[str, list[str]] = {}
        rows = self.session.execute(
            statement.bindparams(bindparam("terms", expanding=True)), {"terms": encoded}
        )
        for term, slot in rows:
            slots.setdefault(term, []).append(slot)
        return slots

    def _params(self) -> dict[str, Any]:
        match = self.match
        params: dict[str, Any] = {"spec": match.exact_spec} if match.exact_spec else {}
        if match.positive is not None:
            params["match"] = (
                match.positive if match.excluded is None else (f"({match.positive}) NOT ({match.excluded})")
            )
        elif match.excluded is not None:
            params["excl"] = match.excluded
        return params

    def _exact(self, rowid: str) -> str:
        """The exact test of the row `rowid` over its stored slots, when MATCH finds only a superset."""
        if self.match.exact_spec is None:
            return ""
        return (
            " AND COALESCE((SELECT newsbot_match(f.title, f.body, :spec) FROM article_fts f"
            f" WHERE f.rowid = {rowid}), 1) = 1"
        )

    def _matching(self, rank: bool) -> str:
        """FROM/WHERE over the FTS matches above :bound, joined to articles, filtered (and tested)."""
        table = self.match.table
        bm25 = f", -bm25({table}, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS rel" if rank else ""
        return (
            f"(SELECT rowid AS fid{bm25} FROM {table} WHERE {table} MATCH :match AND rowid > :bound) AS m"
            " JOIN articles a ON a.id = m.fid" + _ROOT + f"WHERE {self.filters.sql}" + self._exact("m.fid")
        )

    def count(self, bound: int, cap: int) -> int:
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {self._matching(rank=False)} LIMIT :cap)"
        return int(self._run(sql, {**self._params(), "bound": bound, "cap": cap})[0][0])

    def rows(self, bound: int, fetch: int) -> list[Row]:
        params = {**self._params(), "now": sqlite_time(self.now), "k": fetch, "bound": bound}
        age = "max(julianday(:now) - julianday(a.published), 0.0)"
        if self.match.positive is not None:
            score = f"m.rel * {_recency(age)}"
            sql = _SELECT.format(score=score) + self._matching(rank=True)
            return self._run(sql + " ORDER BY score DESC, a.id DESC LIMIT :k", params)
        sql = _SELECT.format(score=_recency(age)) + "articles a" + _ROOT + f"WHERE {self.filters.sql}"
        if self.match.excluded is not None:
            table = self.match.table
            sql += f" AND a.id NOT IN (SELECT rowid FROM {table} WHERE {table} MATCH :excl)"
        sql += self._exact("a.id")
        return self._run(sql + " ORDER BY a.published DESC, a.id DESC LIMIT :k", params)


def make_plan(session: Session, query: CompiledQuery, filters: Filters, now: datetime) -> Plan:
    cls = PostgresPlan if dialect(session) == "postgresql" else SqlitePlan
    return cls(session, query, filters, now)
