"""The tick's statements on the driver's cursor read and write what SQLAlchemy would.

``db.pool.driver`` sends the agent's hottest statements on PyMySQL's cursor, compiled
once. These tests run each of them both ways on MariaDB, on a pool in a real state
(a batch, claims, a finish), and compare rows, types and effects; and cause the
faults the pool's retries depend on (a lock wait timeout, a killed connection) to
show they surface as SQLAlchemy's errors do.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, InvalidRequestError

from db.pool import claim, claim_select, finish, leases, settle
from db.pool.driver import DriverStatement, on_driver_cursor
from db.pool.leases import poll_stop_requests
from db.pool.sql import READY, TASKS
from db.pool.states import RunStatus, TaskState
from db.pool.stop import stop_task
from db.pool.tx import HeldConnection, transient_kind

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from tests.support.pool import Fleet

pytestmark = pytest.mark.mariadb


def _pool_in_use(fleet: Fleet) -> dict[str, Any]:
    """A batch of six, two phones running one each, one finished: ids to read with."""
    batch = fleet.submit(count=6)
    running = fleet.claim([0, 1])
    done = fleet.claim_one(2)
    assert done is not None
    assert len(running) == 2
    fleet.finish(done.run_id)
    ready = fleet.tx(lambda s: s.execute(select(READY.c.id, READY.c.target)).all())
    return {
        "batch": batch,
        "runs": [c.run_id for c in running],
        "done": done.run_id,
        "tasks": [c.task_id for c in running],
        "ready": [row.id for row in ready],
        "target": ready[0].target,
    }


def _both_ways(conn: Connection, statement: DriverStatement, params: dict[str, Any]) -> Any:
    """The statement on the driver's cursor and through SQLAlchemy, each undone after."""
    with conn.begin_nested() as step:
        driven = statement.execute(conn, params)
        step.rollback()
    with conn.begin_nested() as step:
        plain = conn.execute(statement.statement, params)
        rows = list(plain.all()) if plain.returns_rows else []
        count = plain.rowcount
        step.rollback()
    return driven, rows, count


def _timeless(row: Any) -> tuple[Any, ...]:
    """A row without the database clock (read twice, it moves on)."""
    return tuple(value for key, value in zip(row._fields, row, strict=True) if key != "db_now")


def test_every_statement_of_the_tick_reads_and_counts_as_sqlalchemy_does(
    mariadb_fleet: Fleet,
) -> None:
    fleet = mariadb_fleet
    ids = _pool_in_use(fleet)
    reads: list[tuple[DriverStatement, dict[str, Any]]] = [
        (
            claim_select._SLOTS_AND_HEADS,
            {
                "devices": fleet.devices,
                "accounts": [a for a in fleet.accounts if a is not None],
                "host": fleet.host,
                "targets": [ids["target"], "*"],
                "reread": fleet.devices[:1],
            },
        ),
        (claim_select._FIRST_ROWS, {"target": ids["target"], "n": 2}),
        (claim._TASKS_AND_BATCHES, {"tasks": ids["tasks"]}),
        (finish._LOAD_SUCCESSES, {"runs": [*ids["runs"], ids["done"]]}),
        (finish._LOAD_RUNS, {"runs": [*ids["runs"], ids["done"]]}),
        (finish._LOCK_RUNNING, {"runs": [*ids["runs"], ids["done"]]}),
        (leases._RUNS_TO_STOP, {"host": fleet.host}),
        (settle._RUNNING_TASK_HOLD, {"batch": ids["batch"]}),
        (settle._OTHER_OPEN_TASK_HOLD, {"batch": ids["batch"]}),
    ]
    writes: list[tuple[DriverStatement, dict[str, Any]]] = [
        (claim._COUNT_CLAIMS, {"tasks": ids["tasks"], "n": 1}),
        (claim._DELETE_READY, {"ids": ids["ready"][:2]}),
        (finish._ONE_SUCCESS_ENDS_TASK, {"tasks": ids["tasks"]}),
        (
            finish._CLOSE_RUNS,
            {
                "runs": [*ids["runs"], ids["done"]],  # the finished one is fenced out
                "status": RunStatus.SUCCEEDED,
                "error_class": None,
                "error_code": None,
                "failure_report": None,
                "error_message": None,
                "failed_step": None,
            },
        ),
    ]
    with fleet.engine.connect() as conn, conn.begin():
        assert on_driver_cursor(conn)
        for statement, params in reads:
            driven, rows, _ = _both_ways(conn, statement, params)
            assert [_timeless(r) for r in driven.rows] == [_timeless(r) for r in rows]
            for mine, theirs in zip(driven.rows, rows, strict=True):
                assert mine._fields == theirs._fields
                assert [type(v) for v in mine] == [type(v) for v in theirs]
            if statement is not leases._RUNS_TO_STOP:  # nothing is to stop: the rest read rows
                assert driven.rows, statement.statement
        for statement, params in writes:
            driven, _, count = _both_ways(conn, statement, params)
            assert driven.rowcount == count > 0, statement.statement


