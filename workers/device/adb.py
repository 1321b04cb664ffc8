"""This PC's adb server: which binary, which port, starting it, and clients bound to it."""

from __future__ import annotations

import contextlib
import importlib.resources
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import adbutils
import uiautomator2.exceptions as u2_errors
from adbutils.errors import AdbConnectionError

from workers.device.errors import DeviceError, ErrorCode, classify

if TYPE_CHECKING:
    from collections.abc import Mapping

LOCALHOST = "127.0.0.1"
CONNECT_TIMEOUT = 3.0  # seconds to reach the adb server's port
START_TIMEOUT = 20.0  # seconds; a cold adb server start takes 1-3 s, more on a busy PC


def bundled_adb_path() -> Path:
    """The adb binary shipped inside the adbutils wheel (works without apt)."""
    name = "adb.exe" if os.name == "nt" else "adb"
    with importlib.resources.as_file(importlib.resources.files("adbutils.binaries") / name) as p:
        return Path(p)


def resolve_adb_path(configured: str = "") -> Path:
    """The adb binary to run: the configured one (a path or a name on PATH), else the bundled.

    Raises DeviceError(adb_unavailable) naming the setting when it is not an executable.
    """
    if not configured:
        path = bundled_adb_path()
        if not _is_executable(path):
            raise DeviceError(ErrorCode.ADB_UNAVAILABLE, f"bundled adb {path} is not executable")
        return path
    found = shutil.which(configured) if os.sep not in configured else None
    path = Path(found) if found else Path(configured).expanduser()
    if not _is_executable(path):
        raise DeviceError(
            ErrorCode.ADB_UNAVAILABLE, f"setting 'adb_path': {configured!r} is not an executable"
        )
    return path


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


class _ServerConnection(adbutils.AdbConnection):  # type: ignore[misc]
    """An adb server connection that never starts a server by itself.

    adbutils runs a bare ``adb start-server`` when the port is closed, which would start
    a server on the default port 5037 (not ours) with emulator scanning on; it also
    leaves the failed socket open.
    """

    def __init__(self, host: str, port: int) -> None:
        self._address = (host, port)
        super().__init__(host, port)

    def _safe_connect(self) -> socket.socket:
        sock = socket.socket()
        try:
            sock.settimeout(CONNECT_TIMEOUT)
            sock.connect(self._address)
            sock.settimeout(None)
        except TimeoutError as exc:
            sock.close()
            raise adbutils.AdbTimeout(f"connect to adb server {self._address}: {exc}") from exc
        except OSError as exc:
            sock.close()
            raise AdbConnectionError(f"connect to adb server {self._address}: {exc}") from exc
        return sock

    def check_okay(self) -> None:
        """Read OKAY; on FAIL close the connection, then raise AdbError.

        adbutils leaves the connection open when opening a transport fails (its
        open_transport has no try/finally); nobody else could close it.
        """
        try:
            super().check_okay()
        except BaseException:
            self.close()
            raise


_START_LOCKS: dict[int, threading.Lock] = {}
_START_LOCKS_GUARD = threading.Lock()


def _start_lock(port: int) -> threading.Lock:
    """The lock that makes this process's starts of the server on PORT take turns."""
    with _START_LOCKS_GUARD:
        return _START_LOCKS.setdefault(port, threading.Lock())


def _make_user_dir(env: Mapping[str, str]) -> None:
    """Create adb's own folder (~/.android) before a server starts.

    A server creates it on start and dies on "Cannot mkdir …: File exists" when another
    process (a second server on a fresh PC: the console and a headless worker, or two test
    workers) created it a moment before.
    """
    home = env.get("ANDROID_USER_HOME") or os.path.join(
        env.get("HOME") or str(Path.home()), ".android"
    )
    with contextlib.suppress(OSError):  # adb says what is wrong if it still cannot
        os.makedirs(home, exist_ok=True)


class AdbServerClient(adbutils.AdbClient):  # type: ignore[misc]
    """An adbutils client bound to one adb server port, without auto-start."""

    def __init__(self, host: str, port: int, socket_timeout: float | None = None) -> None:
        super().__init__(host=host, port=port, socket_timeout=socket_timeout)
        self._default_timeout = socket_timeout

    def make_connection(self, timeout: float | None = None) -> adbutils.AdbConnection:
        """Open one connection to the adb server (AdbConnectionError when it is down)."""
        conn = _ServerConnection(self.host, self.port)
        effective = timeout or self._default_timeout
        if effective:
            conn.conn.settimeout(effective)
        return conn


