"""Simulated phones started from the console's empty grid: a new operator tries every
feature at once, without hardware."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    from workers.sim.clock import SimClock
    from workers.sim.fleet import SimFleet

log = logging.getLogger(__name__)

MAX_PHONES = 200


class SimController(QObject):
    """Starts (and at exit stops) simulated phones, adb-connected to this PC's adb server.

    Signals:
        started(count): the phones are up and connected; the grid will show them.
        failed(code, details): they could not be started; the code and its details are
            worded by the grid (``ui/refusals.py``), the English cause goes to the log.
    """

    started = Signal(int)
    failed = Signal(str, object)

    def __init__(self, adb_port: int, adb_path: str = "") -> None:
        super().__init__()
        self.adb_port, self.adb_path = adb_port, adb_path
        self.fleet: SimFleet | None = None
        self.clock: SimClock | None = None  # simulated time of the phones (None: frozen)
        self._lock = threading.Lock()

    @Slot(int, int)
    def start_phones(self, count: int, seed: int) -> None:
        """Start ``count`` phones of ``seed`` in the background (a fleet takes seconds)."""
        if not 1 <= count <= MAX_PHONES:
            self.failed.emit("sim_count", {"limit": MAX_PHONES})
            return
        threading.Thread(
            target=self._start, args=(count, seed), name="sim-start", daemon=True
        ).start()

    def _start(self, count: int, seed: int) -> None:
        from workers.device.adb import AdbServer
        from workers.device.errors import DeviceError, ErrorCode
        from workers.sim.fleet import SimFleet

        try:
            AdbServer(
                self.adb_port, self.adb_path
            ).ensure_running()  # the agent may not have started it yet
            with self._lock:
                if self.fleet is None:
                    self.fleet = SimFleet(seed=seed, clock=self.clock).start(count=count)
                else:
                    for _ in range(count):
                        self.fleet.add_phone()
                self.fleet.connect_adb(self.adb_port)
        except Exception as exc:  # noqa: BLE001  (any failure is shown on the panel)
            log.exception("simulated phones did not start")
            if isinstance(exc, DeviceError) and exc.code is ErrorCode.ADB_UNAVAILABLE:
                self.failed.emit("sim_adb_unavailable", {"port": self.adb_port})
            else:
                self.failed.emit("sim_start_failed", {})
            return
        log.info("%s simulated phone(s) of seed %s started", count, seed)
        self.started.emit(count)

    def shutdown(self) -> None:
        """Stop the simulated phones."""
        with self._lock:
            if self.fleet is not None:
                self.fleet.close()
                self.fleet = None
