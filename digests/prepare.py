"""Turn a `RawArticle` into an `Article`: language, sentences, terms, fingerprint.

Pure: the publication time comes from the raw article, the caller, or the seed's date header, never
from the clock. `prepare_batch` first collects the batch's words so that Arabic one-letter prefixes are
stripped only when the rest is a word the batch really uses ("لأوكرانيا" → "اوكرانيا",
never "لبنان" → "بنان").
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Sequence

from digests.model import Article, RawArticle
from digests.text import (
    content_terms,
    detect_language,
    simhash,
    split_date_header,
    split_sentences,
    tokenize,
)

_LANGUAGE_SAMPLE = 4000  # characters: the script share settles long before that


def article_id(raw: RawArticle) -> str:
    """A stable short id: a hash of the source and the best identity the raw article has."""
    identity = raw.guid or raw.url or raw.path or f"{raw.title}\n{raw.text}"
    digest = hashlib.blake2b(f"{raw.source}\x1f{identity}".encode(), digest_size=8)
    return digest.hexdigest()


def _published(raw: RawArticle, fallback: dt.datetime | None, header_date: dt.date | None) -> dt.datetime:
    if raw.published is not None:
        return raw.published
    if fallback is not None:
        return fallback
    if header_date is not None:
        return dt.datetime.combine(header_date, dt.time(), tzinfo=dt.UTC)
    raise ValueError(f"article {raw.title[:60]!r} from {raw.source!r} has no publication time")


def prepare(
    raw: RawArticle,
    *,
    id: str | None = None,  # the public keyword is `id`, as in Article
    published: dt.datetime | None = None,
    vocabulary: Collection[str] | None = None,
) -> Article:
    """Prepare one article for grouping, scoring and display.

    `published` is used when the raw article has no time (then the seed's `date` header, else ValueError).
    A seed `date YYYY-MM-DD` header is removed from the body: it is metadata, never a sentence.
    `vocabulary` (normalised tokens of the whole batch) guides Arabic prefix stripping; None means the
    article's own words.
    """
    header_date, body = split_date_header(raw.text)
    language = raw.language or detect_language(f"{raw.title}\n{body[:_LANGUAGE_SAMPLE]}")
    if vocabulary is None:
        vocabulary = set(tokenize(f"{raw.title}\n{body}"))
    title_terms = content_terms(raw.title, language, vocabulary=vocabulary)
    body_terms = content_terms(body, language, vocabulary=vocabulary)
    return Article(
        id=id or article_id(raw),
        title=raw.title,
        text=body,
        source=raw.source,
        published=_published(raw, published, header_date),
        language=language,
        sentences=tuple(split_sentences(body, language)),
        terms=tuple(title_terms + body_terms),
        title_terms=tuple(title_terms),
        fingerprint=simhash(body_terms),
        url=raw.url,
        path=raw.path,
        guid=raw.guid,
    )


def batch_vocabulary(raws: Sequence[RawArticle]) -> set[str]:
    """The normalised tokens of every title and body in the batch."""
    vocabulary: set[str] = set()
    for raw in raws:
        vocabulary.update(tokenize(raw.title))
        vocabulary.update(tokenize(split_date_header(raw.text)[1]))
    return vocabulary


def prepare_batch(raws: Sequence[RawArticle], *, published: dt.datetime | None = None) -> list[Article]:
    """Prepare a batch with one shared vocabulary (see `prepare`); `published` is the fallback time."""
    vocabulary = batch_vocabulary(raws)
    return [prepare(raw, published=published, vocabulary=vocabulary) for raw in raws]
