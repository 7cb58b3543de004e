"""Sources repository: feeds and article files, their fetch state, leases and file states."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from bot.errors import AlreadyExists, NotFound, UsageError
from bot.records import ChatRef, FileState, Source
from bot.storage.base import StorageBase, existing_row, in_chunks, unset_or_past, utc
from bot.storage.convert import file_state_record, source_record
from bot.storage.models import ArticleRow, FileStateRow, SourceRow


class SourcesMixin(StorageBase):
    def add_source(
        self,
        name: str,
        *,
        url: str | None = None,
        path: str | None = None,
        interval_minutes: int = 60,
        added_by: ChatRef | None = None,
        keep_name: bool = False,
    ) -> Source:
        """Add a feed (url) or a file source (path). Raise AlreadyExists when the url or path is known and
        active; a known inactive or removed one comes back with the new interval and adder, and the new name
        unless `keep_name` (the caller's name is only a default, such as the host)."""
        if (url is None) == (path is None):
            raise UsageError("a source needs exactly one of url or path")
        if interval_minutes < 1:
            raise UsageError("a source's interval must be at least one minute")
        with self._write() as session:
            column = SourceRow.url if url is not None else SourceRow.path
            existing = session.scalars(select(SourceRow).where(column == (url or path))).first()
            if existing is not None and existing.active:
                raise AlreadyExists(f"source {url or path} exists already (id {existing.id})")
            row = existing or SourceRow(kind="feed" if url is not None else "file", url=url, path=path)
            if existing is None:
                session.add(row)
            if existing is None or not keep_name:
                row.name = name
            row.interval_minutes = interval_minutes
            row.active = True
            row.removed = False
            row.error_count = 0
            row.last_error = None
            row.next_due_at = None  # due at once
            row.lease_owner = row.lease_until = None
            row.added_by_platform = added_by.platform if added_by else None
            row.added_by_chat = added_by.chat_id if added_by else None
            row.added_by_thread = added_by.thread_id if added_by else None
            session.flush()
            return source_record(row)

    def get_source(self, source_id: int) -> Source:
        """Raise NotFound."""
        with self._read() as session:
            return source_record(existing_row(session, SourceRow, source_id, "source"))

    def find_source(self, name_or_location: str) -> Source | None:
        """By exact url or path, else by id (digits), else by name ignoring case; active ones first.
        Removed sources are not found."""
        wanted = name_or_location.strip()
        wanted_name = wanted.casefold()
        listed = select(SourceRow).where(SourceRow.removed.is_(False)).order_by(SourceRow.id)
        with self._read() as session:
            exact = or_(SourceRow.url == wanted, SourceRow.path == wanted)
            rows = session.scalars(listed.where(exact)).all()
            if not rows and wanted.isdigit() and len(wanted) < 10:
                rows = session.scalars(listed.where(SourceRow.id == int(wanted))).all()
            if not rows:
                # Names are compared in Python: SQLite's lower() only folds ASCII (Arabic has no case,
                # but Latin names with accents do). Sources are few.
                everything = session.scalars(listed)
                rows = [row for row in everything if row.name.strip().casefold() == wanted_name]
            if not rows:
                return None
            return source_record(min(rows, key=lambda row: (not row.active, row.id)))

    def list_sources(self, *, active_only: bool = False) -> list[Source]:
        """Every source by id, those deactivated by errors included, removed ones not."""
        with self._read() as session:
            query = select(SourceRow).where(SourceRow.removed.is_(False)).order_by(SourceRow.id)
            if active_only:
                query = query.where(SourceRow.active.is_(True))
            return [source_record(row) for row in session.scalars(query)]

    def remove_source(self, source_id: int) -> None:
        """Take the source off every list and stop fetching it. Its articles stay searchable under its
        name, so its row stays while they do; a source without articles is deleted. Raise NotFound, also
        for a source removed already: its kept row is no source any more (nothing lists or finds it)."""
        with self._write() as session:
            row = existing_row(session, SourceRow, source_id, "source")
            if row.removed:
                raise NotFound(f"no source with id {source_id}")
            has_articles = session.scalar(
                select(ArticleRow.id).where(ArticleRow.source_id == source_id).limit(1)
            )
            if has_articles is None:
                session.delete(row)  # its file states go with it (ON DELETE CASCADE)
                return
            row.active = False
            row.removed = True
            row.lease_owner = row.lease_until = None

    def claim_due_sources(
        self, now: datetime, *, worker: str, lease_seconds: int = 300, limit: int = 100
    ) -> list[Source]:
        """Active sources whose next_due_at <= now (or never fetched) and whose lease is free, leased to
        `worker`. PostgreSQL locks the candidate rows with FOR UPDATE SKIP LOCKED; on both backends the
        UPDATE re-checks that the lease is free, so a source goes to exactly one worker."""
        now = utc(now, "now")
        due = (
            SourceRow.active.is_(True),
            unset_or_past(SourceRow.next_due_at, now),
            unset_or_past(SourceRow.lease_until, now),
        )
        with self._write() as session:
            candidates = (
                select(SourceRow.id)
                .where(*due)
                .order_by(SourceRow.next_due_at.is_not(None), SourceRow.next_due_at, SourceRow.id)
                .limit(limit)
            )
            if self.dialect == "postgresql":
                candidates = candidates.with_for_update(skip_locked=True)
            ids = list(session.scalars(candidates))
            if not ids:
                return []
            claimed = session.scalars(
                update(SourceRow)
                .where(SourceRow.id.in_(ids), *due)
                .values(lease_owner=worker, lease_until=now + timedelta(seconds=lease_seconds))
                .returning(SourceRow)
                .execution_options(synchronize_session=False)
            ).all()
            return [source_record(row) for row in sorted(claimed, key=lambda row: row.id)]

    def record_fetch_success(
        self,
        source_id: int,
        *,
        now: datetime,
        next_due_at: datetime,
        etag: str | None = None,
        last_modified: str | None = None,
        new_url: str | None = None,
        name: str | None = None,
    ) -> Source:
        """Clears the error count and the lease. A None etag/last_modified keeps the stored one (a 304
        carries none); `new_url` follows a permanent redirect (AlreadyExists if another source has it);
        `name` renames the source (a feed nobody named takes its own title)."""
        with self._write() as session:
            row = existing_row(session, SourceRow, source_id, "source")
            row.last_fetch_at = utc(now, "now")
            row.next_due_at = utc(next_due_at, "next_due_at")
            row.error_count = 0
            row.last_error = None
            row.lease_owner = row.lease_until = None
            if etag is not None:
                row.etag = etag
            if last_modified is not None:
                row.last_modified = last_modified
            if name:
                row.name = name[:300]
            if new_url is not None and new_url != row.url:
                row.url = new_url
                row.etag = etag
                row.last_modified = last_modified
            session.flush()
            return source_record(row)

    def record_fetch_failure(
        self, source_id: int, *, now: datetime, error: str, next_due_at: datetime, deactivate: bool = False
    ) -> Source:
        """Counts the error, stores it, clears the lease; deactivates when asked."""
        with self._write() as session:
            row = existing_row(session, SourceRow, source_id, "source")
            row.last_fetch_at = utc(now, "now")
            row.next_due_at = utc(next_due_at, "next_due_at")
            row.error_count += 1
            row.last_error = error[:2000]
            row.lease_owner = row.lease_until = None
            if deactivate:
                row.active = False
            session.flush()
            return source_record(row)

    def file_states(self, source_id: int) -> dict[str, FileState]:
        """What each file of a file source looked like when last read, by path."""
        with self._read() as session:
            rows = session.scalars(select(FileStateRow).where(FileStateRow.source_id == source_id))
            return {row.path: file_state_record(row) for row in rows}

    def save_file_states(self, source_id: int, states: Sequence[FileState]) -> None:
        """Insert or update the given paths' states (other paths are left alone). Raise NotFound."""
        with self._write() as session:
            existing_row(session, SourceRow, source_id, "source")
            wanted = {state.path: state for state in states}
            paths = list(wanted)
            existing: dict[str, FileStateRow] = {}
            for chunk in in_chunks(paths):
                query = select(FileStateRow).where(
                    FileStateRow.source_id == source_id, FileStateRow.path.in_(chunk)
                )
                existing.update((row.path, row) for row in session.scalars(query))
            for path, state in wanted.items():
                row = existing.get(path)
                if row is None:
                    session.add(
                        FileStateRow(source_id=source_id, path=path, mtime_ns=state.mtime_ns, size=state.size)
                    )
                else:
                    row.mtime_ns = state.mtime_ns
                    row.size = state.size
