"""``bench export``: write N execution records to Excel; time it and watch the memory.

Seeds N finished attempts (two output items each) into a scratch database (a
temporary SQLite file unless ``--db`` names one) and exports them all.
"""

from __future__ import annotations

import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select

from app.bench.pool_setup import bench_engine
from app.bench.seed_rows import batch_row, task_row
from app.errors import UserError
from db.pool.export import export_records
from db.pool.sql import BATCHES, ITEMS, RUNS, TASKS
from db.pool.states import RunStatus
from db.pool.values import RecordFilter

if TYPE_CHECKING:
    import argparse

    from sqlalchemy import Engine

    from app.settings import Settings

CHUNK = 1000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The benchmark's options."""
    parser.add_argument("--db", dest="bench_db", metavar="URL", help="scratch database URL")
    parser.add_argument("--records", type=int, default=100_000, help="attempts to export")


def run(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """Seed, export, and return the figures."""
    if args.records < 1:
        raise UserError("--records must be positive")
    with tempfile.TemporaryDirectory(prefix="fleetdeck-bench-") as folder:
        url = args.bench_db or f"sqlite:///{Path(folder) / 'bench.db'}"
        engine, _ = bench_engine(url)
        try:
            seeded = time.perf_counter()
            seed_records(engine, args.records, first=_next_id(engine))
            seed_s = time.perf_counter() - seeded
            before = _peak_rss_mb()
            target = Path(folder) / "records.xlsx"
            started = time.perf_counter()
            result = export_records(engine, RecordFilter(), target)
            export_s = time.perf_counter() - started
            return {
                "records": result.attempts,
                "items": result.items,
                "sheets": result.sheets,
                "seed_s": round(seed_s, 1),
                "export_s": round(export_s, 1),
                "records_per_s": round(result.attempts / export_s),
                "peak_rss_before_mb": round(before, 1),
                "peak_rss_after_mb": round(_peak_rss_mb(), 1),
                "file_mb": round(target.stat().st_size / 1e6, 1),
            }
        finally:
            engine.dispose()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _next_id(engine: Engine) -> int:
    with engine.connect() as conn:
        last = conn.execute(select(func.max(RUNS.c.id))).scalar()
    return int(last or 0) + 1


def seed_records(engine: Engine, count: int, first: int = 1) -> None:
    """Write ``count`` finished attempts, each with two output items, straight in."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        inserted = conn.execute(insert(BATCHES).values(batch_row("bench.seed", count, now)))
        batch = int(inserted.inserted_primary_key[0])  # type: ignore[index]
    for start in range(0, count, CHUNK):
        ids = range(first + start, first + min(start + CHUNK, count))
        with engine.begin() as conn:
            conn.execute(insert(TASKS), [task_row(i, batch, now) for i in ids])
            conn.execute(insert(RUNS), [_run_row(i, batch, now) for i in ids])
            conn.execute(
                insert(ITEMS), [_item_row(i, seq, batch, now) for i in ids for seq in (1, 2)]
            )


def _run_row(i: int, batch: int, now: datetime) -> dict[str, Any]:
    return {
        "id": i, "task_id": i, "batch_id": batch, "flow": "bench.seed", "attempt_no": 1,
        "actor": f"acct:{i % 50}", "device_serial": f"SER{i % 50:04d}",
        "account_uid": f"u{i % 50}", "host_name": "bench-pc", "author_id": "alice",
        "status": RunStatus.SUCCEEDED, "lease_s": 60, "started_at": now,
        "finished_at": now + timedelta(seconds=3), "duration_ms": 3000, "output_count": 2,
    }  # fmt: skip


def _item_row(i: int, seq: int, batch: int, now: datetime) -> dict[str, Any]:
    return {
        "run_id": i, "seq": seq, "task_id": i, "batch_id": batch, "item_key": f"v{i}-{seq}",
        "data_json": f'{{"title": "video {i}-{seq}", "comment_count": {i % 997}}}',
        "late": False, "created_at": now,
    }  # fmt: skip
