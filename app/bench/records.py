"""``bench records``: the record viewer's queries on a large table (a million by default).

Seeds N finished attempts spread over 30 days, 50 phones and accounts, four flows and
a few failure classes (one in ten with two output items) into a scratch database (a
temporary SQLite file unless ``--db`` names one), then times what the viewer asks
for: first pages under several filters, a page deep in the table, one record's
details and the filter choices, each as the console's database thread runs it.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select

from app.bench.pool_setup import bench_engine
from app.bench.seed_rows import batch_row, task_row
from app.controllers.record_mapping import records_page
from app.errors import UserError
from db.pool.records import query_records, record_by_id
from db.pool.sql import BATCHES, ITEMS, RUNS, TASKS
from db.pool.states import ErrorClass, RunStatus
from db.pool.tx import run_transaction
from db.pool.values import RecordFilter as PoolFilter
from db.records_view import filter_values
from ui.records.record_data import Outcome, RecordFilter, RecordQuery
from ui.records.record_model import DEFAULT_PAGE_SIZE

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from app.settings import Settings

CHUNK = 5000
REPEATS = 5
FLOWS = ("collect.titles", "collect.comments", "app.launch", "device.health")
FAILURES = (ErrorClass.RETRYABLE, ErrorClass.DEVICE, ErrorClass.FATAL, ErrorClass.TIMEOUT)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The benchmark's options."""
    parser.add_argument("--db", dest="bench_db", metavar="URL", help="scratch database URL")
    parser.add_argument("--records", type=int, default=1_000_000, help="attempts to seed")


def run(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """Seed (unless the records are there already), time the queries, return the figures."""
    if args.records < DEFAULT_PAGE_SIZE:
        raise UserError(f"--records must be at least {DEFAULT_PAGE_SIZE}")
    with tempfile.TemporaryDirectory(prefix="fleetdeck-bench-") as folder:
        url = args.bench_db or f"sqlite:///{Path(folder) / 'bench.db'}"
        engine, _ = bench_engine(url)
        try:
            seeded = time.perf_counter()
            have = _count(engine)
            if have < args.records:
                seed_records(engine, args.records - have)
            figures: dict[str, Any] = {
                "backend": engine.dialect.name,
                "records": _count(engine),
                "seed_s": round(time.perf_counter() - seeded, 1),
            }
            figures.update(_timings(engine))
            return figures
        finally:
            engine.dispose()


def _timings(engine: Engine) -> dict[str, float]:
    middle = _count(engine) // 2
    newest = int(
        run_transaction(engine, lambda s: s.execute(select(func.max(RUNS.c.id))).scalar_one())
    )
    old = datetime.now(UTC) - timedelta(days=20)
    pages = {
        "first_page_ms": RecordFilter(),
        "first_page_account_ms": RecordFilter(account="u7"),
        "first_page_fatal_on_phone_ms": RecordFilter(error_class="fatal", device="SER0014"),
        "first_page_none_match_ms": RecordFilter(error_class="lease_expired"),  # no index
        "first_page_failed_last_hour_ms": RecordFilter(
            outcome=Outcome.FAILED, since=datetime.now(UTC) - timedelta(hours=1)
        ),
    }
    figures = {name: _page_ms(engine, flt) for name, flt in pages.items()}
    figures["deep_page_ms"] = _page_ms(engine, RecordFilter(), after=(old, middle))
    figures["details_ms"] = _ms(engine, lambda s: record_by_id(s, newest, max_items=300))
    figures["filter_choices_ms"] = _ms(engine, filter_values)
    figures["pool_query_records_page_ms"] = _ms(
        engine, lambda s: query_records(s, PoolFilter(), limit=DEFAULT_PAGE_SIZE)
    )
    return figures


def _page_ms(engine: Engine, flt: RecordFilter, after: tuple[datetime, int] | None = None) -> float:
    query = RecordQuery(1, flt, 0, DEFAULT_PAGE_SIZE, after)
    return _ms(engine, lambda s: records_page(s, query))


def _ms(engine: Engine, work: Callable[[Session], object]) -> float:
    """Median milliseconds of a few runs, each its own transaction (as the console runs it)."""
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        run_transaction(engine, work)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(RUNS)).scalar_one())


def seed_records(engine: Engine, count: int) -> None:
    """Write ``count`` finished attempts straight in, oldest first, in chunks."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        batch = conn.execute(insert(BATCHES).values(batch_row("bench.records", count, now)))
        batch_id = int(batch.inserted_primary_key[0])  # type: ignore[index]
        first = int(conn.execute(select(func.max(RUNS.c.id))).scalar() or 0) + 1
        first_task = int(conn.execute(select(func.max(TASKS.c.id))).scalar() or 0) + 1
    span = timedelta(days=30) / count
    for start in range(0, count, CHUNK):
        numbers = range(start, min(start + CHUNK, count))
        with engine.begin() as conn:
            conn.execute(insert(TASKS), [task_row(first_task + i, batch_id, now) for i in numbers])
            runs = [_run_row(first + i, first_task + i, batch_id, now - span * (count - i), i)
                    for i in numbers]  # fmt: skip
            conn.execute(insert(RUNS), runs)
            items = [_item_row(first + i, first_task + i, seq, batch_id, now)
                     for i in numbers if i % 10 == 0 for seq in (1, 2)]  # fmt: skip
            conn.execute(insert(ITEMS), items)


def _run_row(run_id: int, task_id: int, batch_id: int, started: datetime, i: int) -> dict[str, Any]:
    failure = FAILURES[i % len(FAILURES)] if i % 7 == 0 else None
    return {
        "id": run_id, "task_id": task_id, "batch_id": batch_id, "flow": FLOWS[i % len(FLOWS)],
        "attempt_no": 1, "actor": f"acct:{i % 50}", "device_serial": f"SER{i % 50:04d}",
        "account_uid": f"u{i % 50}", "host_name": f"rack-pc-{i % 3 + 1}", "author_id": "alice",
        "status": RunStatus.FAILED if failure else RunStatus.SUCCEEDED, "error_class": failure,
        "error_message": "bench failure" if failure else None, "lease_s": 60,
        "started_at": started, "finished_at": started + timedelta(seconds=3),
        "duration_ms": 3000, "output_count": 2 if i % 10 == 0 else 0,
    }  # fmt: skip


def _item_row(run_id: int, task_id: int, seq: int, batch_id: int, now: datetime) -> dict[str, Any]:
    return {
        "run_id": run_id, "seq": seq, "task_id": task_id, "batch_id": batch_id,
        "item_key": f"v{run_id}-{seq}", "data_json": f'{{"title": "video {run_id}-{seq}"}}',
        "late": False, "created_at": now,
    }  # fmt: skip
