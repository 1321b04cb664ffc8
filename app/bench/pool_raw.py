"""The yardstick of ``bench pool``: a bulk-claim loop in raw PyMySQL on the same tables.

It does the least a correct claim must do, with none of the pool's rules (accounts,
exclusions, targets, stops, pipelines, batch completion): one transaction per tick
closes the runs whose work ended (fenced by status), then locks the first ready
rows of one shared queue in index order with ``SKIP LOCKED``, counts the attempts,
inserts the running attempts (``RETURNING`` their ids) and deletes the ready rows by
primary key. Seven round trips, commit included. ``bench pool`` runs it beside the
real claim path, on the same database in the same run, and prints the ratio.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pymysql

from db.pool.models import CLAIM_INDEX

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

_LOCK = (
    "SELECT r.id, r.task_id, r.batch_id, t.claim_count FROM pool_ready r "
    f"FORCE INDEX ({CLAIM_INDEX}) JOIN pool_tasks t ON t.id = r.task_id "
    "WHERE r.target = %s ORDER BY r.priority, r.id LIMIT %s FOR UPDATE SKIP LOCKED"
)
_COUNT = (
    "UPDATE pool_tasks SET claim_count = claim_count + 1, running_count = running_count + 1,"
    " state = 'running' WHERE id IN ({ids})"
)
_INSERT = (
    "INSERT INTO pool_runs (task_id, batch_id, flow, attempt_no, host_id, device_id, actor,"
    " status, lease_s, started_at, lease_expires_at, deadline_at, exclusive_task_id,"
    " output_count) VALUES {rows} RETURNING id, device_id, task_id"
)
_ROW = (
    "(%s, %s, 'bench.noop', %s, %s, %s, %s, 'running', 120, NOW(6),"
    " NOW(6) + INTERVAL 120 SECOND, NOW(6) + INTERVAL 3600 SECOND, %s, 0)"
)
_DELETE = "DELETE FROM pool_ready WHERE id IN ({ids})"
_CLOSE = (
    "UPDATE pool_runs SET status = 'succeeded', finished_at = NOW(6), lease_expires_at = NULL,"
    " exclusive_task_id = NULL WHERE id IN ({ids}) AND status = 'running'"
)
_END_TASKS = (
    "UPDATE pool_tasks SET succeeded_count = succeeded_count + 1, running_count = 0,"
    " state = 'succeeded', finished_at = NOW(6)"
    " WHERE id IN ({ids})"
)


def _marks(n: int) -> str:
    return ", ".join(["%s"] * n)


class RawClaimer:
    """One agent's connection and its claim-and-finish transaction, in plain SQL."""

    def __init__(self, url: URL, host_id: int, target: str) -> None:
        self.host_id = host_id
        self.target = target
        self.conn = pymysql.connect(
            host=url.host or "127.0.0.1",
            port=url.port or 3306,
            user=url.username or "root",
            password=url.password or "",
            database=url.database,
            charset="utf8mb4",
            autocommit=False,
            init_command="SET time_zone = '+00:00'",
        )
        with self.conn.cursor() as cur:
            cur.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
        self.deadlocks = 0
        self.task_of: dict[int, int] = {}  # running attempt -> its task

    def tick(self, ended: list[int], devices: list[int]) -> list[tuple[int, int]]:
        """Close ``ended`` runs and claim for ``devices``; return (device id, run id)."""
        for attempt in range(5):
            try:
                return self._tick(ended, devices)
            except pymysql.err.OperationalError as exc:
                self.conn.rollback()
                if exc.args[0] not in (1205, 1213) or attempt == 4:
                    raise
                self.deadlocks += 1
        return []

    def _tick(self, ended: list[int], devices: list[int]) -> list[tuple[int, int]]:
        with self.conn.cursor() as cur:
            if ended:
                ids = _marks(len(ended))
                cur.execute(_CLOSE.format(ids=ids), ended)
                cur.execute(_END_TASKS.format(ids=ids), [self.task_of[run] for run in ended])
            claimed: list[tuple[int, int, int]] = []
            if devices:
                cur.execute(_LOCK, (self.target, len(devices)))
                rows: list[Any] = list(cur.fetchall())
                if rows:
                    claimed = self._take(cur, rows, devices)
        self.conn.commit()
        for run_id in ended:
            self.task_of.pop(run_id, None)
        return [(device, run_id) for device, run_id, _ in claimed]

    def _take(self, cur: Any, rows: list[Any], devices: list[int]) -> list[tuple[int, int, int]]:
        task_ids = [row[1] for row in rows]
        cur.execute(_COUNT.format(ids=_marks(len(task_ids))), task_ids)
        values: list[Any] = []
        for (_, task_id, batch_id, claims), device in zip(rows, devices, strict=False):
            actor = f"dev:{device}"
            values += [task_id, batch_id, claims + 1, self.host_id, device, actor, task_id]
        cur.execute(_INSERT.format(rows=", ".join([_ROW] * len(rows))), values)
        inserted = [(int(device), int(run), int(task)) for run, device, task in cur.fetchall()]
        cur.execute(_DELETE.format(ids=_marks(len(rows))), [row[0] for row in rows])
        self.task_of.update({run: task for _, run, task in inserted})
        return inserted

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()
