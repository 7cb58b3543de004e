"""The digest side of the `newsbot` commands: which local day a digest covers, the stored articles of that
day, the options given on the command line, and how the digest is printed. Used by `bot/cli_commands.py`
(`digest`, `demo`); heavy imports stay inside the functions so `newsbot --help` stays fast.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.errors import UsageError

if TYPE_CHECKING:
    from bot.ports import Storage
    from bot.records import StoredArticle
    from digests.model import Digest, DigestOptions, RawArticle


def local_day(day: date, timezone: str) -> tuple[datetime, datetime]:
    """[start, end) in UTC of `day` from 00:00 to 24:00 in `timezone`, resolved as a chat's `/digest D`
    resolves it (`bot.delivery.scheduled_instant`): 23 or 25 hours on a DST change, and a midnight that
    a DST gap skips starts the day at the transition."""
    from bot.delivery import scheduled_instant, zone

    tz = zone(timezone)
    midnight = time(0, 0)
    return scheduled_instant(day, midnight, tz), scheduled_instant(day + timedelta(days=1), midnight, tz)


def today_in(timezone: str, now: datetime) -> date:
    """The date at `now` in `timezone`: what "today" means for a chat in that zone."""
    from bot.delivery import zone

    return now.astimezone(zone(timezone)).date()


def newest_day(raws: Iterable[RawArticle], timezone: str) -> date | None:
    """The local date in `timezone` of the newest dated article: what a `--from` batch of old news is
    "the digest of" (today's date would misdate it). None when no article has a date."""
    newest = max((raw.published for raw in raws if raw.published is not None), default=None)
    return None if newest is None else newest.astimezone(ZoneInfo(timezone)).date()


def stored_for_digest(
    storage: Storage, day: date, timezone: str, languages: frozenset[str] | None, *, now: datetime
) -> list[StoredArticle]:
    """The articles stored for `day` in `timezone` (`local_day`) in `languages` (None: all): the query a
    chat in that zone makes for `/digest D`, until `now` as there. The query does the language filtering,
    so articles the digest would drop are neither read nor prepared."""
    start, end = local_day(day, timezone)
    return storage.articles_between(start, min(end, now), languages=languages)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date {text!r} is not a date like 2025-09-01") from None


def digest_options(args: argparse.Namespace, settings: Settings) -> DigestOptions:
    import digests

    languages = None if args.lang == "all" else frozenset({args.lang})
    return digests.DigestOptions(
        max_topics=settings.digest.max_topics if args.max_topics is None else args.max_topics,
        sentences_per_topic=args.sentences or settings.digest.sentences_per_topic,
        languages=languages,
    )


def print_digest(digest: Digest, fmt: str) -> None:
    from bot.chat import Reply

    language = digest.language if digest.language in ("ar", "en") else "en"
    if fmt == "json":
        import digests

        print(json.dumps(digests.digest_to_json(digest), ensure_ascii=False, indent=2))
    elif fmt == "telegram":
        from bot.platforms.render_telegram import render_telegram

        for message in render_telegram(Reply(language=language, digest=digest)):
            print(message.text)
            print("-" * 40)
    elif fmt == "slack":
        from bot.platforms.render_slack import render_slack

        payloads = [{"text": m.text, "blocks": m.blocks} for m in render_slack(Reply(language=language,
                                                                                       digest=digest))]
        print(json.dumps(payloads, ensure_ascii=False, indent=2))
    else:
        from bot.platforms.render_text import render_text

        print(render_text(Reply(language=language, digest=digest)))
