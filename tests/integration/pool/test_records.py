"""Execution records: one per attempt, every field, filters, key paging, never deleted."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select, text

from db.artifacts.catalog import add_waiting
from db.artifacts.spool import Spool
from db.artifacts.store import ArtifactKind
from db.pool.errors import InvalidRequest
from db.pool.records import query_records
from db.pool.sql import RUNS
from db.pool.states import ErrorClass, Mode, RunStatus
from db.pool.values import RecordFilter, RunReport
from tests.support.pool import server_now

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine

    from db.pool.values import Record
    from tests.support.pool import Fleet


def records(fleet: Fleet, **filters: object) -> list[Record]:
    """Every record matching the filters, newest first."""
    flt = RecordFilter(**filters)  # type: ignore[arg-type]
    return fleet.tx(lambda s: query_records(s, flt, limit=1000))  # type: ignore[no-any-return]


def test_each_attempt_is_one_record_with_everything_the_operator_needs(
    fleet: Fleet, tmp_path: Path
) -> None:
    batch = fleet.submit(count=1, params={"creator": "alice"}, author_param="creator")
    (first,) = fleet.claim([0])
    failure = RunReport.failure(
        ErrorClass.RETRYABLE,
        "comment list did not load",
        step="scroll comments",
        error_code="ui_not_found",
    )
    fleet.finish(first.run_id, failure)
    spool = Spool(tmp_path)
    refs = [
        spool.add(ArtifactKind.SCREENSHOT, b"\x89PNG fake", first.run_id),
        spool.add(ArtifactKind.LOG, "步骤 1\n".encode(), first.run_id),
    ]
    fleet.tx(lambda s: add_waiting(s, first.run_id, refs, "rack-pc-1"))
    (second,) = fleet.claim([1])
    fleet.emit(second.run_id, ("v1", {"title": "First"}), ("v2", {"title": "Second"}))
    fleet.finish(second.run_id)
    newest, oldest = records(fleet, batch=batch)
    assert oldest.to_json() | {"started_at": None, "finished_at": None, "duration_ms": None} == {
        "id": first.run_id,
        "batch": batch,
        "task": first.task_id,
        "flow": "test.echo",
        "params": {"creator": "alice"},
        "account": "u0",
        "device": "SER000",
        "host": "rack-pc-1",
        "author": "alice",
        "attempt": 1,
        "status": "failed",
        "error_class": "retryable",
        "error_code": "ui_not_found",
        "error_message": "comment list did not load",
        "step": "scroll comments",
        "started_at": None,
        "finished_at": None,
        "duration_ms": None,
        "outputs": [],
        "stop_reason": None,
        "artifacts": [
            {
                "id": ref.id,
                "kind": ref.kind.value,
                "size": ref.size,
                "sha256": ref.sha256,
                "state": "waiting",
            }
            for ref in refs
        ],  # fmt: skip
        "failure_report": None,
        "late_result": None,
    }
    assert oldest.finished_at is not None
    assert oldest.finished_at >= oldest.started_at
    assert oldest.duration_ms is not None
    assert oldest.duration_ms >= 0
    assert oldest.to_json()["started_at"].endswith("Z")
    assert (newest.attempt, newest.status, newest.account) == (2, RunStatus.SUCCEEDED, "u1")
    assert newest.outputs == [{"title": "First"}, {"title": "Second"}]


def test_records_stay_after_the_work_is_done(fleet: Fleet) -> None:
    batch = fleet.submit(mode=Mode.EACH_DEVICE)
    for claim in fleet.claim():
        fleet.finish(claim.run_id)
    assert fleet.status(batch).state == "completed"
    assert len(records(fleet, batch=batch)) == 3


def test_every_filter_narrows_the_records(fleet: Fleet) -> None:
    one = fleet.submit(count=2, params={"creator": "alice"}, author_param="creator")
    two = fleet.submit(
        count=1, flow="test.other", params={"creator": "bob"}, author_param="creator"
    )
    claims = fleet.claim()
    by_batch = {c.batch_id: c for c in claims}
    fleet.finish(claims[0].run_id)
    fleet.finish(
        claims[1].run_id,
        RunReport.failure(ErrorClass.DEVICE, "restricted", error_code="account_restricted"),
    )
    assert {r.flow for r in records(fleet, flow="test.other")} == {"test.other"}
    assert {r.author for r in records(fleet, author="bob")} == {"bob"}
    assert [r.account for r in records(fleet, account="u2")] == ["u2"]
    assert [r.device for r in records(fleet, device="SER001")] == ["SER001"]
    assert len(records(fleet, host="rack-pc-1")) == 3
    assert records(fleet, host="elsewhere") == []
    assert [r.status for r in records(fleet, status="succeeded")] == [RunStatus.SUCCEEDED]
    assert [r.error_class for r in records(fleet, status="device")] == [ErrorClass.DEVICE]
    assert len(records(fleet, status="running")) == 1
    restricted = records(fleet, error_code="account_restricted")
    assert [(r.id, r.error_code) for r in restricted] == [(claims[1].run_id, "account_restricted")]
    assert records(fleet, error_code="device_lost") == []
    assert {r.batch for r in records(fleet, batch=two)} == {two}
    now = server_now(fleet.engine)
    assert len(records(fleet, since=now - timedelta(minutes=5))) == 3
    assert records(fleet, until=now - timedelta(minutes=5)) == []
    assert by_batch[one]
    with pytest.raises(InvalidRequest, match="status: 'bogus'"):
        records(fleet, status="bogus")


def test_pages_by_key_cover_every_record_once(fleet: Fleet) -> None:
    fleet.submit(count=7)
    for _ in range(3):
        for claim in fleet.claim():
            fleet.finish(claim.run_id)
    seen: list[int] = []
    before = None
    while True:
        page = fleet.tx(lambda s, b=before: query_records(s, RecordFilter(), before_id=b, limit=2))
        if not page:
            break
        seen.extend(r.id for r in page)
        before = page[-1].id
    assert len(seen) == 7
    assert seen == sorted(seen, reverse=True)


@pytest.mark.mariadb
@pytest.mark.parametrize(
    ("column", "index"),
    [
        ("account_uid", "ix_pool_runs_account_uid"),
        ("author_id", "ix_pool_runs_author_id"),
        ("device_serial", "ix_pool_runs_device_serial"),
        ("host_name", "ix_pool_runs_host_name"),
        ("flow", "ix_pool_runs_flow"),
    ],
)
def test_mariadb_record_pages_read_one_index_range(
    mariadb_engine: Engine, column: str, index: str
) -> None:
    """A filtered page walks the filter's index in id order: no scan, no sort."""
    seed = "INSERT INTO pool_runs (task_id, batch_id, flow, attempt_no, actor, status, lease_s,"
    seed += " started_at, output_count, account_uid, author_id, device_serial, host_name)"
    with mariadb_engine.begin() as conn:
        conn.execute(text("SET foreign_key_checks = 0"))
        for n in range(0, 2000, 500):
            rows = ", ".join(
                f"({i}, 1, 'f{i % 7}', 1, 'dev:1', 'succeeded', 60, UTC_TIMESTAMP(6), 0,"
                f" 'u{i % 50}', 'a{i % 40}', 'S{i % 30}', 'pc{i % 5}')"
                for i in range(n + 1, n + 501)
            )
            conn.execute(text(f"{seed} VALUES {rows}"))
        conn.execute(text("ANALYZE TABLE pool_runs"))
    query = select(RUNS.c.id).where(RUNS.c[column] == "x", RUNS.c.id < 1500)
    query = query.order_by(RUNS.c.id.desc()).limit(100)
    sql = str(query.compile(dialect=mariadb_engine.dialect, compile_kwargs={"literal_binds": True}))
    with mariadb_engine.connect() as conn:
        plan = conn.execute(text("EXPLAIN " + sql)).mappings().one()
    assert plan["key"] == index
    assert "filesort" not in (plan["Extra"] or "")
