"""The phone model: the single source of truth behind every service of a simulated phone.

Shell commands, sync, the fake uiautomator2 server and the renderer all read and change
this one object, so the hierarchy XML, selector matches, taps and pixels always agree.
It is plain Python and is only touched from the fleet's event loop thread.
"""

from __future__ import annotations

import collections
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workers.sim.apps import (
    APP_AREA,
    LAUNCHER_ACTIVITY,
    LAUNCHER_PACKAGE,
    SCREEN_SIZE,
    STATUS_BAR_HEIGHT,
    GenericApp,
    Launcher,
    PackageInfo,
    SimApp,
)
from workers.sim.clock import SimClock
from workers.sim.fs import MemoryFS
from workers.sim.system_ui import BROWSER_PACKAGE, browser_window, shade_window
from workers.sim.uitree import Node, Style

if TYPE_CHECKING:
    from collections.abc import Callable

    from workers.sim.apps import Account
    from workers.sim.health import Health

# Android key codes uiautomator2 and `input keyevent` use, by name.
KEY_CODES = {
    "home": 3,
    "back": 4,
    "up": 19,
    "down": 20,
    "left": 21,
    "right": 22,
    "center": 23,
    "volume_up": 24,
    "volume_down": 25,
    "power": 26,
    "camera": 27,
    "enter": 66,
    "del": 67,
    "delete": 67,
    "menu": 82,
    "search": 84,
    "volume_mute": 164,
    "sleep": 223,
    "wakeup": 224,
    "recent": 187,
    "app_switch": 187,
}
KEY_NAMES = {code: name for name, code in reversed(list(KEY_CODES.items()))}


@dataclass(frozen=True)
class Identity:
    """Who the phone says it is: the properties getprop and the CNXN banner report."""

    serial: str
    model: str
    brand: str = "FleetDeck"
    manufacturer: str = "FleetDeck"
    product: str = "simphone"
    device: str = "sim"
    release: str = "13"
    sdk: int = 33
    abi: str = "arm64-v8a"

    def props(self) -> dict[str, str]:
        """Every system property the phone answers getprop for."""
        return {
            "ro.serialno": self.serial,
            "ro.boot.serialno": self.serial,
            "ro.build.version.sdk": str(self.sdk),
            "ro.build.version.release": self.release,
            "ro.product.brand": self.brand,
            "ro.product.model": self.model,
            "ro.product.name": self.product,
            "ro.product.device": self.device,
            "ro.product.manufacturer": self.manufacturer,
            "ro.product.cpu.abi": self.abi,
            "ro.build.characteristics": "default",
            "ro.sf.lcd_density": "320",
            "sys.boot_completed": "1",
        }


@dataclass(frozen=True)
class Event:
    """One thing that happened on the phone (for tests and the wire-contract check)."""

    at: float
    kind: str  # service | sync | http | rpc | tap | swipe | key | app
    detail: str


@dataclass
class Running:
    """A started app: its instance and process id."""

    app: SimApp
    pid: int


@dataclass
class NetworkState:
    """The phone's data connection, as ``dumpsys connectivity`` and ``wifi`` report it.

    ``on`` False is the ``network_off`` fault: no internet for the apps while adb, which
    reaches the phone over its own link, keeps working.
    """

    on: bool = True
    transport: str = "wifi"  # wifi or mobile
    ssid: str = "FleetDeck-Farm"
    rssi: int = -52


