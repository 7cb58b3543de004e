"""The digest engine: pure functions from articles to a daily digest.

No database, network, files, environment or clock: `now` is always a parameter, and the same input gives
the same output. `bot` builds on this package; this package never imports `bot`.
"""

from digests.digest import build_digest
from digests.headlines import score_sentences, summarize
from digests.model import (
    Article,
    Digest,
    DigestOptions,
    RawArticle,
    Sentence,
    Story,
    Topic,
    TopicSentence,
)
from digests.prepare import prepare, prepare_batch
from digests.serialize import digest_to_json
from digests.stories import group_stories

__all__ = [
    "Article",
    "Digest",
    "DigestOptions",
    "RawArticle",
    "Sentence",
    "Story",
    "Topic",
    "TopicSentence",
    "build_digest",
    "digest_to_json",
    "group_stories",
    "prepare",
    "prepare_batch",
    "score_sentences",
    "summarize",
]
