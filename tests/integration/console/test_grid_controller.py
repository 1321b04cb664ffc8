"""The phone grid wired to its controller on a real pool (SQLite and MariaDB): the tiles'
states, a phone stopped from its tile, and the summary line's counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from app.controllers.db_executor import DbExecutor
from app.controllers.grid_controller import GridController
from db import fleet as fleet_repo
from db.models import ConnState
from db.pool.states import ErrorClass, Mode
from db.pool.stop import stop_batch
from db.pool.values import RunReport
from ui.grid.phone_data import PhoneState
from ui.grid.phone_grid_view import PhoneGridView
from ui.grid.phone_model import PhoneRole
from workers.sim.provision import serial_for

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pytestqt.qtbot import QtBot
    from sqlalchemy import Engine

    from tests.support.pool import Fleet
    from ui.grid.phone_data import PhoneTile

FLAKY = RunReport.failure(ErrorClass.RETRYABLE, "network down")


@dataclass
class Grid:
    """The phones tab as an operator reads it, over the test's database."""

    qtbot: QtBot
    view: PhoneGridView
    controller: GridController
    db: DbExecutor
    messages: list[str]

    def settle(self) -> None:
        """Let queued actions finish, read the fleet again and show it."""
        self.controller.refresh()
        marker: list[object] = []
        self.db.call(lambda _s: None, marker.append)
        self.qtbot.waitUntil(lambda: bool(marker), timeout=10_000)
        self.view.model.flush()

    def tiles(self) -> dict[str, PhoneTile]:
        """Every tile shown, by serial."""
        self.settle()
        model = self.view.model
        return {
            tile.serial: tile
            for tile in (model.index(r, 0).data(PhoneRole.TILE) for r in range(model.rowCount()))
        }


@pytest.fixture
def grid(qtbot: QtBot, engine: Engine, fleet: Fleet) -> Iterator[Grid]:
    for serial in fleet.serials:  # plugged in and answering adb
        fleet.tx(
            lambda s, serial=serial: fleet_repo.upsert_device(
                s, serial, host_id=fleet.host, conn_state=ConnState.DEVICE
            )
        )
    view = PhoneGridView()
    qtbot.addWidget(view)
    db = DbExecutor(engine)
    controller = GridController(view, db, None, "ops@pc-1")
    messages: list[str] = []
    controller.message.connect(messages.append)
    yield Grid(qtbot, view, controller, db, messages)
    controller.stop()
    db.shutdown()


def test_every_phone_of_the_pool_has_a_tile_with_its_work(grid: Grid, fleet: Fleet) -> None:
    fleet.submit(count=1, flow="collect.titles")
    fleet.claim([1])
    tiles = grid.tiles()
    assert sorted(tiles) == fleet.serials
    assert tiles["SER001"].state is PhoneState.RUNNING
    assert tiles["SER001"].flow == "collect.titles"
    assert tiles["SER000"].state is PhoneState.IDLE
    assert tiles["SER000"].account == "u0"


def test_a_phone_stopped_from_its_tile_is_stopped_not_failed(grid: Grid, fleet: Fleet) -> None:
    batch = fleet.submit(count=2)
    (claim,) = fleet.claim([0])
    grid.view.stop_requested.emit(["SER000"])
    assert grid.tiles()["SER000"].state is PhoneState.STOPPING  # its flow ends at a step
    (stop,) = fleet.polls()
    fleet.finish(claim.run_id, RunReport.failure(stop.error_class, stop.reason))
    assert grid.tiles()["SER000"].state is PhoneState.STOPPED
    tasks = fleet.status(batch).tasks
    # Its task went back to the pool at no cost: nothing failed, nothing was cancelled.
    assert (tasks.failed, tasks.cancelled, tasks.queued) == (0, 0, 2)
    assert "0 failed in the last hour" in grid.view.summary.text()
    grid.view.resume_requested.emit(["SER000"])
    assert grid.tiles()["SER000"].state is PhoneState.IDLE


def test_the_summary_counts_failed_tasks_not_attempts_nor_cancelled_ones(
    grid: Grid, fleet: Fleet
) -> None:
    flaky = fleet.submit(count=1, max_attempts=3)
    for _attempt in range(3):  # one task, three failed attempts
        fleet.dispatch()
        (claim,) = fleet.claim([0])
        fleet.finish(claim.run_id, FLAKY)
    assert fleet.status(flaky).tasks.failed == 1
    stopped = fleet.submit(count=4)
    fleet.claim([1])
    fleet.tx(lambda s: stop_batch(s, stopped, "ops"))
    (stop,) = fleet.polls()
    fleet.finish(stop.run_id, RunReport.failure(stop.error_class, stop.reason))
    queued = fleet.submit(count=2)
    fleet.claim([2])
    grid.settle()
    assert fleet.status(queued).tasks.running == 1
    summary = grid.view.summary.text()
    assert "tasks: 1 running, 1 queued, 1 failed in the last hour" in summary


def test_an_offline_phone_can_be_removed_and_comes_back_when_it_connects(
    grid: Grid, fleet: Fleet
) -> None:
    waiting = fleet.submit(mode=Mode.EACH_DEVICE)  # one task per phone, SER000's included
    fleet.tx(
        lambda s: fleet_repo.upsert_device(s, "SER000", conn_state=ConnState.GONE)  # unplugged
    )
    assert grid.tiles()["SER000"].state is PhoneState.OFFLINE
    grid.view.remove_requested.emit(["SER001"])  # connected: refused, still listed
    assert "SER001" in grid.tiles()
    assert "connected" in grid.messages[-1]
    grid.view.remove_requested.emit(["SER000"])
    assert sorted(grid.tiles()) == ["SER001", "SER002"]
    # Its each-device task would have waited for it forever: cancelled, the rest go on.
    assert fleet.status(waiting).tasks.cancelled == 1
    fleet.tx(lambda s: fleet_repo.upsert_device(s, "SER000", conn_state=ConnState.DEVICE))
    assert grid.tiles()["SER000"].state is PhoneState.IDLE


def test_offline_simulated_phones_of_an_earlier_run_can_be_started_again(
    grid: Grid, fleet: Fleet, qtbot: QtBot
) -> None:
    for index in range(4):  # an earlier run's fleet of seed 7, gone with that run
        fleet.add_device(serial_for(7, index))
    grid.settle()
    bar = grid.view.offline_sims
    assert bar.isVisibleTo(grid.view)
    assert "4 simulated phone" in bar.text.text()
    assert "seed 7" in bar.text.text()
    with qtbot.waitSignal(grid.view.simulated_phones_requested) as asked:
        bar.start_button.click()
    assert asked.args == [4, 7]  # the same seed and count: the same phones come back
    for index in range(4):
        fleet.tx(
            lambda s, i=index: fleet_repo.upsert_device(
                s, serial_for(7, i), conn_state=ConnState.DEVICE
            )
        )
    grid.settle()
    assert not bar.isVisibleTo(grid.view)
