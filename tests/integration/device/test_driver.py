"""Every driver operation FleetDeck uses, against a simulated phone through the real stack."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pytest
from PIL import Image

from tests.integration.device.conftest import TEST_PACKAGE, rid, running_app
from workers.device.errors import DeviceError, ErrorCode
from workers.device.hierarchy import Selector
from workers.sim.apk import build_sim_apk
from workers.sim.provision import SIMVIDEO_PACKAGE

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from workers.device.driver import DeviceDriver
    from workers.sim.fleet import PhoneInfo, SimFleet


@pytest.fixture
def driver(app_phone: PhoneInfo, make_driver: Callable[..., DeviceDriver]) -> DeviceDriver:
    d = make_driver(app_phone)
    d.app_start(TEST_PACKAGE)
    return d


def test_identity_serial_and_props(app_phone: PhoneInfo, driver: DeviceDriver) -> None:
    assert driver.adb_serial == app_phone.adb_serial
    assert driver.serial == app_phone.serial
    identity = driver.identity()
    assert identity.model == app_phone.model
    assert identity.android_version
    assert driver.prop("ro.product.model") == app_phone.model
    assert driver.prop("ro.no.such.property") == ""


def test_shell_returns_output_and_exit_code(driver: DeviceDriver) -> None:
    result = driver.shell(["echo", "héllo wörld; 你好"])
    assert result.ok
    assert result.output.strip() == "héllo wörld; 你好"
    failed = driver.shell("false")
    assert failed.exit_code == 1
    with pytest.raises(DeviceError, match="exited 1"):
        driver.shell("false", check=True)


def test_apps_start_stop_current_installed(driver: DeviceDriver) -> None:
    assert driver.app_current() == TEST_PACKAGE
    assert driver.app_installed(TEST_PACKAGE)
    assert driver.app_installed(SIMVIDEO_PACKAGE)
    assert not driver.app_installed("com.example.absent")
    driver.app_stop(TEST_PACKAGE)
    assert driver.app_current() != TEST_PACKAGE
    driver.app_start(TEST_PACKAGE, wait=False)
    driver.wait_app(TEST_PACKAGE, timeout=5)
    assert driver.app_current() == TEST_PACKAGE


def test_a_missing_app_is_app_not_installed(driver: DeviceDriver) -> None:
    with pytest.raises(DeviceError) as info:
        driver.app_start("com.example.absent")
    assert info.value.code is ErrorCode.APP_NOT_INSTALLED
    assert info.value.error_class == "device"
    with pytest.raises(DeviceError) as info:
        driver.wait_app("com.example.absent", timeout=0.5)
    assert info.value.code is ErrorCode.APP_NOT_INSTALLED


def test_hierarchy_is_parsed_once_and_matches_the_screen(driver: DeviceDriver) -> None:
    xml = driver.hierarchy_xml()
    assert xml.startswith("<?xml")
    assert rid("query") in xml
    root = driver.hierarchy()
    items = root.find_all(Selector(resource_id="item"))
    assert [n.text for n in items][:3] == ["Item 00", "Item 01", "Item 02"]
    listing = root.find(Selector(resource_id="list"))
    assert listing is not None
    assert listing.scrollable
    assert listing.children == tuple(items)
    assert driver.exists(Selector(text="Go"))
    assert not driver.exists(Selector(text="Nothing like this"))
    xpath = Selector(xpath=f"//*[@resource-id='{rid('item')}'][2]")
    assert [n.text for n in root.find_all(xpath)] == ["Item 01"]


def test_click_set_text_and_wait(
    app_phone: PhoneInfo, sim_fleet: SimFleet, driver: DeviceDriver
) -> None:
    driver.set_text(Selector(resource_id="query"), "搜索 test ✓")
    assert running_app(sim_fleet, app_phone.index).query == "搜索 test ✓"
    clicked = driver.click(Selector(text="Go"))
    assert clicked.resource_id == rid("go")
    result = driver.wait(Selector(resource_id="result"), timeout=5)
    assert result.text == "Result: 搜索 test ✓"
    driver.set_text(Selector(resource_id="query"), "")
    assert running_app(sim_fleet, app_phone.index).query == ""


def test_wait_finds_an_element_that_appears_later(
    app_phone: PhoneInfo, sim_fleet: SimFleet, driver: DeviceDriver
) -> None:
    sim_fleet.withhold(app_phone.index, {rid("go")}, seconds=1.0)
    assert not driver.exists(Selector(text="Go"))
    node = driver.wait(Selector(text="Go"), timeout=5)
    assert node.text == "Go"
    sim_fleet.withhold(app_phone.index, {rid("go")}, seconds=1.0)
    driver.wait_gone(Selector(text="Go"), timeout=1)
    driver.wait(Selector(text="Go"), timeout=5)


def test_tap_swipe_press_and_scroll(
    app_phone: PhoneInfo, sim_fleet: SimFleet, driver: DeviceDriver
) -> None:
    sim_fleet.clear_events(app_phone.index)
    driver.tap(120, 290)  # the Go button
    assert driver.exists(Selector(resource_id="result"))
    driver.scroll("down", within=Selector(resource_id="list"))
    first = driver.hierarchy().find(Selector(resource_id="item"))
    assert first is not None
    assert first.text != "Item 00"
    driver.scroll("up", within=Selector(resource_id="list"))
    first = driver.hierarchy().find(Selector(resource_id="item"))
    assert first is not None
    assert first.text == "Item 00"
    driver.swipe(360, 1200, 360, 800, duration=0.1)
    assert running_app(sim_fleet, app_phone.index).offset == 400
    driver.press("back")
    assert driver.app_current() != TEST_PACKAGE
    kinds = [e.kind for e in sim_fleet.events(app_phone.index)]
    assert {"tap", "swipe", "key"} <= set(kinds)
    with pytest.raises(DeviceError) as info:
        driver.press("launch-missiles")
    assert info.value.code is ErrorCode.INVALID_ARGUMENT


def test_pages_read_a_whole_list_one_dump_per_screen(driver: DeviceDriver) -> None:
    seen: list[str] = []
    pages = 0
    for page in driver.pages(Selector(resource_id="list")):
        pages += 1
        for item in page.find_all(Selector(resource_id="item")):
            if item.text not in seen:
                seen.append(item.text)
    assert seen == [f"Item {i:02d}" for i in range(30)]
    assert 2 <= pages <= 10


def test_screenshots_and_window_size(driver: DeviceDriver) -> None:
    width, height = driver.window_size()
    assert (width, height) == (720, 1280)
    jpeg = driver.screenshot_jpeg()
    png = driver.screenshot_png()
    for data, kind in ((jpeg, "JPEG"), (png, "PNG")):
        image = Image.open(io.BytesIO(data))
        assert image.format == kind
        assert image.size == (width, height)


def test_health_equals_the_simulated_phone(
    app_phone: PhoneInfo, sim_fleet: SimFleet, driver: DeviceDriver
) -> None:
    sim_fleet.set_health(
        app_phone.index, battery_level=17, temperature_c=43.4, storage_free_mb=1234
    )
    try:
        health = driver.health()
        status = sim_fleet.status(app_phone.index)
    finally:
        sim_fleet.set_health(app_phone.index)
    assert health.battery_level == status.battery_level == 17
    assert health.battery_temp_c == status.temperature_c == 43.4
    assert health.storage_free_mb == status.storage_free_mb == 1234
    assert health.charging == status.charging
    assert health.screen_on is status.screen_on is True
    assert health.network_up
    driver.shell(["input", "keyevent", "POWER"], check=True)
    try:
        assert driver.health().screen_on is sim_fleet.status(app_phone.index).screen_on is False
    finally:
        driver.shell(["input", "keyevent", "POWER"], check=True)
    assert driver.health().screen_on is True


def test_install_an_apk_and_refusal_is_install_failed(driver: DeviceDriver, tmp_path: Path) -> None:
    apk = tmp_path / "hello.apk"
    apk.write_bytes(build_sim_apk("com.fleetdeck.hello", "Hello", version_name="2.0"))
    assert not driver.app_installed("com.fleetdeck.hello")
    driver.install(apk)
    assert driver.app_installed("com.fleetdeck.hello")
    driver.app_start("com.fleetdeck.hello")
    assert driver.app_current() == "com.fleetdeck.hello"
    broken = tmp_path / "broken.apk"
    broken.write_bytes(b"PK not really a zip")
    with pytest.raises(DeviceError) as info:
        driver.install(broken)
    assert info.value.code is ErrorCode.INSTALL_FAILED
    with pytest.raises(DeviceError) as info:
        driver.install(tmp_path / "missing.apk")
    assert info.value.code is ErrorCode.INVALID_ARGUMENT
    assert "missing.apk" in str(info.value)
