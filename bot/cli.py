"""The `newsbot` command: argument parsing, dispatch, and the one place errors become exit codes.

Exit codes: 0 success, 1 failure, 2 bad usage. Errors print one line on stderr, never a traceback for a
user mistake (`--debug` shows tracebacks of unexpected failures). The command implementations live in
`bot/cli_commands.py` (the digest's day, options and printing in `bot/cli_digest.py`); heavy imports happen
inside them so `newsbot --help` stays fast.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from bot.errors import NewsbotError, UsageError

DESCRIPTION = """\
newsbot: a self-hosted Arabic and English news digest bot for Telegram and Slack.

Feeds and article files go in; daily, topic-grouped digests of headline sentences come out in chats,
and /search answers from everything stored. Configuration: an optional TOML file (--config, see
config.example.toml) plus environment variables for secrets (TELEGRAM_BOT_TOKEN, SLACK_BOT_TOKEN,
SLACK_SIGNING_SECRET, SLACK_APP_TOKEN) and NEWSBOT_DATABASE_URL."""

EPILOG = """\
examples:
  newsbot demo
  newsbot ingest examples/articles https://example.org/feed.xml
  newsbot digest --lang ar --max-topics 5
  newsbot digest --from examples/articles examples/feeds --format json
  newsbot search '"الضمانات الأمنية" since:2025-09-01'
  newsbot summarize article.txt --sentences 2
  newsbot run"""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage mistakes as UsageError (exit 2, one line) instead of exiting itself."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see: {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsbot", description=DESCRIPTION, epilog=EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", metavar="PATH", help="TOML configuration file (optional)")
    parser.add_argument("--debug", action="store_true", help="verbose logs and tracebacks of failures")
    sub = parser.add_subparsers(dest="command", metavar="<command>", parser_class=_Parser)
    sub.required = True

    sub.add_parser("demo", help="ingest the bundled examples into a temporary database and print a digest")

    run = sub.add_parser("run", help="run the bot: scheduler and every configured platform")
    run.add_argument("--console", action="store_true", help="also talk to the bot in this terminal")

    sub.add_parser("chat", help="talk to the bot in the terminal, with the same commands as in chats")

    ingest = sub.add_parser("ingest", help="ingest files, directories, feed URLs or OPML files now")
    ingest.add_argument("sources", nargs="+", metavar="SOURCE")

    digest = sub.add_parser("digest", help="print a digest")
    digest.add_argument("--date", metavar="YYYY-MM-DD",
                        help="the day to digest, 00:00-24:00 in [digest] timezone as a chat there gets "
                             "it from /digest D (default: today; with --from, the newest article's day)")
    digest.add_argument("--lang", choices=("ar", "en", "all"), default="all")
    digest.add_argument("--max-topics", type=_non_negative, metavar="N",
                        help="most topics to show; 0 = no limit, every article in exactly one topic")
    digest.add_argument("--sentences", type=_positive, metavar="N", help="headline sentences per topic")
    digest.add_argument("--from", dest="from_sources", nargs="+", metavar="SOURCE",
                        help="build from these files/directories/feeds without touching the database; "
                             "without --date, every article is used and the digest is dated by the newest "
                             "one's day in [digest] timezone")
    digest.add_argument("--format", choices=("text", "json", "telegram", "slack"), default="text")

    search = sub.add_parser("search", help="search everything stored",
                            description="Query syntax: words (all must match), \"exact phrase\", OR, "
                                        "-word, since:YYYY-MM-DD, until:YYYY-MM-DD, lang:ar|en, source:NAME")
    search.add_argument("query", nargs="+", metavar="QUERY")
    search.add_argument("--limit", type=_positive, default=10, metavar="N")
    search.add_argument("--format", choices=("text", "json"), default="text")

    summarize = sub.add_parser("summarize", help="print the headline sentences of article files")
    summarize.add_argument("files", nargs="+", metavar="FILE")
    budget = summarize.add_mutually_exclusive_group()
    budget.add_argument("--sentences", type=_positive, metavar="N", help="this many sentences (default 3)")
    budget.add_argument("--words", type=_positive, metavar="N", help="whole sentences up to N words")
    summarize.add_argument("--format", choices=("text", "json"), default="text")

    sources = sub.add_parser("sources", help="list, add, remove or export sources")
    sources_sub = sources.add_subparsers(dest="action", metavar="<action>", parser_class=_Parser)
    sources_sub.required = True
    sources_sub.add_parser("list", help="list sources with their state")
    add = sources_sub.add_parser("add", help="add a feed URL, file or directory")
    add.add_argument("location", metavar="URL|PATH")
    add.add_argument("--name", help="display name (default: a feed's own title, its host until the first "
                                    "fetch; a file's or directory's name)")
    add.add_argument("--interval", type=_positive, metavar="MINUTES", help="fetch interval")
    remove = sources_sub.add_parser("remove", help="remove a source by id (its articles stay)")
    remove.add_argument("id", type=int)
    export = sources_sub.add_parser("export", help="print the feed sources as OPML")
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")

    subs = sub.add_parser("subscriptions", help="list chat subscriptions")
    subs_sub = subs.add_subparsers(dest="action", metavar="<action>", parser_class=_Parser)
    subs_sub.required = True
    subs_sub.add_parser("list", help="list subscriptions, active and inactive (a chat that only set /lang "
                                     "or /timezone and never subscribed is not one)")

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="action", metavar="<action>", parser_class=_Parser)
    db_sub.required = True
    db_sub.add_parser("upgrade", help="apply database migrations (also done on start)")
    return parser


def _positive(text: str) -> int:
    value = _integer(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text!r}")
    return value


def _non_negative(text: str) -> int:
    value = _integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text!r}")
    return value


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script. Returns the exit code."""
    args: argparse.Namespace | None = None
    try:
        args = build_parser().parse_args(argv)
        from bot import cli_commands

        return cli_commands.dispatch(args)
    except UsageError as exc:
        _fail(str(exc))
        return 2
    except NewsbotError as exc:
        _fail(str(exc))
        return 1
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
    except BrokenPipeError:
        # the reader of our output went away (newsbot digest | head): not an error worth a message
        sys.stderr.close()
        return 0
    except Exception as exc:
        if args is not None and getattr(args, "debug", False):
            logging.getLogger("newsbot").exception("unexpected failure")
        _fail(f"unexpected failure: {type(exc).__name__}: {exc} (run with --debug for details)")
        return 1


def _fail(message: str) -> None:
    print(f"newsbot: error: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
