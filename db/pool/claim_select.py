"""The claim's reads: which targets have work, and the index-ordered locking selects.

Every locking select reads one target's range of ``ix_pool_ready_target_priority_id``
in index order (priority, id) with ``FOR UPDATE SKIP LOCKED`` and a forced index, so
InnoDB locks only the rows it returns; the anti-join subqueries are plain reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import exists, func, or_, select

from db.pool.models import CLAIM_INDEX
from db.pool.sql import ACTORS, BATCH_TARGETS, READY, SHARES

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy import Connection, Select

    from db.pool.values import Slot

_FORCE_CLAIM_INDEX = f"FORCE INDEX ({CLAIM_INDEX})"
_READY_COLUMNS = (
    READY.c.id,
    READY.c.task_id,
    READY.c.batch_id,
    READY.c.slots_open,
    READY.c.needs_account,
    READY.c.restricted,
    READY.c.share_cap,
)


@dataclass
class SlotInfo:
    """A slot as the claim sees it: its keys, the targets it may take, its names."""

    slot: Slot
    actor: str
    device_key: str | None
    account_key: str | None
    targets: list[str]
    serial: str | None
    account_uid: str | None
    host_name: str | None
    chosen: bool = False

    @property
    def target_keys(self) -> list[str]:
        """The keys a batch's target list may name this slot by."""
        return [key for key in (self.device_key, self.account_key) if key is not None]


def target_heads(conn: Connection, targets: Iterable[str]) -> dict[str, int]:
    """The most urgent priority waiting in each non-empty target (a plain index read)."""
    rows = conn.execute(
        select(READY.c.target, func.min(READY.c.priority))
        .where(READY.c.target.in_(sorted(targets)))
        .group_by(READY.c.target)
    )
    return {target: int(priority) for target, priority in rows.tuples()}


def actors_with_listings(conn: Connection, actors: list[str]) -> set[str]:
    """Actors that are a spread member of, or excluded from, any open task."""
    rows = conn.execute(select(ACTORS.c.actor).where(ACTORS.c.actor.in_(actors)).distinct())
    return set(rows.scalars())


def _locking(query: Select[Any], exclude_ids: list[int], limit: int) -> Select[Any]:
    if exclude_ids:
        query = query.where(READY.c.id.not_in(exclude_ids))
    return (
        query.with_hint(READY, _FORCE_CLAIM_INDEX, "mysql")
        .order_by(READY.c.priority, READY.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )


def lock_shared_rows(
    conn: Connection, target: str, slots: list[SlotInfo], exclude_ids: list[int]
) -> tuple[list[Any], set[tuple[int, str]], dict[tuple[int, str], int]]:
    """Lock the first rows of a shared target for slots with no listings, in one select.

    Returns the rows, the (batch, key) pairs of restricted batches these slots are
    allowed in, and these slots' current spread shares.
    """
    query = _locking(
        select(*_READY_COLUMNS).where(READY.c.target == target), exclude_ids, len(slots)
    )
    rows = list(conn.execute(query).all())
    restricted = sorted({row.batch_id for row in rows if row.restricted})
    capped = sorted({row.batch_id for row in rows if row.share_cap})
    allowed: set[tuple[int, str]] = set()
    if restricted:
        keys = sorted({key for info in slots for key in info.target_keys})
        allowed = set(
            conn.execute(
                select(BATCH_TARGETS.c.batch_id, BATCH_TARGETS.c.target).where(
                    BATCH_TARGETS.c.batch_id.in_(restricted), BATCH_TARGETS.c.target.in_(keys)
                )
            ).tuples()
        )
    shares: dict[tuple[int, str], int] = {}
    if capped:
        found = conn.execute(
            select(SHARES.c.batch_id, SHARES.c.actor, SHARES.c.taken).where(
                SHARES.c.batch_id.in_(capped), SHARES.c.actor.in_([i.actor for i in slots])
            )
        )
        shares = {(b, a): int(n) for b, a, n in found.tuples()}
    return rows, allowed, shares


def row_fits_slot(
    row: Any,
    info: SlotInfo,
    allowed: set[tuple[int, str]],
    shares: dict[tuple[int, str], int],
    share_use: Any,
) -> bool:
    """True when a locked shared row may go to this slot (account, target list, share)."""
    if row.needs_account and info.account_key is None:
        return False
    if row.restricted and not any((row.batch_id, key) in allowed for key in info.target_keys):
        return False
    if row.share_cap:
        held = shares.get((row.batch_id, info.actor), 0) + share_use[(row.batch_id, info.actor)]
        if held >= row.share_cap:
            return False
    return True


def lock_rows_for_slot(
    conn: Connection, target: str, info: SlotInfo, exclude_ids: list[int]
) -> Any | None:
    """Lock the most urgent row of ``target`` this slot may take, checking everything in SQL."""
    listed = exists().where(ACTORS.c.task_id == READY.c.task_id, ACTORS.c.actor == info.actor)
    allowed = exists().where(
        BATCH_TARGETS.c.batch_id == READY.c.batch_id, BATCH_TARGETS.c.target.in_(info.target_keys)
    )
    over_share = exists().where(
        SHARES.c.batch_id == READY.c.batch_id,
        SHARES.c.actor == info.actor,
        SHARES.c.taken >= READY.c.share_cap,
    )
    query = select(*_READY_COLUMNS).where(
        READY.c.target == target,
        ~listed,
        or_(READY.c.restricted.is_(False), allowed),
        or_(READY.c.share_cap == 0, ~over_share),
    )
    if info.account_key is None:
        query = query.where(READY.c.needs_account.is_(False))
    return conn.execute(_locking(query, exclude_ids, 1)).first()
