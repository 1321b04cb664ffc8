"""The adb server that simulated phones connect to: which binary, which port, adb connect.

Tests and benchmarks always run a dedicated server on a free port with the emulator scan
off (ADB_EMU=0), so a developer's own server on 5037 is never touched.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
from pathlib import Path
from typing import Any

import adbutils

from workers.device.adb import AdbServerClient

EMULATOR_PORTS = range(5554, 5586)


class AdbSetupError(RuntimeError):
    """The adb binary is missing or its server would not start; the message says why."""


def bundled_adb() -> str:
    """The adb binary shipped inside the adbutils wheel."""
    return str(Path(adbutils.__file__).parent / "binaries" / "adb")


def resolve_adb(configured: str = "") -> str:
    """The adb binary to use: the configured one when set, else the bundled one."""
    path = configured or bundled_adb()
    if not os.path.isfile(path) or not os.access(path, os.X_OK):
        where = "settings adb_path" if configured else "the adbutils wheel"
        raise AdbSetupError(f"adb binary {path} (from {where}) is missing or not executable")
    return path


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
        self.port = port
        self.adb_path = resolve_adb(adb_path)

    def env(self) -> dict[str, str]:
        """The environment for this server's processes (port, no emulator scan)."""
        env = dict(os.environ)
        env.update(
            ANDROID_ADB_SERVER_PORT=str(self.port),
            ADB_EMU="0",
            ADBUTILS_ADB_PATH=self.adb_path,
        )
        return env

    def run(self, *args: str, timeout: float = 20.0) -> subprocess.CompletedProcess[str]:
        """Run the adb command line against this server (adb -P PORT ARGS...)."""
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
            result = self.run("start-server")
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise AdbSetupError(f"adb server on port {self.port} did not start: {exc}") from exc
        if result.returncode != 0:
            message = (result.stderr or result.stdout).strip().splitlines()
            raise AdbSetupError(
                f"adb server on port {self.port} did not start: {message[-1] if message else '?'}"
            )

    def kill(self) -> None:
        """Stop the server (no error when none runs)."""
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self.run("kill-server", timeout=10.0)

    def client(self) -> Any:
        """An adbutils client of this server (the device layer's: it closes refused sockets)."""
        return AdbServerClient("127.0.0.1", self.port)

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
