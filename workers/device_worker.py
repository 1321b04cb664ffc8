"""One phone's worker: a QObject in its own QThread that runs one attempt at a time.

The host agent owns it: it moves the worker to a thread, hands it claims through
queued signals, and reaches a running attempt only through ``request_stop``, which is
safe from any thread (STYLE items 4 and 5).
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from db.pool.states import ErrorClass
from workers.attempt import AttemptOutcome, AttemptSpec, run_attempt
from workers.device.driver import DeviceDriver
from workers.device.errors import DeviceError
from workers.device.thumbnails import ThumbnailSource
from workers.frame_ring import FrameRing
from workers.kill import AppKill
from workers.stop import StopReason, StopRequested, StopSignal

if TYPE_CHECKING:
    from workers.attempt import AttemptStore, EvidenceSpool, FlowSource

log = logging.getLogger(__name__)


class DeviceWorker(QObject):
    """Runs attempts on one phone (or, without a phone, host-side flows).

    Signals:
        identified(adb_serial, identity): the phone answered and said who it is.
        identify_failed(adb_serial, message): it did not (offline, unauthorized...).
        step_changed(adb_serial, run_id, step): the running flow named a new step.
        attempt_finished(adb_serial, spec, outcome): an attempt ended, however.
        health_read(adb_serial, health): fresh battery, temperature, storage values.
        log_line(adb_serial, run_id, line): the running attempt wrote a log line.

    Attributes:
        record_frames: keep a ring of recent screen frames while an attempt runs, and
            store its last seconds when the attempt fails (setting ``failure_frames``).
    """

    identified = Signal(str, object)
    identify_failed = Signal(str, str)
    step_changed = Signal(str, int, str)
    attempt_finished = Signal(str, object, object)
    health_read = Signal(str, object)
    log_line = Signal(str, int, str)

    FRAME_CAPTURE_TIMEOUT_S = 2.0  # a frame later than this is skipped, not waited for

    def __init__(
        self,
        adb_serial: str | None,
        client: Any,
        flows: FlowSource,
        store: AttemptStore,
        spool: EvidenceSpool,
        record_frames: bool = False,
    ) -> None:
        super().__init__()
        self.adb_serial = adb_serial
        self.record_frames = record_frames
        self.frames_captured = 0  # frames the rings of this worker took (bench flows)
        self.frames_cpu_s = 0.0  # and the CPU time their threads used
        self._client = client
        self.label = adb_serial or "host"
        self.flows, self.store, self.spool = flows, store, spool
        self._stop = StopSignal()
        self.running: AttemptSpec | None = None
        self._kill: AppKill | None = None
        self._kill_lock = threading.Lock()
        self.driver = (
            DeviceDriver(adb_serial, client, should_stop=lambda: self._stop.should_stop())
            if adb_serial is not None
            else None
        )

    def request_stop(
        self, reason: StopReason, by: str | None = None, *, kill: bool = False
    ) -> None:
        """Ask the running attempt to stop; callable from any thread. With ``kill`` the
        apps it started are also force-stopped after a short grace (workers/kill.py)."""
        self._stop.request(reason, by)
        if kill:
            self._arm_kill()

    def _arm_kill(self) -> None:
        driver = self.driver
        with self._kill_lock:
            if self._kill is not None or self.running is None or driver is None:
                return
            self._kill = AppKill(
                self.label, lambda: set(driver.started_apps), driver.force_stop_now
            )

    def _end_attempt(self) -> None:
        """No attempt runs from here on; a kill asked for it happens now, exactly once."""
        with self._kill_lock:
            self.running = None
            kill, self._kill = self._kill, None
        if kill is not None:
            kill.finish()

    @Slot()
    def identify(self) -> None:
        """Read the phone's identity and start uiautomator2 on it."""
        if self.driver is None:
            return
        try:
            identity = self.driver.identity()
            # Start uiautomator2 now, so the first flow and the thumbnails find it up.
            self.driver.connect()
        except DeviceError as exc:
            self.identify_failed.emit(self.label, str(exc))
            return
        except StopRequested:
            self.identify_failed.emit(self.label, "stopped while it was being identified")
            return
        self.identified.emit(self.label, identity)

    @Slot(object)
    def run(self, spec: AttemptSpec) -> None:
        """Run one claimed attempt to its end, then report it."""
        self._stop = StopSignal(spec.max_run_seconds)
        if self.driver is not None:
            self.driver.started_apps.clear()
        self.running = spec
        ring = self._frame_ring()
        try:
            outcome = run_attempt(
                spec,
                self.flows,
                self.driver,
                self.store,
                self._stop,
                self.spool,
                on_step=lambda step: self.step_changed.emit(self.label, spec.run_id, step),
                frames=ring,
                on_log=lambda line: self.log_line.emit(self.label, spec.run_id, line),
            )
        except Exception as exc:  # noqa: BLE001  (a broken store must not kill the thread)
            log.exception("attempt %s on %s crashed", spec.run_id, self.label)
            outcome = AttemptOutcome(
                False, ErrorClass.RETRYABLE, "worker_crash", f"{type(exc).__name__}: {exc}"
            )
        finally:
            if ring is not None:
                self.frames_captured += ring.captured
                self.frames_cpu_s += ring.cpu_s
            self._end_attempt()  # before the report: a next claim must keep its app
            # The driver's calls watch self._stop: between attempts they must not see the
            # last attempt's stop (a stopped phone's idle health reads all raised it).
            self._stop = StopSignal()
        self.attempt_finished.emit(self.label, spec, outcome)

    def _frame_ring(self) -> FrameRing | None:
        """A fresh ring for one attempt, through the grid's capture (None: not wanted)."""
        if not self.record_frames or self.adb_serial is None:
            return None
        source = ThumbnailSource(
            self._client, self.adb_serial, timeout=self.FRAME_CAPTURE_TIMEOUT_S
        )
        return FrameRing(source.capture, self.label)

    @Slot()
    def read_health(self) -> None:
        """Read battery, temperature and storage (when idle; a running flow goes first)."""
        if self.driver is None or self.running is not None:
            return
        try:
            self.health_read.emit(self.label, self.driver.health(timeout=5))
        except DeviceError as exc:
            log.debug("health of %s not read: %s", self.label, exc)
        except StopRequested:
            # A stop asked of an idle phone: nothing runs to stop; read health next time.
            log.debug("health of %s not read: a stop was requested", self.label)

    @Slot()
    def close(self) -> None:
        """Release the phone's call thread (the agent quits our QThread after this)."""
        if self.driver is not None:
            self.driver.close()
