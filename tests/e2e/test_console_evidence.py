"""The console's per-phone log and alert list on a real host agent and a simulated phone:
the selected phone's attempt log arrives live, another console fills it from the stored
logs, a fatal failure and a phone offline too long appear as alerts with a badge, and
acknowledging one takes it off the badge."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QItemSelectionModel
from sqlalchemy import make_url

from app.controllers.alerts_controller import AlertsController
from app.controllers.db_executor import DbExecutor
from app.controllers.grid_controller import GridController
from app.controllers.phone_log_controller import PhoneLogController
from db.engine import open_engine
from db.migrate import upgrade
from tests.e2e.test_evidence_everywhere import submit_missing_video
from ui.grid.phone_model import PhoneRole
from ui.main_window import ALERTS_TAB, MainWindow
from workers import host_agent

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from workers.sim.fleet import PhoneInfo, SimFleet
    from workers.sim.simvideo.catalog import Catalog


def _select(window: MainWindow, serial: str) -> None:
    view = window.grid.view
    model = view.model()
    row = next(
        r for r in range(model.rowCount()) if model.index(r, 0).data(PhoneRole.SERIAL) == serial
    )
    view.selectionModel().select(
        model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )


@pytest.mark.slow
def test_the_phone_log_follows_the_phone_and_alerts_reach_the_operator(
    tmp_path: Path,
    sim_catalog: Catalog,
    sim_fleet: SimFleet,
    sim_phone_factory: Callable[..., PhoneInfo],
    start_host: Callable[..., Any],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(host_agent, "ALERTS_S", 0.5)  # look often: the test is short
    engine = open_engine(make_url(f"sqlite:///{tmp_path / 'pool.db'}"))
    upgrade(engine)
    phone = sim_phone_factory()
    usable = next(a for a in sim_catalog.accounts if not a.restricted)
    sim_fleet.login(phone.index, usable.id)
    host = start_host(engine, devices={phone.serial}, alert_offline_minutes=0.03)
    window = MainWindow(version="9.9", database_label="sqlite", host_name="pc-1")
    qtbot.addWidget(window)
    db = DbExecutor(engine)
    grid = GridController(window.grid, db, host.agent, "ann")
    log = PhoneLogController(window.phone_log, window.grid, host.agent, db, host.artifacts.reader)
    alerts = AlertsController(window.alerts, db, "ann", sound=True)
    alerts.open_count_changed.connect(window.set_open_alerts)
    grid.start()
    alerts.start()
    try:
        qtbot.waitUntil(lambda: window.grid.model.rowCount() == 1, timeout=30_000)
        _select(window, phone.serial)
        assert "SIM-" in window.phone_log.heading.text()
        submit_missing_video(engine, sim_catalog)
        # Live: the attempt's steps and driver calls, then its end, as they happen.
        model = window.phone_log.model
        qtbot.waitUntil(
            lambda: any("video_not_found" in line for line in model.lines), timeout=60_000
        )
        lines = model.lines
        assert lines[0].startswith("── #")
        assert any("step: " in line for line in lines)
        assert any(" call " in line for line in lines)
        qtbot.waitUntil(
            lambda: any(line.endswith("s)") for line in model.lines[1:]), timeout=10_000
        )
        # Another console that did not watch the attempt reads the stored log.
        other = MainWindow(version="9.9", database_label="sqlite", host_name="pc-2")
        qtbot.addWidget(other)
        other_grid = GridController(other.grid, db, None, "bob")
        other_log = PhoneLogController(
            other.phone_log, other.grid, host.agent, db, host.artifacts.reader
        )
        other_grid.start()
        qtbot.waitUntil(lambda: other.grid.model.rowCount() == 1, timeout=10_000)
        host.artifacts.uploader.poke()
        other_log.lines.clear()
        _select(other, phone.serial)
        stored = other.phone_log.model
        qtbot.waitUntil(
            lambda: any("video_not_found" in line for line in stored.lines), timeout=15_000
        )
        other_grid.stop()
        other_log.stop()
        # The fatal failure is an alert; the badge counts it.
        qtbot.waitUntil(lambda: window.tabs.tabText(ALERTS_TAB) == "Alerts (1)", timeout=10_000)
        assert window.alerts.model.items[0].kind == "fatal_failure"
        # The phone goes offline longer than the setting (two seconds here): a second one.
        sim_fleet.set_offline(phone.index)
        qtbot.waitUntil(lambda: window.tabs.tabText(ALERTS_TAB) == "Alerts (2)", timeout=30_000)
        offline = next(a for a in window.alerts.model.items if a.kind == "phone_offline")
        assert offline.subject == phone.serial
        # Acknowledged from the list: off the badge and (only open shown) off the list.
        row = window.alerts.model.items.index(offline)
        window.alerts.table.selectRow(row)
        assert window.alerts.acknowledge.isEnabled()
        window.alerts.acknowledge.click()
        qtbot.waitUntil(lambda: window.tabs.tabText(ALERTS_TAB) == "Alerts (1)", timeout=10_000)
        assert [a.kind for a in window.alerts.model.items] == ["fatal_failure"]
    finally:
        grid.stop()
        alerts.stop()
        log.stop()
        db.shutdown()
