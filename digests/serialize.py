"""The digest as JSON-ready data, exactly the `digest --format json` contract of ARCHITECTURE.md."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from digests.model import Article, Digest, Topic


def digest_to_json(digest: Digest, *, paths: Mapping[str, str] | None = None) -> dict[str, Any]:
    """`{"date", "language", "topics": [{"label", "keywords", "score", "sentences", "articles"}]}`.

    `paths` maps article ids to the file path given on the command line; without an entry the article's
    own `path` is used (None for feed articles). Times are ISO 8601 with their UTC offset.
    """
    return {
        "date": digest.date.isoformat(),
        "language": digest.language,
        "topics": [_topic(topic, paths or {}) for topic in digest.topics],
    }


def _topic(topic: Topic, paths: Mapping[str, str]) -> dict[str, Any]:
    return {
        "label": topic.label,
        "keywords": list(topic.keywords),
        "score": topic.score,
        "sentences": [{"text": s.text, "article": s.article_id} for s in topic.sentences],
        "articles": [_article(a, paths) for a in topic.articles],
    }


def _article(article: Article, paths: Mapping[str, str]) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "path": paths.get(article.id, article.path),
        "source": article.source,
        "language": article.language,
        "published": iso_time(article.published),
    }


def iso_time(moment: datetime) -> str:
    """ISO 8601 with an offset; a naive time is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()
