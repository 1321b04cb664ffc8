"""An agent's tick in one transaction: what ended is recorded, idle phones get work.

``finish_and_claim`` claims before it records successes (so the completion check of
a batch locks nothing for long, or nothing at all), and records failures first (so a
drained phone or a barred account is seen by the claim). Interleaved with a second
PC's finish on MariaDB: the tick keeps no other PC waiting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from db.pool.finish import finish_runs
from db.pool.states import BatchState, ErrorClass, RunStatus, TaskState
from db.pool.tick import finish_and_claim
from db.pool.values import RunReport
from tests.support.overlap import beside, held_open, until_done_or_waiting

if TYPE_CHECKING:
    from tests.support.pool import Fleet


def test_a_tick_records_the_success_and_gives_the_phone_its_next_task(fleet: Fleet) -> None:
    batch = fleet.submit(count=3)
    (first,) = fleet.claim([0])
    results, claims, _ = fleet.tx(
        lambda s: finish_and_claim(
            s, fleet.host, [(first.run_id, RunReport.success())], [fleet.slot(0)]
        )
    )
    assert [r.accepted for r in results] == [True]
    assert fleet.task(first.task_id).state == TaskState.SUCCEEDED
    assert fleet.run(first.run_id).status == RunStatus.SUCCEEDED
    (second,) = claims
    assert second.device_id == fleet.devices[0]
    assert second.task_id != first.task_id
    assert fleet.run(second.run_id).status == RunStatus.RUNNING
    assert fleet.status(batch).state == BatchState.ACTIVE


def test_the_tick_that_ends_the_last_task_completes_the_batch(fleet: Fleet) -> None:
    batch = fleet.submit(count=1)
    (only,) = fleet.claim([0])
    _, claims, _ = fleet.tx(
        lambda s: finish_and_claim(
            s, fleet.host, [(only.run_id, RunReport.success())], [fleet.slot(0)]
        )
    )
    assert claims == []
    assert fleet.status(batch).state == BatchState.COMPLETED


def test_a_batch_completes_after_ticks_that_claimed_its_tasks(fleet: Fleet) -> None:
    """A tick that claims in the batch leaves its completion to whoever ends that task."""
    batch = fleet.submit(count=3)
    (run,) = fleet.claim([0])
    for _ in range(3):
        done = [(run.run_id, RunReport.success())]
        _, claims, _ = fleet.tx(
            lambda s, d=done: finish_and_claim(s, fleet.host, d, [fleet.slot(0)])
        )
        assert fleet.status(batch).state == (BatchState.ACTIVE if claims else BatchState.COMPLETED)
        if claims:
            (run,) = claims
    assert [t.state for t in fleet.tasks(batch)] == [TaskState.SUCCEEDED] * 3


def test_a_failure_that_drains_the_phone_is_seen_by_the_claim_of_the_same_tick(
    fleet: Fleet,
) -> None:
    fleet.submit(count=3)
    (run,) = fleet.claim([0])
    restricted = RunReport.failure(ErrorClass.DEVICE, "account restricted")
    results, claims, _ = fleet.tx(
        lambda s: finish_and_claim(
            s, fleet.host, [(run.run_id, restricted)], [fleet.slot(0)], drain_after=1
        )
    )
    assert [r.accepted for r in results] == [True]
    assert claims == []  # drained by this very failure: no new task for the phone
    assert fleet.claim_one(1) is not None  # the work itself is still there for others


@pytest.mark.mariadb
def test_a_tick_keeps_no_other_pc_waiting_to_finish(mariadb_fleet: Fleet) -> None:
    """PC A's tick is held open after its writes; PC B finishes its task beside it.

    Before, A's completion check share-locked B's running task until A committed,
    and B's finish waited; now A holds a task it has just claimed, and locks none.
    """
    fleet = mariadb_fleet
    other_pc = fleet.with_host("rack-pc-2")
    batch = fleet.submit(count=4)
    (on_b,) = other_pc.claim([1])
    (on_a,) = fleet.claim([0])
    done = [(on_a.run_id, RunReport.success())]
    with held_open(fleet.engine, lambda s: finish_and_claim(s, fleet.host, done, [fleet.slot(0)])):
        host_b = beside(
            fleet.engine, lambda s: finish_runs(s, [(on_b.run_id, RunReport.success())])
        )
        assert until_done_or_waiting(host_b, fleet.engine) == "done"
    assert host_b.outcome()[0].accepted
    states = sorted(t.state for t in fleet.tasks(batch))
    assert states.count(TaskState.SUCCEEDED) == 2
    assert states.count(TaskState.RUNNING) == 1  # the task A's tick claimed
    assert fleet.status(batch).state == BatchState.ACTIVE
