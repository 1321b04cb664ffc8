"""Claim work for a host's free slots, in one short transaction.

The order of locks is the pool's deadlock rule: ready rows (``FOR UPDATE SKIP
LOCKED``, index order), then task rows, then batch rows in share mode, so that a
stop or pause (which takes the batch row exclusively after the ready rows) either
waits for a claim in flight or is seen by it. No claim commits after a stop commits.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, insert, select, update

from db.clock import db_now
from db.pool import keys
from db.pool.claim_select import (
    ClaimView,
    SlotInfo,
    lock_rows_for_slot,
    lock_shared_rows,
    slots_and_heads,
)
from db.pool.driver import DriverStatement
from db.pool.settle import settle_tasks
from db.pool.sql import (
    ACTORS,
    BATCHES,
    READY,
    RUNS,
    TASKS,
    add_to_share,
    from_json,
)
from db.pool.states import ActorRole, BatchState, RunStatus, TaskState
from db.pool.values import Claim

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from db.pool.values import Slot


@dataclass
class _Picks:
    """Ready rows locked in this transaction and which slot takes which."""

    rows: dict[int, Any] = field(default_factory=dict)  # ready id -> row
    used: Counter[int] = field(default_factory=Counter)  # ready id -> slots taken
    chosen: list[tuple[SlotInfo, Any]] = field(default_factory=list)
    share_use: Counter[tuple[int, str]] = field(default_factory=Counter)

    def room(self, row: Any) -> int:
        return int(row.slots_open) - self.used[row.id]

    def take(self, slot: SlotInfo, row: Any) -> None:
        self.rows[row.id] = row
        self.used[row.id] += 1
        self.chosen.append((slot, row))
        if row.share_cap:
            self.share_use[(row.batch_id, slot.actor)] += 1

    def full_ids(self) -> list[int]:
        return [rid for rid, row in self.rows.items() if self.room(row) <= 0]


def claim_tasks(session: Session, host_id: int, slots: Sequence[Slot]) -> list[Claim]:
    """Claim one task for each free slot that has work; return the claims (maybe none).

    A slot is skipped when its phone is unknown or not ``enabled`` (draining, stopped,
    disabled). Each claim's ``run_id`` is the fencing token for every later write.
    """
    conn = session.connection()
    view = slots_and_heads(conn, host_id, slots)
    return _claim_for(conn, host_id, view)


@dataclass(frozen=True)
class ClaimRound:
    """The claims, and the account on each phone whose account was read again."""

    claims: list[Claim]
    accounts: dict[int, int | None]


def claim_rereading_accounts(
    session: Session, host_id: int, slots: Sequence[Slot], reread: Collection[int]
) -> ClaimRound:
    """The host agent's claim: ``claim_tasks``, with the slots of the phones in
    ``reread`` claiming as the account on them now rather than the one the slot names
    (a flow may have just logged one in), read in the claim's first statement, not in
    one of their own; where two slots name one account, only the first claims."""
    conn = session.connection()
    view = slots_and_heads(conn, host_id, slots, reread, as_phones_are_now=True)
    return ClaimRound(_claim_for(conn, host_id, view), view.accounts)


def _claim_for(conn: Connection, host_id: int, view: ClaimView) -> list[Claim]:
    if not view.infos:
        return []
    picks = _pick(conn, view.infos, view.heads)
    if not picks.chosen:
        return []
    return _take(conn, host_id, picks)


def _pick(conn: Connection, infos: list[SlotInfo], heads: dict[str, int]) -> _Picks:
    """Lock one ready row per slot, trying its targets in order of urgency."""
    picks = _Picks()
    queue = {
        id(info): sorted((t for t in info.targets if t in heads), key=lambda t: heads[t])
        for info in infos
    }
    waiting = [info for info in infos if queue[id(info)]]
    while waiting:
        by_target: dict[str, list[SlotInfo]] = defaultdict(list)
        for info in waiting:
            by_target[queue[id(info)].pop(0)].append(info)
        for target, group in by_target.items():
            _pick_for_target(conn, target, group, picks)
        waiting = [i for i in waiting if not i.chosen and queue[id(i)]]
    return picks


def _pick_for_target(conn: Connection, target: str, group: list[SlotInfo], picks: _Picks) -> None:
    """Shared targets: one select for the whole group; then one per slot still without work."""
    maybe_more = True
    if target in keys.SHARED_TARGETS:
        rows, fits = lock_shared_rows(conn, target, group, picks.full_ids())
        skipped = False
        for row in rows:
            for info in group:
                if picks.room(row) <= 0:
                    break
                if info.chosen:
                    continue
                if not fits(row, info, picks.share_use):
                    skipped = True
                    continue
                picks.take(info, row)
                info.chosen = True
        maybe_more = skipped or len(rows) == len(group)
    if not maybe_more:
        return  # the target had fewer free rows than slots: a second look finds none
    for info in group:
        if not info.chosen:
            row = lock_rows_for_slot(conn, target, info, picks.full_ids())
            if row is not None:
                picks.take(info, row)
                info.chosen = True


_TASK_COLUMNS = (
    TASKS.c.id,
    TASKS.c.batch_id,
    TASKS.c.claim_count,
    TASKS.c.required,
    TASKS.c.params_json,
    TASKS.c.author_id,
)
_BATCH_COLUMNS = (
    BATCHES.c.flow,
    BATCHES.c.state.label("batch_state"),
    BATCHES.c.lease_s,
    BATCHES.c.timeout_s,
)


class _BatchView:
    """The batch columns a claim needs, from the joined task row."""

    def __init__(self, row: Any) -> None:
        self.id = row.batch_id
        self.flow = row.flow
        self.state = row.batch_state
        self.lease_s = row.lease_s
        self.timeout_s = row.timeout_s


# Tasks by primary key, then their batch: left to itself the optimizer may walk
# (batch_id, state) instead and share-lock other claimers' tasks (a deadlock seen
# in the benchmark), so the primary key is forced.
_TASKS_AND_BATCHES = DriverStatement(
    select(*_TASK_COLUMNS, *_BATCH_COLUMNS, db_now().label("db_now"))
    .select_from(TASKS.join(BATCHES, BATCHES.c.id == TASKS.c.batch_id))
    .with_hint(TASKS, "FORCE INDEX (PRIMARY)", "mysql")
    .where(TASKS.c.id.in_(bindparam("tasks", expanding=True)))
    .with_for_update(read=True)
)


def _take(conn: Connection, host_id: int, picks: _Picks) -> list[Claim]:
    """Turn the picked ready rows into running attempts."""
    task_ids = sorted({row.task_id for _, row in picks.chosen})
    # Share locks on task and batch rows in one read: the batch's (shared) lock waits out
    # a stop or pause in progress, and is what a stop waits on before it commits.
    joined = _TASKS_AND_BATCHES.execute(conn, {"tasks": task_ids}).all()
    tasks = {row.id: row for row in joined}
    # Read after the rows were locked, so an attempt never starts before the
    # event (a reaped lease, a finished retry) that made its task claimable.
    now: datetime = joined[0].db_now
    batches = {row.batch_id: _BatchView(row) for row in joined}
    live = [
        (info, row)
        for info, row in picks.chosen
        if batches[row.batch_id].state == BatchState.ACTIVE
    ]
    stale = sorted({row.id for _, row in picks.chosen} - {row.id for _, row in live})
    if stale:
        _drop_stale(conn, stale, picks)
    if not live:
        return []
    attempts = _count_attempts(conn, live, tasks)
    run_ids = _insert_runs(conn, now, host_id, live, tasks, batches, attempts)
    _consume_ready_rows(conn, live, picks)
    _record_members_and_shares(conn, now, live, tasks)
    return [
        _claim(info, tasks[row.task_id], batches[row.batch_id], attempt, run_ids)
        for (info, row), attempt in zip(live, attempts, strict=True)
    ]


def _drop_stale(conn: Connection, stale: list[int], picks: _Picks) -> None:
    # Ready rows of a batch that was paused or stopped after they were written.
    stale_tasks = [picks.rows[rid].task_id for rid in stale]
    conn.execute(delete(READY).where(READY.c.id.in_(stale)))
    settle_tasks(conn, stale_tasks)


def _count_attempts(
    conn: Connection, live: list[tuple[SlotInfo, Any]], tasks: dict[int, Any]
) -> list[int]:
    per_task = Counter(row.task_id for _, row in live)
    seen: Counter[int] = Counter()
    attempts = []
    for _, row in live:
        seen[row.task_id] += 1
        attempts.append(tasks[row.task_id].claim_count + seen[row.task_id])
    by_count: dict[int, list[int]] = defaultdict(list)
    for task_id, n in per_task.items():
        by_count[n].append(task_id)
    for n, ids in by_count.items():
        _COUNT_CLAIMS.execute(conn, {"tasks": ids, "n": n})
    return attempts


_COUNT_CLAIMS = DriverStatement(
    update(TASKS)
    .where(TASKS.c.id.in_(bindparam("tasks", expanding=True)))
    .values(
        claim_count=TASKS.c.claim_count + bindparam("n"),
        running_count=TASKS.c.running_count + bindparam("n"),
        state=TaskState.RUNNING,
        retry_at=None,
    )
)


_INSERT_RUN = insert(RUNS)
_INSERT_RUNS_RETURNING = DriverStatement(
    _INSERT_RUN.returning(RUNS.c.id, RUNS.c.task_id, RUNS.c.attempt_no)
)


def _insert_runs(
    conn: Connection,
    now: datetime,
    host_id: int,
    live: list[tuple[SlotInfo, Any]],
    tasks: dict[int, Any],
    batches: dict[int, _BatchView],
    attempts: list[int],
) -> dict[tuple[int, int], int]:
    """Insert one running attempt per claim (one statement); return their ids.

    ``now`` is the database clock, read once the rows were locked: plain values keep
    the statement cached and sent as one multi-row INSERT.
    """
    rows = []
    for (info, row), attempt in zip(live, attempts, strict=True):
        task, batch = tasks[row.task_id], batches[row.batch_id]
        rows.append(
            {
                "task_id": task.id,
                "batch_id": batch.id,
                "flow": batch.flow,
                "attempt_no": attempt,
                "host_id": host_id,
                "host_name": info.host_name,
                "device_id": info.slot.device_id,
                "device_serial": info.serial,
                "account_id": info.slot.account_id if info.account_key else None,
                "account_uid": info.account_uid,
                "actor": info.actor,
                "author_id": task.author_id,
                "status": RunStatus.RUNNING,
                "lease_s": batch.lease_s,
                "started_at": now,
                "lease_expires_at": now + timedelta(seconds=batch.lease_s),
                "deadline_at": now + timedelta(seconds=batch.timeout_s),
                # One-success tasks run one attempt at a time; the unique key enforces it.
                "exclusive_task_id": task.id if task.required == 1 else None,
                "output_count": 0,
            }
        )
    if conn.dialect.insert_executemany_returning:
        returned = _INSERT_RUNS_RETURNING.execute_rows(conn, rows)
        return {(r.task_id, r.attempt_no): r.id for r in returned}
    conn.execute(_INSERT_RUN, rows)  # MySQL has no INSERT ... RETURNING: read the ids back
    found = conn.execute(
        select(RUNS.c.id, RUNS.c.task_id, RUNS.c.attempt_no).where(
            RUNS.c.task_id.in_(sorted(tasks)),
            RUNS.c.host_id == host_id,
            RUNS.c.status == RunStatus.RUNNING,
        )
    )
    return {(r.task_id, r.attempt_no): r.id for r in found}


_DELETE_READY = DriverStatement(
    delete(READY).where(READY.c.id.in_(bindparam("ids", expanding=True)))
)


def _consume_ready_rows(conn: Connection, live: list[tuple[SlotInfo, Any]], picks: _Picks) -> None:
    used = Counter(row.id for _, row in live)
    gone = [rid for rid, n in used.items() if picks.rows[rid].slots_open - n <= 0]
    if gone:
        _DELETE_READY.execute(conn, {"ids": gone})  # by primary key
    for rid, n in used.items():
        if rid not in gone:
            conn.execute(
                update(READY).where(READY.c.id == rid).values(slots_open=READY.c.slots_open - n)
            )


def _record_members_and_shares(
    conn: Connection, now: datetime, live: list[tuple[SlotInfo, Any]], tasks: dict[int, Any]
) -> None:
    members = [
        {"task_id": row.task_id, "actor": info.actor, "role": ActorRole.MEMBER, "created_at": now}
        for info, row in live
        if tasks[row.task_id].required > 1
    ]
    if members:
        # The primary key (task, actor) is the backstop: one account, one slot of a task.
        conn.execute(insert(ACTORS), members)
    for info, row in live:
        if row.share_cap:
            add_to_share(conn, row.batch_id, info.actor, 1)


def _claim(
    info: SlotInfo, task: Any, batch: Any, attempt: int, run_ids: dict[tuple[int, int], int]
) -> Claim:
    return Claim(
        run_id=run_ids[(task.id, attempt)],
        task_id=task.id,
        batch_id=batch.id,
        flow=batch.flow,
        params=from_json(task.params_json),
        attempt=attempt,
        lease_s=batch.lease_s,
        max_run_s=batch.timeout_s,
        author_id=task.author_id,
        device_id=info.slot.device_id,
        account_id=info.slot.account_id if info.account_key else None,
    )
