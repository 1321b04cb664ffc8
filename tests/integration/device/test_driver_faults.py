"""Driver errors and recovery: missing elements, stops, offline, unauthorized, u2 crashes."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import pytest

from tests.integration.device.conftest import TEST_PACKAGE, install_test_app, rid
from workers.device.errors import DeviceError, ErrorCode
from workers.device.hierarchy import Selector
from workers.stop import StopRequested

if TYPE_CHECKING:
    from collections.abc import Callable

    from workers.device.adb import AdbServer
    from workers.device.driver import DeviceDriver
    from workers.sim.fleet import PhoneInfo, SimFleet

GO = Selector(resource_id="go")


@pytest.fixture
def phone(sim_phone: PhoneInfo, sim_fleet: SimFleet) -> PhoneInfo:
    install_test_app(sim_fleet, sim_phone.index)
    return sim_phone


def _started(
    make_driver: Callable[..., DeviceDriver], phone: PhoneInfo, **kw: object
) -> DeviceDriver:
    driver = make_driver(phone, **kw)
    driver.app_start(TEST_PACKAGE)
    driver.wait(GO)
    return driver


def test_an_element_that_never_appears_is_ui_not_found_within_its_timeout(
    phone: PhoneInfo, sim_fleet: SimFleet, make_driver: Callable[..., DeviceDriver]
) -> None:
    driver = _started(make_driver, phone)
    sim_fleet.withhold(phone.index, {rid("go")})
    started = time.monotonic()
    with pytest.raises(DeviceError) as info:
        driver.click(GO, timeout=1.0)
    elapsed = time.monotonic() - started
    print(f"ui_not_found after {elapsed:.2f} s (timeout 1.0 s)")
    assert info.value.code is ErrorCode.UI_NOT_FOUND
    assert info.value.error_class == "retryable"
    assert "resource_id='go'" in str(info.value)
    assert 1.0 <= elapsed < 3.0


def test_a_stop_interrupts_a_long_wait(
    phone: PhoneInfo,
    sim_fleet: SimFleet,
    make_driver: Callable[..., DeviceDriver],
    stop_event: threading.Event,
) -> None:
    driver = _started(make_driver, phone, should_stop=stop_event.is_set)
    sim_fleet.withhold(phone.index, {rid("go")})
    threading.Timer(0.5, stop_event.set).start()
    started = time.monotonic()
    with pytest.raises(StopRequested):
        driver.wait(GO, timeout=60)
    latency = time.monotonic() - started - 0.5
    print(f"stop honoured {latency:.3f} s after the request")
    assert latency < 3.0
    with pytest.raises(StopRequested):
        driver.shell("true")  # every later call checks the stop first


def test_a_stop_interrupts_a_slow_call(
    phone: PhoneInfo,
    sim_fleet: SimFleet,
    make_driver: Callable[..., DeviceDriver],
    stop_event: threading.Event,
) -> None:
    driver = _started(make_driver, phone, should_stop=stop_event.is_set)
    sim_fleet.set_faults(phone.index, "latency_ms=5000")
    threading.Timer(0.3, stop_event.set).start()
    started = time.monotonic()
    with pytest.raises(StopRequested):
        driver.hierarchy(timeout=20)
    latency = time.monotonic() - started - 0.3
    print(f"stop ended a 5 s call {latency:.3f} s after the request")
    assert latency < 3.0


def test_a_call_slower_than_its_timeout_is_timeout_and_the_next_call_works(
    phone: PhoneInfo, sim_fleet: SimFleet, make_driver: Callable[..., DeviceDriver]
) -> None:
    driver = _started(make_driver, phone)
    sim_fleet.set_faults(phone.index, "latency_ms=1500")
    started = time.monotonic()
    with pytest.raises(DeviceError) as info:
        driver.shell("echo slow", timeout=0.5)
    elapsed = time.monotonic() - started
    print(f"timeout after {elapsed:.2f} s (timeout 0.5 s, phone answers in 1.5 s)")
    assert info.value.code is ErrorCode.TIMEOUT
    assert elapsed < 1.4
    sim_fleet.set_faults(phone.index, "none")
    assert driver.shell("echo fast", timeout=5).output.strip() == "fast"


def test_a_phone_taken_offline_mid_call_is_device_lost_and_works_when_back(
    phone: PhoneInfo, sim_fleet: SimFleet, make_driver: Callable[..., DeviceDriver]
) -> None:
    driver = _started(make_driver, phone)
    sim_fleet.set_faults(phone.index, "latency_ms=1500")
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(driver.hierarchy, 10.0)
        time.sleep(0.4)
        sim_fleet.set_offline(phone.index)
        started = time.monotonic()
        with pytest.raises(DeviceError) as info:
            pending.result(timeout=15)
    print(f"device_lost {time.monotonic() - started:.2f} s after going offline")
    assert info.value.code is ErrorCode.DEVICE_LOST
    assert info.value.error_class == "retryable"
    with pytest.raises(DeviceError) as info:
        driver.shell("true")
    assert info.value.code is ErrorCode.DEVICE_LOST
    sim_fleet.set_faults(phone.index, "none")
    sim_fleet.set_online(phone.index)
    deadline = time.monotonic() + 10
    while True:
        try:
            assert driver.shell("echo back").output.strip() == "back"
            break
        except DeviceError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    assert driver.wait(GO, timeout=10).text == "Go"  # uiautomator2 came back too


def _wait_state(server: AdbServer, adb_serial: str, state: str) -> None:
    deadline = time.monotonic() + 10
    while server.devices().get(adb_serial) != state:
        assert time.monotonic() < deadline, f"{adb_serial} never became {state}"
        time.sleep(0.05)


def test_unauthorized_phone(
    phone: PhoneInfo,
    sim_fleet: SimFleet,
    make_driver: Callable[..., DeviceDriver],
    device_server: AdbServer,
) -> None:
    driver = make_driver(phone)
    assert driver.shell("true").ok
    sim_fleet.set_unauthorized(phone.index)
    _wait_state(device_server, phone.adb_serial, "unauthorized")
    with pytest.raises(DeviceError) as info:
        driver.shell("true")
    assert info.value.code is ErrorCode.UNAUTHORIZED
    assert info.value.error_class == "device"
    sim_fleet.set_unauthorized(phone.index, False)
    deadline = time.monotonic() + 10
    while True:
        try:
            assert driver.shell("true").ok
            break
        except DeviceError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_uiautomator2_crash_recovers_through_the_driver(
    phone: PhoneInfo, sim_fleet: SimFleet, make_driver: Callable[..., DeviceDriver]
) -> None:
    driver = _started(make_driver, phone)
    for _ in range(2):
        assert sim_fleet.crash_u2(phone.index)
        started = time.monotonic()
        assert driver.wait(GO, timeout=10).text == "Go"
        print(f"recovered from a u2 crash in {time.monotonic() - started:.2f} s")
        assert sim_fleet.status(phone.index).u2_running


def test_eight_phones_in_parallel_from_threads(
    sim_fleet: SimFleet, make_driver: Callable[..., DeviceDriver]
) -> None:
    phones = sim_fleet.phones()[:8]
    assert len(phones) == 8
    drivers = [make_driver(info) for info in phones]

    def work(driver: DeviceDriver) -> tuple[str, str, int]:
        driver.press("home")
        root = driver.hierarchy()
        icon = root.find(Selector(text="Settings"))
        assert icon is not None
        driver.click(Selector(text="Settings"))
        driver.wait_app("com.android.settings", timeout=10)
        png = driver.screenshot_jpeg(quality=50)
        driver.press("home")
        return driver.serial, driver.app_current(), len(png)

    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, drivers))
    print(f"8 phones x 8 operations in {time.monotonic() - started:.2f} s")
    assert [serial for serial, _, _ in results] == [info.serial for info in phones]
    assert all(current == "com.android.launcher3" for _, current, _ in results)
    assert all(size > 1000 for _, _, size in results)
