"""The artifact catalog in the pool database: which artifacts an attempt has, and where.

Rows are made twice over, on purpose: the host agent adds an attempt's artifacts as
``waiting`` when it records how the attempt ended, and the uploader marks each one
``stored`` when its bytes are in the store; whichever comes first creates the row.
Timestamps are the database's clock.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select, update

from db.artifacts.models import Artifact
from db.artifacts.store import ArtifactInfo, ArtifactKind, ArtifactState
from db.clock import db_now, db_now_plus
from db.pool.sql import insert_ignoring_duplicates

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import Connection, Table
    from sqlalchemy.orm import Session

    from db.artifacts.spool import SpoolEntry
    from db.artifacts.store import ArtifactRef

ARTIFACTS = cast("Table", Artifact.__table__)


def add_waiting(session: Session, run_id: int, refs: Sequence[ArtifactRef], host_name: str) -> None:
    """Name an attempt's artifacts on its record, as waiting in ``host_name``'s spool."""
    if not refs:
        return
    conn = session.connection()
    now = conn.execute(select(db_now())).scalar_one()
    # A microsecond apart, so the record lists them in the order the attempt made them.
    rows = [
        _row(ref, run_id, ArtifactState.WAITING, None, host_name, now + timedelta(microseconds=n))
        for n, ref in enumerate(refs)
    ]
    conn.execute(insert_ignoring_duplicates(conn, ARTIFACTS), rows)


def mark_stored(session: Session, entry: SpoolEntry, backend: str, host_name: str) -> None:
    """Say that an artifact's bytes are in ``backend`` (creating its row if need be)."""
    conn = session.connection()
    values = {"state": ArtifactState.STORED.value, "backend": backend, "stored_at": db_now()}
    changed = conn.execute(
        update(ARTIFACTS).where(ARTIFACTS.c.id == entry.ref.id).values(**values)
    ).rowcount
    if changed == 0:
        now = conn.execute(select(db_now())).scalar_one()
        row = _row(entry.ref, entry.run_id, ArtifactState.STORED, backend, host_name, now)
        conn.execute(insert_ignoring_duplicates(conn, ARTIFACTS), [row | {"stored_at": now}])
        conn.execute(update(ARTIFACTS).where(ARTIFACTS.c.id == entry.ref.id).values(**values))


def move_to(session: Session, artifact_id: str, backend: str) -> None:
    """Record that an artifact now lives in ``backend`` (after ``artifacts migrate``)."""
    session.execute(update(ARTIFACTS).where(ARTIFACTS.c.id == artifact_id).values(backend=backend))


def expire(session: Session, artifact_id: str) -> None:
    """Record that retention deleted an artifact's bytes."""
    session.execute(
        update(ARTIFACTS)
        .where(ARTIFACTS.c.id == artifact_id)
        .values(state=ArtifactState.EXPIRED.value)
    )


def artifact_info(session: Session, artifact_id: str) -> ArtifactInfo | None:
    """One catalog row, or None."""
    row = session.execute(select(ARTIFACTS).where(ARTIFACTS.c.id == artifact_id)).first()
    return _info(row) if row is not None else None


def artifacts_of_runs(conn: Connection, run_ids: Sequence[int]) -> dict[int, list[ArtifactInfo]]:
    """Each attempt's artifacts, in the order they were made."""
    found: dict[int, list[ArtifactInfo]] = defaultdict(list)
    if run_ids:
        rows = conn.execute(
            select(ARTIFACTS)
            .where(ARTIFACTS.c.run_id.in_(list(run_ids)))
            .order_by(ARTIFACTS.c.run_id, ARTIFACTS.c.created_at, ARTIFACTS.c.kind)
        )
        for row in rows:
            found[row.run_id].append(_info(row))
    return found


def older_than(session: Session, days: float, limit: int) -> list[ArtifactInfo]:
    """Up to ``limit`` stored artifacts made more than ``days`` ago, oldest first."""
    cutoff = db_now_plus(-int(days * 86400))
    rows = session.execute(
        select(ARTIFACTS)
        .where(
            ARTIFACTS.c.created_at < cutoff,
            ARTIFACTS.c.state == ArtifactState.STORED.value,
        )
        .order_by(ARTIFACTS.c.created_at)
        .limit(limit)
    )
    return [_info(row) for row in rows]


def stored_elsewhere(
    session: Session, backend: str, after_id: str, limit: int
) -> list[ArtifactInfo]:
    """Up to ``limit`` stored artifacts not in ``backend``, by id after ``after_id``."""
    rows = session.execute(
        select(ARTIFACTS)
        .where(
            ARTIFACTS.c.state == ArtifactState.STORED.value,
            ARTIFACTS.c.backend != backend,
            ARTIFACTS.c.id > after_id,
        )
        .order_by(ARTIFACTS.c.id)
        .limit(limit)
    )
    return [_info(row) for row in rows]


def _row(
    ref: ArtifactRef,
    run_id: int | None,
    state: ArtifactState,
    backend: str | None,
    host_name: str,
    now: Any,
) -> dict[str, Any]:
    return {
        "id": ref.id,
        "run_id": run_id,
        "kind": ref.kind.value,
        "size": ref.size,
        "sha256": ref.sha256,
        "state": state.value,
        "backend": backend,
        "host_name": host_name,
        "created_at": now,
        "stored_at": None,
    }


def _info(row: Any) -> ArtifactInfo:
    return ArtifactInfo(
        id=row.id,
        kind=ArtifactKind(row.kind),
        size=int(row.size),
        sha256=row.sha256,
        state=ArtifactState(row.state),
        backend=row.backend,
        host_name=row.host_name,
        run_id=row.run_id,
        created_at=row.created_at,
    )
