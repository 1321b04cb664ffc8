"""Each-device batches: a roster that grows with the phones that join, or stays fixed.

A phone that joins later (a new phone connects to a PC: the host agent's
``record_phone``) gets its task in an open ``roster_grows`` batch and in no other.
Two PCs: one finishing the batch's last task while the other records the newcomer,
in both orders; the batch never completes with the newcomer's task open, and never
gets a task after it completed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from db.fleet import device_id_of
from db.pool.errors import InvalidRequest
from db.pool.finish import finish_runs
from db.pool.states import BatchState, Mode, TargetKind, TaskState
from db.pool.submit import join_growing_batches
from db.pool.values import RunReport, Targets
from tests.support.overlap import beside, held_open, until_done_or_waiting
from workers.agent_ops import record_phone
from workers.device.identity import DeviceIdentity

if TYPE_CHECKING:
    from tests.support.pool import Fleet


def _each_device(fleet: Fleet, grows: bool) -> int:
    return fleet.submit(mode=Mode.EACH_DEVICE, roster_grows=grows)


def _newcomer(fleet: Fleet, serial: str = "SER-NEW") -> int:
    """Connect a new phone as a PC's agent does; return its index in the fleet."""
    identity = DeviceIdentity(serial, f"127.0.0.1:{len(serial)}", "Pixel", "Google", "13", 33)
    fleet.tx(lambda s: record_phone(s, fleet.host, identity))
    device = fleet.tx(lambda s: device_id_of(s, serial))
    fleet.devices.append(device)
    fleet.serials.append(serial)
    fleet.accounts.append(None)
    return len(fleet.devices) - 1


def _finish(run_id: int) -> Any:
    return lambda s: finish_runs(s, [(run_id, RunReport.success())])


def test_only_a_growing_roster_gives_a_newcomer_its_task(fleet: Fleet) -> None:
    fixed = _each_device(fleet, grows=False)
    grows = _each_device(fleet, grows=True)
    newcomer = _newcomer(fleet)
    assert len(fleet.tasks(fixed)) == 3
    assert len(fleet.tasks(grows)) == 4
    claims = fleet.claim([newcomer])
    assert [c.batch_id for c in claims] == [grows]
    fleet.finish(claims[0].run_id)
    assert fleet.claim([newcomer]) == []  # nothing of the fixed batch, nor a second task
    # Connecting again (a re-plugged phone) adds nothing twice.
    _newcomer(fleet)
    assert len(fleet.tasks(grows)) == 4


def test_a_growing_roster_is_for_each_device_on_every_phone_only(fleet: Fleet) -> None:
    with pytest.raises(InvalidRequest, match="roster: only an each-device batch grows"):
        fleet.submit(mode=Mode.POOL, count=2, roster_grows=True)
    listed = Targets(TargetKind.DEVICES, devices=(fleet.serials[0],))
    with pytest.raises(InvalidRequest, match="needs every phone"):
        fleet.submit(mode=Mode.EACH_DEVICE, targets=listed, roster_grows=True)


def test_a_finished_growing_batch_takes_no_newcomer(fleet: Fleet) -> None:
    grows = _each_device(fleet, grows=True)
    for claim in fleet.claim():
        fleet.finish(claim.run_id)
    assert fleet.status(grows).state == BatchState.COMPLETED
    newcomer = _newcomer(fleet)
    assert len(fleet.tasks(grows)) == 3
    assert fleet.claim([newcomer]) == []
    assert fleet.status(grows).state == BatchState.COMPLETED


def test_a_newcomer_while_the_last_task_ends_on_another_pc_gets_nothing(fleet: Fleet) -> None:
    grows = _each_device(fleet, grows=True)
    *others, last = fleet.claim()
    for claim in others:
        fleet.finish(claim.run_id)
    newcomer = fleet.add_device("SER-NEW")
    device = fleet.devices[newcomer]
    # PC 1 ends the last task (the batch completes) and has not committed; PC 2 records
    # the newcomer beside it: it must wait for the batch row, then find it finished.
    with held_open(fleet.engine, _finish(last.run_id)):
        joiner = beside(fleet.engine, lambda s: join_growing_batches(s, device))
        until_done_or_waiting(joiner, fleet.engine)
    assert joiner.outcome() == []
    assert fleet.status(grows).state == BatchState.COMPLETED
    assert len(fleet.tasks(grows)) == 3
    assert fleet.claim([newcomer]) == []


def test_a_newcomer_just_before_the_last_task_ends_keeps_the_batch_open(fleet: Fleet) -> None:
    grows = _each_device(fleet, grows=True)
    *others, last = fleet.claim()
    for claim in others:
        fleet.finish(claim.run_id)
    newcomer = fleet.add_device("SER-NEW")
    device = fleet.devices[newcomer]
    # PC 2 records the newcomer first and holds its transaction; PC 1's finish waits.
    with held_open(fleet.engine, lambda s: join_growing_batches(s, device)) as grown:
        finisher = beside(fleet.engine, _finish(last.run_id))
        until_done_or_waiting(finisher, fleet.engine)
    finisher.outcome()
    assert grown == [grows]
    assert fleet.status(grows).state == BatchState.ACTIVE  # the newcomer's task is to run
    (claim,) = fleet.claim([newcomer])
    fleet.finish(claim.run_id)
    assert fleet.status(grows).state == BatchState.COMPLETED
    assert {t.state for t in fleet.tasks(grows)} == {TaskState.SUCCEEDED}
