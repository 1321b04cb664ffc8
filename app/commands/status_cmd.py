"""``status [BATCH]``: batches with their progress, state and pipeline links."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from app.commands.arg_types import record_id
from app.pool_calls import open_pool, pool_call
from db.pool.states import PRIORITY_NOTE
from db.pool.status import batch_status, list_batches
from db.pool.values import iso

if TYPE_CHECKING:
    import argparse

    from app.settings import Settings
    from db.pool.values import BatchStatus

RECENT = 50


def register(sub: Any) -> None:
    """Add the ``status`` command."""
    p = sub.add_parser("status", help="show one batch, or the most recent batches")
    p.add_argument("batch", nargs="?", type=record_id, metavar="BATCH")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Print a batch's status, or a table of recent batches."""
    with open_pool(settings) as engine:
        if args.batch is not None:
            status = pool_call(engine, lambda s: batch_status(s, args.batch), read_only=True)
            print(
                json.dumps(status.to_json(), ensure_ascii=False) if args.json else _detail(status)
            )
            return 0
        batches = pool_call(engine, lambda s: list_batches(s, limit=RECENT), read_only=True)
    if args.json:
        print(json.dumps({"batches": [b.to_json() for b in batches]}, ensure_ascii=False))
    else:
        print(_table(batches))
    return 0


def _detail(status: BatchStatus) -> str:
    t = status.tasks
    lines = [
        f"batch {status.id}: {status.flow}, {status.mode.value}, {status.state.value}",
        f"priority {status.priority} ({PRIORITY_NOTE})",
        f"tasks: {t.queued} queued, {t.running} running, {t.succeeded} succeeded, "
        f"{t.failed} failed, {t.cancelled} cancelled",
    ]
    if t.blocked or t.scheduled or t.held:
        lines.append(
            f"  of the queued: {t.blocked} wait for batch {status.after}, "
            f"{t.scheduled} wait to retry, {t.held} paused"
        )
    if status.runs_by_error_class:
        parts = ", ".join(f"{k} {v}" for k, v in sorted(status.runs_by_error_class.items()))
        lines.append(f"failed attempts: {parts}")
    if status.after is not None:
        mapping = ", ".join(f"{k}={v}" for k, v in (status.mapping or {}).items())
        lines.append(f"after batch {status.after}" + (f", mapping {mapping}" if mapping else ""))
    if status.downstream:
        lines.append("downstream: " + ", ".join(f"batch {b}" for b in status.downstream))
    lines.append(f"submitted by {status.submitted_by} at {iso(status.created_at)}")
    if status.finished_at is not None:
        lines.append(f"finished at {iso(status.finished_at)}")
    if status.stop_reason:
        lines.append(f"note: {status.stop_reason}")
    return "\n".join(lines)


def _table(batches: list[BatchStatus]) -> str:
    header = f"{'BATCH':>6} {'STATE':<10} {'PRIO':>4} {'FLOW':<18} {'MODE':<12} " + (
        f"{'QUEUED':>7} {'RUNNING':>7} {'OK':>7} {'FAILED':>7} {'CANCEL':>7}"
    )
    rows = [header]
    for b in batches:
        t = b.tasks
        rows.append(
            f"{b.id:>6} {b.state.value:<10} {b.priority:>4} {b.flow:<18} {b.mode.value:<12} "
            f"{t.queued:>7} {t.running:>7} {t.succeeded:>7} {t.failed:>7} {t.cancelled:>7}"
        )
    rows.append(f"priority: {PRIORITY_NOTE}")
    return "\n".join(rows)
