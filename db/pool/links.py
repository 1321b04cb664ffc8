"""Pipeline links: which batches are joined to a batch, and how many items went between."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from db.pool.sql import BATCHES, ITEMS, TASKS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def linked_batches(session: Session, batch_id: int) -> set[int]:
    """Every batch joined to ``batch_id`` by ``after`` links, in either direction."""
    seen, frontier = {batch_id}, [batch_id]
    while frontier:
        current = frontier.pop()
        linked = session.execute(
            select(BATCHES.c.id, BATCHES.c.after_batch_id).where(
                (BATCHES.c.id == current) | (BATCHES.c.after_batch_id == current)
            )
        ).all()
        for row_id, after in linked:
            for other in (row_id, after):
                if other is not None and other not in seen:
                    seen.add(other)
                    frontier.append(other)
    return seen


def items_between(session: Session, upstream: int, downstream: int, *, mapped: bool) -> int:
    """Items that went from one stage to the next: with a mapping, the tasks they
    started downstream; without one, the upstream's items the next stage reads."""
    if mapped:
        query = (
            select(func.count())
            .select_from(TASKS)
            .where(TASKS.c.batch_id == downstream, TASKS.c.source_run_id.is_not(None))
        )
    else:
        query = (
            select(func.count())
            .select_from(ITEMS)
            .where(ITEMS.c.batch_id == upstream, ITEMS.c.late.is_(False))
        )
    count: Any = session.execute(query).scalar_one()
    return int(count)