@dataclass
class PhoneModel:
    """State of one phone: identity, files, packages, running apps, screen and input."""

    identity: Identity
    health: Health
    app_factories: dict[str, Callable[[], SimApp]] = field(default_factory=dict)
    fs: MemoryFS = field(default_factory=MemoryFS)
    packages: dict[str, PackageInfo] = field(default_factory=dict)
    settings: dict[tuple[str, str], str] = field(default_factory=dict)
    clipboard: str | None = None
    screen_on: bool = True
    rotation: int = 0
    logins: dict[str, Account] = field(default_factory=dict)
    withheld_ids: set[str] = field(default_factory=set)
    network: NetworkState = field(default_factory=NetworkState)
    touch_start: tuple[float, float] | None = None
    toast: str | None = None  # the last toast shown (uiautomator2's getLastToast)
    traversed_text: str | None = None  # the last text an accessibility traversal read
    shade: str = ""  # "" | "notifications" | "quick_settings": the pulled-down shade
    url: str = ""  # the page the browser shows (``am start -a VIEW -d URL``); "": none
    events: collections.deque[Event] = field(default_factory=lambda: collections.deque(maxlen=5000))
    clock: SimClock = field(default_factory=SimClock)  # what `date` says; the apps' time

    def __post_init__(self) -> None:
        self.size = SCREEN_SIZE
        self.booted_at = time.time()
        self._next_pid = 2000
        self.ui_version = 0
        self.launcher = Launcher(self.packages)
        self.running: dict[str, Running] = {}
        self.foreground = LAUNCHER_PACKAGE
        self._tree_cache: tuple[tuple[object, ...], list[Node]] | None = None
        self.packages.setdefault(
            LAUNCHER_PACKAGE, PackageInfo(LAUNCHER_PACKAGE, "Launcher", system=True)
        )

    # ------------------------------------------------------------------ bookkeeping
    def record(self, kind: str, detail: str) -> None:
        """Append to the event log."""
        self.events.append(Event(time.time(), kind, detail))

    def changed(self) -> None:
        """Mark the screen as changed (invalidates the cached tree and frames)."""
        self.ui_version += 1

    def reset_runtime(self) -> None:
        """What a reboot clears: running apps, clipboard, focus; the screen turns on."""
        self.running.clear()
        self.foreground = LAUNCHER_PACKAGE
        self.clipboard = None
        self.screen_on = True
        self.booted_at = time.time()
        self.changed()

    # ------------------------------------------------------------------ apps
    def install(self, info: PackageInfo, factory: Callable[[], SimApp] | None = None) -> None:
        """Add or replace a package (replacing stops it)."""
        self.force_stop(info.name)
        self.packages[info.name] = info
        if factory is not None:
            self.app_factories[info.name] = factory
        self.changed()

    def uninstall(self, package: str) -> bool:
        """Remove a non-system package; False when it is missing or a system app."""
        info = self.packages.get(package)
        if info is None or info.system:
            return False
        self.force_stop(package)
        del self.packages[package]
        self.changed()
        return True

    def launch(self, package: str) -> bool:
        """Bring a launchable package to the front, starting it when needed."""
        info = self.packages.get(package)
        if info is None or not info.launch_activity:
            return False
        if package == LAUNCHER_PACKAGE:
            return self.go_home()
        if package not in self.running:
            factory = self.app_factories.get(package)
            app = factory() if factory else GenericApp(package, info.label, info.launch_activity)
            self._next_pid += 1
            self.running[package] = Running(app, self._next_pid)
            self.record("app", f"start {package}")
        self.foreground = package
        self.shade = self.url = ""
        self.changed()
        return True

    def force_stop(self, package: str) -> None:
        """Kill a package's process; its screen state is lost."""
        if self.running.pop(package, None) is not None:
            self.record("app", f"stop {package}")
        if self.foreground == package:
            self.foreground = LAUNCHER_PACKAGE
        self.changed()

    def go_home(self) -> bool:
        """Show the launcher (apps keep running; the shade and the browser close)."""
        self.foreground = LAUNCHER_PACKAGE
        self.shade = self.url = ""
        self.changed()
        return True

    # ------------------------------------------------------------------ system UI
    def open_shade(self, kind: str) -> None:
        """Pull down the notification shade or the quick settings."""
        self.record("shade", kind)
        self.shade = kind
        self.changed()

    def open_url(self, url: str) -> None:
        """The browser comes to the front showing ``url`` (back or home leaves it)."""
        self.record("url", url)
        self.url = url
        self.changed()

    def show_toast(self, text: str) -> None:
        """A toast appears (and is what getLastToast returns until cleared)."""
        self.record("toast", text)
        self.toast = text
        self.traversed_text = text  # the accessibility service reads it out

    def type_text(self, text: str) -> bool:
        """An input method types ``text`` at the end of the focused input; False: none."""
        app = self.front_app()
        if not app.focused:
            return False
        app.set_text(app.focused, (app.text_of(app.focused) or "") + text)
        self.traversed_text = text
        self.changed()
        return True

    def front_app(self) -> SimApp:
        """The app on screen (the launcher when no app is)."""
        running = self.running.get(self.foreground)
        return running.app if running else self.launcher

    def current(self) -> tuple[str, str]:
        """(package, activity) of the focused window, activity as a full class name."""
        if self.url:
            return BROWSER_PACKAGE, BROWSER_PACKAGE + ".BrowserActivity"
        app = self.front_app()
        activity = app.activity()
        if activity.startswith("."):
            activity = app.package + activity
        return app.package, activity

    def pid_of(self, package: str) -> int | None:
        """The process id of a running package."""
        running = self.running.get(package)
        return running.pid if running else None

    # ------------------------------------------------------------------ screen
    def windows(self) -> list[Node]:
        """The window roots on screen: the front app's window, then the status bar."""
        app = self.front_app()
        key = (
            self.ui_version,
            self._clock(),
            self.health.battery_level(),
            app.ui_token(),
            self.shade,
            self.url,
        )
        if self._tree_cache is not None and self._tree_cache[0] == key:
            return self._tree_cache[1]
        if self.url:
            root = browser_window(self.url, self.size)
        else:
            root = Node(
                "android.widget.FrameLayout",
                (0, 0, *self.size),
                package=app.package,
                children=app.build(APP_AREA),
            )
        if self.withheld_ids:
            _prune(root, self.withheld_ids)
        windows = [root, self._status_bar()]
        if self.shade:
            windows.append(shade_window(self.shade, self.size))
        self._tree_cache = (key, windows)
        return windows

    def frame_key(self) -> tuple[object, ...]:
        """Changes whenever the pixels would (for caching rendered frames)."""
        token = self.front_app().ui_token()
        battery = self.health.battery_level()
        screen = (self.screen_on, token, self.shade, self.url)
        return (self.ui_version, self._clock(), battery, *screen)

    def _clock(self) -> str:
        return time.strftime("%H:%M")

    def _status_bar(self) -> Node:
        width = self.size[0]
        battery = f"{self.health.battery_level()}%"
        return Node(
            "android.widget.FrameLayout",
            (0, 0, width, STATUS_BAR_HEIGHT),
            package="com.android.systemui",
            style=Style(bg="#000000"),
            children=[
                Node(
                    "android.widget.TextView",
                    (0, 0, width // 2, STATUS_BAR_HEIGHT),
                    text=self._clock(),
                    resource_id="com.android.systemui:id/clock",
                    package="com.android.systemui",
                    style=Style(fg="#ffffff", size=24),
                ),
                Node(
                    "android.widget.TextView",
                    (width // 2, 0, width, STATUS_BAR_HEIGHT),
                    text=battery,
                    resource_id="com.android.systemui:id/battery",
                    package="com.android.systemui",
                    style=Style(fg="#ffffff", size=24, align="right"),
                ),
            ],
        )

    # ------------------------------------------------------------------ input
    def tap(self, x: float, y: float) -> bool:
        """A finger tap: the topmost node with an action under the point handles it."""
        self.record("tap", f"{int(x)},{int(y)}")
        if not self.screen_on:
            return False
        target = None
        for node in self.windows()[0].walk():
            if node.action is not None and node.contains(x, y):
                target = node
        if target is None or target.action is None:
            return False
        return self._dispatch(target.action)

    def _dispatch(self, action: str) -> bool:
        if action.startswith("launch:"):
            return self.launch(action.split(":", 1)[1])
        moved = self.front_app().tap(action)
        if moved:
            self.changed()
        return moved

    def swipe(self, fx: float, fy: float, tx: float, ty: float) -> bool:
        """A swipe: scrolls the scrollable node under its start by the vertical distance."""
        self.record("swipe", f"{int(fx)},{int(fy)}->{int(tx)},{int(ty)}")
        if not self.screen_on:
            return False
        target = None
        for node in self.windows()[0].walk():
            if node.scrollable and node.contains(fx, fy):
                target = node
        if target is None:
            return False
        moved = self.front_app().scroll(target.resource_id, int(round(fy - ty)))
        if moved:
            self.changed()
        return moved

    def press_key(self, key: str | int) -> bool:
        """A key press by name ('back') or code (4); returns whether the key is known."""
        name = KEY_NAMES.get(key) if isinstance(key, int) else key.lower().removeprefix("keycode_")
        if name is None or name not in KEY_CODES:
            return False
        self.record("key", name)
        handler = self._key_handlers().get(name)
        if handler is not None:
            handler()
            self.changed()
        return True

    def _key_handlers(self) -> dict[str, Callable[[], object]]:
        return {
            "back": self._back,
            "home": self.go_home,
            "enter": self.front_app().enter,
            "power": self._toggle_screen,
            "wakeup": lambda: setattr(self, "screen_on", True),
            "sleep": lambda: setattr(self, "screen_on", False),
        }

    def _back(self) -> None:
        if self.shade or self.url:  # back closes the shade, then the browser
            if self.shade:
                self.shade = ""
            else:
                self.url = ""
            return
        app = self.front_app()
        if app.package == LAUNCHER_PACKAGE or app.back():
            return
        # Back on an app's first screen finishes it: the next launch starts afresh.
        self.running.pop(app.package, None)
        self.foreground = LAUNCHER_PACKAGE

    def _toggle_screen(self) -> None:
        self.screen_on = not self.screen_on

    def set_text(self, node: Node, text: str) -> bool:
        """Type into an input node (uiautomator setText)."""
        done = self.front_app().set_text(node.resource_id, text)
        if done:
            self.changed()
        return done

    def paste(self) -> None:
        """Paste the clipboard into the focused input."""
        app = self.front_app()
        if app.focused and self.clipboard is not None:
            current = app.text_of(app.focused) or ""
            app.set_text(app.focused, current + self.clipboard)
            self.changed()

    def clear_focused(self) -> None:
        """Empty the focused input (uiautomator clearInputText)."""
        app = self.front_app()
        if app.focused:
            app.set_text(app.focused, "")
            self.changed()

    def launcher_activity(self) -> str:
        """The launcher's full activity name."""
        return LAUNCHER_PACKAGE + LAUNCHER_ACTIVITY


def _prune(node: Node, withheld: set[str]) -> None:
    node.children = [c for c in node.children if c.resource_id not in withheld]
    for child in node.children:
        _prune(child, withheld)
