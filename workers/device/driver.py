"""The device driver every flow and worker uses: one phone over adb and uiautomator2.

Every call checks the stop request first, has a timeout, and fails with a DeviceError
whose code says why (workers.device.errors). Waits are short polls that look at the
stop request, so a stop ends them within about STOP_POLL_SECONDS plus one call.
Screens are read as one hierarchy dump each (``hierarchy()``); selectors are matched on
this PC against that dump, so reading a list costs one dump per screen.
"""

from __future__ import annotations

import base64
import binascii
import collections
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import uiautomator2 as u2

from workers.device import packages
from workers.device.adb import adb_state, device_error
from workers.device.calls import CallThread, never_stop
from workers.device.errors import DeviceError, ErrorCode, code_for_state, is_device_exception
from workers.device.gestures import (
    Direction,
    content_key,
    scroll_swipe,
    swipe_steps,
    ui_selector_for,
)
from workers.device.health import DeviceHealth, read_health
from workers.device.hierarchy import Bounds, Node, Selector, parse_hierarchy
from workers.device.identity import DeviceIdentity, read_identity
from workers.device.images import PNG_MAGIC, open_image, to_jpeg, to_png
from workers.device.snapshot import Breadcrumb, PhoneSnapshot, parse_snapshot, snapshot_command
from workers.stop import StopRequested

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

T = TypeVar("T")
BREADCRUMBS = 20  # driver calls a failure report keeps
KEYS = frozenset(
    {"back", "home", "enter", "recent", "menu", "search", "delete", "volume_up", "volume_down"}
)


@dataclass(frozen=True)
class ShellResult:
    """A shell command's output (stdout and stderr together) and exit status."""

    output: str
    exit_code: int

    @property
    def ok(self) -> bool:
        """True when the command exited with 0."""
        return self.exit_code == 0


