"""Two PCs ending a batch together: every "the last one settles it" rule, interleaved.

Issue 9: on MariaDB (READ COMMITTED) two hosts finishing a batch's last two tasks
in overlapping transactions each saw the other's task still running, and the batch
stayed ``active`` for ever. Each test here fixes the interleaving itself: host A's
transaction is held open after its writes while host B's runs beside it (and, where
B must wait for A, the test sees it wait), or both are stopped at a barrier just
before their completion checks. On SQLite a second writer always waits for the
first, which the same tests check too.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import text, update

import db.pool.finish
from db.pool.errors import InvalidRequest
from db.pool.finish import finish_runs
from db.pool.sql import BATCHES
from db.pool.states import BatchState, ErrorClass, TargetKind, TaskState
from db.pool.stop import pause_batch, resume_batch
from db.pool.submit import extend_batch, submit_batch
from db.pool.values import BatchSpec, RunReport, Targets
from tests.support.overlap import HANG_LIMIT_S, beside, held_open, lock_waits, until_done_or_waiting
from tests.support.pool import STAND_IN_FLOW

if TYPE_CHECKING:
    from db.pool.values import Claim
    from tests.support.pool import Fleet


def _two_hosts_running_the_last_two(fleet: Fleet, **options: Any) -> tuple[int, Claim, Claim]:
    other_pc = fleet.with_host("rack-pc-2")
    batch = fleet.submit(count=2, **options)
    (on_a,) = fleet.claim([0])
    (on_b,) = other_pc.claim([1])
    return batch, on_a, on_b


def _finish(run_id: int, report: RunReport | None = None) -> Any:
    chosen = report or RunReport.success()
    return lambda s: finish_runs(s, [(run_id, chosen)])


@pytest.mark.parametrize(
    "report",
    [None, RunReport.failure(ErrorClass.FATAL, "creator does not exist")],
    ids=["success", "fatal"],
)
def test_a_batch_completes_when_b_finishes_while_a_is_still_open(
    fleet: Fleet, report: RunReport | None
) -> None:
    batch, on_a, on_b = _two_hosts_running_the_last_two(fleet)
    waiting = fleet.submit(count=1, after_batch_id=batch) if report is None else None
    with held_open(fleet.engine, _finish(on_a.run_id, report)):
        host_b = beside(fleet.engine, _finish(on_b.run_id))
        until_done_or_waiting(host_b, fleet.engine)
    host_b.outcome()
    status = fleet.status(batch)
    assert status.state == BatchState.COMPLETED
    assert status.finished_at is not None
    if waiting is not None:  # the --after batch is released by whoever completed it
        assert fleet.status(waiting).state == BatchState.ACTIVE


@pytest.mark.mariadb
@pytest.mark.parametrize(
    "reports",
    [
        (None, None),
        (RunReport.failure(ErrorClass.DEVICE, "account restricted"), None),
        (RunReport.failure(ErrorClass.RETRYABLE, "app crashed"), None),
    ],
    ids=["both-succeed", "device-and-success", "gave-up-and-success"],
)
def test_both_hosts_check_at_the_same_moment(
    mariadb_fleet: Fleet,
    monkeypatch: pytest.MonkeyPatch,
    reports: tuple[RunReport | None, RunReport | None],
) -> None:
    """Both transactions have written their task and check for open work at once."""
    fleet = mariadb_fleet
    # each-device, one attempt: a device error is the task's result and a retryable one
    # spends the budget, so every report here ends its task.
    two_phones = Targets(TargetKind.DEVICES, devices=tuple(fleet.serials[:2]))
    batch, on_a, on_b = _two_hosts_running_the_last_two(
        fleet, mode="each-device", targets=two_phones, max_attempts=1
    )
    downstream = fleet.submit(count=1, after_batch_id=batch)
    both_wrote = threading.Barrier(2, timeout=30)
    checked: dict[int, threading.Event] = {}
    connection: dict[int, int] = {}
    real = db.pool.finish.complete_batches

    def check_together(conn: Any, batch_ids: Any) -> None:
        me = threading.get_ident()
        if me in checked:  # a retried transaction goes on alone
            real(conn, batch_ids)
            return
        checked[me] = threading.Event()
        connection[me] = conn.execute(text("SELECT CONNECTION_ID()")).scalar_one()
        both_wrote.wait()  # both have written their task; now both check
        try:
            real(conn, batch_ids)
        finally:
            checked[me].set()
        # Commit only once the other has checked too, or waits for a lock this holds.
        (other,) = set(checked) - {me}
        deadline = time.monotonic() + HANG_LIMIT_S
        while not checked[other].is_set() and not lock_waits(fleet.engine, {connection[other]}):
            assert time.monotonic() < deadline, "the other host neither checked nor waited"
            time.sleep(0.01)

    monkeypatch.setattr(db.pool.finish, "complete_batches", check_together)
    host_a = beside(fleet.engine, _finish(on_a.run_id, reports[0]))
    host_b = beside(fleet.engine, _finish(on_b.run_id, reports[1]))
    host_a.outcome()
    host_b.outcome()
    assert fleet.status(batch).state == BatchState.COMPLETED
    assert fleet.status(downstream).state == BatchState.ACTIVE


def test_the_reaper_settles_a_batch_left_active_with_every_task_ended(fleet: Fleet) -> None:
    """The repairing pass: a batch some older version (or a lost settle) left behind."""
    upstream = fleet.submit(count=1)
    waiting = fleet.submit(count=1, after_batch_id=upstream)
    (claim,) = fleet.claim([0])
    fleet.finish(claim.run_id)
    fleet.tx(  # as the race left it: every task succeeded, the batch still active
        lambda s: s.execute(
            update(BATCHES)
            .where(BATCHES.c.id.in_([upstream, waiting]))
            .values(state=BatchState.ACTIVE, finished_at=None)
        )
    )
    fleet.tx(
        lambda s: s.execute(
            update(BATCHES).where(BATCHES.c.id == waiting).values(state=BatchState.WAITING)
        )
    )
    fleet.reap()
    assert fleet.status(upstream).state == BatchState.COMPLETED
    assert fleet.status(upstream).finished_at is not None
    assert fleet.status(waiting).state == BatchState.ACTIVE


def test_the_reaper_releases_a_batch_waiting_on_a_finished_upstream(fleet: Fleet) -> None:
    upstream = fleet.submit(count=1)
    waiting = fleet.submit(count=1, after_batch_id=upstream)
    (claim,) = fleet.claim([0])
    fleet.finish(claim.run_id)
    fleet.tx(  # a release that never happened
        lambda s: s.execute(
            update(BATCHES).where(BATCHES.c.id == waiting).values(state=BatchState.WAITING)
        )
    )
    fleet.reap()
    assert fleet.status(waiting).state == BatchState.ACTIVE
    assert {c.batch_id for c in fleet.claim()} == {waiting}


def _submit_after(upstream: int) -> Any:
    spec = BatchSpec(flow=STAND_IN_FLOW, params={}, count=1, after_batch_id=upstream)
    return lambda s: submit_batch(s, spec)


def test_a_batch_submitted_after_one_completing_now_is_released(fleet: Fleet) -> None:
    upstream = fleet.submit(count=1)
    (claim,) = fleet.claim([0])
    with held_open(fleet.engine, _finish(claim.run_id)):  # the upstream completes
        submitter = beside(fleet.engine, _submit_after(upstream))
        until_done_or_waiting(submitter, fleet.engine)
    waiting = submitter.outcome()
    assert fleet.status(upstream).state == BatchState.COMPLETED
    assert fleet.status(waiting).state == BatchState.ACTIVE


def test_a_mapped_batch_submitted_while_its_upstream_completes_completes(fleet: Fleet) -> None:
    upstream = fleet.submit(count=1)
    (claim,) = fleet.claim([0])
    spec = BatchSpec(
        flow=STAND_IN_FLOW, params={}, after_batch_id=upstream, mapping={"title": "title"}
    )
    with held_open(fleet.engine, _finish(claim.run_id)):
        submitter = beside(fleet.engine, lambda s: submit_batch(s, spec))
        until_done_or_waiting(submitter, fleet.engine)
    mapped = submitter.outcome()
    assert fleet.status(mapped).state == BatchState.COMPLETED  # no item came: nothing to do


def test_a_batch_submitted_while_its_upstream_fails_fatally_is_refused(fleet: Fleet) -> None:
    upstream = fleet.submit(count=2)
    (claim,) = fleet.claim([0])
    fatal = RunReport.failure(ErrorClass.FATAL, "creator does not exist")
    with held_open(fleet.engine, _finish(claim.run_id, fatal)):
        submitter = beside(fleet.engine, _submit_after(upstream))
        until_done_or_waiting(submitter, fleet.engine)
    with pytest.raises(InvalidRequest, match="failed with a fatal error"):
        submitter.outcome()


def test_a_batch_submitted_just_before_its_upstream_fails_fatally_is_stopped(
    fleet: Fleet,
) -> None:
    upstream = fleet.submit(count=2)
    (claim,) = fleet.claim([0])
    fatal = RunReport.failure(ErrorClass.FATAL, "creator does not exist")
    with held_open(fleet.engine, _submit_after(upstream)) as waiting:
        host = beside(fleet.engine, _finish(claim.run_id, fatal))
        until_done_or_waiting(host, fleet.engine)
    host.outcome()
    status = fleet.status(waiting)
    assert status.state == BatchState.STOPPED
    assert "creator does not exist" in (status.stop_reason or "")


def test_a_batch_submitted_just_before_its_upstream_completes_is_released(
    fleet: Fleet,
) -> None:
    upstream = fleet.submit(count=1)
    (claim,) = fleet.claim([0])
    with held_open(fleet.engine, _submit_after(upstream)) as waiting:
        host = beside(fleet.engine, _finish(claim.run_id))
        until_done_or_waiting(host, fleet.engine)
    host.outcome()
    assert fleet.status(waiting).state == BatchState.ACTIVE


def test_a_pause_while_the_upstream_completes_is_kept(fleet: Fleet) -> None:
    upstream = fleet.submit(count=1)
    waiting = fleet.submit(count=1, after_batch_id=upstream)
    (claim,) = fleet.claim([0])
    with held_open(fleet.engine, lambda s: pause_batch(s, waiting, "ann")):
        host = beside(fleet.engine, _finish(claim.run_id))
        until_done_or_waiting(host, fleet.engine)
    host.outcome()
    assert fleet.status(upstream).state == BatchState.COMPLETED
    assert fleet.status(waiting).state == BatchState.PAUSED
    assert fleet.claim() == []
    assert fleet.tx(lambda s: resume_batch(s, waiting)) == BatchState.ACTIVE
    assert {c.batch_id for c in fleet.claim()} == {waiting}


def test_a_resume_while_the_upstream_completes_does_not_wait_for_ever(fleet: Fleet) -> None:
    upstream = fleet.submit(count=1)
    waiting = fleet.submit(count=1, after_batch_id=upstream)
    fleet.tx(lambda s: pause_batch(s, waiting, "ann"))
    (claim,) = fleet.claim([0])
    with held_open(fleet.engine, _finish(claim.run_id)):
        resumer = beside(fleet.engine, lambda s: resume_batch(s, waiting))
        until_done_or_waiting(resumer, fleet.engine)
    resumer.outcome()
    assert fleet.status(waiting).state == BatchState.ACTIVE
    assert {c.batch_id for c in fleet.claim()} == {waiting}


def _one_phone_batch(fleet: Fleet) -> int:
    one_phone = Targets(TargetKind.DEVICES, devices=(fleet.serials[0],))
    return fleet.submit(mode="each-device", targets=one_phone)


def _extend(batch: int, fleet: Fleet) -> Any:
    grow = Targets(TargetKind.DEVICES, devices=tuple(fleet.serials[:2]))
    return lambda s: extend_batch(s, batch, grow)


def test_a_roster_extended_while_its_last_task_ends_is_refused(fleet: Fleet) -> None:
    batch = _one_phone_batch(fleet)
    (claim,) = fleet.claim([0])
    with held_open(fleet.engine, _finish(claim.run_id)):  # the batch completes
        extender = beside(fleet.engine, _extend(batch, fleet))
        until_done_or_waiting(extender, fleet.engine)
    with pytest.raises(InvalidRequest, match="cannot be extended"):
        extender.outcome()
    assert fleet.status(batch).state == BatchState.COMPLETED


def test_a_roster_extended_just_before_its_last_task_ends_keeps_the_new_task(
    fleet: Fleet,
) -> None:
    batch = _one_phone_batch(fleet)
    (claim,) = fleet.claim([0])
    with held_open(fleet.engine, _extend(batch, fleet)) as added:
        host = beside(fleet.engine, _finish(claim.run_id))
        until_done_or_waiting(host, fleet.engine)
    host.outcome()
    assert added == 1
    assert fleet.status(batch).state == BatchState.ACTIVE  # the new phone's task is to run
    (second,) = fleet.claim([1])
    fleet.finish(second.run_id)
    assert fleet.status(batch).state == BatchState.COMPLETED
    assert {t.state for t in fleet.tasks(batch)} == {TaskState.SUCCEEDED}
