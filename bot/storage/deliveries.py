"""Deliveries repository: exactly one digest per subscription and local date.

A sender first claims the (subscription, date) row. The row is inserted when absent (the unique key decides
between two racing inserts: the loser gets nothing), or taken over when it is pending with an expired lease
(its sender died) or failed with a retry that is due. The takeover is one conditional UPDATE, so two
workers can never both win it. `parts_sent` records how many message parts the platform accepted, so a
retry resumes after them instead of sending the digest twice.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.errors import LeaseLost
from bot.records import Delivery
from bot.storage.base import StorageBase, existing_row, unset_or_past, utc
from bot.storage.convert import delivery_record
from bot.storage.models import DeliveryRow, SubscriptionRow

PENDING, SENT, FAILED = "pending", "sent", "failed"


class DeliveriesMixin(StorageBase):
    def claim_delivery(
        self, subscription_id: int, digest_date: date, *, worker: str, now: datetime, lease_seconds: int = 600
    ) -> Delivery | None:
        """Create or take over the (subscription, date) row, leased to `worker`. None when it is sent
        already, or another worker holds a live lease, or it failed for good, or its next attempt is not
        due yet. Raise NotFound for an unknown subscription."""
        now = utc(now, "now")
        lease_until = now + timedelta(seconds=lease_seconds)
        with self._write() as session:
            existing_row(session, SubscriptionRow, subscription_id, "subscription")
            existing = session.scalar(
                select(DeliveryRow.id).where(
                    DeliveryRow.subscription_id == subscription_id, DeliveryRow.digest_date == digest_date
                )
            )
            if existing is None:
                claimed = self._insert_claim(session, subscription_id, digest_date, worker, lease_until)
            else:
                claimed = self._take_over(session, existing, worker, now, lease_until)
            return delivery_record(claimed) if claimed is not None else None

    def _insert_claim(
        self, session: Session, subscription_id: int, digest_date: date, worker: str, lease_until: datetime
    ) -> DeliveryRow | None:
        """INSERT ... ON CONFLICT DO NOTHING: the row when this worker created it, else None."""
        insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        statement = (
            insert(DeliveryRow)
            .values(
                subscription_id=subscription_id,
                digest_date=digest_date,
                state=PENDING,
                attempts=1,
                parts_sent=0,
                claimed_by=worker,
                lease_until=lease_until,
            )
            .on_conflict_do_nothing(index_elements=["subscription_id", "digest_date"])
            .returning(DeliveryRow)
        )
        return session.scalar(statement)

    def _take_over(
        self, session: Session, delivery_id: int, worker: str, now: datetime, lease_until: datetime
    ) -> DeliveryRow | None:
        retry_due = and_(DeliveryRow.next_attempt_at.is_not(None), DeliveryRow.next_attempt_at <= now)
        takeable = and_(
            unset_or_past(DeliveryRow.lease_until, now),
            or_(DeliveryRow.state == PENDING, and_(DeliveryRow.state == FAILED, retry_due)),
        )
        return session.scalar(
            update(DeliveryRow)
            .where(DeliveryRow.id == delivery_id, takeable)
            .values(
                state=PENDING,
                attempts=DeliveryRow.attempts + 1,
                claimed_by=worker,
                lease_until=lease_until,
                next_attempt_at=None,
            )
            .returning(DeliveryRow)
            .execution_options(synchronize_session=False)
        )

    def record_part_sent(
        self,
        delivery_id: int,
        parts_sent: int,
        *,
        now: datetime,
        worker: str | None = None,
        lease_seconds: int | None = None,
    ) -> None:
        """The platform accepted `parts_sent` parts in all: a retry resumes after them. Raise NotFound.

        With `worker`, raise LeaseLost unless that worker still holds the claim; with `lease_seconds`, the
        lease is renewed from `now`, so a sender that is alive and making progress never loses its claim."""
        now = utc(now, "now")
        with self._write() as session:
            row = existing_row(session, DeliveryRow, delivery_id, "delivery")
            _check_holder(row, worker)
            row.parts_sent = max(row.parts_sent, parts_sent)
            if lease_seconds is not None:
                row.lease_until = now + timedelta(seconds=lease_seconds)

    def mark_sent(self, delivery_id: int, *, now: datetime, worker: str | None = None) -> Delivery:
        """Done: also sets the subscription's last_digest_at (the next digest's window starts there).
        With `worker`, raise LeaseLost unless that worker still holds the claim."""
        now = utc(now, "now")
        with self._write() as session:
            row = existing_row(session, DeliveryRow, delivery_id, "delivery")
            _check_holder(row, worker)
            row.state = SENT
            row.sent_at = now
            row.lease_until = None
            row.next_attempt_at = None
            row.error = None
            subscription = session.get(SubscriptionRow, row.subscription_id)
            if subscription is not None:
                subscription.last_digest_at = now
            session.flush()
            return delivery_record(row)

    def mark_failed(
        self,
        delivery_id: int,
        *,
        now: datetime,
        error: str,
        retry_at: datetime | None,
        worker: str | None = None,
    ) -> Delivery:
        """Release the claim with the error; retry_at None = failed for good. With `worker`, raise LeaseLost
        unless that worker still holds the claim."""
        utc(now, "now")
        with self._write() as session:
            row = existing_row(session, DeliveryRow, delivery_id, "delivery")
            _check_holder(row, worker)
            row.state = FAILED
            row.error = error[:2000]
            row.lease_until = None
            row.next_attempt_at = utc(retry_at, "retry_at") if retry_at is not None else None
            session.flush()
            return delivery_record(row)

    def last_delivery(self, subscription_id: int) -> Delivery | None:
        """The subscription's delivery with the latest digest date, whatever its state."""
        with self._read() as session:
            row = session.scalars(
                select(DeliveryRow)
                .where(DeliveryRow.subscription_id == subscription_id)
                .order_by(DeliveryRow.digest_date.desc(), DeliveryRow.id.desc())
                .limit(1)
            ).first()
            return delivery_record(row) if row is not None else None


def _check_holder(row: DeliveryRow, worker: str | None) -> None:
    """Fencing: only the worker that holds a pending claim may record progress on it or settle it."""
    if worker is not None and (row.claimed_by != worker or row.state != PENDING):
        raise LeaseLost(
            f"delivery {row.id} is {row.state}, claimed by {row.claimed_by or 'nobody'}, not by {worker}"
        )
