"""Ingestion: safe feed fetching, article files, HTML to text, OPML, and the pipeline that stores articles.

Public entry points (see `bot.ingest.pipeline`): `ingest_source`, `ingest_locations`, `read_articles`;
`SafeClient` (`bot.ingest.http`) for every outbound fetch; `parse_opml`/`export_opml` (`bot.ingest.opml`).
"""

from bot.ingest.http import FetchedResponse, SafeClient
from bot.ingest.opml import OpmlFeed, export_opml, parse_opml, read_opml_file
from bot.ingest.pipeline import (
    content_hash,
    ingest_locations,
    ingest_source,
    read_articles,
    to_new_article,
)
from bot.ingest.reports import Failure, IngestReport, SourceReport
from bot.ingest.urls import canonical_url

__all__ = [
    "Failure",
    "FetchedResponse",
    "IngestReport",
    "OpmlFeed",
    "SafeClient",
    "SourceReport",
    "canonical_url",
    "content_hash",
    "export_opml",
    "ingest_locations",
    "ingest_source",
    "parse_opml",
    "read_articles",
    "read_opml_file",
    "to_new_article",
]