class DeviceDriver:
    """One phone, for one thread: adb shell, apps, screen reading and input.

    Attributes:
        adb_serial: how the adb server names the phone (e.g. ``127.0.0.1:40123``).
        timeout: default seconds for one call.
        connect_timeout: seconds allowed to start uiautomator2 on the phone.
        poll_interval: seconds between two looks at the screen while waiting.
    """

    def __init__(
        self,
        adb_serial: str,
        client: Any,
        *,
        should_stop: Callable[[], bool] = never_stop,
        timeout: float = 10.0,
        connect_timeout: float = 40.0,
        poll_interval: float = 0.25,
    ) -> None:
        self.adb_serial = adb_serial
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.poll_interval = poll_interval
        self._client = client
        self._adb = client.device(adb_serial)
        self._calls = CallThread(adb_serial, should_stop)
        self._u2: Any = None
        self._serial: str | None = None
        self._window: tuple[int, int] | None = None
        # The last calls, newest last: the breadcrumb trail of a failure report.
        self.breadcrumbs: collections.deque[Breadcrumb] = collections.deque(maxlen=BREADCRUMBS)
        self.on_call: Callable[[Breadcrumb], None] | None = None
        # Apps started through this driver since the last clear: what a kill force-stops.
        self.started_apps: set[str] = set()

    # ------------------------------------------------------------------ lifecycle

    @property
    def serial(self) -> str:
        """The phone's ``ro.serialno`` (read once, then remembered)."""
        if self._serial is None:
            self._serial = self.identity().serial
        return self._serial

    def connect(self, timeout: float | None = None) -> None:
        """Start uiautomator2 on the phone now (otherwise the first screen call does)."""
        self._run("connect uiautomator2", self._u2_device, timeout or self.connect_timeout)

    def close(self) -> None:
        """End the phone's call thread; the uiautomator2 server keeps running."""
        self._calls.close()

    def __enter__(self) -> DeviceDriver:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def last_answer(self) -> float:
        """When the phone last answered a call (``time.monotonic()``)."""
        return self._calls.last_answer

    def check_stop(self) -> None:
        """Raise StopRequested once a stop was requested."""
        self._calls.check_stop()

    def sleep(self, seconds: float) -> None:
        """Wait, ending early with StopRequested when a stop comes."""
        self._calls.sleep(seconds)

    # ------------------------------------------------------------------ adb

    def shell(
        self, args: str | Sequence[str], timeout: float | None = None, *, check: bool = False
    ) -> ShellResult:
        """Run a shell command (a list is quoted per argument); ``check`` fails on exit != 0."""
        command = args if isinstance(args, str) else list(args)
        t = self._t(timeout)
        raw = self._run("shell", lambda: self._adb.shell2(command, timeout=t), t)
        result = ShellResult(str(raw.output), int(raw.returncode))
        if check and not result.ok:
            raise DeviceError(
                ErrorCode.INVALID_ARGUMENT,
                f"shell {command!r} exited {result.exit_code}: {result.output.strip()[:200]}",
                serial=self.adb_serial,
            )
        return result

    def prop(self, name: str, timeout: float | None = None) -> str:
        """One system property (``getprop NAME``), "" when unset."""
        t = self._t(timeout)
        return str(
            self._run(f"getprop {name}", lambda: self._adb.shell(["getprop", name], timeout=t), t)
        )

    def clock(self, timeout: float | None = None) -> datetime:
        """The phone's own clock (``date +%s``), in UTC: what its apps count "5分钟前" from."""
        output = self.shell(["date", "+%s"], timeout, check=True).output.strip()
        try:
            return datetime.fromtimestamp(int(output), UTC)
        except (ValueError, OverflowError):
            raise DeviceError(
                ErrorCode.INVALID_ARGUMENT,
                f"the phone's clock said {output[:40]!r}",
                serial=self.adb_serial,
            ) from None

    def identity(self, timeout: float | None = None) -> DeviceIdentity:
        """Serial number, model and Android version."""
        t = self._t(timeout)
        identity = self._run("identity", lambda: read_identity(self._adb, t), t)
        self._serial = identity.serial
        return identity

    def snapshot(self, timeout: float | None = None) -> PhoneSnapshot:
        """Network, foreground app and battery, read now in one round trip."""
        t = self._t(timeout)
        command = snapshot_command()
        output = self._run("snapshot", lambda: self._adb.shell(command, timeout=t, rstrip=False), t)
        return parse_snapshot(str(output))

    def adb_state(self) -> str:
        """What this PC's adb server says of the phone now: device, offline, gone..."""
        return str(adb_state(self._client, self.adb_serial))

    def health(self, timeout: float | None = None) -> DeviceHealth:
        """Battery, temperature, charging, screen, storage and Wi-Fi, read now."""
        t = self._t(timeout)
        return self._run("health", lambda: read_health(self._adb, t), t)

    def window_size(self, refresh: bool = False) -> tuple[int, int]:
        """Screen width and height in pixels as the phone is held (remembered)."""
        if self._window is None or refresh:
            t = self.timeout
            size = self._run("window size", lambda: self._adb.window_size(), t)
            self._window = (int(size[0]), int(size[1]))
        return self._window

    # ------------------------------------------------------------------ apps

    def app_installed(self, package: str, timeout: float | None = None) -> bool:
        """True when the package is installed."""
        t = self._t(timeout)
        return self._run("app installed", lambda: packages.is_installed(self._adb, package, t), t)

    def app_start(self, package: str, *, wait: bool = True, timeout: float | None = None) -> None:
        """Start the app as its icon does; with ``wait``, until it is in front."""
        t = self._t(timeout)
        self.started_apps.add(package)
        self._run(f"start {package}", lambda: packages.launch(self._adb, package, t), t)
        if wait:
            self.wait_app(package, t)

    def app_stop(self, package: str, timeout: float | None = None) -> None:
        """Force-stop the app."""
        t = self._t(timeout)
        self._run(f"stop {package}", lambda: packages.force_stop(self._adb, package, t), t)

    def force_stop_now(self, package: str, timeout: float = 5.0) -> None:
        """Force-stop the app from any thread, even while a stop is in effect (a kill):
        a separate adb connection, past the call thread a stuck flow may hold."""
        packages.force_stop(self._adb, package, timeout)

    def app_current(self, timeout: float | None = None) -> str:
        """The package in front ("" when none)."""
        t = self._t(timeout)
        return self._run("current app", lambda: packages.current_package(self._adb, t), t)

    def wait_app(self, package: str, timeout: float = 20.0) -> None:
        """Wait until the app is in front: app_not_installed / app_not_foreground otherwise."""
        packages.check_package(package)
        deadline = time.monotonic() + timeout
        while self.app_current() != package:
            if time.monotonic() >= deadline:
                if not self.app_installed(package):
                    raise self._error(ErrorCode.APP_NOT_INSTALLED, f"{package} is not installed")
                raise self._error(
                    ErrorCode.APP_NOT_FOREGROUND, f"{package} not in front after {timeout:g} s"
                )
            self.sleep(self.poll_interval)

    def install(self, apk_path: str | Path, timeout: float = 180.0) -> None:
        """Install (or update) an APK from this PC."""
        apk = Path(apk_path)
        self._run(
            f"install {apk.name}", lambda: packages.install_apk(self._adb, apk, timeout), timeout
        )

    # ------------------------------------------------------------------ screen reading

    def hierarchy_xml(self, timeout: float | None = None) -> str:
        """The current screen's UI hierarchy as uiautomator dumps it."""
        xml = self._rpc("dump hierarchy", "dumpWindowHierarchy", [False, 50], timeout)
        if not isinstance(xml, str) or not xml.strip():
            raise self._error(ErrorCode.U2_UNAVAILABLE, "the hierarchy dump came back empty")
        return xml

    def hierarchy(self, timeout: float | None = None) -> Node:
        """The current screen, parsed once: match any number of selectors against it."""
        return parse_hierarchy(self.hierarchy_xml(timeout))

    def exists(self, selector: Selector) -> bool:
        """True when the element is on the screen now."""
        return bool(self.hierarchy().find_all(selector))

    def wait(self, selector: Selector, timeout: float | None = None) -> Node:
        """Wait for the element; ui_not_found when it does not appear in time."""
        t = self._t(timeout)
        deadline = time.monotonic() + t
        while True:
            found = self.hierarchy().find_all(selector)
            if found:
                return found[0]
            if time.monotonic() >= deadline:
                raise self._error(
                    ErrorCode.UI_NOT_FOUND, f"{selector.describe()} did not appear in {t:g} s"
                )
            self.sleep(self.poll_interval)

    def wait_gone(self, selector: Selector, timeout: float | None = None) -> None:
        """Wait until the element is off the screen; ui_not_found-coded failure otherwise."""
        t = self._t(timeout)
        deadline = time.monotonic() + t
        while self.hierarchy().find_all(selector):
            if time.monotonic() >= deadline:
                raise self._error(
                    ErrorCode.UI_NOT_FOUND, f"{selector.describe()} still shown after {t:g} s"
                )
            self.sleep(self.poll_interval)

    def pages(
        self,
        within: Selector,
        direction: Direction = "down",
        max_pages: int = 50,
        fraction: float = 0.6,
    ) -> Iterator[Node]:
        """Yield the screen, scroll ``within`` one page, yield again, until it stops moving."""
        root = self.wait(within).root
        seen = content_key(root, within)
        for _ in range(max_pages):
            yield root
            container = root.find(within)
            if container is None:
                return
            self._scroll_bounds(container.bounds, direction, fraction, 0.3)
            root = self.hierarchy()
            key = content_key(root, within)
            if key == seen:
                return
            seen = key

    # ------------------------------------------------------------------ input

    def click(self, selector: Selector, timeout: float | None = None) -> Node:
        """Wait for the element, tap its middle, and return it."""
        node = self.wait(selector, timeout)
        self.tap(*node.bounds.center)
        return node

    def tap(self, x: int, y: int) -> None:
        """Tap a point of the screen."""
        self._rpc(f"tap {x},{y}", "click", [int(x), int(y)], None)

    def set_text(self, selector: Selector, text: str, timeout: float | None = None) -> None:
        """Wait for the input field and replace its text."""
        node = self.wait(selector, timeout)
        target = ui_selector_for(node)
        if text:
            done = self._rpc("set text", "setText", [target, text], timeout)
        else:
            done = self._rpc("clear text", "clearTextField", [target], timeout) is None
        if done is False:
            raise self._error(ErrorCode.UI_NOT_FOUND, f"{selector.describe()} took no text")

    def swipe(self, fx: int, fy: int, tx: int, ty: int, duration: float = 0.3) -> None:
        """Drag a finger from (fx, fy) to (tx, ty) over ``duration`` seconds."""
        params = [int(fx), int(fy), int(tx), int(ty), swipe_steps(duration)]
        self._rpc("swipe", "swipe", params, self.timeout + duration)

    def scroll(
        self,
        direction: Direction,
        within: Selector | Node | None = None,
        fraction: float = 0.6,
        duration: float = 0.3,
    ) -> None:
        """Scroll to show more content in ``direction`` ("down" shows what is below)."""
        if isinstance(within, Selector):
            within = self.wait(within)
        if within is None:
            width, height = self.window_size()
            bounds = Bounds(0, 0, width, height)
        else:
            bounds = within.bounds
        self._scroll_bounds(bounds, direction, fraction, duration)

    def press(self, key: str) -> None:
        """Press a key: back, home, enter, recent, menu, search, delete, volume_up/down."""
        if key not in KEYS:
            raise self._error(ErrorCode.INVALID_ARGUMENT, f"key {key!r} not one of {sorted(KEYS)}")
        self._rpc(f"press {key}", "pressKey", [key], None)

    # ------------------------------------------------------------------ pictures

    def screenshot_jpeg(self, quality: int = 80, timeout: float | None = None) -> bytes:
        """The full screen as JPEG (from uiautomator2; screencap when it has none)."""
        data = self._rpc("screenshot", "takeScreenshot", [1, int(quality)], timeout)
        if data:
            try:
                return base64.b64decode(data)
            except (binascii.Error, TypeError) as exc:
                raise self._error(
                    ErrorCode.U2_UNAVAILABLE, f"screenshot not base64: {exc}"
                ) from exc
        return to_jpeg(open_image(self._screencap(timeout), "screencap"), quality)

    def screenshot_png(self, timeout: float | None = None) -> bytes:
        """The full screen as PNG (``screencap -p``; converted from JPEG as a fallback)."""
        data = self._screencap(timeout)
        if data.startswith(PNG_MAGIC):
            return data
        return to_png(open_image(self.screenshot_jpeg(95, timeout), "screenshot"))

    # ------------------------------------------------------------------ plumbing

    def _t(self, timeout: float | None) -> float:
        return self.timeout if timeout is None else timeout

    def _error(self, code: ErrorCode, message: str) -> DeviceError:
        return DeviceError(code, message, serial=self.adb_serial)

    def _screencap(self, timeout: float | None) -> bytes:
        t = self._t(timeout)
        fetch = lambda: self._adb.shell("screencap -p", timeout=t, encoding=None)  # noqa: E731
        return bytes(self._run("screencap", fetch, t))

    def _scroll_bounds(
        self, bounds: Bounds, direction: Direction, fraction: float, duration: float
    ) -> None:
        self.swipe(*scroll_swipe(bounds, direction, fraction), duration=duration)

    def _u2_device(self) -> Any:
        """The phone's u2.Device; created (and its server started) on the call thread."""
        if self._u2 is None:
            self._u2 = u2.Device(self._adb)
        return self._u2

    def _rpc(self, what: str, method: str, params: Any, timeout: float | None) -> Any:
        t = self._t(timeout)
        if self._u2 is None:
            t = max(t, self.connect_timeout)  # the first call also starts the server
        return self._run(what, lambda: self._u2_device().jsonrpc_call(method, params, t), t)

    def _run(self, what: str, function: Callable[[], T], timeout: float) -> T:
        started, begun = time.time(), time.monotonic()
        outcome = "ok"
        try:
            return self._call(what, function, timeout)
        except StopRequested:
            outcome = "stopped"
            raise
        except DeviceError as exc:
            outcome = exc.code.value
            raise
        except Exception:
            outcome = "error"
            raise
        finally:
            crumb = Breadcrumb(started, what, round((time.monotonic() - begun) * 1000), outcome)
            self.breadcrumbs.append(crumb)
            if self.on_call is not None:
                self.on_call(crumb)

    def _call(self, what: str, function: Callable[[], T], timeout: float) -> T:
        try:
            return self._calls.call(function, timeout, what)
        except StopRequested:
            raise
        except DeviceError as exc:
            if exc.code is ErrorCode.TIMEOUT:
                lost = code_for_state(adb_state(self._client, self.adb_serial))
                if lost is not None:
                    raise self._error(lost, f"{what}: {exc.message}") from exc
            raise
        except Exception as exc:
            if not is_device_exception(exc):
                raise
            raise device_error(exc, what, self._client, self.adb_serial) from exc
