"""uiautomator2 3.7's public device API, called through the real adb server, adbutils and
uiautomator2 against a simulated phone: each method works and has its observable effect
(issue 14, "a simulated phone that uiautomator2 cannot tell from a real one")."""

from __future__ import annotations

import io
import tempfile
import warnings
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from workers.sim.simvideo import PACKAGE, rid

if TYPE_CHECKING:
    from collections.abc import Callable

    from workers.sim.fleet import PhoneInfo

U2_PACKAGE = "com.github.uiautomator"
U2_IME = "com.github.uiautomator/.AdbKeyboard"
SHADE = "com.android.systemui:id/notification_stack_scroller"
QUICK_SETTINGS = "com.android.systemui:id/quick_settings_panel"
URL_BAR = "com.android.chrome:id/url_bar"
URL = "https://example.com/fleetdeck?q=手机"


def bundled_apk() -> str:
    """uiautomator2's own APK (its AdbKeyboard input method), as shipped in its wheel."""
    return str(resources.files("uiautomator2") / "assets" / "app-uiautomator.apk")


@pytest.fixture
def device(sim_phone: PhoneInfo, sim_u2: Callable[[PhoneInfo], Any]) -> Any:
    """uiautomator2 on a fresh simulated phone, on its home screen."""
    d = sim_u2(sim_phone)
    d.press("home")
    return d


def test_uiautomator2s_own_apk_installs_and_shows_in_pm_and_dumpsys(device: Any) -> None:
    device.app_install(bundled_apk())
    assert device.app_info(U2_PACKAGE) == {"versionName": "2.4.0", "versionCode": 2004001}
    listed = device.shell(["pm", "list", "packages"]).output.split()
    assert f"package:{U2_PACKAGE}" in listed
    dumped = device.shell(["dumpsys", "package", U2_PACKAGE]).output
    assert "versionName=2.4.0" in dumped
    assert f"Package [{U2_PACKAGE}]" in dumped
    assert U2_IME in device.shell(["ime", "list", "-s", "-a"]).output.split()
    device.app_uninstall(U2_PACKAGE)
    assert U2_PACKAGE not in device.app_list()


def test_a_file_that_is_no_apk_is_refused_as_on_a_phone(device: Any, tmp_path: Any) -> None:
    fake = tmp_path / "broken.apk"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(Exception, match="INSTALL_PARSE_FAILED_NOT_APK"):
        device.app_install(str(fake))


def test_set_input_ime_installs_uiautomators_keyboard_and_send_keys_types_with_it(
    device: Any,
) -> None:
    device.app_start(PACKAGE, wait=True)
    device(resourceId=rid("search_box")).click()
    device.set_input_ime(True)  # pushes and installs the bundled APK, enables, selects it
    assert device.is_input_ime_installed()
    assert device.app_info(U2_PACKAGE)["versionName"] == "2.4.0"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no fallback to set_text: the IME must work
        device.send_keys("c001 咖啡")
    assert device.current_ime() == U2_IME
    assert device(resourceId=rid("search_box")).get_text() == "c001 咖啡"
    device.clear_text()
    assert device(resourceId=rid("search_box")).get_text() == ""
    device.send_keys("c001")
    device.send_action("search")  # the keyboard's search key: the app searches
    assert device(resourceId=rid("creator_item")).wait(timeout=2)


@dataclass(frozen=True)
class Case:
    """One device method: what to call, and what an observer then sees."""

    name: str
    act: Callable[[Any], Any]
    check: Callable[[Any, Any], bool]


def _orientation(d: Any) -> tuple[str, int]:
    d.orientation = "left"
    seen = (d.orientation, d.info["displayRotation"])
    d.orientation = "natural"
    return seen


def _screen_off_on(d: Any) -> tuple[bool, bool]:
    d.screen_off()
    off = d.info["screenOn"]
    d.screen_on()
    return off, d.info["screenOn"]


def _toast(d: Any) -> tuple[str | None, str | None]:
    d.toast.show("已保存 saved", 1.0)
    shown = d.toast.get_message(wait_timeout=2)
    d.toast.reset()
    return shown, d.last_toast


def _traversed(d: Any) -> tuple[str | None, str | None]:
    d.toast.show("读到 read", 1.0)
    read = d.last_traversed_text
    d.clear_traversed_text()
    return read, d.last_traversed_text


