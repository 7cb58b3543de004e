"""Headline-sentence quality: newsbot vs the length-matched lead vs sumy, on the EASC and BBC dev sets.

Every system gets the same sentences (our splitter) and the same budget: the reference's median length in
words. A system's chosen sentences are joined in article order and cut to the budget, exactly as the lead
is cut, so that longer output never buys recall. Sumy is fed our own sentences and tokenizer (no NLTK data).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.plots import bar_chart
from bench.rouge import Rouge, rouge_tokens, score
from digests.headlines import HeadlineWeights, summarize
from digests.model import RawArticle
from digests.prepare import prepare
from digests.text import count_words, split_sentences, stem, tokenize
from digests.text.stopwords import arabic_stop_words, english_stop_words

TITLE = "Headline sentences (ROUGE F1 x100 at the reference's median length)"
FULL_ONLY = False

BBC_SAMPLE = 240  # articles in the default run (every k-th article); --full scores all of them
_NOW = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Item:
    title: str
    text: str
    language: str
    references: tuple[str, ...]
    budget: int


def load_easc(shared: Path) -> list[Item]:
    items = []
    for line in (shared / "easc" / "easc.dev.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        refs = tuple(ref["text"] for ref in row["references"])
        budget = int(statistics.median(len(rouge_tokens(ref)) for ref in refs))
        items.append(Item("", row["article"], "ar", refs, budget))
    return items


def load_bbc(shared: Path, sample: int | None) -> list[Item]:
    rows = [json.loads(line) for line in (shared / "bbc" / "bbc.dev.jsonl").read_text("utf-8").splitlines()]
    if sample and sample < len(rows):
        step = len(rows) / sample
        rows = [rows[int(i * step)] for i in range(sample)]
    return [
        Item(row["title"], row["article"], "en", (row["summary"],), len(rouge_tokens(row["summary"])))
        for row in rows
    ]


Selector = Callable[[Item], list[str]]


def newsbot_selector(weights: HeadlineWeights | None = None) -> Selector:
    def select(item: Item) -> list[str]:
        raw = RawArticle(title=item.title, text=item.text, source="bench", language=item.language)
        article = prepare(raw, published=_NOW)
        return [s.text for s in summarize(article, words=item.budget, weights=weights)]

    return select


class _Tokenizer:
    """The sumy tokenizer protocol, backed by our tokenizer (normalised tokens)."""

    def __init__(self, language: str) -> None:
        self.language = language

    def to_words(self, text: str) -> list[str]:
        return tokenize(text)

    def to_sentences(self, text: str) -> list[str]:
        return [s.text for s in split_sentences(text)]


def sumy_selector(name: str) -> Selector:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    classes: dict[str, Any] = {
        "LexRank": LexRankSummarizer,
        "TextRank": TextRankSummarizer,
        "LSA": LsaSummarizer,
        "Luhn": LuhnSummarizer,
    }

    def select(item: Item) -> list[str]:
        tokenizer = _Tokenizer(item.language)
        sentences = [s.text for s in split_sentences(item.text, item.language)]
        document = ObjectDocumentModel([Paragraph([SumySentence(s, tokenizer) for s in sentences])])
        summarizer = classes[name](lambda word: stem(word, item.language))
        summarizer.stop_words = arabic_stop_words() if item.language == "ar" else english_stop_words()

        def until_budget(infos: Sequence[Any]) -> list[Any]:
            chosen, total = [], 0
            for info in infos:
                if total >= item.budget:
                    break
                chosen.append(info)
                total += count_words(str(info.sentence))
            return chosen

        return [str(s) for s in summarizer(document, until_budget)]

    return select


def evaluate(
    items: Sequence[Item], selector: Selector, progress: Callable[..., Iterator[Item]] | None = None
) -> tuple[Rouge, float]:
    """Mean ROUGE of a selector over items, and the mean selection time per article (ms)."""
    totals = [0.0, 0.0, 0.0]
    elapsed = 0.0
    iterable = progress(items, len(items)) if progress else items
    for item in iterable:
        started = time.perf_counter()
        chosen = selector(item)
        elapsed += time.perf_counter() - started
        tokens = rouge_tokens(" ".join(chosen))[: item.budget]
        result = score(tokens, item.references)
        totals = [totals[0] + result.r1, totals[1] + result.r2, totals[2] + result.rl]
    n = max(1, len(items))
    return Rouge(totals[0] / n, totals[1] / n, totals[2] / n), 1000 * elapsed / n


def evaluate_lead(items: Sequence[Item]) -> Rouge:
    totals = [0.0, 0.0, 0.0]
    for item in items:
        result = score(rouge_tokens(item.text)[: item.budget], item.references)
        totals = [totals[0] + result.r1, totals[1] + result.r2, totals[2] + result.rl]
    n = max(1, len(items))
    return Rouge(totals[0] / n, totals[1] / n, totals[2] / n)


def text_throughput(items: Sequence[Item]) -> float:
    """Words per CPU second for normalise + tokenise + stem, starting from cold caches.

    CPU time (not wall time) so that other processes sharing the machine do not distort the figure.
    """
    from digests.text.normalize import normalize_word
    from digests.text.stem import _stem, arabic_stem
    from digests.text.tokens import word_pieces

    for cached in (normalize_word, arabic_stem, _stem, word_pieces):
        cached.cache_clear()
    started = time.process_time()
    words = 0
    for item in items:
        for token in tokenize(item.text):
            stem(token, item.language)
            words += 1
    return words / max(1e-9, time.process_time() - started)


def run(ctx: Any) -> str:
    if ctx.shared is None:
        return "Skipped: shared/data is absent."
    sets = {
        "EASC (ar)": load_easc(ctx.shared),
        "BBC (en)": load_bbc(ctx.shared, None if ctx.full else BBC_SAMPLE),
    }
    systems: list[tuple[str, Selector | None]] = [
        ("lead (length-matched)", None),
        ("newsbot", newsbot_selector()),
    ]
    systems += [(f"sumy {name}", sumy_selector(name)) for name in ("LexRank", "TextRank", "LSA", "Luhn")]
    lines = [
        "| data | articles | system | R-1 | R-2 | R-L | ms/article |",
        "|---|---|---|---|---|---|---|",
    ]
    chart: dict[str, dict[str, float]] = {}  # "EASC R-1" -> {system: F1 x100}, for the plot
    for label, items in sets.items():
        for system, selector in systems:
            if selector is None:
                result, ms = evaluate_lead(items), 0.0
                timing = "-"
            else:
                label_ = f"{label} {system}"
                result, ms = evaluate(items, selector, lambda it, n, tag=label_: ctx.progress(it, n, tag))
                timing = f"{ms:.2f}"
            short = label.split(" ")[0]
            for metric, value in (("R-1", result.r1), ("R-2", result.r2), ("R-L", result.rl)):
                chart.setdefault(f"{short} {metric}", {})[system] = value
            lines.append(
                f"| {label} | {len(items)} | {system} | {result.r1:.1f} | {result.r2:.1f} | {result.rl:.1f} "
                f"| {timing} |"
            )
    everything = [item for items in sets.values() for item in items]
    rate = text_throughput(everything)
    words = sum(count_words(item.text) for item in everything)
    bbc = "all dev articles" if ctx.full else f"{BBC_SAMPLE} dev articles, evenly spaced"
    lines += [
        "",
        "Budget: each article's reference median length in words; every system's sentences are joined in "
        "article order and cut to the budget, like the lead. Sumy gets our sentences, tokens, stems and stop "
        f"words. newsbot ms includes prepare(). BBC: {bbc}. Weights were tuned on dev subsets (Arabic: odd "
        "EASC articles; English: every 12th BBC article), so these dev figures are slightly optimistic.",
        f"Text pipeline (normalise + tokenise + stem, cold caches): {rate / 1000:.0f}k words per CPU second "
        f"over {words} words.",
    ]
    plot = bar_chart(
        ctx.plot_path("quality_headlines"),
        "Headline sentences vs peers (ROUGE F1 x100, length-matched)",
        chart,
        "ROUGE F1 x100",
    )
    if plot is not None:
        lines.append(f"![headline quality vs peers](plots/{plot.name})")
    return "\n".join(lines)
