"""Discovery: follow the adb server's device list as it changes, and report each change.

The adb server pushes its whole list on ``host:track-devices`` whenever any phone
appears, leaves, goes offline or becomes unauthorized, so no phone is polled. The
tracker reads that stream on its own thread (with short select() waits so it can
stop), and reconnects when the server restarts.
"""

from __future__ import annotations

import logging
import re
import select
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import adbutils

from workers.device.adb import parse_device_list
from workers.device.errors import DeviceError

if TYPE_CHECKING:
    from collections.abc import Callable

    from workers.device.adb import AdbServer

log = logging.getLogger(__name__)

GONE = "gone"  # the server no longer lists the phone (unplugged, disconnected)
_NETWORK_SERIAL = re.compile(r"\d{1,3}(\.\d{1,3}){3}:\d+")
_SELECT_SECONDS = 0.2  # how long one wait for server data lasts before the stop check


@dataclass(frozen=True)
class DeviceChange:
    """One phone changed state.

    Attributes:
        adb_serial: the adb server's name of the phone.
        state: "device", "offline", "unauthorized", "gone", or another adb state
            ("authorizing", "connecting", "recovery"...).
        previous: the state before ("gone" for a phone not seen before).
        at: when the tracker saw it (time.time() on this PC).
    """

    adb_serial: str
    state: str
    previous: str
    at: float


class DeviceTracker:
    """Reports every phone's adb state as the adb server changes it.

    Callbacks run on the tracker's thread: keep them short (put into a queue, emit a
    Qt signal). ``on_server`` gets True when tracking (re)starts and False when the
    server went away.
    """

    def __init__(
        self,
        server: AdbServer,
        on_change: Callable[[DeviceChange], None],
        *,
        on_server: Callable[[bool], None] | None = None,
        start_server: bool = True,
        reconnect_network: bool = True,
        retry_seconds: float = 0.5,
    ) -> None:
        self._server = server
        self._on_change = on_change
        self._on_server = on_server
        self._start_server = start_server
        self._reconnect_network = reconnect_network
        self._retry_seconds = retry_seconds
        self._states: dict[str, str] = {}
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._server_up = False

    @property
    def server_up(self) -> bool:
        """True while the tracker is connected to the adb server."""
        return self._server_up

    def states(self) -> dict[str, str]:
        """Every phone the server lists now: adb serial -> state."""
        with self._changed:
            return dict(self._states)

    def start(self) -> None:
        """Start tracking on a daemon thread."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="device-tracker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        """Stop tracking and wait for the thread to end."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wait_for(self, adb_serial: str, state: str, timeout: float) -> bool:
        """Wait until the phone is in ``state`` ("gone" for absent); False on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._states.get(adb_serial, GONE) != state:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
        return True

    def _run(self) -> None:
        had_server = False
        while not self._stop.is_set():
            try:
                conn = self._subscribe(reconnect=had_server)
            except (DeviceError, adbutils.AdbError, OSError) as exc:
                log.debug("adb server not reachable on port %s: %s", self._server.port, exc)
                self._set_server(False)
                self._stop.wait(self._retry_seconds)
                continue
            had_server = True
            self._set_server(True)
            try:
                self._follow(conn)
            except (adbutils.AdbError, OSError, ValueError) as exc:
                log.info("device tracking interrupted: %s", exc)
                self._set_server(False)
            finally:
                conn.close()

    def _subscribe(self, reconnect: bool) -> Any:
        if self._start_server:
            self._server.ensure_running()
        if reconnect and self._reconnect_network:
            self._reconnect_known()
        conn = self._server.client(socket_timeout=3.0).make_connection()
        try:
            conn.send_command("host:track-devices")
            conn.check_okay()
        except BaseException:
            conn.close()
            raise
        return conn

    def _reconnect_known(self) -> None:
        """After a server restart, ``adb connect`` the network phones it forgot."""
        for serial in self.states():
            if _NETWORK_SERIAL.fullmatch(serial):
                try:
                    self._server.connect(serial, timeout=2.0)
                except DeviceError as exc:
                    log.info("reconnect %s: %s", serial, exc)

    def _follow(self, conn: Any) -> None:
        sock = conn.conn
        buffer = b""
        while not self._stop.is_set():
            readable, _, _ = select.select([sock], [], [], _SELECT_SECONDS)
            if not readable:
                continue
            chunk = sock.recv(65536)
            if not chunk:
                raise adbutils.AdbError("adb server closed the tracking connection")
            buffer += chunk
            while len(buffer) >= 4:
                size = int(buffer[:4], 16)
                if len(buffer) < 4 + size:
                    break
                block, buffer = buffer[4 : 4 + size], buffer[4 + size :]
                self._apply(parse_device_list(block.decode("utf-8", errors="replace")))

    def _apply(self, current: dict[str, str]) -> None:
        now = time.time()
        with self._changed:
            previous = self._states
            changes = [
                DeviceChange(serial, state, previous.get(serial, GONE), now)
                for serial, state in current.items()
                if previous.get(serial) != state
            ]
            changes += [
                DeviceChange(serial, GONE, state, now)
                for serial, state in previous.items()
                if serial not in current
            ]
            self._states = dict(current)
            self._changed.notify_all()
        for change in changes:
            self._notify(change)

    def _notify(self, change: DeviceChange) -> None:
        try:
            self._on_change(change)
        except Exception:
            log.exception("device change handler failed on %s", change)

    def _set_server(self, up: bool) -> None:
        if up == self._server_up:
            return
        self._server_up = up
        if self._on_server is not None:
            try:
                self._on_server(up)
            except Exception:
                log.exception("adb server state handler failed")
