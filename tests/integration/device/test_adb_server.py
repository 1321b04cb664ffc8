"""This PC's adb server: the bundled binary on a dedicated port, started and stopped."""

from __future__ import annotations

import socket
import sys
import threading
from typing import TYPE_CHECKING

import adbutils
import pytest

from workers.device.adb import AdbServer, bundled_adb_path, resolve_adb_path
from workers.device.errors import DeviceError, ErrorCode

if TYPE_CHECKING:
    from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_bundled_adb_is_used_unless_one_is_configured(tmp_path: Path) -> None:
    assert resolve_adb_path("") == bundled_adb_path()
    assert bundled_adb_path().name == "adb"
    with pytest.raises(DeviceError, match="adb_path") as info:
        resolve_adb_path(str(tmp_path / "missing-adb"))
    assert info.value.code is ErrorCode.ADB_UNAVAILABLE
    not_executable = tmp_path / "adb"
    not_executable.write_text("#!/bin/sh\n")
    with pytest.raises(DeviceError, match="adb_path"):
        resolve_adb_path(str(not_executable))


def test_port_outside_the_user_range_is_refused() -> None:
    with pytest.raises(DeviceError, match="adb_port"):
        AdbServer(port=80)


def test_server_starts_on_its_port_and_clients_never_start_one() -> None:
    server = AdbServer(port=_free_port())
    assert not server.is_running()
    # A client of a stopped server fails instead of starting a server somewhere else.
    with pytest.raises(adbutils.AdbError):
        server.client(2.0).server_version()
    assert not server.is_running()
    try:
        version = server.ensure_running()
        assert version >= 41
        assert server.is_running()
        assert server.ensure_running() == version  # already running: nothing new started
        assert server.devices() == {}
        answer = server.connect("127.0.0.1:1", timeout=5.0)  # nothing listens there
        assert "127.0.0.1:1" in answer
        assert server.reconnect_offline() == ""
    finally:
        server.kill()
    assert not server.is_running()
    with pytest.raises(DeviceError) as info:
        server.devices()
    assert info.value.code is ErrorCode.ADB_UNAVAILABLE


def test_the_server_environment_turns_off_the_emulator_scan() -> None:
    server = AdbServer(port=15099)
    env = server.environment({"PATH": "/bin"})
    assert env["ANDROID_ADB_SERVER_PORT"] == "15099"
    assert env["ADB_EMU"] == "0"
    assert env["PATH"] == "/bin"
    if sys.platform.startswith("linux"):
        assert env["ADB_LIBUSB"] == "0"
        assert server.environment({"ADB_LIBUSB": "1"})["ADB_LIBUSB"] == "1"


def _start_together(servers: list[AdbServer]) -> list[DeviceError]:
    """Call ensure_running on every server at the same instant; return the failures."""
    barrier = threading.Barrier(len(servers))
    errors: list[DeviceError] = []

    def start(server: AdbServer) -> None:
        barrier.wait()
        try:
            server.ensure_running()
        except DeviceError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(s,)) for s in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


def test_two_callers_starting_the_same_server_at_once_both_get_it() -> None:
    # The console's host agent and its simulated phones start the server together on a
    # first run; the one whose `adb start-server` loses the port must not fail.
    for _ in range(3):
        port = _free_port()
        servers = [AdbServer(port) for _ in range(4)]
        try:
            assert _start_together(servers) == []
            assert servers[0].is_running()
        finally:
            servers[0].kill()
