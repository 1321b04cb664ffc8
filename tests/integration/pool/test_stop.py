"""Stop a batch, a task or a phone; drain and resume phones; pause and resume batches."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from db.models import AdminState
from db.pool.errors import InvalidRequest
from db.pool.sql import RUNS
from db.pool.states import BatchState, ErrorClass, Mode, TaskState
from db.pool.stop import (
    drain_device,
    pause_batch,
    resume_batch,
    resume_device,
    set_batch_priority,
    stop_batch,
    stop_device,
    stop_task,
)
from db.pool.values import RunReport

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tests.support.pool import Fleet


def cancelled(reason: str) -> RunReport:
    """What a worker reports once a stop reached its flow."""
    return RunReport.failure(ErrorClass.CANCELLED, f"stopped: {reason}")


def test_stop_batch_cancels_waiting_tasks_and_tells_running_ones(fleet: Fleet) -> None:
    batch = fleet.submit(count=4)
    running = fleet.claim([0, 1])
    fleet.tx(lambda s: stop_batch(s, batch, "alice@rack-pc"))
    assert fleet.claim([2]) == []  # no claim after the stop committed
    status = fleet.status(batch)
    assert (status.state, status.tasks.cancelled, status.tasks.running) == ("stopped", 2, 2)
    started = time.monotonic()
    requests = fleet.polls()
    assert time.monotonic() - started < 1.0
    assert {r.run_id for r in requests} == {c.run_id for c in running}
    assert all(r.error_class == ErrorClass.CANCELLED for r in requests)
    assert requests[0].reason == f"batch {batch} stopped by alice@rack-pc"
    for request in requests:
        fleet.finish(request.run_id, cancelled(request.reason))
    status = fleet.status(batch)
    assert (status.tasks.cancelled, status.tasks.running) == (4, 0)
    assert status.finished_at is not None
    run = fleet.run(running[0].run_id)
    assert run.stop_reason == f"batch {batch} stopped by alice@rack-pc"  # who stopped it


def test_stop_of_a_finished_batch_is_refused(fleet: Fleet) -> None:
    batch = fleet.submit(count=1)
    fleet.finish(fleet.claim([0])[0].run_id)
    with pytest.raises(InvalidRequest, match="already completed"):
        fleet.tx(lambda s: stop_batch(s, batch, "bob"))


def test_no_claim_commits_after_a_stop_commits(fleet: Fleet) -> None:
    """Claimers keep going while the stop lands; none of their attempts starts after it."""
    # Far more tasks than the claimers can finish before the stop, on a fast machine too.
    batch = fleet.submit(count=5000)
    stop_flag = threading.Event()
    errors: list[BaseException] = []

    def keep_claiming(indices: list[int]) -> None:
        try:
            while not stop_flag.is_set():
                for claim in fleet.claim(indices):
                    fleet.finish(claim.run_id)
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    workers = [threading.Thread(target=keep_claiming, args=([i],)) for i in range(3)]
    for worker in workers:
        worker.start()
    runs = select(func.count()).select_from(RUNS).where(RUNS.c.batch_id == batch)
    deadline = time.monotonic() + 30
    while fleet.tx(lambda s: s.execute(runs).scalar_one()) < 20 and time.monotonic() < deadline:
        time.sleep(0.02)  # the stop must land while the claimers are at work

    def stop_and_list_runs(session: Session) -> set[int]:
        stop_batch(session, batch, "carol")
        # Read inside the stop's own transaction: every attempt that committed first.
        rows = session.execute(select(RUNS.c.id).where(RUNS.c.batch_id == batch))
        return set(rows.scalars())

    before_stop = fleet.tx(stop_and_list_runs)
    time.sleep(0.3)
    stop_flag.set()
    for worker in workers:
        worker.join()
    assert not errors, errors
    every_run = fleet.tx(
        lambda s: set(s.execute(select(RUNS.c.id).where(RUNS.c.batch_id == batch)).scalars())
    )
    assert before_stop, "the claimers never got going"
    assert every_run == before_stop, "an attempt was claimed after the stop committed"
    assert fleet.status(batch).tasks.queued == 0


def test_stop_task_cancels_one_task_only(fleet: Fleet) -> None:
    batch = fleet.submit(count=3)
    waiting_task = fleet.tasks(batch)[2].id
    (running,) = fleet.claim([0])
    assert fleet.tx(lambda s: stop_task(s, waiting_task, "dave")) == TaskState.CANCELLED
    assert fleet.tx(lambda s: stop_task(s, running.task_id, "dave")) == TaskState.RUNNING
    (request,) = fleet.polls()
    assert request.reason == f"task {running.task_id} stopped by dave"
    fleet.finish(running.run_id, cancelled(request.reason))
    states = [t.state for t in fleet.tasks(batch)]
    assert states == [TaskState.CANCELLED, TaskState.QUEUED, TaskState.CANCELLED]


def test_stopped_phone_hands_pool_work_back_at_no_cost(fleet: Fleet) -> None:
    fleet.submit(count=1, max_attempts=1)
    (claim,) = fleet.claim([0])
    fleet.tx(lambda s: stop_device(s, "SER000", "erin"))
    (request,) = fleet.polls()
    assert request.reason == "phone SER000 stopped by erin"
    result = fleet.finish(claim.run_id, cancelled(request.reason))
    assert result.task_state == TaskState.QUEUED
    task = fleet.task(claim.task_id)
    assert (task.failed_attempts, task.device_fails) == (0, 0)
    assert fleet.claim([0]) == []  # the stopped phone takes nothing
    (other,) = fleet.claim([1])
    assert other.task_id == claim.task_id
    assert fleet.run(claim.run_id).stop_reason == "phone SER000 stopped by erin"


def test_stopped_phone_each_device_task_waits_for_it_or_is_skipped(fleet: Fleet) -> None:
    waits = fleet.submit(mode=Mode.EACH_DEVICE)
    (claim,) = fleet.claim([0])
    fleet.tx(lambda s: stop_device(s, "SER000", "frank"))
    fleet.finish(claim.run_id, cancelled("phone stopped"))
    assert fleet.task(claim.task_id).state == TaskState.QUEUED  # waits for its phone
    assert [c.task_id for c in fleet.claim([1, 2])] != [claim.task_id]
    fleet.tx(lambda s: resume_device(s, "SER000", "frank"))
    assert fleet.claim([0])[0].task_id == claim.task_id
    skipped = fleet.submit(mode=Mode.EACH_DEVICE)
    count = fleet.tx(lambda s: stop_device(s, "SER001", "frank", skip_each_device=True))
    assert count >= 1
    mine = [t for t in fleet.tasks(skipped) if t.target == f"dev:{fleet.devices[1]}"]
    assert mine[0].state == TaskState.CANCELLED
    assert mine[0].reason == "skipped: phone SER001 stopped by frank"
    assert fleet.status(waits).tasks.running >= 1


def test_drained_phone_finishes_its_attempt_and_takes_no_more(fleet: Fleet) -> None:
    fleet.submit(count=3)
    (claim,) = fleet.claim([0])
    fleet.tx(lambda s: drain_device(s, "SER000", "gina"))
    assert fleet.polls() == []  # a drain does not stop the running attempt
    assert fleet.finish(claim.run_id).task_state == TaskState.SUCCEEDED
    assert fleet.claim([0]) == []
    fleet.tx(lambda s: resume_device(s, "SER000", "gina"))
    assert fleet.claim([0]) != []


def test_pause_stops_claims_and_resume_brings_them_back(fleet: Fleet) -> None:
    batch = fleet.submit(count=3)
    (running,) = fleet.claim([0])
    fleet.tx(lambda s: pause_batch(s, batch, "hana"))
    status = fleet.status(batch)
    assert (status.state, status.tasks.held) == (BatchState.PAUSED, 2)
    assert fleet.claim([1, 2]) == []
    assert fleet.polls() == []  # running attempts carry on
    fleet.finish(running.run_id)
    assert fleet.tx(lambda s: resume_batch(s, batch)) == BatchState.ACTIVE
    assert len(fleet.claim([1, 2])) == 2


def test_a_retry_due_while_paused_waits_for_resume(fleet: Fleet) -> None:
    batch = fleet.submit(count=1)
    (claim,) = fleet.claim([0])
    fleet.tx(lambda s: pause_batch(s, batch, "ivan"))
    fleet.finish(claim.run_id, RunReport.failure(ErrorClass.RETRYABLE, "flaky"))
    fleet.dispatch()
    assert fleet.claim() == []
    fleet.tx(lambda s: resume_batch(s, batch))
    assert fleet.claim([1])[0].task_id == claim.task_id


def test_priority_can_be_changed_for_waiting_tasks(fleet: Fleet) -> None:
    first = fleet.submit(count=1, priority=5)
    second = fleet.submit(count=1, priority=5)
    fleet.tx(lambda s: set_batch_priority(s, second, 1))
    assert fleet.claim([0])[0].batch_id == second
    assert fleet.status(second).priority == 1
    assert fleet.claim([1])[0].batch_id == first
    with pytest.raises(InvalidRequest, match="priority"):
        fleet.tx(lambda s: set_batch_priority(s, first, -1))


def test_unknown_phone_is_named(fleet: Fleet) -> None:
    with pytest.raises(Exception, match="NOPE"):
        fleet.tx(lambda s: stop_device(s, "NOPE", "x"))
    assert AdminState.ENABLED  # nothing else changed
