"""Search benchmark: index build rate and query latency on a synthetic Arabic + English corpus.

Default (kept short for `make bench`): 20k articles on SQLite, then the same corpus copied to 100k, and
20k on PostgreSQL when NEWSBOT_BENCH_POSTGRES_URL points at a reachable server. --full: 100k articles on
SQLite, copied to 1M, and 100k on PostgreSQL when NEWSBOT_BENCH_POSTGRES_URL (or NEWSBOT_TEST_POSTGRES_URL)
points at a reachable server. Draws p50/p95 latency vs corpus size to bench/plots/search_latency.png
(search_latency-full.png with --full).
Latency is `Database.search` end to end (parse excluded): candidates, story collapse, details, snippets.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from bench.plots import line_chart
from bench.search_corpus import NOW, SOURCES, CorpusGenerator, SyntheticArticle
from bot.errors import QueryError
from bot.search_query import parse_query
from bot.storage import Database, open_database
from bot.storage.convert import fingerprint_bands
from bot.storage.models import ArticleRow
from bot.storage.search import index_docs
from bot.storage.search_index import IndexedDoc, build_doc, phrase_column

if TYPE_CHECKING:
    from bench.harness import Context

TITLE = "Search: index build and query latency (synthetic corpus)"
FULL_ONLY = False
BATCH = 1000
QUERIES = 240
DEFAULT_BASE, DEFAULT_COPIES = 20_000, 5  # built articles, and how many times they are copied (x5: 100k)
FULL_BASE, FULL_COPIES = 100_000, 10  # 100k built, copied to 1M


_GENERATOR: CorpusGenerator | None = None


def _batch(start: int, count: int) -> tuple[list[SyntheticArticle], list[IndexedDoc], float]:
    """Worker: articles `start+1 .. start+count` (ids) and their index documents, with the build time."""
    global _GENERATOR
    if _GENERATOR is None:
        _GENERATOR = CorpusGenerator(seed=7)
    _GENERATOR.reseed(start)
    batch = list(_GENERATOR.articles(count, start))
    began = time.perf_counter()
    docs = [build_doc(start + 1 + i, a.title, a.text, a.language) for i, a in enumerate(batch)]
    return batch, docs, time.perf_counter() - began


def _rows(batch: list[SyntheticArticle], first_id: int, source_ids: list[int]) -> list[dict[str, object]]:
    rows = []
    for offset, art in enumerate(batch):
        article_id = first_id + offset
        bands = fingerprint_bands(art.fingerprint)
        rows.append(
            {
                "id": article_id,
                "source_id": source_ids[art.source],
                "guid": f"g{article_id}",
                "url": None,
                "canonical_url": None,
                "path": None,
                "title": art.title,
                "text": art.text,
                "language": art.language,
                "published": art.published,
                "fetched_at": art.published,
                "content_hash": str(article_id),
                "fingerprint": art.fingerprint,
                "fp_band0": bands[0],
                "fp_band1": bands[1],
                "fp_band2": bands[2],
                "fp_band3": bands[3],
                "duplicate_of": None if art.copy_of is None else art.copy_of + 1,
            }
        )
    return rows


@dataclass
class _Build:
    terms_seconds: float = 0.0
    """Summed over worker processes: digests terms and per-position slots."""
    sql_seconds: float = 0.0
    wall_seconds: float = 0.0
    samples: list[SyntheticArticle] = field(default_factory=list)

    def rate(self, count: int) -> float:
        """Articles per second for one process doing both halves (what `index_articles` costs)."""
        return count / (self.terms_seconds + self.sql_seconds)


def _build(database: Database, count: int, ctx: Context, label: str) -> _Build:
    """Store `count` articles (bulk insert) and index them; terms are computed by 2 worker processes."""
    source_ids = [
        database.add_source(name, url=f"https://{i}.bench.example/rss").id for i, name in enumerate(SOURCES)
    ]
    build = _Build()
    began = time.perf_counter()
    starts = [(start, min(BATCH, count - start)) for start in range(0, count, BATCH)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        for batch, docs, seconds in ctx.progress(
            pool.map(_batch, *zip(*starts, strict=True)), len(starts), label
        ):
            start = docs[0].article_id - 1
            build.terms_seconds += seconds
            if len(build.samples) < 500:
                build.samples.extend(batch[:5])
            with database._sessions() as session, session.begin():  # the benchmark drives the index itself
                session.execute(sa.insert(ArticleRow.__table__), _rows(batch, start + 1, source_ids))
                sql_began = time.perf_counter()
                index_docs(session, docs)
                build.sql_seconds += time.perf_counter() - sql_began
    if database.dialect == "postgresql":
        with database.engine.begin() as connection:  # statistics, as autovacuum would gather them
            connection.exec_driver_sql("ANALYZE")
    build.wall_seconds = time.perf_counter() - began
    return build


def _parses(text: str) -> bool:
    try:
        parse_query(text)
    except QueryError:  # a phrase of stop words only
        return False
    return True


def _latencies(database: Database, queries: list[tuple[str, str]]) -> dict[str, list[float]]:
    queries = [(kind, text) for kind, text in queries if _parses(text)]
    for _, text in queries[:16]:  # warm the caches
        database.search(parse_query(text), limit=5, now=NOW)
    by_kind: dict[str, list[float]] = {}
    for kind, text in queries:
        query = parse_query(text)
        began = time.perf_counter()
        database.search(query, limit=5, now=NOW)
        by_kind.setdefault(kind, []).append((time.perf_counter() - began) * 1000)
    return by_kind


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _query_line(
    database: Database, label: str, count: int, build: str, samples: list[SyntheticArticle], size: str
) -> tuple[str, dict[str, list[float]]]:
    generator = CorpusGenerator(seed=7)
    generator.reseed(-1)
    by_kind = _latencies(database, generator.queries(QUERIES, samples))
    every = [v for values in by_kind.values() for v in values]
    line = (
        f"| {label} | {count:,} | {build} | {size_of(database, size)} | {statistics.median(every):.1f} | "
        f"{_pct(every, 0.95):.1f} | {max(every):.1f} |"
    )
    return line, by_kind


def _measure(
    database: Database, count: int, ctx: Context, label: str, size: str
) -> tuple[str, dict[str, list[float]], _Build]:
    build = _build(database, count, ctx, label)
    figures = f"{build.rate(count):,.0f} /s ({build.wall_seconds:,.0f} s wall)"
    line, by_kind = _query_line(database, label, count, figures, build.samples, size)
    return line, by_kind, build


def _replicate(database: Database, base: int, factor: int, ctx: Context) -> float:
    """SQLite: copy the `base` indexed articles `factor - 1` times under new ids (fingerprints changed so
    copies do not collapse into one story), inside SQLite; returns the seconds it took."""
    began = time.perf_counter()
    columns = "source_id, url, canonical_url, path, title, text, language, published, fetched_at, "
    columns += "fp_band0, fp_band1, fp_band2, fp_band3"
    for k in ctx.progress(range(1, factor), total=factor - 1, label="replicate"):
        offset, mark = k * base, k << 40
        with database.engine.begin() as connection:
            connection.exec_driver_sql(
                f"INSERT INTO articles (id, guid, content_hash, fingerprint, duplicate_of, {columns}) "
                f"SELECT id + {offset}, guid || '-{k}', content_hash || '-{k}', "
                f"(fingerprint | {mark}) - (fingerprint & {mark}), duplicate_of + {offset}, {columns} "
                f"FROM articles WHERE id <= {base}"
            )
            connection.exec_driver_sql(
                f"INSERT INTO article_fts (rowid, title, body) SELECT rowid + {offset}, title, body "
                f"FROM article_fts WHERE rowid <= {base}"
            )
            # the contentless phrase index cannot be read back: its keys come from the copied slots
            driver = connection.connection.driver_connection
            driver.create_function("phrase_column", 1, phrase_column, deterministic=True)  # type: ignore[union-attr]
            connection.exec_driver_sql(
                f"INSERT INTO article_phrase (rowid, title, body) SELECT rowid + {offset}, "
                f"phrase_column(title), phrase_column(body) FROM article_fts WHERE rowid <= {base}"
            )
    return time.perf_counter() - began


def size_of(database: Database, path: str) -> str:
    if database.dialect == "sqlite":
        return f"{Path(path).stat().st_size / 1e6:,.0f} MB"
    with database.engine.connect() as connection:
        value = connection.execute(sa.text("SELECT pg_database_size(current_database())")).scalar() or 0
    return f"{value / 1e6:,.0f} MB"


@contextmanager
def _sqlite(folder: str, name: str) -> Iterator[tuple[Database, str]]:
    path = os.path.join(folder, name)
    database = open_database(f"sqlite:///{path}")
    try:
        yield database, path
    finally:
        database.close()


@contextmanager
def _postgres(server: str) -> Iterator[tuple[Database, str]]:
    name = f"newsbot_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        database = open_database(sa.make_url(server).set(database=name).render_as_string(False))
        try:
            yield database, name
        finally:
            database.close()
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def _postgres_server(*, explicit_only: bool) -> str | None:
    """A reachable PostgreSQL server: NEWSBOT_BENCH_POSTGRES_URL, or (full runs) the tests' one."""
    server = os.environ.get("NEWSBOT_BENCH_POSTGRES_URL")
    if not server and not explicit_only:
        server = os.environ.get("NEWSBOT_TEST_POSTGRES_URL")
    if not server:
        return None
    try:
        engine = sa.create_engine(server, poolclass=sa.pool.NullPool, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except sa.exc.SQLAlchemyError:
        return None
    return server


def run(ctx: Context) -> str:
    """Build, copy and query the synthetic corpus; a table, p95 per query kind and the latency plot."""
    lines = [
        "| backend | articles | index build (articles/s, 1 process) | database size "
        "| p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    kinds: dict[str, dict[str, list[float]]] = {}
    sizes: dict[str, int] = {}  # the kinds key -> its corpus size, for the plot
    notes = []
    base, copies = (FULL_BASE, FULL_COPIES) if ctx.full else (DEFAULT_BASE, DEFAULT_COPIES)
    small, large = _short(base), _short(base * copies)
    with (
        tempfile.TemporaryDirectory(prefix="newsbot-bench-search-") as folder,
        _sqlite(folder, "bench.db") as (database, path),
    ):
        line, kinds[f"SQLite {small}"], build = _measure(database, base, ctx, f"SQLite {small}", path)
        sizes[f"SQLite {small}"] = base
        lines.append(line)
        if copies > 1:
            seconds = _replicate(database, base, copies, ctx)
            line, kinds[f"SQLite {large}"] = _query_line(
                database, f"SQLite {large}", base * copies, f"copied in {seconds:,.0f} s", build.samples, path
            )
            sizes[f"SQLite {large}"] = base * copies
            lines.append(line)
            notes.append(
                f"SQLite {large}: the {small} corpus copied {copies} times inside SQLite under new ids and "
                f"fingerprints (doclists {copies}x longer; the vocabulary stays that of {small})."
            )
    server = _postgres_server(explicit_only=not ctx.full)
    if server is None:
        notes.append(
            "PostgreSQL: skipped (needs NEWSBOT_BENCH_POSTGRES_URL, or --full with a reachable "
            "NEWSBOT_TEST_POSTGRES_URL)."
        )
    else:
        with _postgres(server) as (database, name):
            label = f"PostgreSQL {small}"
            line, kinds[label], _ = _measure(database, base, ctx, label, name)
            sizes[label] = base
            lines.append(line)
    lines += ["", "| p95 ms by query kind | " + " | ".join(kinds) + " |", "|---" * (len(kinds) + 1) + "|"]
    for kind in next(iter(kinds.values())):
        lines.append(f"| {kind} | " + " | ".join(f"{_pct(k[kind], 0.95):.1f}" for k in kinds.values()) + " |")
    lines += [
        "",
        f"Synthetic corpus (bench/search_corpus.py): half Arabic, half English, ~120-word bodies, 3% agency "
        f"copies; {QUERIES} queries of 8 kinds (words of three frequency bands, two words, phrases taken "
        "from texts, OR, exclusion, lang+since filters), 5 results with snippets, each query run once "
        "(cold). Index build rate = digests terms and slots + index rows, excluding the article rows "
        "themselves, per process (the terms are computed by 2 worker processes; wall time in brackets).",
        *notes,
    ]
    plot = _plot(kinds, sizes, ctx.plot_path("search_latency"))
    if plot is not None:
        lines.append(f"![search latency vs corpus size](plots/{plot.name})")
    return "\n".join(lines)


def _short(count: int) -> str:
    """100000 -> "100k", 1000000 -> "1M" (labels of the table rows)."""
    if count >= 1_000_000 and count % 1_000_000 == 0:
        return f"{count // 1_000_000}M"
    return f"{count // 1000}k" if count % 1000 == 0 else f"{count:,}"


def _plot(kinds: dict[str, dict[str, list[float]]], sizes: dict[str, int], path: Path) -> Path | None:
    """p50 and p95 over all queries vs corpus size, one pair of lines per backend."""
    series: dict[str, list[tuple[float, float]]] = {}
    for label, by_kind in kinds.items():
        backend = label.split(" ")[0]
        every = [v for values in by_kind.values() for v in values]
        series.setdefault(f"{backend} p50", []).append((sizes[label], statistics.median(every)))
        series.setdefault(f"{backend} p95", []).append((sizes[label], _pct(every, 0.95)))
    return line_chart(
        path, "Search latency vs corpus size", series, "articles (log)", "latency, ms (one query)", logx=True
    )
