"""A device-class failure bars the account from the rest of its batch (issue 9).

A restricted account used to take and fail one task after another, each failure
excluding it from that task only: 17 of a 24-task batch in 13 seconds. Now it is
barred from the whole batch by default (a flow may say the cause is the task's
alone), the phone carries the problem for its tile, and after a configured number
of such failures across batches the phone is drained and raised to the operator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from db.fleet_view import phone_rows
from db.models import AdminState
from db.pool.finish import finish_runs
from db.pool.sql import DEVICES, RUNS
from db.pool.states import BatchState, ErrorClass, RunStatus, TaskState
from db.pool.stop import resume_device
from db.pool.values import RunReport

if TYPE_CHECKING:
    from tests.support.pool import Fleet

RESTRICTED = RunReport.failure(
    ErrorClass.DEVICE, "this account is restricted", error_code="account_restricted"
)


def _work_through(fleet: Fleet, batch: int, drain_after: int = 3) -> None:
    """Every phone claims until nothing is left; phone 0's account is restricted."""
    for _ in range(200):
        claims = fleet.claim()
        if not claims:
            return
        reports = [
            (c.run_id, RESTRICTED if c.device_id == fleet.devices[0] else RunReport.success())
            for c in claims
        ]
        fleet.tx(lambda s, r=reports: finish_runs(s, r, drain_after=drain_after))
    raise AssertionError("the batch never ran dry")


def _attempts_of(fleet: Fleet, device_id: int, batch: int) -> list[str]:
    query = select(RUNS.c.status).where(RUNS.c.device_id == device_id, RUNS.c.batch_id == batch)
    return list(fleet.tx(lambda s: s.execute(query).scalars().all()))


def test_a_restricted_account_fails_one_task_of_a_24_task_batch_not_17(fleet: Fleet) -> None:
    batch = fleet.submit(count=24)
    _work_through(fleet, batch)
    assert _attempts_of(fleet, fleet.devices[0], batch) == [RunStatus.FAILED]
    status = fleet.status(batch)
    assert status.state == BatchState.COMPLETED
    assert status.tasks.succeeded == 24  # the other two phones did all of it


def test_the_phone_shows_the_problem_for_its_tile(fleet: Fleet) -> None:
    _work_through(fleet, fleet.submit(count=6))
    rows = {row.serial: row for row in fleet.tx(phone_rows)}
    assert rows[fleet.serials[0]].problem == "this account is restricted"
    assert rows[fleet.serials[0]].problem_code == "account_restricted"
    assert rows[fleet.serials[1]].problem == ""
    assert rows[fleet.serials[0]].attention == ""  # once is not yet a pattern


def test_a_flow_may_narrow_the_exclusion_to_the_one_task(fleet: Fleet) -> None:
    batch = fleet.submit(count=2)
    (first,) = fleet.claim([0])
    only_this = RunReport.failure(
        ErrorClass.DEVICE, "video hidden from this account", task_only=True
    )
    fleet.finish(first.run_id, only_this)
    (again,) = fleet.claim([0])  # the account still takes the batch's other task
    assert again.task_id != first.task_id
    fleet.finish(again.run_id)
    assert fleet.status(batch).tasks.succeeded == 1
    device = fleet.tx(
        lambda s: s.execute(select(DEVICES).where(DEVICES.c.id == fleet.devices[0])).one()
    )
    assert (device.problem_count, device.problem) == (0, None)  # not the account's fault


def test_after_three_batches_the_phone_is_drained_and_raised(fleet: Fleet) -> None:
    for n in range(3):
        _work_through(fleet, fleet.submit(count=4), drain_after=3)
        row = {r.serial: r for r in fleet.tx(phone_rows)}[fleet.serials[0]]
        assert row.admin_state == (AdminState.DRAINING if n == 2 else AdminState.ENABLED)
    assert "drained after 3 device-class failures" in row.attention
    assert "this account is restricted" in row.attention
    fleet.submit(count=4)
    assert fleet.claim([0]) == []  # a drained phone takes nothing
    fleet.tx(lambda s: resume_device(s, fleet.serials[0], "ann"))
    row = {r.serial: r for r in fleet.tx(phone_rows)}[fleet.serials[0]]
    assert (row.admin_state, row.attention, row.problem) == (AdminState.ENABLED, "", "")


def test_when_every_account_is_barred_the_tasks_fail_with_the_reason(make_fleet: object) -> None:
    fleet: Fleet = make_fleet(phones=2)  # type: ignore[operator]
    batch = fleet.submit(count=5)
    for claim in fleet.claim():
        fleet.finish(claim.run_id, RESTRICTED)
    status = fleet.status(batch)
    assert status.state == BatchState.COMPLETED
    assert status.tasks.failed == 5
    reasons = {t.reason for t in fleet.tasks(batch)}
    assert all("no eligible account left" in (r or "") for r in reasons)
    assert {t.state for t in fleet.tasks(batch)} == {TaskState.FAILED}


def test_each_device_failure_is_that_phones_result_and_is_noted(fleet: Fleet) -> None:
    batch = fleet.submit(mode="each-device")
    _work_through(fleet, batch)
    assert fleet.status(batch).tasks.failed == 1
    device = fleet.tx(
        lambda s: s.execute(select(DEVICES).where(DEVICES.c.id == fleet.devices[0])).one()
    )
    assert device.problem_count == 1
