"""Faults as a flow meets them: slow replies, missing elements, and random offline/u2 crashes."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from workers.sim.simvideo import PACKAGE, rid

if TYPE_CHECKING:
    from collections.abc import Callable

    from workers.sim.adb_host import AdbServer
    from workers.sim.fleet import PhoneInfo, PhoneStatus, SimFleet


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def test_latency_slows_every_reply(
    sim_phone_factory: Callable[..., PhoneInfo], sim_adb: Any
) -> None:
    info = sim_phone_factory(faults="latency_ms=300")
    device = sim_adb.device(info.adb_serial)
    started = time.monotonic()
    assert device.shell("echo slow") == "slow"
    assert time.monotonic() - started >= 0.3


def test_missing_element_never_appears_until_restored(
    sim_fleet: SimFleet, sim_phone: PhoneInfo, sim_u2: Callable[[PhoneInfo], Any]
) -> None:
    d = sim_u2(sim_phone)
    d.app_start(PACKAGE)
    sim_fleet.withhold(sim_phone.index, {rid("search_button")})
    assert d(resourceId=rid("search_box")).exists
    assert d(resourceId=rid("search_button")).wait(timeout=0.5) is False
    assert rid("search_button") not in d.dump_hierarchy()
    sim_fleet.restore(sim_phone.index)
    assert d(resourceId=rid("search_button")).exists


def test_fleet_probabilities_fire_while_the_phone_is_used(
    sim_fleet: SimFleet,
    sim_phone_factory: Callable[..., PhoneInfo],
    sim_adb_server: AdbServer,
    sim_u2: Callable[[PhoneInfo], Any],
) -> None:
    # Chance 1 per minute means: at the first second of activity.
    crashing = sim_phone_factory(faults="u2_crash=1")
    d = sim_u2(crashing)
    assert d.info["screenOn"]
    wait_until(lambda: not sim_fleet.status(crashing.index).u2_running, 5, "a u2 crash")
    sim_fleet.set_faults(crashing.index, "none")  # no second crash during the recovery
    assert d.info["screenOn"]  # uiautomator2 restarts its server by itself

    hiding = sim_phone_factory(faults="missing=1,missing_seconds=1")
    sim_adb_server.client().device(hiding.adb_serial).app_start(PACKAGE)
    status: Callable[[], PhoneStatus] = lambda: sim_fleet.status(hiding.index)  # noqa: E731
    wait_until(lambda: bool(status().withheld), 5, "an element going missing")
    assert set(status().withheld) <= {
        n
        for n in (
            rid("search_box"),
            rid("search_button"),
            rid("popular_creator"),
            rid("tab_home"),
            rid("tab_account"),
        )
    }

    dropping = sim_phone_factory(faults="offline=1,offline_seconds=2")
    sim_adb_server.client().device(dropping.adb_serial).shell("echo active")
    wait_until(lambda: sim_fleet.status(dropping.index).state == "offline", 5, "going offline")
    wait_until(
        lambda: sim_adb_server.states().get(dropping.adb_serial) == "device", 10, "the return"
    )


def test_an_overheating_phone_reports_it_through_dumpsys_then_cools(
    sim_fleet: SimFleet, sim_phone_factory: Callable[..., PhoneInfo], sim_adb: Any
) -> None:
    hot = sim_phone_factory(faults="overheat=1,overheat_c=51,overheat_seconds=1")
    device = sim_adb.device(hot.adb_serial)
    device.shell("echo active")  # faults fire only while the phone is in use

    def battery_temp() -> float:
        line = next(
            ln for ln in device.shell("dumpsys battery").splitlines() if "temperature:" in ln
        )
        return int(line.split(":")[1]) / 10  # dumpsys reports tenths of a degree

    wait_until(lambda: battery_temp() == 51.0, 5, "the battery running hot")
    sim_fleet.set_faults(hot.index, "none")
    wait_until(lambda: battery_temp() < 40.0, 5, "the battery cooling down")