def _shade(kind: str) -> Callable[[Any], tuple[bool, bool]]:
    def act(d: Any) -> tuple[bool, bool]:
        (d.open_notification if kind == SHADE else d.open_quick_settings)()
        shown = bool(d(resourceId=kind).exists)  # .exists is lazy: read it now
        d.press("back")
        return shown, bool(d(resourceId=kind).exists)

    return act


def _open_url(d: Any) -> tuple[str, str]:
    d.open_url(URL)
    return d(resourceId=URL_BAR).get_text(), d.app_current()["package"]


def _clipboard(d: Any) -> str | None:
    d.clipboard = "剪贴板 clip"
    return d.clipboard


def _profile_list(d: Any) -> Any:
    d.app_start(PACKAGE, wait=True)
    d(resourceId=rid("search_box")).set_text("c001")
    d.press("enter")
    d(resourceId=rid("creator_item")).click()
    return d(resourceId=rid("video_list"))


def _first_title(d: Any) -> str:
    return str(d(resourceId=rid("video_title")).get_text())


def _swipe_ext(d: Any) -> tuple[str, str]:
    _profile_list(d)
    before = _first_title(d)
    d.swipe_ext("up", scale=0.8)
    return before, _first_title(d)


def _drag(d: Any) -> tuple[str, str]:
    _profile_list(d)
    before = _first_title(d)
    d.drag(0.5, 0.8, 0.5, 0.3, 0.2)
    return before, _first_title(d)


def _swipe_points(d: Any) -> tuple[str, str]:
    _profile_list(d)
    before = _first_title(d)
    d.swipe_points([(0.5, 0.85), (0.5, 0.6), (0.5, 0.3)], 0.2)
    return before, _first_title(d)


def _push_pull(d: Any) -> bytes:
    d.push(io.BytesIO("文件 data".encode()), "/data/local/tmp/fleetdeck.txt")
    with tempfile.TemporaryDirectory() as folder:
        local = Path(folder) / "back.txt"
        d.pull("/data/local/tmp/fleetdeck.txt", str(local))
        return local.read_bytes()


def _long_click_search(d: Any) -> str:
    d.app_start(PACKAGE, wait=True)
    box = d(resourceId=rid("search_box"))
    x, y = box.center()
    d.double_click(x, y)
    d.long_click(x, y, 0.3)
    return str(d.app_current()["package"])


def _touch_search_box(d: Any) -> bool:
    d.app_start(PACKAGE, wait=True)
    box = d(resourceId=rid("search_box"))
    x, y = box.center()
    d.touch.down(x, y).move(x + 2, y).up(x + 2, y)  # a finger's tap: the box takes focus
    return bool(box.info["focused"])


def _watcher(d: Any) -> tuple[bool, bool]:
    d.watcher.when("No notifications").press("back")  # a popup a flow wants out of the way
    d.open_notification()
    fired = d.watcher.run()
    d.watcher.remove()
    return bool(fired), bool(d(resourceId=SHADE).exists)


