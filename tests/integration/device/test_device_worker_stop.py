"""After a stop, a phone's idle health reads work again (once, each stopped phone's reads
raised the stopped attempt's StopRequested, uncaught, in the worker thread)."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from db.artifacts.spool import Spool
from tests.unit.workers.test_attempt import Flows, Store, spec
from workers.device_worker import DeviceWorker
from workers.stop import StopReason

if TYPE_CHECKING:
    from pathlib import Path

    from workers.sim.fleet import PhoneInfo


def _worker(sim_phone: PhoneInfo, device_client: Any, tmp_path: Path) -> DeviceWorker:
    return DeviceWorker(sim_phone.adb_serial, device_client, Flows(), Store(), Spool(tmp_path))


def test_health_is_read_after_an_attempt_was_stopped(
    sim_phone: PhoneInfo, device_client: Any, tmp_path: Path
) -> None:
    worker = _worker(sim_phone, device_client, tmp_path)
    outcomes: list[Any] = []
    healths: list[Any] = []
    direct = Qt.ConnectionType.DirectConnection  # no event loop runs in this test
    worker.attempt_finished.connect(lambda _l, _s, outcome: outcomes.append(outcome), direct)
    worker.health_read.connect(lambda _label, health: healths.append(health), direct)
    try:
        runner = threading.Thread(target=worker.run, args=(spec(fail="wait"),))
        runner.start()
        while worker.running is None:
            time.sleep(0.01)
        worker.request_stop(StopReason.OPERATOR, by="test")
        runner.join(timeout=30)
        assert [outcome.stopped_by for outcome in outcomes] == ["test"]
        worker.read_health()  # raised StopRequested before
        assert len(healths) == 1
        assert healths[0].battery_level is not None
    finally:
        worker.close()


def test_a_stop_of_an_idle_phone_does_not_escape_the_health_read(
    sim_phone: PhoneInfo, device_client: Any, tmp_path: Path
) -> None:
    worker = _worker(sim_phone, device_client, tmp_path)
    try:
        worker.request_stop(StopReason.OPERATOR, by="test")
        worker.read_health()  # nothing runs to stop: no exception leaves the slot
    finally:
        worker.close()
