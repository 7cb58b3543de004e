"""Prometheus metrics of one bot process, on a registry of our own (served by `bot.ops` at /metrics).

A private registry keeps the process-wide default one free of duplicates when tests build several bots.
The series exposed are the ones the README lists (tests/test_ops.py checks both agree).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, disable_created_metrics

# Without this every counter also exposes a `*_created` series (its creation time as a Unix timestamp):
# twice the series for nothing a dashboard of this bot uses. The switch is process-wide in prometheus_client.
disable_created_metrics()  # type: ignore[no-untyped-call]  # unannotated in prometheus_client

REGISTRY = CollectorRegistry(auto_describe=True)

ARTICLES_INGESTED = Counter(
    "newsbot_articles_ingested", "New articles stored by ingestion.", registry=REGISTRY
)
FETCH_ERRORS = Counter("newsbot_fetch_errors", "Failed fetches of a source.", ["source"], registry=REGISTRY)
DIGESTS_SENT = Counter(
    "newsbot_digests_sent", "Scheduled digests delivered.", ["platform"], registry=REGISTRY
)
MESSAGES_SENT = Counter(
    "newsbot_messages_sent",
    "Message parts the platforms accepted for scheduled digests.",
    ["platform"],
    registry=REGISTRY,
)
SEND_FAILURES = Counter(
    "newsbot_send_failures", "Failed digest deliveries by reason.", ["platform", "reason"], registry=REGISTRY
)
SCHEDULER_LAG = Gauge(
    "newsbot_scheduler_lag_seconds", "How late the scheduler's newest tick started.", registry=REGISTRY
)
TICKS = Counter("newsbot_ticks", "Scheduler ticks run.", ["tick"], registry=REGISTRY)
