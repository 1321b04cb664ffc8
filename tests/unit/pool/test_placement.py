"""Where a task goes after an event: the placement rule, without a database."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest

from db.pool import keys
from db.pool.failures import MAX_BACKOFF_S, backoff_seconds
from db.pool.placement import decide
from db.pool.states import BatchState, TaskState

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class TaskFacts:
    state: TaskState = TaskState.RUNNING
    required: int = 1
    succeeded_count: int = 0
    running_count: int = 0
    failed_attempts: int = 0
    stop_state: TaskState | None = None
    reason: str | None = None
    retry_at: datetime | None = None


@dataclass(frozen=True)
class BatchFacts:
    state: BatchState = BatchState.ACTIVE
    max_attempts: int = 3
    stop_reason: str | None = None


TASK, BATCH = TaskFacts(), BatchFacts()


def test_an_idle_task_of_an_active_batch_waits_on_a_ready_row() -> None:
    placement = decide(TASK, BATCH, NOW)
    assert (placement.state, placement.ready_slots) == (TaskState.QUEUED, 1)


def test_enough_successes_finish_the_task() -> None:
    assert decide(replace(TASK, succeeded_count=1), BATCH, NOW).state == TaskState.SUCCEEDED


def test_a_spread_task_keeps_its_open_places_while_others_run() -> None:
    spread = replace(TASK, required=3, succeeded_count=1, running_count=1)
    placement = decide(spread, BATCH, NOW)
    assert (placement.state, placement.ready_slots) == (TaskState.RUNNING, 1)


def test_a_stop_waits_for_running_attempts_then_ends_the_task() -> None:
    stopping = replace(TASK, stop_state=TaskState.CANCELLED, reason="by ann", running_count=1)
    assert decide(stopping, BATCH, NOW).state == TaskState.RUNNING
    done = decide(replace(stopping, running_count=0), BATCH, NOW)
    assert (done.state, done.reason, done.terminal) == (TaskState.CANCELLED, "by ann", True)


def test_a_stopped_batch_cancels_its_idle_tasks_with_its_reason() -> None:
    stopped = replace(BATCH, state=BatchState.STOPPED, stop_reason="batch 3 stopped by bo")
    placement = decide(TASK, stopped, NOW)
    assert (placement.state, placement.reason) == (TaskState.CANCELLED, "batch 3 stopped by bo")


def test_a_spent_budget_fails_the_task_naming_the_last_error() -> None:
    spent = replace(TASK, failed_attempts=3, reason="timeout")
    placement = decide(spent, BATCH, NOW)
    assert placement.state == TaskState.FAILED
    assert placement.reason == "gave up after 3 failed attempts: timeout"


@pytest.mark.parametrize(
    ("batch_state", "expected"),
    [(BatchState.PAUSED, TaskState.HELD), (BatchState.WAITING, TaskState.BLOCKED)],
)
def test_paused_and_waiting_batches_hold_their_tasks(
    batch_state: BatchState, expected: TaskState
) -> None:
    placement = decide(TASK, replace(BATCH, state=batch_state), NOW)
    assert (placement.state, placement.ready_slots) == (expected, None)


def test_a_retry_waits_for_its_time_then_queues() -> None:
    placement = decide(TASK, BATCH, NOW, retry_in=30)
    assert placement.state == TaskState.SCHEDULED
    assert placement.retry_at == NOW + timedelta(seconds=30)
    later = replace(TASK, retry_at=placement.retry_at)
    assert decide(later, BATCH, NOW + timedelta(seconds=31)).state == TaskState.QUEUED


def test_a_finished_task_stays_finished() -> None:
    done = replace(TASK, state=TaskState.FAILED, reason="x")
    assert decide(done, replace(BATCH, state=BatchState.STOPPED), NOW).state == TaskState.FAILED


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    for attempt, ceiling in ((1, 15), (2, 30), (3, 60)):
        samples = [backoff_seconds(15, attempt) for _ in range(200)]
        assert all(ceiling / 2 <= s <= ceiling for s in samples)
        assert len(set(samples)) > 100  # jittered, not fixed
    assert backoff_seconds(15, 30) <= MAX_BACKOFF_S
    assert backoff_seconds(0, 5) == 0


def test_slot_targets_and_actors() -> None:
    assert keys.slot_targets(7, None) == ["dev:7", "*"]
    assert keys.slot_targets(7, 3) == ["dev:7", "acct:3", "*", "*acct"]
    assert keys.slot_targets(None, None) == ["host"]
    assert keys.actor_key(1, 7, 3) == "acct:3"
    assert keys.actor_key(1, 7, None) == "dev:7"  # a phone without an account is itself
    assert keys.actor_key(1, None, None) == "host:1"
    assert keys.shared_target(needs_device=True, needs_account=True) == "*acct"
