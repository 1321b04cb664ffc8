"""Phone states as the real adb server sees them: offline and back, unauthorized, reboot, crash."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import pytest

from workers.sim.provision import SIMVIDEO_PACKAGE

if TYPE_CHECKING:
    from collections.abc import Callable

    from workers.sim.adb_host import AdbServer
    from workers.sim.fleet import PhoneInfo, SimFleet


def wait_for_state(adb: AdbServer, serial: str, state: str | None, timeout: float = 15.0) -> None:
    """Wait until `adb devices` shows serial in state (None: not listed at all)."""
    deadline = time.monotonic() + timeout
    seen = None
    while time.monotonic() < deadline:
        seen = adb.states().get(serial)
        if seen == state:
            return
        time.sleep(0.1)
    pytest.fail(f"{serial} stayed {seen!r}, expected {state!r} within {timeout} s")


def test_offline_then_back_on_request(
    sim_fleet: SimFleet, sim_phone: PhoneInfo, sim_adb_server: AdbServer, sim_adb: Any
) -> None:
    sim_fleet.set_offline(sim_phone.index)
    wait_for_state(sim_adb_server, sim_phone.adb_serial, "offline")
    assert sim_fleet.status(sim_phone.index).state == "offline"
    sim_fleet.set_online(sim_phone.index)
    wait_for_state(sim_adb_server, sim_phone.adb_serial, "device")
    assert sim_adb.device(sim_phone.adb_serial).shell("echo back") == "back"


def test_offline_spell_ends_by_itself(
    sim_fleet: SimFleet, sim_phone: PhoneInfo, sim_adb_server: AdbServer
) -> None:
    sim_fleet.set_offline(sim_phone.index, seconds=2.0)
    wait_for_state(sim_adb_server, sim_phone.adb_serial, "offline")
    wait_for_state(sim_adb_server, sim_phone.adb_serial, "device", timeout=10)


def test_unauthorized_and_authorized_again(
    sim_fleet: SimFleet, sim_phone: PhoneInfo, sim_adb_server: AdbServer
) -> None:
    sim_fleet.set_unauthorized(sim_phone.index)
    wait_for_state(sim_adb_server, sim_phone.adb_serial, "unauthorized")
    assert sim_fleet.status(sim_phone.index).state == "unauthorized"
    sim_fleet.set_unauthorized(sim_phone.index, False)
    wait_for_state(sim_adb_server, sim_phone.adb_serial, "device")


def test_removed_phone_leaves_the_adb_server(
    sim_fleet: SimFleet, sim_phone: PhoneInfo, sim_adb_server: AdbServer
) -> None:
    sim_fleet.remove_phone(sim_phone.index)
    wait_for_state(sim_adb_server, sim_phone.adb_serial, None)


def test_u2_server_crash_recovers_by_itself(
    sim_fleet: SimFleet, sim_phone: PhoneInfo, sim_u2: Callable[[PhoneInfo], Any]
) -> None:
    d = sim_u2(sim_phone)
    assert d.info["screenOn"] is True
    assert sim_fleet.crash_u2(sim_phone.index) is True
    assert sim_fleet.status(sim_phone.index).u2_running is False
    assert d.info["screenOn"] is True  # uiautomator2 relaunched its server and retried
    assert sim_fleet.status(sim_phone.index).u2_running is True
    launches = [
        e for e in sim_fleet.events(sim_phone.index, "service") if "app_process" in e.detail
    ]
    assert len(launches) == 2


def test_reboot_drops_the_phone_and_resets_apps(
    sim_fleet: SimFleet, sim_phone: PhoneInfo, sim_adb_server: AdbServer, sim_adb: Any
) -> None:
    device = sim_adb.device(sim_phone.adb_serial)
    device.app_start(SIMVIDEO_PACKAGE)
    assert sim_fleet.status(sim_phone.index).package == SIMVIDEO_PACKAGE
    sim_fleet.reboot(sim_phone.index, seconds=2.0)
    wait_for_state(sim_adb_server, sim_phone.adb_serial, "offline")
    wait_for_state(sim_adb_server, sim_phone.adb_serial, "device", timeout=10)
    assert device.app_current().package == "com.android.launcher3"
    assert device.shell("ls /data/local/tmp") == "u2.jar"  # files survive a reboot


def test_shell_reboot_command(
    sim_fleet: SimFleet, sim_phone: PhoneInfo, sim_adb_server: AdbServer, sim_adb: Any
) -> None:
    sim_adb.device(sim_phone.adb_serial).shell("reboot")
    wait_for_state(sim_adb_server, sim_phone.adb_serial, "offline")
    wait_for_state(sim_adb_server, sim_phone.adb_serial, "device", timeout=10)
