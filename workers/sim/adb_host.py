"""The adb server that simulated phones connect to, as tests and the sim CLI drive it.

Which binary, which environment and which client are the device layer's
(``workers.device.adb``); this wrapper adds what the simulator's users want from it:
the adb command line's own output, and answers instead of exceptions for connect.
Tests and benchmarks always run a dedicated server on a free port with the emulator
scan off (ADB_EMU=0), so a developer's own server on 5037 is never touched.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
from typing import Any

import adbutils

from workers.device import adb as device_adb
from workers.device.errors import DeviceError

EMULATOR_PORTS = range(5554, 5586)


class AdbSetupError(RuntimeError):
    """The adb binary is missing or its server would not start; the message says why."""


def free_port() -> int:
    """A free TCP port on 127.0.0.1, never one of the emulator ports."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
        if port not in EMULATOR_PORTS:
            return port


class AdbServer:
    """An adb server on a given port, driven through its binary and the host protocol."""

    def __init__(self, port: int, adb_path: str = "") -> None:
        try:
            self.server = device_adb.AdbServer(port, adb_path)
        except DeviceError as exc:
            raise AdbSetupError(exc.message) from None
        self.port = port
        self.adb_path = str(self.server.path)

    def env(self) -> dict[str, str]:
        """The environment for this server's processes (port, no emulator scan)."""
        return {**self.server.environment(), "ADBUTILS_ADB_PATH": self.adb_path}

    def run(self, *args: str, timeout: float = 20.0) -> subprocess.CompletedProcess[str]:
        """Run the adb command line against this server; its exit status is the caller's."""
        return subprocess.run(
            [self.adb_path, "-P", str(self.port), *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def start(self) -> None:
        """Start the server unless one already answers on the port."""
        try:
            self.server.ensure_running()
        except DeviceError as exc:
            raise AdbSetupError(
                f"adb server on port {self.port} did not start: {exc.message}"
            ) from None

    def kill(self) -> None:
        """Stop the server (no error when none runs)."""
        self.server.kill()

    def client(self) -> Any:
        """An adbutils client of this server (the device layer's: it closes refused sockets)."""
        return self.server.client()

    def connect(self, address: str, timeout: float = 5.0) -> str:
        """adb connect ADDRESS; returns the server's answer ('connected to ...')."""
        try:
            return str(self.client().connect(address, timeout=timeout))
        except (adbutils.AdbError, adbutils.AdbTimeout, OSError) as exc:
            return f"failed to connect to {address}: {exc}"

    def disconnect(self, address: str) -> None:
        """adb disconnect ADDRESS (no error when it was not connected)."""
        with contextlib.suppress(adbutils.AdbError, OSError):
            self.client().disconnect(address)

    def states(self) -> dict[str, str]:
        """adb devices: adb serial -> state."""
        return {d.serial: d.state for d in self.client().list()}