CASES = [
    Case("info", lambda d: d.info, lambda d, r: r["displayWidth"] > 0 and r["screenOn"]),
    Case("window_size", lambda d: d.window_size(), lambda d, r: r[0] > 0 and r[1] > r[0]),
    Case("screenshot", lambda d: d.screenshot(), lambda d, r: r.size == d.window_size()),
    Case(
        "dump_hierarchy",
        lambda d: d.dump_hierarchy(),
        lambda d, r: "com.android.systemui:id/clock" in r,
    ),
    Case("orientation", _orientation, lambda d, r: r == ("left", 1)),
    Case("freeze_rotation", lambda d: d.freeze_rotation(True), lambda d, r: r is None),
    Case("screen_off/on", _screen_off_on, lambda d, r: r == (False, True)),
    Case("clipboard", _clipboard, lambda d, r: r == "剪贴板 clip"),
    Case("toast", _toast, lambda d, r: r == ("已保存 saved", None)),
    Case("last_traversed_text", _traversed, lambda d, r: r == ("读到 read", None)),
    Case("open_notification", _shade(SHADE), lambda d, r: r == (True, False)),
    Case("open_quick_settings", _shade(QUICK_SETTINGS), lambda d, r: r == (True, False)),
    Case("open_url", _open_url, lambda d, r: r == (URL, "com.android.chrome")),
    Case("swipe_ext", _swipe_ext, lambda d, r: r[0] != r[1]),
    Case("drag", _drag, lambda d, r: r[0] != r[1]),
    Case("swipe_points", _swipe_points, lambda d, r: r[0] != r[1]),
    Case(
        "press home",
        lambda d: (d.app_start(PACKAGE, wait=True), d.press("home"), d.app_current())[2],
        lambda d, r: r["package"] != PACKAGE,
    ),
    Case(
        "app_list_running",
        lambda d: (d.app_start(PACKAGE, wait=True), d.app_list_running())[1],
        lambda d, r: PACKAGE in r,
    ),
    Case("device_info", lambda d: d.device_info, lambda d, r: r["sdk"] > 0 and r["serial"]),
    Case("wlan_ip", lambda d: d.wlan_ip, lambda d, r: r is None or r.count(".") == 3),
    Case("serial", lambda d: d.serial, lambda d, r: bool(r)),
    Case("shell", lambda d: d.shell("echo 手机").output, lambda d, r: r.strip() == "手机"),
    Case("push/pull", _push_pull, lambda d, r: r == "文件 data".encode()),
    Case("double/long click", _long_click_search, lambda d, r: r == PACKAGE),
    Case(
        "keyevent",
        lambda d: (d.app_start(PACKAGE, wait=True), d.keyevent("HOME"), d.app_current())[2],
        lambda d, r: r["package"] != PACKAGE,
    ),
    Case(
        "xpath",
        lambda d: d.xpath('//*[@resource-id="com.android.systemui:id/clock"]').get_text(),
        lambda d, r: ":" in r,
    ),
    Case(
        "app_wait",
        lambda d: (d.app_start(PACKAGE), d.app_wait(PACKAGE, timeout=5))[1],
        lambda d, r: r > 0,
    ),
    Case(
        "app_clear",
        lambda d: (d.app_start(PACKAGE, wait=True), d.app_clear(PACKAGE), d.app_list_running())[2],
        lambda d, r: PACKAGE not in r,
    ),
    Case(
        "app_stop_all",
        lambda d: (d.app_start(PACKAGE, wait=True), d.app_stop_all(), d.app_list_running())[2],
        lambda d, r: PACKAGE not in r,
    ),
    Case(
        "app_uninstall_all",
        lambda d: (d.app_uninstall_all(), d.app_list())[1],
        lambda d, r: PACKAGE not in r,
    ),
    Case(
        "app_auto_grant_permissions",
        lambda d: d.app_auto_grant_permissions(PACKAGE),
        lambda d, r: r is None,
    ),
    Case(
        "wait_activity",
        lambda d: (d.app_start(PACKAGE, wait=True), d.app_current()["activity"]),
        lambda d, r: d.wait_activity(r[1], timeout=2),
    ),
    Case("touch down/move/up", _touch_search_box, lambda d, r: r is True),
    Case(
        "exists",
        lambda d: d.exists(resourceId="com.android.systemui:id/clock"),
        lambda d, r: bool(r),
    ),
    Case(
        "long_press",
        lambda d: (d.app_start(PACKAGE, wait=True), d.long_press("home"), d.app_current())[2],
        lambda d, r: r["package"] != PACKAGE,
    ),
    Case(
        "show_touch_trace",
        lambda d: (d.show_touch_trace(), d.shell("settings get system show_touches").output),
        lambda d, r: r[1].strip() == "1",
    ),
    Case(
        "hide_keyboard",
        lambda d: (d.set_input_ime(True), d.hide_keyboard(), d.current_ime())[2],
        lambda d, r: r == U2_IME,
    ),
    Case("watcher", _watcher, lambda d, r: r == (True, False)),
    Case("unlock", lambda d: (d.screen_off(), d.unlock(), d.info)[2], lambda d, r: r["screenOn"]),
    Case(
        "app_stop",
        lambda d: (d.app_start(PACKAGE, wait=True), d.app_stop(PACKAGE), d.app_list_running())[2],
        lambda d, r: PACKAGE not in r,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_device_method_has_its_effect(device: Any, case: Case) -> None:
    result = case.act(device)
    assert case.check(device, result), f"{case.name}: {result!r}"