def test_the_times_and_states_read_on_the_driver_cursor_are_the_pools_types(
    mariadb_fleet: Fleet,
) -> None:
    fleet = mariadb_fleet
    ids = _pool_in_use(fleet)
    with fleet.engine.connect() as conn, conn.begin():
        rows = claim._TASKS_AND_BATCHES.execute(conn, {"tasks": ids["tasks"]}).all()
        slots = claim_select._SLOTS_AND_HEADS.execute(
            conn,
            {
                "devices": fleet.devices,
                "accounts": [],
                "host": fleet.host,
                "targets": [ids["target"]],
                "reread": [],
            },
        ).all()
    now = datetime.now(UTC)
    assert {row.id for row in rows} == set(ids["tasks"])
    for row in rows:
        assert row.db_now.tzinfo is UTC
        assert abs(row.db_now - now) < timedelta(minutes=1)
        assert row.batch_state == "active"
    fleet_rows = [row for row in slots if row.kind == 0]
    assert sorted(row.id for row in fleet_rows) == sorted(fleet.devices)
    assert {row.serial for row in fleet_rows} == set(fleet.serials)
    assert {row.hostname for row in fleet_rows} == {fleet_rows[0].hostname} != {None}
    heads = [row for row in slots if row.kind == 1]
    assert [row.target for row in heads] == [ids["target"]]
    assert isinstance(heads[0].priority, int)


def _attempt(
    fleet: Fleet, task_id: int, batch_id: int, now: datetime, **more: Any
) -> dict[str, Any]:
    """A running attempt's row as the claim inserts it (the columns it always sets)."""
    return {
        "task_id": task_id,
        "batch_id": batch_id,
        "flow": "test.echo",
        "host_id": fleet.host,
        "status": RunStatus.RUNNING,
        "lease_s": 60,
        "started_at": now,
        "output_count": 0,
        **more,
    }


def test_an_insert_of_several_attempts_returns_each_one(mariadb_fleet: Fleet) -> None:
    fleet = mariadb_fleet
    ids = _pool_in_use(fleet)
    waiting = fleet.tx(
        lambda s: s.execute(
            select(TASKS.c.id, TASKS.c.batch_id).where(TASKS.c.state == TaskState.QUEUED)
        ).all()
    )
    now = datetime.now(UTC)
    rows = [
        _attempt(
            fleet,
            task.id,
            task.batch_id,
            now,
            attempt_no=7,
            device_id=fleet.devices[i],
            actor=f"dev:{fleet.devices[i]}",
            lease_expires_at=now + timedelta(seconds=60),
            deadline_at=now + timedelta(seconds=600),
        )
        for i, task in enumerate(waiting[:2])
    ]
    with fleet.engine.begin() as conn:
        returned = claim._INSERT_RUNS_RETURNING.execute_rows(conn, rows)
    assert sorted((r.task_id, r.attempt_no) for r in returned) == sorted(
        (task.id, 7) for task in waiting[:2]
    )
    for r in returned:
        stored = fleet.run(r.id)
        assert stored.status == RunStatus.RUNNING
        assert stored.started_at == now  # microseconds kept, read back in UTC
        assert stored.task_id == r.task_id
        assert r.id not in ids["runs"]


def test_a_duplicate_attempt_is_refused_as_an_integrity_error(mariadb_fleet: Fleet) -> None:
    fleet = mariadb_fleet
    fleet.submit(count=1)
    running = fleet.claim([0])[0]
    now = datetime.now(UTC)
    twin = _attempt(
        fleet,
        running.task_id,
        running.batch_id,
        now,
        attempt_no=2,
        actor="dev:twin",
        exclusive_task_id=running.task_id,  # one attempt of a one-success task at a time
    )
    with fleet.engine.connect() as conn, conn.begin(), pytest.raises(IntegrityError):
        claim._INSERT_RUNS_RETURNING.execute_rows(conn, [twin])


