"""Deliveries: claimed with SKIP LOCKED, posted with no transaction open, marked fenced.

A claim is ``SELECT ... FOR UPDATE SKIP LOCKED`` in the index's order, then an update
by primary key; the reaper selects expired claims the same way before updating them
by primary key, because an ``UPDATE ... WHERE state=... AND lease_until<...`` locks the
secondary index first and deadlocks (1213) against the mark's primary-key update.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, insert, select, update

from db.clock import db_now, db_now_plus
from db.dispatch.sql import DELIVERIES, ENDPOINTS, EVENTS
from db.dispatch.states import DeliveryState
from db.pool.errors import NotFound
from db.pool.sql import clip
from db.pool.values import iso

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from sqlalchemy.orm import Session

# The receiver rejected this message: the Standard Webhooks example schedule (~75 h).
REJECTION_SCHEDULE_S = (5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
JITTER = 0.2
DELIVERY_INDEX = "FORCE INDEX (ix_api_deliveries_endpoint_id_state_next_attempt_at_id)"


@dataclass(frozen=True)
class Claimed:
    """A delivery a dispatcher holds until its lease runs out."""

    id: int
    endpoint_id: int
    event_id: str
    body: str
    attempts: int


def claim_due(session: Session, endpoint_id: int, limit: int, lease_s: float) -> list[Claimed]:
    """Take up to ``limit`` due deliveries of one endpoint, oldest first."""
    rows = session.execute(
        select(DELIVERIES.c.id, DELIVERIES.c.attempts, DELIVERIES.c.event_pk)
        .with_hint(DELIVERIES, DELIVERY_INDEX, "mysql")
        .where(
            DELIVERIES.c.endpoint_id == endpoint_id,
            DELIVERIES.c.state == DeliveryState.PENDING,
            DELIVERIES.c.next_attempt_at <= db_now(),
        )
        .order_by(DELIVERIES.c.next_attempt_at, DELIVERIES.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    if not rows:
        return []
    ids = [row.id for row in rows]
    session.execute(
        update(DELIVERIES)
        .where(DELIVERIES.c.id.in_(ids))
        .values(state=DeliveryState.DELIVERING, lease_until=db_now_plus(lease_s))
    )
    bodies = {
        row.id: row
        for row in session.execute(
            select(EVENTS.c.id, EVENTS.c.event_id, EVENTS.c.body).where(
                EVENTS.c.id.in_([r.event_pk for r in rows])
            )
        )
    }
    return [
        Claimed(
            row.id,
            endpoint_id,
            bodies[row.event_pk].event_id,
            bodies[row.event_pk].body,
            row.attempts,
        )
        for row in rows
    ]


_FENCE = (DELIVERIES.c.state == DeliveryState.DELIVERING,)


def mark_all_delivered(session: Session, answers: Sequence[tuple[int, int, int]]) -> int:
    """The receiver answered 2xx to each (delivery id, status, latency): one statement
    for a dispatcher's whole round; returns how many were still claimed (a delivery
    reaped meanwhile is left to its new claim)."""
    if not answers:
        return 0
    ids = [delivery_id for delivery_id, _, _ in answers]
    status = case({d: s for d, s, _ in answers}, value=DELIVERIES.c.id)
    latency = case({d: ms for d, _, ms in answers}, value=DELIVERIES.c.id)
    result = session.connection().execute(
        update(DELIVERIES)
        .where(DELIVERIES.c.id.in_(ids), *_FENCE)
        .values(
            state=DeliveryState.DELIVERED,
            last_status=status,
            last_error=None,
            latency_ms=latency,
            lease_until=None,
            delivered_at=db_now(),
        )
    )
    return int(result.rowcount)


def next_rejection_delay(
    attempts: int,
    schedule: Sequence[float] = REJECTION_SCHEDULE_S,
    retry_after: float | None = None,
) -> float | None:
    """Seconds until the next try after ``attempts`` rejections (None: give up)."""
    if attempts > len(schedule):
        return None
    delay = schedule[attempts - 1] * random.uniform(1 - JITTER, 1 + JITTER)  # noqa: S311
    if retry_after is not None:
        delay = max(delay, min(retry_after, schedule[-1]))
    return delay


def mark_rejected(
    session: Session,
    claimed: Claimed,
    status: int | None,
    error: str,
    latency_ms: int | None,
    delay_s: float | None,
) -> bool:
    """The receiver refused this message: try later, or (``delay_s`` None) it is dead."""
    values: dict[str, Any] = {
        "attempts": claimed.attempts + 1,
        "last_status": status,
        "last_error": clip(error, 255),
        "latency_ms": latency_ms,
        "lease_until": None,
    }
    if delay_s is None:
        values["state"] = DeliveryState.DEAD
    else:
        values["state"] = DeliveryState.PENDING
        values["next_attempt_at"] = db_now_plus(delay_s)
    result = session.connection().execute(
        update(DELIVERIES).where(DELIVERIES.c.id == claimed.id, *_FENCE).values(**values)
    )
    return result.rowcount == 1


def put_back(session: Session, delivery_ids: Sequence[int], error: str, status: int | None) -> None:
    """The receiver is unreachable: return claims unchanged but for the error (no attempt
    is charged; the endpoint's breaker decides when to try again)."""
    if delivery_ids:
        session.execute(
            update(DELIVERIES)
            .where(DELIVERIES.c.id.in_(list(delivery_ids)), *_FENCE)
            .values(
                state=DeliveryState.PENDING,
                lease_until=None,
                last_status=status,
                last_error=clip(error, 255),
            )
        )


def reap_expired_claims(session: Session, limit: int = 200) -> int:
    """Return claims of dispatchers that died mid-delivery to pending; return how many."""
    ids = list(
        session.execute(
            select(DELIVERIES.c.id)
            .where(
                DELIVERIES.c.state == DeliveryState.DELIVERING,
                DELIVERIES.c.lease_until < db_now(),
            )
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).scalars()
    )
    if ids:
        session.execute(
            update(DELIVERIES)
            .where(DELIVERIES.c.id.in_(ids), *_FENCE)
            .values(state=DeliveryState.PENDING, lease_until=None)
        )
    return len(ids)


def redeliver_event(session: Session, event_id: str) -> int:
    """Send an event again to every enabled endpoint (a new delivery each); return how many."""
    pk = session.execute(select(EVENTS.c.id).where(EVENTS.c.event_id == event_id)).scalar()
    if pk is None:
        raise NotFound(f"there is no event {event_id}")
    return _queue_again(session, [int(pk)])


def recover(session: Session, since: datetime, until: datetime) -> int:
    """Send again every event of a time window whose delivery did not succeed."""
    pks = list(
        session.execute(
            select(DELIVERIES.c.event_pk)
            .join(EVENTS, EVENTS.c.id == DELIVERIES.c.event_pk)
            .where(
                EVENTS.c.created_at >= since,
                EVENTS.c.created_at < until,
                DELIVERIES.c.state == DeliveryState.DEAD,
            )
            .distinct()
        ).scalars()
    )
    return _queue_again(session, pks)


def _queue_again(session: Session, event_pks: list[int]) -> int:
    endpoints = list(
        session.execute(select(ENDPOINTS.c.id).where(ENDPOINTS.c.enabled.is_(True))).scalars()
    )
    now = session.execute(select(db_now())).scalar_one()
    rows = [
        {
            "event_pk": pk,
            "endpoint_id": endpoint,
            "state": DeliveryState.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for pk in event_pks
        for endpoint in endpoints
    ]
    if rows:
        session.execute(insert(DELIVERIES), rows)
    return len(rows)


@dataclass(frozen=True)
class DeliveryRow:
    """One delivery as the delivery log shows it."""

    id: int
    event_id: str
    event_type: str
    state: str
    attempts: int
    last_status: int | None
    last_error: str | None
    latency_ms: int | None
    created_at: datetime
    next_attempt_at: datetime
    delivered_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        """The delivery log's JSON object."""
        return {
            "id": self.id,
            "event_id": self.event_id,
            "type": self.event_type,
            "state": self.state,
            "attempts": self.attempts,
            "last_status": self.last_status,
            "last_error": self.last_error,
            "latency_ms": self.latency_ms,
            "created_at": iso(self.created_at),
            "next_attempt_at": iso(self.next_attempt_at),
            "delivered_at": iso(self.delivered_at),
        }


def list_deliveries(
    session: Session, *, state: DeliveryState | None = None, limit: int = 100
) -> list[DeliveryRow]:
    """The newest deliveries, optionally of one state."""
    query = (
        select(DELIVERIES, EVENTS.c.event_id, EVENTS.c.type.label("event_type"))
        .join(EVENTS, EVENTS.c.id == DELIVERIES.c.event_pk)
        .order_by(DELIVERIES.c.id.desc())
        .limit(limit)
    )
    if state is not None:
        query = query.where(DELIVERIES.c.state == state)
    return [
        DeliveryRow(
            r.id,
            r.event_id,
            r.event_type,
            str(r.state),
            r.attempts,
            r.last_status,
            r.last_error,
            r.latency_ms,
            r.created_at,
            r.next_attempt_at,
            r.delivered_at,
        )
        for r in session.execute(query)
    ]


def claim_for_endpoint(
    session: Session, endpoint_id: int, limit: int, lease_s: float
) -> list[Claimed]:
    """Claim due deliveries unless the endpoint's breaker is open; half-open: one probe."""
    row = session.execute(
        select(ENDPOINTS.c.breaker_until, ENDPOINTS.c.breaker_probes, db_now().label("now")).where(
            ENDPOINTS.c.id == endpoint_id, ENDPOINTS.c.enabled.is_(True)
        )
    ).first()
    if row is None or (row.breaker_until is not None and row.breaker_until > row.now):
        return []
    return claim_due(session, endpoint_id, 1 if row.breaker_probes else limit, lease_s)
