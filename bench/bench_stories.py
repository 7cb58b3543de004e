"""Story grouping quality: ECB+ (English, two same-kind events per topic) and SaudiNewsNet (Arabic, silver).

ECB+: thresholds are tuned on the training topics (1-35 minus the dev ones) and reported on the standard
dev topics, grouped per topic and over all dev documents at once, next to a plain TF-IDF average-link
baseline tuned the same way. SaudiNewsNet: all four days grouped at once; every pair of articles with a
byte-identical headline from different outlets should share a story, and no story may hold more than 5% of
a day's articles.
"""

from __future__ import annotations

import itertools
import json
import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bench.cluster_metrics import adjusted_rand_index, bcubed_f1, pairwise_f1
from bench.harness import Context
from bench.plots import bar_chart
from digests.model import Article, RawArticle
from digests.similarity import average_link, cosine, document_frequencies, tfidf_vector
from digests.stories import StoryGrouper, StoryParams
from digests.topics import group_topics

TITLE = "Story grouping quality (ECB+ dev, SaudiNewsNet silver)"
FULL_ONLY = False

DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)
ECB_DATE = datetime(2020, 1, 1, tzinfo=UTC)
Grouper = Callable[[Sequence[Article]], list[list[str]]]


def load_ecb(shared: Path) -> dict[int, list[tuple[Article, str]]]:
    """ECB+ documents per topic as (article, gold story) pairs; the first sentence serves as the title."""
    from digests import prepare

    by_topic: defaultdict[int, list[tuple[Article, str]]] = defaultdict(list)
    path = shared / "ecbplus" / "ecbplus_docs.dev.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        sentences = row["sentences"]
        raw = RawArticle(
            title=sentences[0],
            text="\n".join(sentences[1:]) or sentences[0],
            source="ecbplus",
            published=ECB_DATE,
            language="en",
        )
        by_topic[row["topic"]].append((prepare(raw, id=row["doc_id"]), row["story_id"]))
    return dict(by_topic)


def ours(params: StoryParams) -> Grouper:
    """Our grouping as a function from articles to lists of article ids."""
    grouper = StoryGrouper(params)
    return lambda arts: [list(s.article_ids) for s in grouper.group(arts).stories]


def baseline(threshold: float) -> Grouper:
    """Plain TF-IDF (log N/df, all terms) cosine, average link over every pair."""

    def run(arts: Sequence[Article]) -> list[list[str]]:
        df = document_frequencies(a.terms for a in arts)
        idf = {t: math.log(len(arts) / c) for t, c in df.items()}
        vectors = [tfidf_vector(Counter(a.terms), idf, 10_000) for a in arts]
        edges = {
            (i, j): cosine(vectors[i], vectors[j]) for i, j in itertools.combinations(range(len(arts)), 2)
        }
        return [[arts[i].id for i in c] for c in average_link(len(arts), edges, threshold)]

    return run


def labels(clusters: Iterable[list[str]], prefix: str = "") -> dict[str, str]:
    return {doc: f"{prefix}{n}" for n, members in enumerate(clusters) for doc in members}


def score(pairs: Sequence[tuple[Article, str]], predicted: dict[str, str]) -> dict[str, float]:
    gold = [g for _, g in pairs]
    pred = [predicted[a.id] for a, _ in pairs]
    return {
        "ari": adjusted_rand_index(gold, pred),
        "b3": bcubed_f1(gold, pred)[2],
        "pw": pairwise_f1(gold, pred)[2],
    }


def per_topic(
    data: dict[int, list[tuple[Article, str]]], topics: Sequence[int], group: Grouper
) -> dict[str, float]:
    """Group each topic's documents on their own; pooled scores over all of them, the mean ARI, and each
    topic's ARI under the key "ari_<topic>"."""
    predicted: dict[str, str] = {}
    aris = {}
    for topic in topics:
        topic_labels = labels(group([a for a, _ in data[topic]]), f"{topic}:")
        aris[f"ari_{topic}"] = score(data[topic], topic_labels)["ari"]
        predicted.update(topic_labels)
    pooled = score([p for t in topics for p in data[t]], predicted)
    pooled["mean_ari"] = sum(aris.values()) / len(aris)
    pooled.update(aris)
    return pooled


