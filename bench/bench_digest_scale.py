"""Digest build time and peak memory at 1k and 5k (and 10k, 50k with --full) articles.

Two series: real SaudiNewsNet articles (the first N of the four days, by time) and synthetic Arabic +
English days with planted stories (bench/synthetic.py). `prepare` is timed apart from `build_digest`
(the digest tick receives prepared articles). Peak memory is tracemalloc's peak during a second
build_digest run at the largest size of each series (and from 10k on): Python allocations of the build
itself; the process's peak RSS during the timed build is reported too. Each synthetic size runs in a fresh
process that holds only that day's prepared articles, as a digest tick does (the raw articles are dropped
once prepared), so its RSS is not the benchmark's: the SaudiNewsNet corpus, earlier sizes, and memory
that earlier tracemalloc runs left to the allocator.
sumy TextRank is timed per article on a sample and extrapolated linearly, for the plot.
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import multiprocessing
import os
import resource
import time
import tracemalloc
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.cluster_metrics import adjusted_rand_index
from bench.harness import Context
from bench.synthetic import synthetic_day
from digests import DigestOptions, build_digest, prepare_batch
from digests.model import Article, RawArticle
from digests.stories import StoryGrouper

TITLE = "Digest build time and memory vs articles"
FULL_ONLY = False
SIZES = (1_000, 5_000)  # the default run stays short: `make bench` runs every module in under 10 minutes
FULL_SIZES = (*SIZES, 10_000, 50_000)


@dataclass(frozen=True)
class Row:
    series: str
    articles: int
    prepare_s: float
    build_s: float
    build_cpu_s: float
    peak_mb: float
    rss_mb: float
    topics: int
    stories: int
    note: str = ""


def saudi_raws(shared: Path) -> list[RawArticle]:
    """All SaudiNewsNet articles, oldest first."""
    path = shared / "saudinewsnet" / "saudinewsnet_2015-08-08_to_11.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    rows.sort(key=lambda r: (r["date_extracted"], r["url"]))
    return [
        RawArticle(
            title=r["title"],
            text=r["content"],
            source=r["source"],
            url=r["url"],
            published=datetime.fromisoformat(r["date_extracted"]).replace(tzinfo=UTC),
            language="ar",
        )
        for r in rows
    ]


def with_ids(articles: Sequence[Article]) -> list[Article]:
    """Short sequential ids (prepare's hash ids are fine too; these keep the runs comparable)."""
    return [replace(a, id=f"{n:06d}") for n, a in enumerate(articles)]


def measure(
    series: str, articles: list[Article], prepare_s: float, *, gold: Sequence[int] | None, memory: bool
) -> Row:
    """Time one build_digest; with `memory`, a second build under tracemalloc gives the peak."""
    now = max(a.published for a in articles) + timedelta(hours=1)
    options = DigestOptions(max_topics=10, sentences_per_topic=2)
    reset_peak_rss()
    started, cpu_started = time.perf_counter(), time.process_time()
    digest = build_digest(articles, options, now=now)
    build_s, build_cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    rss = peak_rss_mb()
    peak = float("nan")
    if memory:
        tracemalloc.start()
        build_digest(articles, options, now=now)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    stories = StoryGrouper().group(articles)
    note = ""
    if gold is not None:
        label = {aid: s.id for s in stories.stories for aid in s.article_ids}
        note = f"planted-story ARI {adjusted_rand_index(gold, [label[a.id] for a in articles]):.3f}"
    return Row(
        series,
        len(articles),
        prepare_s,
        build_s,
        build_cpu_s,
        peak,
        rss,
        len(digest.topics),
        len(stories.stories),
        note,
    )


def synthetic_row(size: int) -> Row:
    """Measure one synthetic day of `size` articles in this process (see `in_fresh_process`)."""
    day = synthetic_day(size)
    gold = day.story_of
    started = time.process_time()
    articles = with_ids(prepare_batch(day.articles))
    prepare_s = time.process_time() - started
    del day  # a digest tick holds prepared articles only
    gc.collect()
    return measure("synthetic", articles, prepare_s, gold=gold, memory=size >= 10_000)


def in_fresh_process(size: int) -> Row:
    """`synthetic_row` in a new interpreter: its peak RSS is one digest build's process."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(synthetic_row, size).result()


def reset_peak_rss() -> None:
    """Reset the kernel's peak-RSS mark of this process (Linux: write 5 to /proc/self/clear_refs)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_rss_mb() -> float:
    """Peak resident memory since the last reset (VmHWM), in MB; NaN where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def sumy_seconds_per_article(articles: Sequence[Article], sample: int = 40) -> float:
    """sumy TextRank on each article's own sentences (our splitter and tokens), seconds per article."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.summarizers.text_rank import TextRankSummarizer

    from digests.text import tokenize

    class Tokens:
        def to_words(self, text: str) -> list[str]:
            return tokenize(text)

    tokens = Tokens()
    summarizer = TextRankSummarizer()
    chosen = [a for a in articles if len(a.sentences) >= 3][:sample]
    started = time.perf_counter()
    for article in chosen:
        sentences = [SumySentence(s.text, tokens) for s in article.sentences]
        summarizer(ObjectDocumentModel([Paragraph(sentences)]), 2)
    return (time.perf_counter() - started) / max(1, len(chosen))


def run(ctx: Context) -> str:
    """Time prepare and build_digest on real and synthetic days of growing size."""
    sizes = FULL_SIZES if ctx.full else SIZES
    rows: list[Row] = []
    sumy_per_article = None
    if ctx.shared is not None:
        raws = saudi_raws(ctx.shared)
        started = time.process_time()
        prepared = with_ids(prepare_batch(raws))  # once; each size takes the first N (by time)
        per_article = (time.process_time() - started) / len(prepared)
        del raws
        saudi_sizes = [s for s in sizes if s < len(prepared)] + [len(prepared)]
        for size in ctx.progress(saudi_sizes, label="saudinewsnet"):
            rows.append(
                measure(
                    "SaudiNewsNet",
                    prepared[:size],
                    per_article * size,
                    gold=None,
                    memory=size == saudi_sizes[-1],
                )
            )
        sumy_per_article = sumy_seconds_per_article(prepared)
    for size in ctx.progress(sizes, label="synthetic"):
        rows.append(in_fresh_process(size))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    plot = _plot(rows, sumy_per_article, ctx.plot_path("digest_time_vs_articles"))
    lines = [
        "| series | articles | prepare CPU (s) | build_digest wall (s) | build_digest CPU (s) "
        "| articles/s (CPU) | tracemalloc peak MB (build) | process peak RSS MB | stories | topics shown "
        "| note |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        peak = "-" if math.isnan(r.peak_mb) else f"{r.peak_mb:.0f}"
        lines.append(
            f"| {r.series} | {r.articles} | {r.prepare_s:.1f} | {r.build_s:.2f} | {r.build_cpu_s:.2f} "
            f"| {r.articles / r.build_cpu_s:,.0f} | {peak} | {r.rss_mb:.0f} | {r.stories} | {r.topics} "
            f"| {r.note} |"
        )
    lines += [
        "",
        "build_digest = filters + story grouping + topics + labels + 2 headline sentences for the 10 best "
        f"topics, one core (CPU time = time.process_time; wall time suffers when other jobs share the "
        f"machine: load average {os.getloadavg()[0]:.1f} at the end). Process peak RSS = the whole process "
        "(the prepared articles included) during the timed build, peak mark reset just before it. Each "
        "synthetic size runs in a fresh process holding only that day's prepared articles (raw articles "
        "dropped once prepared), as a digest tick does; the SaudiNewsNet rows run in the benchmark's own "
        "process, which holds all its prepared articles. Max RSS including the tracemalloc runs: benchmark "
        f"process {rss_mb:.0f} MB, largest synthetic process {child_rss_mb:.0f} MB.",
    ]
    if sumy_per_article is not None:
        lines.append(
            f"sumy TextRank alone costs {sumy_per_article * 1000:.1f} ms per SaudiNewsNet article: "
            f"{sumy_per_article * 5000:.0f} s for 5,000 articles (extrapolated, summaries only, no grouping)."
        )
    if plot:
        lines.append(f"![digest time vs articles](plots/{plot.name})")
    return "\n".join(lines)


def _plot(rows: Sequence[Row], sumy_per_article: float | None, path: Path) -> Path | None:
    """Log-log plot of build time vs articles per series, with sumy's extrapolated line."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(6, 4))
    for series in sorted({r.series for r in rows}):
        points = [(r.articles, r.build_cpu_s) for r in rows if r.series == series]
        ax.plot(*zip(*points, strict=True), marker="o", label=f"newsbot build_digest ({series})")
    if sumy_per_article is not None:
        xs = sorted({r.articles for r in rows})
        ax.plot(
            xs, [x * sumy_per_article for x in xs], linestyle="--", label="sumy TextRank, per article x N"
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("articles")
    ax.set_ylabel("CPU seconds (one core)")
    ax.set_title("Digest build time vs articles")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
