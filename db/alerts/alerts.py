"""Raise, list and acknowledge alerts.

``raise_alert`` runs inside the transaction of whatever noticed the problem (a finish,
a host's watch): the alert row and its ``alert.raised`` event in the dispatch API's
outbox commit with it, or not at all. Two PCs that raise the same ``once_key`` in
overlapping transactions get one row: the second insert waits on the first's unique
key, then finds it (READ COMMITTED) and only counts up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from db.alerts.models import AlertKind
from db.alerts.sql import ALERTS
from db.clock import db_now
from db.dispatch.outbox import add_event
from db.dispatch.states import EventType
from db.pool.values import iso

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from datetime import datetime

    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

MAX_LISTED = 1000


@dataclass(frozen=True)
class AlertRow:
    """One alert as the console, the CLI and the API see it."""

    id: int
    kind: AlertKind
    subject: str
    details: Mapping[str, Any]
    host_name: str
    count: int
    raised_at: datetime
    last_seen_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None

    def to_json(self) -> dict[str, Any]:
        """The ``alerts --json`` shape."""
        return {
            "id": self.id,
            "kind": str(self.kind),
            "subject": self.subject,
            "details": dict(self.details),
            "host": self.host_name,
            "count": self.count,
            "raised_at": iso(self.raised_at),
            "last_seen_at": iso(self.last_seen_at),
            "acknowledged_at": iso(self.acknowledged_at),
            "acknowledged_by": self.acknowledged_by,
        }


def raise_alert(
    conn: Connection,
    kind: AlertKind,
    once_key: str,
    subject: str,
    details: Mapping[str, Any],
    host_name: str,
) -> int | None:
    """Raise an alert once; the id of a new one, None when ``once_key`` was raised before
    (its count goes up instead). A new alert also becomes an ``alert.raised`` event."""
    now = conn.execute(select(db_now())).scalar_one()
    values = {
        "kind": str(kind),
        "once_key": once_key[:191],
        "subject": subject[:191],
        "details": json.dumps(dict(details), ensure_ascii=False, sort_keys=True, default=str),
        "host_name": host_name[:128],
        "count": 1,
        "raised_at": now,
        "last_seen_at": now,
    }
    try:
        with conn.begin_nested():
            inserted = conn.execute(ALERTS.insert().values(values))
            alert_id = int(inserted.inserted_primary_key[0])  # type: ignore[index]
    except IntegrityError:  # raised before, maybe by another PC a moment ago
        conn.execute(
            update(ALERTS)
            .where(ALERTS.c.once_key == values["once_key"])
            .values(count=ALERTS.c.count + 1, last_seen_at=now)
        )
        return None
    row = _to_row(conn.execute(select(ALERTS).where(ALERTS.c.id == alert_id)).one())
    add_event(conn, EventType.ALERT_RAISED, alert_event(row), once_key=f"alert.raised:{alert_id}")
    return alert_id


def alert_event(row: AlertRow) -> dict[str, Any]:
    """The ``data`` of an ``alert.raised`` callback."""
    return {
        "alert": {
            "id": row.id,
            "kind": str(row.kind),
            "subject": row.subject,
            "details": dict(row.details),
            "host": row.host_name,
            "raised_at": iso(row.raised_at),
        }
    }


def list_alerts(
    session: Session,
    *,
    kinds: Iterable[AlertKind] | None = None,
    open_only: bool = False,
    limit: int = 200,
) -> list[AlertRow]:
    """Alerts, newest first; ``open_only``: not acknowledged yet."""
    query = select(ALERTS).order_by(ALERTS.c.id.desc()).limit(max(1, min(limit, MAX_LISTED)))
    if kinds is not None:
        query = query.where(ALERTS.c.kind.in_([str(k) for k in kinds]))
    if open_only:
        query = query.where(ALERTS.c.acknowledged_at.is_(None))
    return [_to_row(r) for r in session.connection().execute(query)]


def open_count(session: Session) -> int:
    """How many alerts nobody acknowledged yet (the console's badge)."""
    return int(
        session.connection()
        .execute(select(func.count()).select_from(ALERTS).where(ALERTS.c.acknowledged_at.is_(None)))
        .scalar_one()
    )


def acknowledge(session: Session, alert_ids: Iterable[int], by: str) -> list[int]:
    """Acknowledge these alerts; the ids that exist (acknowledged now or before).

    An alert acknowledged before keeps who and when it was first.
    """
    ids = sorted(set(alert_ids))
    if not ids:
        return []
    conn = session.connection()
    conn.execute(
        update(ALERTS)
        .where(ALERTS.c.id.in_(ids), ALERTS.c.acknowledged_at.is_(None))
        .values(acknowledged_at=db_now(), acknowledged_by=by[:128])
    )
    found = conn.execute(select(ALERTS.c.id).where(ALERTS.c.id.in_(ids))).scalars()
    return sorted(int(i) for i in found)


def _to_row(row: Any) -> AlertRow:
    try:
        kind = AlertKind(row.kind)
    except ValueError:  # a newer version's kind: shown, never crashes the list
        kind = row.kind
    return AlertRow(
        id=int(row.id),
        kind=kind,
        subject=row.subject,
        details=json.loads(row.details or "{}"),
        host_name=row.host_name,
        count=int(row.count),
        raised_at=row.raised_at,
        last_seen_at=row.last_seen_at,
        acknowledged_at=row.acknowledged_at,
        acknowledged_by=row.acknowledged_by,
    )
