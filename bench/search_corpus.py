"""A synthetic Arabic + English news corpus for the search benchmark (deterministic for a seed).

Words are made up, not taken from any dataset: Arabic pseudo-roots from the Arabic alphabet, English
pseudo-words from syllables. They follow a Zipf distribution, mix in the real stop words of the digest
engine (about 35% of tokens, as in news prose), and carry the surface noise search must see through:
Arabic prefixes (و ال ب ل لل وال), feminine and plural suffixes, occasional harakat, hamza forms and
tatweel; English inflections (-s, -ed, -ing) and capitalised names. About 3% of articles are copies of
an earlier story from another outlet (same fingerprint, `duplicate_of` set), as agencies produce.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources

AR_LETTERS = "ابتثجحخدذرزسشصضطعغفقكلمنهي"
AR_PREFIXES = ["", "", "", "", "ال", "ال", "وال", "و", "ب", "ل", "بال", "لل", "ف"]
AR_SUFFIXES = ["", "", "", "ة", "ات", "ون", "ين", "ها", "ي"]
# fmt: off
EN_SYLLABLES = ["ka", "lo", "mer", "tan", "vis", "dor", "pel", "sun", "ri", "bex", "mo", "tra", "gen",
                "fal", "cor", "den", "nis", "ular", "pra", "hov", "ex", "im", "ter", "sol", "vad"]
# fmt: on
EN_SUFFIXES = ["", "", "", "s", "ed", "ing", "er"]
SOURCES = [f"Outlet {i:02d}" for i in range(20)]
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _stop_words(name: str) -> list[str]:
    text = resources.files("digests.text").joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass(frozen=True, slots=True)
class SyntheticArticle:
    source: int
    title: str
    text: str
    language: str
    published: datetime
    fingerprint: int
    copy_of: int | None
    """Index (in generation order) of the article this one copies."""


class Language:
    """Zipf sampler over made-up lemmas of one language, plus its real stop words."""

    def __init__(self, rng: random.Random, lemmas: list[str], stops: list[str]) -> None:
        self.rng = rng
        self.lemmas = lemmas
        self.stops = stops
        self._cum = list(itertools.accumulate(1.0 / (rank + 2.7) for rank in range(len(lemmas))))

    def lemma(self, low: int = 0, high: int | None = None) -> str:
        """A lemma by Zipf rank, optionally restricted to ranks [low, high)."""
        if high is None and low == 0:
            return self.lemmas[bisect.bisect(self._cum, self.rng.random() * self._cum[-1])]
        return self.lemmas[self.rng.randrange(low, high or len(self.lemmas))]


def _arabic_lemmas(rng: random.Random, size: int) -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < size:
        seen.setdefault("".join(rng.choice(AR_LETTERS) for _ in range(rng.choice((3, 4, 4, 5, 6)))), None)
    return list(seen)


def _english_lemmas(rng: random.Random, size: int) -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < size:
        seen.setdefault("".join(rng.choice(EN_SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 4)))), None)
    return list(seen)


class CorpusGenerator:
    """Yields `SyntheticArticle`s; the same seed gives the same corpus."""

    def __init__(self, seed: int = 7, vocabulary: int = 20_000, body_words: int = 120) -> None:
        self.seed = seed
        self.body_words = body_words
        words = random.Random(seed)  # the vocabulary depends on the seed only, never on the stream
        self.rng = random.Random(seed)
        self.arabic = Language(self.rng, _arabic_lemmas(words, vocabulary), _stop_words("stopwords_ar.txt"))
        self.english = Language(self.rng, _english_lemmas(words, vocabulary), _stop_words("stopwords_en.txt"))
        self._stories: list[tuple[int, str, str, str, int]] = []

    def reseed(self, stream: int) -> None:
        """Start an independent, reproducible stream of articles or queries over the same vocabulary."""
        self.rng = random.Random(self.seed * 1_000_003 + stream)
        self.arabic.rng = self.english.rng = self.rng
        self._stories.clear()

    def arabic_word(self, lemma: str) -> str:
        rng = self.rng
        word = rng.choice(AR_PREFIXES) + lemma + rng.choice(AR_SUFFIXES)
        roll = rng.random()
        if roll < 0.03:  # harakat on the second letter
            word = word[:2] + rng.choice("\u064e\u064f\u0650\u0651") + word[2:]
        elif roll < 0.05 and word.startswith("ا"):
            word = rng.choice("أإآ") + word[1:]
        elif roll < 0.06:
            word = word[:2] + "\u0640" + word[2:]  # tatweel
        return word

    def english_word(self, lemma: str) -> str:
        word = lemma + self.rng.choice(EN_SUFFIXES)
        return word.capitalize() if self.rng.random() < 0.1 else word

    def words(self, language: str, count: int) -> list[str]:
        lang = self.arabic if language == "ar" else self.english
        surface = self.arabic_word if language == "ar" else self.english_word
        out = []
        for _ in range(count):
            if self.rng.random() < 0.35:
                out.append(self.rng.choice(lang.stops))
            else:
                out.append(surface(lang.lemma()))
        return out

    def text(self, language: str, count: int) -> str:
        words = self.words(language, count)
        comma = "،" if language == "ar" else ","
        sentences, i = [], 0
        while i < len(words):
            n = self.rng.randint(8, 20)
            chunk = words[i : i + n]
            if len(chunk) > 6:
                chunk[len(chunk) // 2] += comma
            sentences.append(" ".join(chunk) + ".")
            i += n
        return " ".join(sentences)

    def article(self, index: int) -> SyntheticArticle:
        rng = self.rng
        published = NOW - timedelta(seconds=rng.randrange(365 * 86400))
        if self._stories and rng.random() < 0.03:
            origin, title, text, language, fingerprint = rng.choice(self._stories)
            return SyntheticArticle(
                rng.randrange(len(SOURCES)), title, text, language, published, fingerprint, origin
            )
        language = "ar" if rng.random() < 0.5 else "en"
        title = " ".join(self.words(language, rng.randint(6, 10)))
        text = self.text(language, rng.randint(self.body_words * 2 // 3, self.body_words * 4 // 3))
        fingerprint = int.from_bytes(
            hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True
        )
        if rng.random() < 0.01:
            self._stories.append((index, title, text, language, fingerprint))
            del self._stories[:-2000]
        return SyntheticArticle(
            rng.randrange(len(SOURCES)), title, text, language, published, fingerprint, None
        )

    def articles(self, count: int, first: int = 0) -> Iterator[SyntheticArticle]:
        """`count` articles numbered from `first` (copies refer to earlier numbers of the same call)."""
        for index in range(first, first + count):
            yield self.article(index)

    def queries(self, count: int, samples: list[SyntheticArticle]) -> list[tuple[str, str]]:
        """(kind, query text) pairs: words of several frequencies, phrases from real texts, operators."""
        rng = self.rng
        out: list[tuple[str, str]] = []
        kinds = ["rare word", "mid word", "common word", "two words", "phrase", "OR", "exclusion", "filtered"]
        for i in range(count):
            kind = kinds[i % len(kinds)]
            language = "ar" if i % 2 else "en"
            lang = self.arabic if language == "ar" else self.english
            pick = self.arabic_word if language == "ar" else self.english_word
            if kind == "rare word":
                query = pick(lang.lemma(2000, 20_000))
            elif kind == "mid word":
                query = pick(lang.lemma(200, 2000))
            elif kind == "common word":
                query = pick(lang.lemma(0, 50))
            elif kind == "two words":
                query = f"{pick(lang.lemma(50, 2000))} {pick(lang.lemma(50, 2000))}"
            elif kind == "phrase":
                words = rng.choice(samples).text.replace(".", "").replace("،", "").replace(",", "").split()
                start = rng.randrange(max(1, len(words) - 3))
                query = '"' + " ".join(words[start : start + rng.choice((2, 3))]) + '"'
            elif kind == "OR":
                query = f"{pick(lang.lemma(100, 3000))} OR {pick(lang.lemma(100, 3000))}"
            elif kind == "exclusion":
                query = f"{pick(lang.lemma(50, 500))} -{pick(lang.lemma(0, 200))}"
            else:
                query = f"{pick(lang.lemma(50, 1000))} lang:{language} since:2025-09-01"
            out.append((kind, query))
        return out
