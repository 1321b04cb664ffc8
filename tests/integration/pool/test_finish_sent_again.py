"""A finish sent again after the database's answer to it was lost.

The commit went through, the connection did not: the host agent keeps the reports
and sends them again when the database is back, and ``HeldConnection`` runs a
transaction again on a new connection. Such a report was applied: it is acknowledged
as applied and changes nothing (no late result, no second success). On SQLite and
MariaDB.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.pool.finish import finish_runs
from db.pool.leases import reap_expired_leases
from db.pool.states import ErrorClass, Mode, RunStatus, TaskState
from db.pool.values import RunReport
from tests.support.overlap import beside, held_open, until_done_or_waiting

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sqlalchemy.orm import Session

    from db.pool.values import FinishResult
    from tests.support.pool import Fleet


def _finish(fleet: Fleet, reports: Sequence[tuple[int, RunReport]]) -> list[FinishResult]:
    return fleet.tx(lambda s: finish_runs(s, list(reports)))  # type: ignore[no-any-return]


def test_a_success_sent_again_is_acknowledged_and_changes_nothing(fleet: Fleet) -> None:
    batch = fleet.submit(count=1)
    (claim,) = fleet.claim([0])
    first = _finish(fleet, [(claim.run_id, RunReport.success())])

    again = _finish(fleet, [(claim.run_id, RunReport.success())])

    assert [(r.accepted, r.task_state) for r in first] == [(True, TaskState.SUCCEEDED)]
    assert [(r.accepted, r.task_state) for r in again] == [(True, TaskState.SUCCEEDED)]
    run = fleet.run(claim.run_id)
    assert (run.status, run.late_result) == (RunStatus.SUCCEEDED, None)
    (task,) = fleet.tasks(batch)
    assert task.succeeded_count == 1


def test_a_group_of_successes_sent_again_counts_once_while_the_task_runs_on(
    make_fleet: Callable[..., Fleet],
) -> None:
    """A spread task wants four accounts. Phones 0 and 1 succeed in one finish (one
    statement closes both); phones 2 and 3 take the task's other two places; then the
    first finish arrives again. Read back by status, both runs said "succeeded" and
    were counted a second time: the task ended with two successes, its two attempts
    still running."""
    fleet = make_fleet(phones=4)
    batch = fleet.submit(count=1, mode=Mode.SPREAD, successes=4)
    first_two = fleet.claim([0, 1])
    reports = [(claim.run_id, RunReport.success()) for claim in first_two]
    _finish(fleet, reports)
    assert len(fleet.claim([2, 3])) == 2

    again = _finish(fleet, reports)

    assert [r.accepted for r in again] == [True, True]
    assert {r.task_state for r in again} == {TaskState.RUNNING}
    (task,) = fleet.tasks(batch)
    assert (task.succeeded_count, task.running_count, task.state) == (2, 2, TaskState.RUNNING)
    assert [fleet.run(run_id).late_result for run_id, _ in reports] == [None, None]


def test_sent_again_while_the_first_send_is_still_open_it_waits_and_counts_once(
    make_fleet: Callable[..., Fleet],
) -> None:
    """Two PCs' view of one PC: the first send's transaction is still open on the
    server (its connection died, the server has not yet noticed) when the same reports
    arrive on a new connection. The second waits for the first's locks, then finds the
    runs closed by it: the spread task has two successes and two attempts running."""
    fleet = make_fleet(phones=4)
    batch = fleet.submit(count=1, mode=Mode.SPREAD, successes=4)
    claims = fleet.claim([0, 1, 2, 3])
    reports = [(claim.run_id, RunReport.success()) for claim in claims[:2]]

    def send(session: Session) -> list[FinishResult]:
        return finish_runs(session, reports)

    with held_open(fleet.engine, send) as first:
        second = beside(fleet.engine, send)
        assert until_done_or_waiting(second, fleet.engine) == "waiting"
    again = second.outcome()

    assert [r.accepted for r in first] == [r.accepted for r in again] == [True, True]
    (task,) = fleet.tasks(batch)
    assert (task.succeeded_count, task.running_count, task.state) == (2, 2, TaskState.RUNNING)


def test_the_reaper_beside_a_group_finish_leaves_its_runs_to_it(
    make_fleet: Callable[..., Fleet],
) -> None:
    """A PC closes two successes, one of whose lease has just run out, while another
    PC's reaper runs: on MariaDB the reaper skips the rows the finish holds, on SQLite
    it waits; either way the runs are the finish's, each task succeeds once."""
    fleet = make_fleet(phones=2)
    batch = fleet.submit(count=2)
    claims = fleet.claim([0, 1])
    fleet.expire_lease(claims[0].run_id)
    reports = [(claim.run_id, RunReport.success()) for claim in claims]

    with held_open(fleet.engine, lambda s: finish_runs(s, reports)) as results:
        reaper = beside(fleet.engine, reap_expired_leases)
        seen = until_done_or_waiting(reaper, fleet.engine)
        assert seen == ("done" if fleet.engine.dialect.name == "mysql" else "waiting")
    assert reaper.outcome() == 0

    assert [r.accepted for r in results] == [True, True]
    assert [t.succeeded_count for t in fleet.tasks(batch)] == [1, 1]
    runs = [fleet.run(claim.run_id) for claim in claims]
    assert [(r.status, r.late_result) for r in runs] == [(RunStatus.SUCCEEDED, None)] * 2


def test_a_failure_sent_again_spends_one_attempt_not_two(fleet: Fleet) -> None:
    batch = fleet.submit(count=1, max_attempts=3)
    (claim,) = fleet.claim([0])
    report = RunReport.failure(ErrorClass.RETRYABLE, "the app froze", error_code="app_frozen")
    _finish(fleet, [(claim.run_id, report)])
    (before,) = fleet.tasks(batch)

    (again,) = _finish(fleet, [(claim.run_id, report)])

    assert again.accepted
    (after,) = fleet.tasks(batch)
    assert after == before  # the task row, every count and state, as the first left it
    run = fleet.run(claim.run_id)
    assert (run.status, run.error_code, run.late_result) == (
        RunStatus.FAILED,
        "app_frozen",
        None,
    )


def test_a_report_after_the_lease_ran_out_is_still_kept_as_a_late_result(fleet: Fleet) -> None:
    """The reaper closed the run (lease_expired): the holder's success that comes after
    is not the same outcome, so it is the late result it always was."""
    fleet.submit(count=1)
    (claim,) = fleet.claim([0])
    fleet.expire_lease(claim.run_id)
    assert fleet.reap() == 1

    (late,) = _finish(fleet, [(claim.run_id, RunReport.success())])

    assert not late.accepted
    run = fleet.run(claim.run_id)
    assert run.status == RunStatus.FAILED
    assert run.late_result is not None