def test_a_lock_wait_timeout_on_the_driver_cursor_is_a_transient_the_pool_retries(
    mariadb_fleet: Fleet,
) -> None:
    fleet = mariadb_fleet
    ids = _pool_in_use(fleet)
    with fleet.engine.connect() as holder, holder.begin():
        lock = text("SELECT id FROM pool_tasks WHERE id = :t FOR UPDATE")
        holder.execute(lock, {"t": ids["tasks"][0]})
        with fleet.engine.connect() as conn, conn.begin():
            conn.execute(text("SET SESSION innodb_lock_wait_timeout = 1"))
            with pytest.raises(DBAPIError) as raised:
                claim._COUNT_CLAIMS.execute(conn, {"tasks": ids["tasks"][:1], "n": 1})
    assert transient_kind(raised.value) == "lock_timeouts"
    assert not raised.value.connection_invalidated


def test_a_killed_connection_is_invalidated_and_the_next_poll_reconnects(
    mariadb_fleet: Fleet,
) -> None:
    fleet = mariadb_fleet
    fleet.submit(count=1)
    running = fleet.claim([0])[0]
    with fleet.engine.connect() as conn:
        conn.begin()
        first_id = conn.execute(text("SELECT CONNECTION_ID()")).scalar_one()
        with fleet.engine.connect() as admin:
            admin.execute(text(f"KILL CONNECTION {int(first_id)}"))
        with pytest.raises(DBAPIError) as raised:
            leases._RUNS_TO_STOP.execute(conn, {"host": fleet.host})
        assert raised.value.connection_invalidated
        assert conn.invalidated
    # A host agent's held connection, killed between two polls: the next poll
    # reconnects and finds the stop that was asked for meanwhile.
    held = HeldConnection(fleet.engine)
    try:
        gone = held.run(lambda s: s.execute(text("SELECT CONNECTION_ID()")).scalar_one())
        with fleet.engine.connect() as admin:
            admin.execute(text(f"KILL CONNECTION {int(gone)}"))
        fleet.tx(lambda s: stop_task(s, running.task_id, "tester"))
        found = held.run(lambda s: poll_stop_requests(s, fleet.host), read_only=True)
        now_on = held.run(lambda s: s.execute(text("SELECT CONNECTION_ID()")).scalar_one())
    finally:
        held.close()
    assert [request.run_id for request in found] == [running.run_id]
    assert now_on != gone


def test_listeners_an_empty_list_and_sqlite_take_sqlalchemys_path(
    mariadb_fleet: Fleet, fleet: Fleet
) -> None:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(statement)

    engine = mariadb_fleet.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        with engine.connect() as conn, conn.begin():
            assert not on_driver_cursor(conn)
            leases._RUNS_TO_STOP.execute(conn, {"host": mariadb_fleet.host})
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert any("pool_runs" in statement for statement in seen)
    with engine.connect() as conn, conn.begin():
        assert on_driver_cursor(conn)
        assert claim._DELETE_READY.execute(conn, {"ids": []}).rowcount == 0
        with pytest.raises(InvalidRequestError, match="'host'"):
            leases._RUNS_TO_STOP.execute(conn, {})
    with fleet.engine.connect() as conn, conn.begin():  # the default backend: SQLite
        if fleet.engine.dialect.name == "sqlite":
            assert not on_driver_cursor(conn)
        assert leases._RUNS_TO_STOP.execute(conn, {"host": fleet.host}).rows == []


def test_a_write_on_a_connection_not_yet_begun_is_committed_by_its_commit(
    mariadb_fleet: Fleet,
) -> None:
    fleet = mariadb_fleet
    ids = _pool_in_use(fleet)
    with fleet.engine.connect() as conn:  # "commit as you go": no begin() of its own
        assert on_driver_cursor(conn)
        claim._DELETE_READY.execute(conn, {"ids": ids["ready"][:1]})
        conn.commit()
    left = fleet.tx(lambda s: s.execute(select(READY.c.id)).scalars().all())
    assert ids["ready"][0] not in left
    assert len(left) == len(ids["ready"]) - 1
