"""Error classes, retries with backoff, leases, the reaper and fenced completion."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import update

from db.clock import db_now_plus
from db.pool.errors import InvalidRequest
from db.pool.leases import abandon_device_runs, renew_leases
from db.pool.sql import RUNS
from db.pool.states import ErrorClass, RunStatus, TaskState
from db.pool.stop import stop_batch
from db.pool.submit import retry_failed
from db.pool.values import RunReport

if TYPE_CHECKING:
    from tests.support.pool import Fleet

FLAKY = RunReport.failure(ErrorClass.RETRYABLE, "screen did not load", step="open video")


def test_retryable_failure_waits_its_backoff_then_runs_again(fleet: Fleet) -> None:
    fleet.submit(count=1, retry_delay_s=0.4, max_attempts=3)
    (first,) = fleet.claim([0])
    assert fleet.finish(first.run_id, FLAKY).task_state == TaskState.SCHEDULED
    task = fleet.task(first.task_id)
    assert task.failed_attempts == 1
    assert task.retry_at is not None
    assert fleet.claim() == []  # not before its retry time
    deadline = time.monotonic() + 5
    while fleet.dispatch() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    (again,) = fleet.claim([0])  # the same account may try again
    assert (again.task_id, again.attempt) == (first.task_id, 2)


def test_retry_budget_spent_fails_the_task_with_the_last_error(fleet: Fleet) -> None:
    batch = fleet.submit(count=1, max_attempts=2)
    for _ in range(2):
        (claim,) = fleet.claim([0])
        result = fleet.finish(claim.run_id, FLAKY)
    assert result.task_state == TaskState.FAILED
    task = fleet.task(claim.task_id)
    assert task.reason == "gave up after 2 failed attempts: screen did not load"
    assert task.last_error_class == ErrorClass.RETRYABLE
    assert fleet.status(batch).state == "completed"


def test_fatal_failure_is_not_retried(fleet: Fleet) -> None:
    fleet.submit(count=1, max_attempts=5)
    (claim,) = fleet.claim([0])
    fatal = RunReport.failure(ErrorClass.FATAL, "video was deleted")
    assert fleet.finish(claim.run_id, fatal).task_state == TaskState.FAILED
    assert fleet.task(claim.task_id).reason == "video was deleted"
    assert fleet.claim() == []


def test_poll_reports_an_attempt_past_its_max_run_time(fleet: Fleet) -> None:
    fleet.submit(count=1, timeout_s=1)
    (claim,) = fleet.claim([0])
    assert fleet.polls() == []
    time.sleep(1.2)
    (request,) = fleet.polls()
    assert (request.run_id, request.error_class) == (claim.run_id, ErrorClass.TIMEOUT)
    assert "1 s" in request.reason
    timeout = RunReport.failure(ErrorClass.TIMEOUT, request.reason)
    assert fleet.finish(claim.run_id, timeout).task_state == TaskState.QUEUED
    assert fleet.task(claim.task_id).failed_attempts == 1  # a timeout spends an attempt
    assert fleet.run(claim.run_id).error_class == ErrorClass.TIMEOUT


def test_reaper_times_out_an_attempt_its_host_never_stopped(fleet: Fleet) -> None:
    fleet.submit(count=1, timeout_s=1)
    (claim,) = fleet.claim([0])
    fleet.tx(
        lambda s: s.execute(
            update(RUNS).where(RUNS.c.id == claim.run_id).values(deadline_at=db_now_plus(-60))
        )
    )
    assert fleet.reap() == 1
    run = fleet.run(claim.run_id)
    assert (run.status, run.error_class) == (RunStatus.FAILED, ErrorClass.TIMEOUT)


def test_expired_lease_is_reaped_retried_and_fences_the_late_worker(fleet: Fleet) -> None:
    fleet.submit(count=1)
    (lost,) = fleet.claim([0])
    fleet.expire_lease(lost.run_id)
    assert fleet.reap() == 1
    run = fleet.run(lost.run_id)
    assert (run.status, run.error_class) == (RunStatus.FAILED, ErrorClass.LEASE_EXPIRED)
    assert run.lease_expires_at is None
    (retry,) = fleet.claim([1])
    assert retry.task_id == lost.task_id
    assert retry.attempt == 2
    # The first worker comes back and says it succeeded: refused, kept for audit.
    late = fleet.finish(lost.run_id, RunReport.success())
    assert late.accepted is False
    run = fleet.run(lost.run_id)
    assert run.status == RunStatus.FAILED
    assert json.loads(run.late_result)["status"] == "succeeded"
    assert fleet.task(lost.task_id).state == TaskState.RUNNING  # the retry still owns it
    assert fleet.finish(retry.run_id).accepted is True
    assert fleet.task(lost.task_id).state == TaskState.SUCCEEDED


def test_items_emitted_after_the_lease_was_lost_are_kept_but_start_nothing(fleet: Fleet) -> None:
    upstream = fleet.submit(count=1)
    downstream = fleet.submit(after_batch_id=upstream, mapping={"title": "title"})
    (lost,) = fleet.claim([0])
    fleet.expire_lease(lost.run_id)
    fleet.reap()
    result = fleet.emit(lost.run_id, ("v1", {"title": "late"}))
    assert (result.accepted, result.stored, result.downstream_tasks) == (False, 1, 0)
    assert fleet.tasks(downstream) == []


def test_renewal_keeps_the_lease_and_reports_lost_ones(fleet: Fleet) -> None:
    fleet.submit(count=2, lease_s=30)
    kept, lost = fleet.claim([0, 1])
    before = fleet.run(kept.run_id).lease_expires_at
    fleet.expire_lease(lost.run_id)
    fleet.reap()
    held = fleet.tx(lambda s: renew_leases(s, fleet.host, [kept.run_id, lost.run_id]))
    assert held == [kept.run_id]
    assert fleet.run(kept.run_id).lease_expires_at >= before
    assert fleet.reap() == 0


def test_a_restarted_pc_abandons_what_its_phones_were_running(fleet: Fleet) -> None:
    fleet.submit(count=2)
    claims = fleet.claim([0, 1])
    assert fleet.tx(lambda s: abandon_device_runs(s, [fleet.devices[0]])) == 1
    assert fleet.run(claims[0].run_id).error_class == ErrorClass.LEASE_EXPIRED
    assert fleet.run(claims[1].run_id).status == RunStatus.RUNNING


def test_reports_must_carry_a_class_exactly_when_they_fail(fleet: Fleet) -> None:
    fleet.submit(count=1)
    (claim,) = fleet.claim([0])
    with pytest.raises(ValueError, match="error class"):
        fleet.finish(claim.run_id, RunReport(succeeded=False))
    assert fleet.run(claim.run_id).status == RunStatus.RUNNING


def test_failed_tasks_can_be_retried_as_a_new_batch(fleet: Fleet) -> None:
    batch = fleet.submit(count=3, max_attempts=1, params={"creator": "ann"})
    claims = fleet.claim()
    fleet.finish(claims[0].run_id)
    fleet.finish(claims[1].run_id, FLAKY)
    fleet.finish(claims[2].run_id, RunReport.failure(ErrorClass.FATAL, "gone"))
    again = fleet.tx(lambda s: retry_failed(s, batch, "bea@pc"))
    status = fleet.status(again)
    assert (status.task_count, status.tasks.queued, status.submitted_by) == (2, 2, "bea@pc")
    assert sorted(c.params["creator"] for c in fleet.claim()) == ["ann", "ann"]
    with pytest.raises(InvalidRequest, match="no failed tasks"):
        fleet.tx(lambda s: retry_failed(s, again, "bea@pc"))


def test_cancelled_tasks_are_retried_only_when_asked(fleet: Fleet) -> None:
    batch = fleet.submit(count=3, max_attempts=1)
    (claim,) = fleet.claim([0])
    fleet.finish(claim.run_id, RunReport.failure(ErrorClass.FATAL, "gone"))
    fleet.tx(lambda s: stop_batch(s, batch, "ops"))  # the other two are cancelled
    assert fleet.status(batch).tasks.cancelled == 2
    failed_only = fleet.tx(lambda s: retry_failed(s, batch, "bea@pc"))
    assert fleet.status(failed_only).task_count == 1
    both = fleet.tx(lambda s: retry_failed(s, batch, "bea@pc", include_cancelled=True))
    assert fleet.status(both).task_count == 3
    stopped = fleet.submit(count=2)
    fleet.tx(lambda s: stop_batch(s, stopped, "ops"))
    with pytest.raises(InvalidRequest, match="no failed tasks"):
        fleet.tx(lambda s: retry_failed(s, stopped, "bea@pc"))