def together(
    data: dict[int, list[tuple[Article, str]]], topics: Sequence[int], group: Grouper
) -> dict[str, float]:
    """Group all documents of the given topics in one batch."""
    pairs = [p for t in topics for p in data[t]]
    return score(pairs, labels(group([a for a, _ in pairs])))


def tune(
    data: dict[int, list[tuple[Article, str]]], train: Sequence[int], full: bool
) -> tuple[StoryParams, float]:
    """Grid search on training topics (per-topic mean ARI + all-at-once ARI)."""
    thresholds = [0.04, 0.06, 0.08, 0.10, 0.14]
    refines: list[float | None] = [None, 0.08, 0.10, 0.12]
    priors = [5.0, 20.0, 60.0] if full else [20.0]
    boosts = [1.0, 4.0] if full else [4.0]
    best: tuple[float, StoryParams] | None = None
    for threshold, refine, prior, boost in itertools.product(thresholds, refines, priors, boosts):
        params = replace(
            StoryParams(), threshold=threshold, refine_threshold=refine, prior_docs=prior, name_boost=boost
        )
        group = ours(params)
        value = per_topic(data, train, group)["mean_ari"] + together(data, train, group)["ari"]
        if best is None or value > best[0]:
            best = (value, params)
    assert best is not None
    return best[1], best[0] / 2


def tune_baseline(data: dict[int, list[tuple[Article, str]]], train: Sequence[int]) -> float:
    candidates = [0.04, 0.06, 0.08, 0.10, 0.12, 0.15, 0.18, 0.22, 0.26, 0.30]
    return max(
        candidates,
        key=lambda t: (
            per_topic(data, train, baseline(t))["mean_ari"] + together(data, train, baseline(t))["ari"]
        ),
    )


def saudi(shared: Path, params: StoryParams, ctx: Context) -> dict[str, float]:
    """Silver must-link recall and the largest story's share of a day's articles."""
    from digests.prepare import batch_vocabulary, prepare

    folder = shared / "saudinewsnet"
    rows = [
        json.loads(line) for line in (folder / "saudinewsnet_2015-08-08_to_11.jsonl").open(encoding="utf-8")
    ]
    raws = [
        RawArticle(
            title=row["title"],
            text=row["content"],
            source=row["source"],
            url=row["url"],
            published=datetime.fromisoformat(row["date_extracted"]).replace(tzinfo=UTC),
            language="ar",
        )
        for row in rows
    ]
    # One vocabulary for the whole batch, as the digest tick prepares articles.
    vocabulary = batch_vocabulary(raws)
    articles, day_of = [], {}
    for n, (row, raw) in enumerate(ctx.progress(list(zip(rows, raws, strict=True)), label="saudinewsnet")):
        article = prepare(raw, id=f"{n:05d}", vocabulary=vocabulary)
        articles.append(article)
        day_of[article.id] = row.get("file_day") or row["date_extracted"][:10]
    started = time.perf_counter()
    grouping = StoryGrouper(params).group(articles)
    stories = grouping.stories
    seconds = time.perf_counter() - started
    topics = group_topics(grouping, now=max(a.published for a in articles))
    topic_of = {grouping.articles[i].id: n for n, t in enumerate(topics) for i in t.articles}
    story_of = {aid: s.id for s in stories for aid in s.article_ids}
    by_url_source = {(a.url, a.source, a.published.strftime("%Y-%m-%d %H:%M:%S")): a.id for a in articles}
    linked = total = 0
    for line in (folder / "silver_identical_title_groups.jsonl").open(encoding="utf-8"):
        group = json.loads(line)
        ids = [by_url_source.get((m["url"], m["source"], m["date_extracted"])) for m in group["members"]]
        found = [i for i in ids if i is not None]
        for x, y in itertools.combinations(found, 2):
            total += 1
            linked += story_of[x] == story_of[y]
    per_day: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for article_id, story in story_of.items():
        per_day[day_of[article_id]][story] += 1
    share = max(max(c.values()) / sum(c.values()) for c in per_day.values())
    topic_days: defaultdict[str, Counter[int]] = defaultdict(Counter)
    for article_id, topic in topic_of.items():
        topic_days[day_of[article_id]][topic] += 1
    topic_share = max(max(c.values()) / sum(c.values()) for c in topic_days.values())
    return {
        "recall": linked / total if total else float("nan"),
        "pairs": total,
        "max_share": share,
        "articles": len(articles),
        "stories": len(stories),
        "topics": len(topics),
        "topic_share": topic_share,
        "seconds": seconds,
    }


