"""Pipelines over the API: which task of a batch feeds which.

A task submitted with ``after`` (the client id of an earlier task of its batch)
starts when that one ends, or, with ``map``, gets one pool task per output item of
it (the pool's fan-out). Its parent is that task; its root is the first task of the
chain. Both are read from the stored requests, so they survive a retry (which gives
a task a new pool batch) unchanged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from db.dispatch.sql import API_TASKS, TASK_PREFIX

if TYPE_CHECKING:
    from sqlalchemy import Connection


@dataclass(frozen=True)
class Lineage:
    """Where a task stands in its batch's pipeline."""

    parent_id: int | None  # the API task it comes after
    root_client_task_id: str  # the client id of the chain's first task
    mapped: bool  # made by fan-out: one pool task per upstream output item

    @property
    def parent_task_id(self) -> str | None:
        """The parent as events and views name it (``tsk_…``)."""
        return None if self.parent_id is None else f"{TASK_PREFIX}{self.parent_id}"


MAX_DEPTH = 1000  # a task comes after an earlier one of its batch: at most the batch


def task_lineage(conn: Connection, api_task_id: int) -> Lineage:
    """One task's lineage: one indexed read per link of its chain (one for most tasks)."""
    row = conn.execute(
        select(API_TASKS.c.client_task_id, API_TASKS.c.request_json).where(
            API_TASKS.c.id == api_task_id
        )
    ).one()
    request = json.loads(row.request_json)
    parent_id, root = None, row.client_task_id
    after = request.get("after")
    for depth in range(MAX_DEPTH):
        if not after:
            break
        up = conn.execute(
            select(API_TASKS.c.id, API_TASKS.c.request_json).where(
                API_TASKS.c.client_task_id == after
            )
        ).first()
        if up is None:
            break
        if depth == 0:
            parent_id = int(up.id)
        root = after
        after = json.loads(up.request_json).get("after")
    return Lineage(parent_id, root, bool(request.get("map")))


def batch_lineage(conn: Connection, api_batch_id: int) -> dict[int, Lineage]:
    """The lineage of every task of an API batch, by API task id."""
    rows = conn.execute(
        select(API_TASKS.c.id, API_TASKS.c.client_task_id, API_TASKS.c.request_json).where(
            API_TASKS.c.api_batch_id == api_batch_id
        )
    ).all()
    by_client = {row.client_task_id: int(row.id) for row in rows}
    client_of = {int(row.id): row.client_task_id for row in rows}
    parent: dict[int, int | None] = {}
    mapped: dict[int, bool] = {}
    for row in rows:
        request = json.loads(row.request_json)
        after = request.get("after")
        parent[int(row.id)] = by_client.get(after) if after else None
        mapped[int(row.id)] = bool(request.get("map"))
    lineage = {}
    for task_id in parent:
        root = task_id
        for _ in range(len(parent)):  # an earlier task only: no cycle, but stay bounded
            up = parent[root]
            if up is None:
                break
            root = up
        lineage[task_id] = Lineage(parent[task_id], client_of[root], mapped[task_id])
    return lineage


def downstream_of(lineage: dict[int, Lineage], api_task_id: int) -> list[int]:
    """Every task fed, directly or not, by ``api_task_id``, in submit order."""
    found: list[int] = []
    frontier = {api_task_id}
    while frontier:
        children = sorted(t for t, line in lineage.items() if line.parent_id in frontier)
        found.extend(children)
        frontier = set(children)
    return sorted(found)
