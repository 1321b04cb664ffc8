"""The seen-store: what each monitor has seen, so a run emits only what is new.

Written in the transaction that stores the run's items: the run's row is locked
first, then each marked item is admitted only if its (monitor, key) row is absent or
holds another value, and the row is written with it. Two runs racing over the same
news (two PCs, an overlapping schedule, a retry) therefore store it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from db.clock import db_now
from db.dispatch.monitor_events import record_monitor_hits
from db.monitor.tables import SEEN
from db.pool.errors import NotFound
from db.pool.pipeline import emit_items
from db.pool.sql import RUNS, clip
from db.pool.states import RunStatus
from db.pool.values import OutputItem, iso

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

LOOKUP_LIMIT = 100


@dataclass(frozen=True)
class SeenEntry:
    """One item to remember: its key, what was seen of it, and a readable label."""

    key: str
    value: str = ""
    label: str | None = None


@dataclass(frozen=True)
class MarkedItem:
    """An output item and its entry in a monitor's memory."""

    item: OutputItem
    entry: SeenEntry


@dataclass(frozen=True)
class SeenRow:
    """A seen-store row, as look-ups return it."""

    monitor: str
    key: str
    value: str
    label: str | None
    first_seen: datetime
    last_seen: datetime
    first_run: int | None
    first_batch: int | None

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of ``seen --json``."""
        return {
            "monitor": self.monitor,
            "key": self.key,
            "value": self.value,
            "label": self.label,
            "first_seen": iso(self.first_seen),
            "last_seen": iso(self.last_seen),
            "first_run": self.first_run,
            "first_batch": self.first_batch,
        }


def seen_values(session: Session, monitor: str, keys: Sequence[str]) -> dict[str, str]:
    """The stored value of each key the monitor has already seen."""
    if not keys:
        return {}
    rows = session.connection().execute(
        select(SEEN.c.item_key, SEEN.c.value).where(
            SEEN.c.monitor == clip(monitor, 191), SEEN.c.item_key.in_([clip(k, 191) for k in keys])
        )
    )
    return {row.item_key: row.value for row in rows}


def emit_new(
    session: Session, run_id: int, monitor: str, marked: Sequence[MarkedItem], only_new: bool
) -> tuple[bool, int]:
    """Store the items the monitor had not seen (all of them unless ``only_new``) and
    remember every one; return (the run still holds its lease, items stored)."""
    conn = session.connection()
    running = _lock_run(conn, run_id)
    if not running:  # a late report: kept for audit, remembers nothing
        result = emit_items(session, run_id, [m.item for m in marked])
        return result.accepted, result.stored
    news = [m.item for m in marked if _remember(session, run_id, monitor, m.entry) or not only_new]
    result = emit_items(session, run_id, news)
    if result.accepted:
        record_monitor_hits(conn, run_id, monitor, len(news))
    return result.accepted, len(news)


def remember(session: Session, run_id: int, monitor: str, entries: Sequence[SeenEntry]) -> int:
    """Remember items without emitting them (a monitor's first look); return how many
    were new."""
    conn = session.connection()
    if not _lock_run(conn, run_id):
        return 0
    return sum(_remember(session, run_id, monitor, entry) for entry in entries)


def _lock_run(conn: Connection, run_id: int) -> bool:
    run = conn.execute(
        select(RUNS.c.status, RUNS.c.batch_id).where(RUNS.c.id == run_id).with_for_update()
    ).first()
    if run is None:
        raise NotFound(f"there is no attempt {run_id}")
    return bool(run.status == RunStatus.RUNNING)


def _remember(session: Session, run_id: int, monitor: str, entry: SeenEntry) -> bool:
    """Write the entry; True when it is news (absent before, or a different value)."""
    conn = session.connection()
    monitor, key = clip(monitor, 191) or "", clip(entry.key, 191) or ""
    value = clip(entry.value, 255) or ""
    changed = conn.execute(
        update(SEEN)
        .where(SEEN.c.monitor == monitor, SEEN.c.item_key == key, SEEN.c.value != value)
        .values(value=value, last_seen_at=db_now(), last_run_id=run_id)
    )
    if changed.rowcount:
        return True
    touched = conn.execute(
        update(SEEN)
        .where(SEEN.c.monitor == monitor, SEEN.c.item_key == key)
        .values(last_seen_at=db_now(), last_run_id=run_id)
    )
    if touched.rowcount:
        return False
    batch = conn.execute(select(RUNS.c.batch_id).where(RUNS.c.id == run_id)).scalar()
    try:
        with session.begin_nested():
            conn.execute(
                insert(SEEN).values(
                    monitor=monitor,
                    item_key=key,
                    value=value,
                    label=clip(entry.label, 191),
                    first_seen_at=db_now(),
                    last_seen_at=db_now(),
                    first_run_id=run_id,
                    first_batch_id=batch,
                    last_run_id=run_id,
                )
            )
    except IntegrityError:  # another run remembered it first, and committed
        return False
    return True


def look_up(
    session: Session, text: str, monitor_prefix: str | None = None, limit: int = LOOKUP_LIMIT
) -> list[SeenRow]:
    """Seen-store rows whose key or label equals ``text`` (e.g. a title), newest first."""
    needle = clip(text.strip(), 191) or ""
    query = select(SEEN).where(or_(SEEN.c.label == needle, SEEN.c.item_key == needle))
    if monitor_prefix:
        query = query.where(SEEN.c.monitor.startswith(monitor_prefix, autoescape=True))
    rows = session.connection().execute(query.order_by(SEEN.c.first_seen_at.desc()).limit(limit))
    return [
        SeenRow(
            r.monitor,
            r.item_key,
            r.value,
            r.label,
            r.first_seen_at,
            r.last_seen_at,
            r.first_run_id,
            r.first_batch_id,
        )
        for r in rows
    ]
