"""Plain, frozen records that flow through the digest engine.

Nothing here does I/O. Ingestion builds `RawArticle`s, `digests.prepare` turns them into `Article`s,
`digests.build_digest` turns a batch of articles into a `Digest`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class RawArticle:
    """An article as a source delivered it, before any text analysis."""

    title: str
    text: str
    source: str
    """Outlet or source name ("BBC Arabic", "examples/ar")."""
    url: str | None = None
    guid: str | None = None
    path: str | None = None
    """File path as given on the command line or in the config (file sources only)."""
    published: datetime | None = None
    """Timezone-aware publication time, if the source gave one."""
    language: str | None = None
    """A declared language hint ("ar", "en"); detection decides when absent."""


class Sentence:
    """One sentence of an article body, verbatim, with its character offsets in the body.

    Immutable, compared and hashed by (text, start, end) like the other records. A sentence split from a
    body (`Sentence.in_body`) keeps the body and slices its text when asked: a copy per sentence was the
    largest part of the prepared articles (67 of 221 MB for a synthetic day of 50,000 articles).
    """

    __slots__ = ("_in_body", "_source", "end", "start")
    _source: str
    _in_body: bool
    start: int
    end: int

    def __init__(self, text: str, start: int, end: int) -> None:
        self._set(text, False, start, end)

    @classmethod
    def in_body(cls, body: str, start: int, end: int) -> Sentence:
        """The sentence `body[start:end]`, sharing `body` instead of copying the slice."""
        sentence = cls.__new__(cls)
        sentence._set(body, True, start, end)
        return sentence

    def _set(self, source: str, in_body: bool, start: int, end: int) -> None:
        for name, value in (("_source", source), ("_in_body", in_body), ("start", start), ("end", end)):
            object.__setattr__(self, name, value)

    @property
    def text(self) -> str:
        return self._source[self.start : self.end] if self._in_body else self._source

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Sentence is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Sentence is immutable: cannot delete {name!r}")

    def __reduce__(self) -> tuple[object, ...]:
        return (Sentence.in_body if self._in_body else Sentence, (self._source, self.start, self.end))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sentence):
            return NotImplemented
        return (self.start, self.end, self.text) == (other.start, other.end, other.text)

    def __hash__(self) -> int:
        return hash((self.text, self.start, self.end))

    def __repr__(self) -> str:
        return f"Sentence(text={self.text!r}, start={self.start!r}, end={self.end!r})"


@dataclass(frozen=True, slots=True)
class Article:
    """A prepared article: language known, body split into sentences, terms ready for grouping."""

    id: str
    title: str
    text: str
    source: str
    published: datetime
    language: str
    """"ar", "en", another ISO 639-1 code, or "unknown"."""
    sentences: tuple[Sentence, ...]
    terms: tuple[str, ...]
    """Normalised, stemmed content terms of title and body (stop words removed), in text order."""
    title_terms: tuple[str, ...] = ()
    fingerprint: int = 0
    """64-bit SimHash of the body's word shingles: near-duplicate copies differ in few bits."""
    url: str | None = None
    path: str | None = None
    guid: str | None = None


@dataclass(frozen=True, slots=True)
class DigestOptions:
    """What a reader asked for. Frozen: build a new one to change it."""

    max_topics: int = 10
    """0 means no limit: then every article appears in exactly one topic."""
    sentences_per_topic: int = 2
    languages: frozenset[str] | None = None
    """None means all languages."""
    include: tuple[str, ...] = ()
    """Keep only articles that mention one of these words (normalised matching)."""
    exclude: tuple[str, ...] = ()
    """Drop articles that mention any of these words (normalised matching)."""


@dataclass(frozen=True, slots=True)
class TopicSentence:
    text: str
    article_id: str


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about one event: agency copies, rewrites, reports in other languages."""

    id: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Topic:
    label: str
    keywords: tuple[str, ...]
    score: float
    language: str
    """The dominant language of the topic's articles."""
    sentences: tuple[TopicSentence, ...]
    articles: tuple[Article, ...]
    """Best first; the first article of each story leads it."""
    stories: tuple[Story, ...] = ()


@dataclass(frozen=True, slots=True)
class Digest:
    date: date
    language: str
    """"all", "ar" or "en": the language filter the digest was built with."""
    topics: tuple[Topic, ...]
    generated_at: datetime
    article_count: int = 0
    options: DigestOptions = field(default_factory=DigestOptions)
