"""A bot process for the multi-process tests: runs the real scheduler ticks against a shared database over a
simulated timeline, with a fake platform that appends every accepted message part to a log file.

    python -m tests.tick_worker --db URL --log FILE --worker NAME --start ISO [--minutes N] [--parts N]
                                [--kill-at-part K [--kill-after-commit]] [--go-at UNIX_TIME]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from datetime import datetime, timedelta
from pathlib import Path

from bot.config import Settings
from bot.ingest.http import SafeClient
from bot.ingest.pipeline import ingest_source
from bot.ingest.reports import SourceReport
from bot.records import Source
from bot.scheduler import Scheduler
from bot.services import Services
from bot.storage import open_database
from tests.delivery_helpers import CountingBuilder, FileLogPlatform


class SimulatedClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def append(path: Path, entry: dict[str, object]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (json.dumps(entry) + "\n").encode())
    finally:
        os.close(fd)


async def main(args: argparse.Namespace) -> None:
    storage = open_database(args.db, upgrade=False)
    settings = Settings()
    clock = SimulatedClock(datetime.fromisoformat(args.start))
    services = Services(storage=storage, settings=settings, now=clock, build_digest=CountingBuilder())
    log = Path(args.log)
    platform = FileLogPlatform(
        log,
        parts=args.parts,
        process=args.worker,
        kill_at_part=args.kill_at_part,
        kill_before_commit=not args.kill_after_commit,
    )
    async with SafeClient(settings.ingest) as client:

        async def ingest_one(source: Source, now: datetime) -> SourceReport:
            append(log, {"fetch": source.id, "process": args.worker, "at": now.isoformat()})
            return await ingest_source(source, storage, client, settings.ingest, now=now)

        scheduler = Scheduler(services, {"telegram": platform}, worker=args.worker, ingest_one=ingest_one)
        if args.go_at:
            await asyncio.sleep(max(0.0, args.go_at - time.time()))  # both processes start together
        for minute in range(args.minutes):
            clock.now = datetime.fromisoformat(args.start) + timedelta(minutes=minute)
            await scheduler.ingest_tick(clock.now)
            await scheduler.digest_tick(clock.now)
        await scheduler.stop()
    storage.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--worker", required=True)
    parser.add_argument("--start", required=True)
    parser.add_argument("--minutes", type=int, default=1)
    parser.add_argument("--parts", type=int, default=1)
    parser.add_argument("--kill-at-part", type=int, default=None)
    parser.add_argument("--kill-after-commit", action="store_true")
    parser.add_argument("--go-at", type=float, default=None)
    asyncio.run(main(parser.parse_args()))
