"""Pinned wire contract: what uiautomator2 3.7 and adbutils 2.12 send to a phone.

If an upgrade changes the device-side sequence (the jar check, the push, the launch
command, the RPC names), these tests fail and show the new sequence: update the
simulator (workers/sim) and the expected lists below together, after reading the
new uiautomator2/adbutils sources.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import TYPE_CHECKING, Any

import uiautomator2

if TYPE_CHECKING:
    from collections.abc import Callable

    from workers.sim.fleet import PhoneInfo, SimFleet

JAR = "/data/local/tmp/u2.jar"
LAUNCH = f"shell:CLASSPATH={JAR} app_process / com.wetest.uia2.Main -p 9008"
PING = ["service tcp:9008", "http GET /ping"]


def wire(sim_fleet: SimFleet, index: int) -> list[str]:
    """The phone's events that make up the wire sequence, as 'kind detail' lines."""
    kinds = {"service", "sync", "http", "rpc"}
    return [f"{e.kind} {e.detail}" for e in sim_fleet.events(index) if e.kind in kinds]


def test_the_pinned_versions_are_installed() -> None:
    assert version("uiautomator2") == "3.7.1"
    assert version("adbutils").startswith("2.12.")


def test_first_connect_checks_pushes_launches_and_pings(
    sim_fleet: SimFleet, sim_phone_factory: Callable[..., PhoneInfo], sim_adb: Any
) -> None:
    info = sim_phone_factory(preseed_u2=False)
    sim_fleet.clear_events(info.index)
    uiautomator2.connect(sim_adb.device(info.adb_serial))
    assert wire(sim_fleet, info.index) == [
        f"service shell:toybox md5sum {JAR}",
        "service sync:",
        f"sync STAT {JAR}",
        "service sync:",
        f"sync SEND {JAR},33261",
        "service sync:",
        f"sync STAT {JAR}",
        "service tcp:9008",  # refused: the server is not running yet
        f"service {LAUNCH}",
        *PING,
    ]


def test_connect_with_the_jar_in_place_skips_the_push(
    sim_fleet: SimFleet, sim_phone: PhoneInfo, sim_adb: Any
) -> None:
    sim_fleet.clear_events(sim_phone.index)
    d = uiautomator2.connect(sim_adb.device(sim_phone.adb_serial))
    assert wire(sim_fleet, sim_phone.index) == [
        f"service shell:toybox md5sum {JAR}",
        "service tcp:9008",
        f"service {LAUNCH}",
        *PING,
    ]
    sim_fleet.clear_events(sim_phone.index)
    assert d.info["displayWidth"] == 720
    d.window_size()
    d.app_current()
    d.screenshot()
    d.dump_hierarchy()
    d(text="SimVideo").click()
    d.press("back")
    assert wire(sim_fleet, sim_phone.index) == [
        "service tcp:9008",
        "http POST /jsonrpc/0",
        "rpc deviceInfo",
        "service shell:wm size",
        "service shell:dumpsys display",
        "service shell:dumpsys window windows",
        "service tcp:9008",
        "http POST /jsonrpc/0",
        "rpc takeScreenshot",
        "service tcp:9008",
        "http POST /jsonrpc/0",
        "rpc dumpWindowHierarchy",
        "service tcp:9008",
        "http POST /jsonrpc/0",
        "rpc waitForExists",
        "service tcp:9008",
        "http POST /jsonrpc/0",
        "rpc objInfo",
        "service tcp:9008",
        "http POST /jsonrpc/0",
        "rpc click",
        "service tcp:9008",
        "http POST /jsonrpc/0",
        "rpc pressKey",
    ]


def test_app_start_and_shell_use_shell_v1_with_the_exit_marker(
    sim_fleet: SimFleet, sim_phone: PhoneInfo, sim_u2: Callable[[PhoneInfo], Any]
) -> None:
    d = sim_u2(sim_phone)
    sim_fleet.clear_events(sim_phone.index)
    d.app_start("com.fleetdeck.simvideo")
    d.shell("echo hi")
    services = [e.detail for e in sim_fleet.events(sim_phone.index, "service")]
    assert services == [
        "shell:monkey -p com.fleetdeck.simvideo -c android.intent.category.LAUNCHER 1"
        "; echo X4EXIT:$?",
        "shell:echo hi; echo X4EXIT:$?",
    ]


def test_a_server_that_is_already_alive_is_reused(
    sim_fleet: SimFleet, sim_phone_factory: Callable[..., PhoneInfo], sim_adb: Any
) -> None:
    info = sim_phone_factory(u2_survives_detach=True)
    first = uiautomator2.connect(sim_adb.device(info.adb_serial))
    first.stop_uiautomator(wait=False)  # what atexit does: the launch stream closes
    assert sim_fleet.status(info.index).u2_running is True
    sim_fleet.clear_events(info.index)
    uiautomator2.connect(sim_adb.device(info.adb_serial))
    assert wire(sim_fleet, info.index) == [
        f"service shell:toybox md5sum {JAR}",
        *PING,
    ]
