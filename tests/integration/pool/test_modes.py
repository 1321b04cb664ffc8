"""The three distribution modes: each-device, pool (with exclusions) and spread (both readings)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from db import fleet as fleet_repo
from db.models import AdminState
from db.pool.errors import InvalidRequest, NotFound
from db.pool.states import ErrorClass, Mode, TargetKind, TaskState
from db.pool.submit import extend_batch
from db.pool.values import RunReport, Targets

if TYPE_CHECKING:
    from tests.support.pool import Fleet

DEVICE_ERROR = RunReport.failure(ErrorClass.DEVICE, "account restricted", step="open profile")


def test_each_device_makes_one_task_per_phone_with_its_own_result(fleet: Fleet) -> None:
    fleet.tx(lambda s: fleet_repo.set_admin_state(s, "SER002", AdminState.DISABLED))
    batch = fleet.submit(mode=Mode.EACH_DEVICE)
    tasks = fleet.tasks(batch)
    assert [t.target for t in tasks] == [f"dev:{fleet.devices[0]}", f"dev:{fleet.devices[1]}"]
    first, second = fleet.claim([0]), fleet.claim([1])
    fleet.finish(first[0].run_id)
    fleet.finish(second[0].run_id, DEVICE_ERROR)
    states = {t.target: t.state for t in fleet.tasks(batch)}
    assert states == {
        f"dev:{fleet.devices[0]}": TaskState.SUCCEEDED,
        f"dev:{fleet.devices[1]}": TaskState.FAILED,  # its own result: not handed on
    }
    assert fleet.status(batch).state == "completed"


def test_each_device_roster_is_fixed_until_extended(fleet: Fleet) -> None:
    batch = fleet.submit(mode=Mode.EACH_DEVICE)
    newcomer = fleet.add_device("SER-NEW", "u-new")
    assert fleet.claim([newcomer]) == []  # joined after the submit: not in the roster
    added = fleet.tx(lambda s: extend_batch(s, batch, Targets()))
    assert added == 1
    assert fleet.claim([newcomer])[0].batch_id == batch
    assert fleet.tx(lambda s: extend_batch(s, batch, Targets())) == 0  # no twins
    assert fleet.status(batch).task_count == 4


def test_each_device_rows_exist_for_offline_phones(fleet: Fleet) -> None:
    fleet.tx(lambda s: fleet_repo.upsert_device(s, "SER001", conn_state="offline"))
    batch = fleet.submit(mode=Mode.EACH_DEVICE)
    assert len(fleet.tasks(batch)) == 3


def test_each_device_by_accounts_runs_on_the_phone_that_account_is_on(fleet: Fleet) -> None:
    batch = fleet.submit(
        mode=Mode.EACH_DEVICE, targets=Targets(TargetKind.ACCOUNTS, accounts=("u2", "u0"))
    )
    assert fleet.claim([1]) == []
    claims = fleet.claim([0, 2])
    assert {c.account_id for c in claims} == {fleet.accounts[0], fleet.accounts[2]}
    assert fleet.status(batch).tasks.running == 2


def test_unknown_targets_are_refused_and_nothing_is_written(fleet: Fleet) -> None:
    with pytest.raises(NotFound, match="NOPE"):
        fleet.submit(mode=Mode.EACH_DEVICE, targets=Targets(TargetKind.DEVICES, devices=("NOPE",)))
    with pytest.raises(NotFound, match="ghost"):
        fleet.submit(targets=Targets(TargetKind.ACCOUNTS, accounts=("ghost",)))
    assert fleet.ready_count() == 0


def test_pool_is_limited_to_the_listed_phones(fleet: Fleet) -> None:
    batch = fleet.submit(count=3, targets=Targets(TargetKind.DEVICES, devices=("SER001",)))
    claims = fleet.claim()
    assert [c.device_id for c in claims] == [fleet.devices[1]]
    assert fleet.status(batch).tasks.queued == 2


def test_device_error_hands_back_at_no_cost_and_excludes_that_account(fleet: Fleet) -> None:
    batch = fleet.submit(count=1, max_attempts=1)
    (first,) = fleet.claim([0])
    result = fleet.finish(first.run_id, DEVICE_ERROR)
    assert result.task_state == TaskState.QUEUED  # straight back, no backoff
    task = fleet.task(first.task_id)
    assert (task.failed_attempts, task.device_fails) == (0, 1)  # budget untouched
    assert fleet.claim([0]) == []  # that account never gets it again
    (second,) = fleet.claim([1])
    assert second.task_id == first.task_id
    assert second.attempt == 2
    fleet.finish(second.run_id)
    assert fleet.status(batch).tasks.succeeded == 1


def test_pool_task_fails_when_no_eligible_account_is_left(fleet: Fleet) -> None:
    fleet.submit(count=1)
    for index in range(3):
        (claim,) = fleet.claim([index])
        result = fleet.finish(claim.run_id, DEVICE_ERROR)
    assert result.task_state == TaskState.FAILED
    task = fleet.task(claim.task_id)
    assert task.reason.startswith("no eligible account left")
    assert "3" in task.reason
    assert "account restricted" in task.reason
    assert fleet.ready_count() == 0


def test_spread_one_task_needs_n_successes_from_n_distinct_accounts(fleet: Fleet) -> None:
    batch = fleet.submit(mode=Mode.SPREAD, count=1, successes=2)
    claims = fleet.claim()  # three free phones, two places
    assert len(claims) == 2
    assert len({c.account_id for c in claims}) == 2
    assert {c.task_id for c in claims} == {fleet.tasks(batch)[0].id}
    fleet.finish(claims[0].run_id)
    succeeded_phone = fleet.devices.index(claims[0].device_id)
    assert fleet.claim([succeeded_phone]) == []  # one place per account
    fleet.finish(claims[1].run_id, RunReport.failure(ErrorClass.RETRYABLE, "flaky"))
    (third,) = fleet.claim([2])  # the place reopened for an account that has not done it
    fleet.finish(third.run_id)
    task = fleet.tasks(batch)[0]
    assert (task.state, task.succeeded_count) == (TaskState.SUCCEEDED, 2)


def test_spread_refuses_more_distinct_accounts_than_there_are(fleet: Fleet) -> None:
    with pytest.raises(InvalidRequest, match="only 3 are eligible"):
        fleet.submit(mode=Mode.SPREAD, count=1, successes=4)


def test_spread_m_tasks_keep_each_account_to_its_even_share(make_fleet: object) -> None:
    fleet = make_fleet(phones=2)  # type: ignore[operator]
    batch = fleet.submit(mode=Mode.SPREAD, count=5)  # ceil(5 / 2) = 3 each
    assert fleet.status(batch).share_cap == 3
    taken = {0: 0, 1: 0}
    for _ in range(6):
        for index in (0, 0, 1):  # phone 0 asks twice as often
            claim = fleet.claim_one(index)
            if claim is not None:
                taken[index] += 1
                fleet.finish(claim.run_id)
    assert taken == {0: 3, 1: 2}
    assert fleet.status(batch).tasks.succeeded == 5


def test_spread_share_can_be_set_and_failures_give_it_back(make_fleet: object) -> None:
    fleet = make_fleet(phones=2)  # type: ignore[operator]
    batch = fleet.submit(mode=Mode.SPREAD, count=4, per_account=1)
    (claim,) = fleet.claim([0])
    assert fleet.claim([0]) == []  # share of 1 used
    fleet.finish(claim.run_id, RunReport.failure(ErrorClass.RETRYABLE, "flaky"))
    assert fleet.claim([0]) != []  # a failed attempt does not use up the share
    assert fleet.status(batch).share_cap == 1


def test_spread_accounts_left_take_up_the_share_of_a_barred_one(make_fleet: object) -> None:
    fleet = make_fleet(phones=2)  # type: ignore[operator]
    batch = fleet.submit(mode=Mode.SPREAD, count=4)  # ceil(4 / 2) = 2 each
    (restricted,) = fleet.claim([0])
    fleet.finish(restricted.run_id, DEVICE_ERROR)  # barred from the batch
    assert fleet.status(batch).share_cap == 4  # the one account left may take them all
    for _ in range(4):
        claim = fleet.claim_one(1)
        assert claim is not None, "a task was stranded beyond the share of the account left"
        fleet.finish(claim.run_id)
    assert fleet.status(batch).tasks.succeeded == 4
    assert fleet.status(batch).state == "completed"


def test_options_that_do_not_fit_the_mode_are_refused(fleet: Fleet) -> None:
    with pytest.raises(InvalidRequest, match="successes"):
        fleet.submit(count=1, successes=2)
    with pytest.raises(InvalidRequest, match="per_account"):
        fleet.submit(count=1, per_account=2)
    with pytest.raises(InvalidRequest, match="priority"):
        fleet.submit(count=1, priority=10)
    with pytest.raises(InvalidRequest, match="count"):
        fleet.submit(count=0)
    assert fleet.ready_count() == 0