def run(ctx: Context) -> str:
    """Tune on ECB+ training topics, report dev and SaudiNewsNet silver figures."""
    if ctx.shared is None:
        return "Skipped: `shared/data` not found."
    data = load_ecb(ctx.shared)
    train = [t for t in sorted(data) if t not in DEV_TOPICS]
    params, train_value = tune(data, train, ctx.full)
    base_threshold = tune_baseline(data, train)
    systems = [("newsbot (tuned on train)", ours(params))]
    if params != StoryParams():
        systems.append(("newsbot (library defaults)", ours(StoryParams())))
    systems.append((f"TF-IDF average link (t={base_threshold})", baseline(base_threshold)))
    rows, topic_rows = [], []
    chart: dict[str, dict[str, float]] = {}  # metric -> {system: value}, for the plot
    for name, group in systems:
        topic = per_topic(data, DEV_TOPICS, group)
        allin = together(data, DEV_TOPICS, group)
        for metric, value in (
            ("per-topic\nmean ARI", topic["mean_ari"]),
            ("per-topic\nARI", topic["ari"]),
            ("per-topic\nB³ F1", topic["b3"]),
            ("per-topic\npairwise F1", topic["pw"]),
            ("all-dev\nARI", allin["ari"]),
            ("all-dev\nB³ F1", allin["b3"]),
            ("all-dev\npairwise F1", allin["pw"]),
        ):
            chart.setdefault(metric, {})[name] = value
        rows.append(
            f"| {name} | {topic['mean_ari']:.3f} | {topic['ari']:.3f} | {topic['b3']:.3f} "
            f"| {topic['pw']:.3f} | {allin['ari']:.3f} | {allin['b3']:.3f} | {allin['pw']:.3f} |"
        )
        topic_rows.append(
            f"| {name} | "
            + " | ".join(f"{topic[f'ari_{t}']:.3f}" for t in DEV_TOPICS)
            + f" | {topic['mean_ari']:.3f} |"
        )
    silver = saudi(ctx.shared, StoryParams(), ctx)
    dev_docs = sum(len(data[t]) for t in DEV_TOPICS)
    plot = bar_chart(
        ctx.plot_path("quality_stories"),
        "Story grouping on ECB+ dev vs a TF-IDF baseline",
        chart,
        "score",
    )
    link = [f"![story grouping quality vs baseline](plots/{plot.name})"] if plot is not None else []
    return "\n".join(
        [
            "| system | per-topic mean ARI | per-topic ARI (pooled) | B³ F1 | pairwise F1 "
            "| all-dev ARI | all-dev B³ F1 | all-dev pairwise F1 |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            "| ARI per dev topic (grouped alone) | " + " | ".join(map(str, DEV_TOPICS)) + " | mean |",
            "|---|" + "---|" * (len(DEV_TOPICS) + 1),
            *topic_rows,
            "",
            f"ECB+ dev topics {', '.join(map(str, DEV_TOPICS))} ({dev_docs} docs); parameters tuned on "
            f"{len(train)} training topics: threshold={params.threshold}, refine={params.refine_threshold}, "
            f"prior_docs={params.prior_docs}, name_boost={params.name_boost} "
            f"(train score {train_value:.3f}). Title = first sentence.",
            "",
            "| SaudiNewsNet | articles | stories | same-headline pairs | pairs in one story "
            "| largest story / day | grouping time | topics | largest topic / day |",
            "|---|---|---|---|---|---|---|---|---|",
            f"| 2015-08-08..11 | {silver['articles']} | {silver['stories']} | {silver['pairs']} | "
            f"{silver['recall']:.3f} | {silver['max_share']:.2%} | {silver['seconds']:.1f} s | "
            f"{silver['topics']} | {silver['topic_share']:.2%} |",
            "",
            "Library defaults (what the digest uses). All four days grouped in one batch; targets: "
            "same-headline pairs >= 0.95, largest story <= 5% of a day.",
            *link,
        ]
    )
