"""The host agent's finish-and-claim (``agent_ops.finish_and_claim``): in one
transaction it records what ended, reads the account a flow left on each phone that
ended, and claims for the idle phones as those accounts. On SQLite and MariaDB."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db import fleet as fleet_repo
from db.pool.states import ErrorClass, Mode, RunStatus, TargetKind, TaskState
from db.pool.values import Slot, Targets
from workers import agent_ops
from workers.attempt import AttemptOutcome

if TYPE_CHECKING:
    from tests.support.pool import Fleet


def test_a_phone_a_flow_logged_in_elsewhere_claims_as_its_new_account(fleet: Fleet) -> None:
    """A spread batch gives each account one task: phone 0 ends its task as u0, its flow
    logged it in as u9 meanwhile, and its next claim (same transaction) is u9's task."""
    batch = fleet.submit(count=2, mode=Mode.SPREAD)
    (first,) = fleet.claim([0])
    assert first.account_id == fleet.accounts[0]
    device = fleet.devices[0]
    new_account = fleet.tx(lambda s: fleet_repo.bind_account(s, device, "simvideo", "u9"))

    settled = fleet.tx(
        lambda s: agent_ops.finish_and_claim(
            s, fleet.host, "rack-pc-1", [(first.run_id, AttemptOutcome(succeeded=True))],
            [fleet.slot(0)], {device},
        )
    )  # fmt: skip

    assert [r.accepted for r in settled.finished] == [True]
    assert fleet.run(first.run_id).status == RunStatus.SUCCEEDED
    assert settled.accounts == {device: new_account}
    (second,) = settled.claims
    assert (second.device_id, second.account_id) == (device, new_account)
    assert {t.state for t in fleet.tasks(batch)} == {TaskState.SUCCEEDED, TaskState.RUNNING}


def test_work_aimed_at_the_new_account_is_claimed_in_the_same_tick(fleet: Fleet) -> None:
    """The claim's first read finds the queue of the account a flow just logged in
    (the slot still names the old one): its task aimed at that account is claimed."""
    fleet.submit(count=1)
    (first,) = fleet.claim([0])
    device = fleet.devices[0]
    new_account = fleet.tx(lambda s: fleet_repo.bind_account(s, device, "simvideo", "u9"))
    aimed = fleet.submit(
        mode=Mode.EACH_DEVICE, targets=Targets(TargetKind.ACCOUNTS, accounts=("u9",))
    )

    settled = fleet.tx(
        lambda s: agent_ops.finish_and_claim(
            s, fleet.host, "rack-pc-1", [(first.run_id, AttemptOutcome(succeeded=True))],
            [fleet.slot(0)], {device},
        )
    )  # fmt: skip

    (second,) = settled.claims
    assert (second.batch_id, second.account_id) == (aimed, new_account)


def test_a_phone_that_ended_but_takes_no_work_still_reports_its_account(fleet: Fleet) -> None:
    """Phone 1's attempt ended but it takes no work now (paused for its health, say):
    only phone 2 claims, and the tick still reads phone 1's account for the grid."""
    fleet.submit(count=3)
    (ended,) = fleet.claim([1])
    device = fleet.devices[1]

    settled = fleet.tx(
        lambda s: agent_ops.finish_and_claim(
            s, fleet.host, "rack-pc-1", [(ended.run_id, AttemptOutcome(succeeded=True))],
            [fleet.slot(2)], {device},
        )
    )  # fmt: skip

    assert settled.accounts == {device: fleet.accounts[1]}
    assert [claim.device_id for claim in settled.claims] == [fleet.devices[2]]


def test_a_tick_with_no_slot_still_reports_the_accounts_of_the_phones_that_ended(
    fleet: Fleet,
) -> None:
    """Shutting down, the agent records the last attempts and claims nothing: the grid
    still learns which account is on the phones, and no task is taken."""
    batch = fleet.submit(count=3)
    (ended,) = fleet.claim([1])
    device = fleet.devices[1]

    settled = fleet.tx(
        lambda s: agent_ops.finish_and_claim(
            s, fleet.host, "rack-pc-1", [(ended.run_id, AttemptOutcome(succeeded=True))],
            [], {device},
        )
    )  # fmt: skip

    assert settled.accounts == {device: fleet.accounts[1]}
    assert settled.claims == []
    tasks = fleet.status(batch).tasks
    assert (tasks.succeeded, tasks.running, tasks.queued) == (1, 0, 2)


def test_a_phone_with_no_account_left_claims_without_one(make_fleet: object) -> None:
    fleet: Fleet = make_fleet(phones=1)  # type: ignore[operator]
    fleet.submit(count=2)
    (first,) = fleet.claim([0])
    device = fleet.devices[0]
    fleet.tx(lambda s: fleet_repo.unbind_accounts(s, device))

    settled = fleet.tx(
        lambda s: agent_ops.finish_and_claim(
            s, fleet.host, "rack-pc-1", [(first.run_id, AttemptOutcome(succeeded=True))],
            [fleet.slot(0)], {device},
        )
    )  # fmt: skip

    assert settled.accounts == {device: None}
    (second,) = settled.claims
    assert (second.device_id, second.account_id) == (device, None)


def test_failures_and_successes_of_several_phones_are_recorded_in_order(fleet: Fleet) -> None:
    fleet.submit(count=6, max_attempts=1)
    runs = fleet.claim([0, 1, 2])
    outcomes = [
        AttemptOutcome(succeeded=True),
        AttemptOutcome(succeeded=False, error_class=ErrorClass.FATAL, message="no such video"),
        AttemptOutcome(succeeded=True),
    ]
    settled = fleet.tx(
        lambda s: agent_ops.finish_and_claim(
            s, fleet.host, "rack-pc-1",
            [(r.run_id, o) for r, o in zip(runs, outcomes, strict=True)], fleet.slots(), set(),
        )
    )  # fmt: skip
    assert [r.run_id for r in settled.finished] == [r.run_id for r in runs]
    assert [fleet.run(r.run_id).status for r in runs] == [
        RunStatus.SUCCEEDED,
        RunStatus.FAILED,
        RunStatus.SUCCEEDED,
    ]
    assert sorted(c.device_id for c in settled.claims) == sorted(fleet.devices)
    assert settled.accounts == {}


def test_two_idle_phones_naming_one_account_take_one_task_with_no_phone_ended(
    fleet: Fleet,
) -> None:
    """The agent's slots name the same account twice (a phone re-plugged before the grid
    caught up) and no attempt ended: one slot claims, the tick does not fail."""
    fleet.submit(count=4)
    twice = [fleet.slot(0), Slot(fleet.devices[1], fleet.accounts[0])]

    settled = fleet.tx(lambda s: agent_ops.finish_and_claim(s, fleet.host, "rack-pc-1", [], twice))

    assert [claim.device_id for claim in settled.claims] == [fleet.devices[0]]


def test_two_idle_phones_reporting_one_account_take_one_task_this_tick(fleet: Fleet) -> None:
    """While phones come back, two may briefly report one account: one slot is offered."""
    fleet.submit(count=4)
    (first,) = fleet.claim([0])
    device = fleet.devices[0]
    # Phone 0's flow logged it in as u1, the account phone 1 (idle) still reports.
    fleet.tx(lambda s: fleet_repo.bind_account(s, device, "simvideo", "u1"))
    settled = fleet.tx(
        lambda s: agent_ops.finish_and_claim(
            s, fleet.host, "rack-pc-1", [(first.run_id, AttemptOutcome(succeeded=True))],
            [fleet.slot(0), fleet.slot(1)], {device},
        )
    )  # fmt: skip
    assert len(settled.claims) == 1