class AdbServer:
    """One adb server on a given port, run from a given binary.

    Attributes:
        path: the adb binary.
        port: the server's TCP port on 127.0.0.1.
    """

    def __init__(self, port: int, adb_path: str = "", host: str = LOCALHOST) -> None:
        if not 1024 <= port <= 65535:
            raise DeviceError(
                ErrorCode.INVALID_ARGUMENT, f"setting 'adb_port': {port} not in 1024-65535"
            )
        self.path = resolve_adb_path(adb_path)
        self.port = port
        self.host = host

    def environment(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment an adb process gets: our port, and no emulator port scan."""
        env = dict(os.environ if base is None else base)
        env["ANDROID_ADB_SERVER_PORT"] = str(self.port)
        env["ADB_EMU"] = "0"  # else the server probes 5554-5585 and adopts what answers
        if sys.platform.startswith("linux"):
            # The legacy USB backend, which upstream made the Linux default again in
            # 2025; the bundled adb 36 still starts libusb, which stalls each server
            # start for 3 s where udev is absent. An explicit ADB_LIBUSB wins.
            env.setdefault("ADB_LIBUSB", "0")
        return env

    def client(self, socket_timeout: float | None = None) -> AdbServerClient:
        """A client bound to this server (thread-safe: each call opens its own connection)."""
        return AdbServerClient(self.host, self.port, socket_timeout)

    def run(self, *args: str, timeout: float = START_TIMEOUT) -> str:
        """Run ``adb -P PORT ARGS...`` and return its output; DeviceError when it fails."""
        command = [str(self.path), "-P", str(self.port), *args]
        try:
            done = subprocess.run(
                command,
                env=self.environment(),
                capture_output=True,
                text=True,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DeviceError(ErrorCode.ADB_UNAVAILABLE, f"adb {' '.join(args)}: {exc}") from exc
        output = (done.stdout + done.stderr).strip()
        if done.returncode != 0:
            raise DeviceError(ErrorCode.ADB_UNAVAILABLE, f"adb {' '.join(args)}: {output}")
        return output

    def version(self, timeout: float = 2.0) -> int:
        """The running server's protocol version (41 for current servers)."""
        try:
            return int(self.client(timeout).server_version())
        except (adbutils.AdbError, OSError) as exc:
            raise DeviceError(
                ErrorCode.ADB_UNAVAILABLE, f"adb server on port {self.port}: {exc}"
            ) from exc

    def is_running(self) -> bool:
        """True when an adb server answers on the port."""
        try:
            self.version(timeout=1.0)
        except DeviceError:
            return False
        return True

    def ensure_running(self, timeout: float = START_TIMEOUT) -> int:
        """Start the server unless it runs; return its version.

        Two callers may start the same server at once (the console's host agent and the
        simulated phones it offers): the loser's ``adb start-server`` fails on the taken
        port while the winner's server comes up. Starts in this process take turns, and a
        failed start counts as done when a server answers on the port after all.
        """
        with _start_lock(self.port):
            if not self.is_running():
                _make_user_dir(self.environment())
                try:
                    self.run("start-server", timeout=timeout)
                except DeviceError:
                    if not self.is_running():
                        raise
        return self.version()

    def kill(self) -> None:
        """Stop the server if it runs."""
        try:
            with self.client(2.0).make_connection() as conn:
                conn.send_command("host:kill")
                conn.check_okay()
        except (adbutils.AdbError, OSError):
            return

    def connect(self, address: str, timeout: float = 5.0) -> str:
        """``adb connect ADDRESS``: returns the server's answer (it may say it failed)."""
        return self._query(f"host:connect:{address}", timeout)

    def disconnect(self, address: str, timeout: float = 5.0) -> str:
        """``adb disconnect ADDRESS``."""
        return self._query(f"host:disconnect:{address}", timeout)

    def reconnect_offline(self, timeout: float = 5.0) -> str:
        """``adb reconnect offline``: kick every offline transport to reconnect now."""
        return self._query("host:reconnect-offline", timeout)

    def devices(self) -> dict[str, str]:
        """Every phone the server knows, adb serial -> state (device, offline, ...)."""
        try:
            return {info.serial: info.state for info in self.client(5.0).list()}
        except (adbutils.AdbError, OSError) as exc:
            raise DeviceError(
                ErrorCode.ADB_UNAVAILABLE, f"adb server on port {self.port}: {exc}"
            ) from exc

    def _query(self, command: str, timeout: float) -> str:
        try:
            with self.client(timeout).make_connection() as conn:
                conn.send_command(command)
                conn.check_okay()
                return str(conn.read_string_block())
        except adbutils.AdbError as exc:
            code = ErrorCode.ADB_UNAVAILABLE
            if isinstance(exc, adbutils.AdbTimeout):
                code = ErrorCode.TIMEOUT
            raise DeviceError(code, f"{command}: {exc}") from exc
        except OSError as exc:
            raise DeviceError(ErrorCode.ADB_UNAVAILABLE, f"{command}: {exc}") from exc


def parse_device_list(text: str) -> dict[str, str]:
    """Read the server's ``serial<TAB>state`` lines (host:devices, track-devices)."""
    devices: dict[str, str] = {}
    for line in text.splitlines():
        serial, sep, state = line.partition("\t")
        if sep and serial.strip():
            devices[serial.strip()] = state.split()[0] if state.split() else ""
    return devices


def adb_state(client: adbutils.AdbClient, adb_serial: str, timeout: float = 2.0) -> str:
    """What the adb server says of one phone now: its state, "gone", or "adb_down"."""
    try:
        with client.make_connection(timeout=timeout) as conn:
            conn.send_command("host:devices")
            conn.check_okay()
            text = conn.read_string_block()
    except (adbutils.AdbError, OSError):
        return "adb_down"
    return parse_device_list(str(text)).get(adb_serial, "gone")


def device_error(
    exc: BaseException, what: str, client: adbutils.AdbClient, adb_serial: str
) -> DeviceError:
    """Translate a device call's exception, asking the adb server what became of the phone."""
    if isinstance(exc, DeviceError):
        return exc
    state = (
        None if isinstance(exc, u2_errors.UiObjectNotFoundError) else adb_state(client, adb_serial)
    )
    detail = str(exc) or type(exc).__name__
    return DeviceError(classify(exc, state), f"{what}: {detail}", serial=adb_serial)
