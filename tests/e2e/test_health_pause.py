"""A hot simulated phone takes no work until it cools; an operator can let it run anyway.

Real parts: the host agent and its worker thread, the real adb server, adbutils and
the simulated phone's ``dumpsys battery``; the pool on SQLite and MariaDB.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import pytest

from app.submission import spec_for
from db.fleet import health_override_of
from db.pool.records import query_records
from db.pool.states import TargetKind
from db.pool.stop import run_despite_health
from db.pool.submit import submit_batch
from db.pool.tx import run_transaction
from db.pool.values import RecordFilter, Targets
from workers import host_agent
from workers.device.health import TOO_HOT
from workers.flows.catalog import load_catalog

if TYPE_CHECKING:
    from collections.abc import Callable

    from pytestqt.qtbot import QtBot
    from sqlalchemy import Engine

    from workers.sim.fleet import PhoneInfo, SimFleet


def submit_health_read(engine: Engine, serial: str, count: int = 1) -> int:
    flow = load_catalog().flow("device.health")
    targets = Targets(TargetKind.DEVICES, devices=(serial,))
    spec = spec_for(flow, {}, submitted_by="e2e", targets=targets, count=count)
    return int(run_transaction(engine, lambda s: submit_batch(s, spec)))


def runs_of(engine: Engine, batch_id: int) -> list[Any]:
    return list(run_transaction(engine, lambda s: query_records(s, RecordFilter(batch=batch_id))))


class Watch:
    """The agent's word on the phone: its pause and its readings."""

    def __init__(self, agent: Any) -> None:
        self.pauses: list[tuple[str, bool]] = []
        self.temps: list[float] = []
        agent.health_paused.connect(lambda _l, why, anyway: self.pauses.append((why, anyway)))
        agent.health_changed.connect(lambda _l, h: self.temps.append(h.battery_temp_c))

    def read(self, qtbot: QtBot, temp: float) -> None:
        """Wait until the agent has read this temperature off the phone."""
        qtbot.waitUntil(lambda: bool(self.temps) and self.temps[-1] == temp, timeout=10_000)


@pytest.fixture(autouse=True)
def quick_health_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    # Idle phones are read every 30 s, paused ones every 5 s; the test need not wait.
    monkeypatch.setattr(host_agent, "HOUSEKEEPING_S", 0.3)
    monkeypatch.setattr(host_agent, "HEALTH_S", 0.3)
    monkeypatch.setattr(host_agent, "PAUSED_HEALTH_S", 0.3)


@pytest.mark.slow
def test_hot_phone_waits_until_it_cools_and_run_anyway_overrides(
    engine: Engine,
    sim_fleet: SimFleet,
    sim_phone: PhoneInfo,
    start_host: Callable[..., Any],
    qtbot: QtBot,
) -> None:
    sim_fleet.set_health(sim_phone.index, battery_level=80, temperature_c=50.0)
    host = start_host(engine, devices={sim_phone.serial})
    watch = Watch(host.agent)
    qtbot.waitUntil(lambda: watch.pauses == [(TOO_HOT, False)], timeout=30_000)

    batch = submit_health_read(engine, sim_phone.serial)
    time.sleep(2.0)  # the agent asks for work at least once a second
    assert runs_of(engine, batch) == [], "a phone at 50 °C took work"

    # 43.5 °C: under the 45 °C pause level, but not 3 °C cooler: still paused.
    sim_fleet.set_health(sim_phone.index, battery_level=80, temperature_c=43.5)
    watch.read(qtbot, 43.5)
    time.sleep(1.5)
    assert runs_of(engine, batch) == [], "a phone took work before it was 3 °C cooler"

    sim_fleet.set_health(sim_phone.index, battery_level=80, temperature_c=41.0)
    qtbot.waitUntil(lambda: len(runs_of(engine, batch)) == 1, timeout=20_000)
    record = runs_of(engine, batch)[0]
    qtbot.waitUntil(lambda: runs_of(engine, batch)[0].status == "succeeded", timeout=20_000)
    assert record.device == sim_phone.serial
    assert watch.pauses[-1] == ("", False)

    # Hot again; the operator says "run anyway": it takes work while still hot.
    sim_fleet.set_health(sim_phone.index, battery_level=80, temperature_c=52.0)
    qtbot.waitUntil(lambda: watch.pauses[-1] == (TOO_HOT, False), timeout=10_000)
    second = submit_health_read(engine, sim_phone.serial)
    time.sleep(1.5)
    assert runs_of(engine, second) == []
    run_transaction(engine, lambda s: run_despite_health(s, sim_phone.serial))
    qtbot.waitUntil(lambda: watch.pauses[-1] == (TOO_HOT, True), timeout=10_000)
    qtbot.waitUntil(
        lambda: [r.status for r in runs_of(engine, second)] == ["succeeded"], timeout=20_000
    )

    # Cooled: the override is spent, so the next heat wave pauses it again.
    sim_fleet.set_health(sim_phone.index, battery_level=80, temperature_c=35.0)
    qtbot.waitUntil(lambda: watch.pauses[-1] == ("", False), timeout=10_000)
    serial = sim_phone.serial
    assert not run_transaction(engine, lambda s: health_override_of(s, serial))


@pytest.mark.slow
def test_a_phone_that_heats_while_busy_pauses_before_its_next_task(
    engine: Engine,
    sim_fleet: SimFleet,
    sim_phone: PhoneInfo,
    start_host: Callable[..., Any],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every reading is due at once: the phone is read between any two attempts.
    monkeypatch.setattr(host_agent, "HEALTH_S", 0.0)
    sim_fleet.set_health(sim_phone.index, battery_level=80, temperature_c=30.0)
    host = start_host(engine, devices={sim_phone.serial})
    watch = Watch(host.agent)
    qtbot.waitUntil(lambda: bool(watch.temps), timeout=30_000)
    started: list[int] = []

    def heat_on_first_start(_label: str, run_id: int, _flow: str, _batch: int) -> None:
        if not started:  # the phone gets hot while it works on its first task
            sim_fleet.set_health(sim_phone.index, battery_level=80, temperature_c=50.0)
        started.append(run_id)

    host.agent.attempt_started.connect(heat_on_first_start)
    batch = submit_health_read(engine, sim_phone.serial, count=3)
    qtbot.waitUntil(lambda: watch.pauses[-1:] == [(TOO_HOT, False)], timeout=10_000)
    time.sleep(1.5)
    assert len(runs_of(engine, batch)) == 1, "a phone that got hot took its next task"

    sim_fleet.set_health(sim_phone.index, battery_level=80, temperature_c=30.0)
    qtbot.waitUntil(
        lambda: [r.status for r in runs_of(engine, batch)] == ["succeeded"] * 3, timeout=20_000
    )
