"""Rows the record benchmarks write straight into the pool's tables (no flow runs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.bench.pool_setup import BENCH_USER
from db.pool.states import Mode, TargetKind, TaskState

if TYPE_CHECKING:
    from datetime import datetime


def batch_row(flow: str, count: int, now: datetime) -> dict[str, Any]:
    """A completed pool batch of ``count`` tasks."""
    return {
        "flow": flow, "mode": Mode.POOL, "state": "completed", "priority": 5,
        "params_json": "{}", "target_kind": TargetKind.ALL_DEVICES, "task_count": count,
        "successes": 1, "share_cap": 0, "max_attempts": 3, "timeout_s": 60, "lease_s": 60,
        "retry_delay_s": 0, "needs_device": True, "needs_account": False,
        "submitted_by": BENCH_USER, "created_at": now,
    }  # fmt: skip


def task_row(task_id: int, batch_id: int, now: datetime) -> dict[str, Any]:
    """A succeeded task of that batch."""
    return {
        "id": task_id, "batch_id": batch_id, "state": TaskState.SUCCEEDED,
        "params_json": '{"creator": "alice", "count": 20}', "required": 1,
        "succeeded_count": 1, "running_count": 0, "claim_count": 1, "failed_attempts": 0,
        "device_fails": 0, "author_id": "alice", "created_at": now,
    }  # fmt: skip
