"""uiautomator2 drives the simulated phones unchanged: connect, RPC, selectors, xpath, apps."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from PIL import Image

from workers.sim.provision import SIMVIDEO_PACKAGE

if TYPE_CHECKING:
    from collections.abc import Callable

    from workers.sim.fleet import PhoneInfo, SimFleet


def test_connect_and_device_info(sim_fleet: SimFleet, sim_u2: Callable[[PhoneInfo], Any]) -> None:
    info = sim_fleet.phone(0)
    d = sim_u2(info)
    assert d.info["displayWidth"] == 720
    assert d.info["sdkInt"] == 33
    assert d.device_info["serial"] == info.serial
    assert d.device_info["model"] == "SimPhone 1"
    assert d.window_size() == (720, 1280)
    assert d.wlan_ip is not None
    assert d.wlan_ip.startswith("192.0.2.")


def test_app_start_current_stop_and_keys(
    sim_fleet: SimFleet, sim_u2: Callable[[PhoneInfo], Any]
) -> None:
    d = sim_u2(sim_fleet.phone(1))
    d.app_start(SIMVIDEO_PACKAGE, stop=True)
    assert d.app_current()["package"] == SIMVIDEO_PACKAGE
    assert sim_fleet.status(1).package == SIMVIDEO_PACKAGE
    d.press("home")
    assert d.app_current()["package"] == "com.android.launcher3"
    d(text="SimVideo").click()
    assert d.app_current()["package"] == SIMVIDEO_PACKAGE
    d.app_stop(SIMVIDEO_PACKAGE)
    assert d.app_current()["package"] == "com.android.launcher3"
    assert SIMVIDEO_PACKAGE not in d.app_list_running()


def test_hierarchy_selectors_and_xpath_agree(
    sim_fleet: SimFleet, sim_u2: Callable[[PhoneInfo], Any]
) -> None:
    d = sim_u2(sim_fleet.phone(2))
    d.app_stop(SIMVIDEO_PACKAGE)
    d.press("home")
    xml = d.dump_hierarchy()
    assert 'text="SimVideo"' in xml
    icon = d(text="SimVideo")
    assert icon.exists
    assert icon.info["contentDescription"] == "SimVideo"
    assert d(description="SimVideo").count == 1
    assert d.xpath('//*[@text="SimVideo"]').exists
    d.xpath('//*[@content-desc="SimVideo"]').click()
    assert d.app_current()["package"] == SIMVIDEO_PACKAGE
    assert not d(text="No such thing").exists


def test_screenshot_png_and_thumbnail(
    sim_fleet: SimFleet, sim_u2: Callable[[PhoneInfo], Any], sim_adb: Any
) -> None:
    from uiautomator2.core import _http_request

    info = sim_fleet.phone(3)
    d = sim_u2(info)
    assert d.screenshot().size == (720, 1280)
    device = sim_adb.device(info.adb_serial)
    assert device.screenshot().size == (720, 1280)  # screencap -p, PNG
    reply = _http_request(device, 9008, "GET", "/screenshot/0?scale=0.25&quality=60")
    thumb = Image.open(io.BytesIO(reply.content))
    assert thumb.format == "JPEG"
    assert thumb.size == (180, 320)
