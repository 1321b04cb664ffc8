"""Apps on a simulated phone: the interface every app implements, the launcher, a plain app."""

from __future__ import annotations

from dataclasses import dataclass

from workers.sim.uitree import Node, Rect, Style

SCREEN_SIZE = (720, 1280)
STATUS_BAR_HEIGHT = 48
APP_AREA: Rect = (0, STATUS_BAR_HEIGHT, SCREEN_SIZE[0], SCREEN_SIZE[1])

LAUNCHER_PACKAGE = "com.android.launcher3"
LAUNCHER_ACTIVITY = ".Launcher"


@dataclass(frozen=True)
class Account:
    """An app login; a restricted one is refused content (SimVideo's creator lists)."""

    id: str
    name: str
    restricted: bool


@dataclass
class PackageInfo:
    """An installed package as pm and dumpsys package report it."""

    name: str
    label: str
    version_name: str = "1.0"
    version_code: int = 1
    system: bool = False
    launch_activity: str | None = None  # None: nothing for monkey/launcher to start
    input_methods: tuple[str, ...] = ()  # its input-method services, ".AdbKeyboard" form
    url_schemes: tuple[str, ...] = ()  # deep links it opens (am start -a VIEW -d URL)
    first_install: str = "2024-01-01 10:00:00"
    last_update: str = "2024-01-01 10:00:00"

    @property
    def apk_path(self) -> str:
        """Where pm path says the package lives."""
        root = "/system/app" if self.system else "/data/app"
        return f"{root}/{self.name}-1/base.apk"

    @property
    def ime_ids(self) -> list[str]:
        """Its input methods as ``ime list -s`` names them (``package/.Service``)."""
        return [f"{self.name}/{service}" for service in self.input_methods]


class SimApp:
    """One running app: it builds its screen's nodes and reacts to input.

    Subclasses override what they support; the defaults ignore input.

    Attributes:
        package: the Android package name.
        focused: the resource id of the input that has focus, if any.
    """

    def __init__(self, package: str, label: str, activity: str) -> None:
        self.package = package
        self.label = label
        self._activity = activity
        self.focused: str | None = None

    def activity(self) -> str:
        """The resumed activity, as dumpsys prints it (may start with '.')."""
        return self._activity

    def build(self, area: Rect) -> list[Node]:
        """The nodes of the current screen inside the app area."""
        return [title_bar(self.package, self.label, area)]

    def open_url(self, url: str) -> bool:
        """Show what a deep link names; False when the app cannot open it."""
        return False

    def ui_token(self) -> object:
        """Changes when the screen changes by itself (a list that finished loading)."""
        return None

    def tap(self, action: str) -> bool:
        """React to a tap on a node carrying this action; True if the screen changed."""
        return False

    def back(self) -> bool:
        """Handle the back key inside the app; False means leave the app."""
        return False

    def scroll(self, resource_id: str, distance: int) -> bool:
        """Scroll a list by distance pixels (positive: content moves up); True if it moved."""
        return False

    def set_text(self, resource_id: str, text: str) -> bool:
        """Replace an input's text (and focus it); False when there is no such input."""
        return False

    def text_of(self, resource_id: str) -> str | None:
        """The current text of an input, or None."""
        return None

    def describe_screen(self) -> str:
        """A short name of what is on screen, for tests and logs ('launcher', 'video c001v002')."""
        return self.package

    def enter(self) -> bool:
        """The enter key on the focused input; True if the screen changed."""
        return False


def title_bar(package: str, title: str, area: Rect, resource_id: str = "") -> Node:
    """A coloured bar with a title at the top of the app area."""
    left, top, right, _bottom = area
    return Node(
        "android.widget.TextView",
        (left, top, right, top + 100),
        text=title,
        resource_id=resource_id,
        package=package,
        style=Style(bg="#fe2c55", fg="#ffffff", size=36, bold=True),
    )


class GenericApp(SimApp):
    """An installed app without its own screens: a title bar and its package name."""

    def build(self, area: Rect) -> list[Node]:
        """A title bar and one line naming the package."""
        left, top, right, _bottom = area
        body = Node(
            "android.widget.TextView",
            (left, top + 120, right, top + 180),
            text=self.package,
            package=self.package,
            style=Style(size=26),
        )
        return [title_bar(self.package, self.label, area), body]


class Launcher(SimApp):
    """The home screen: one icon per launchable package, in a grid."""

    COLUMNS = 4
    ICON = (180, 200)

    def __init__(self, packages: dict[str, PackageInfo]) -> None:
        super().__init__(LAUNCHER_PACKAGE, "Launcher", LAUNCHER_ACTIVITY)
        self._packages = packages

    def describe_screen(self) -> str:
        """The launcher's screen."""
        return "launcher"

    def build(self, area: Rect) -> list[Node]:
        """The icons of every launchable package, sorted by label."""
        left, top, _right, _bottom = area
        width, height = self.ICON
        launchable = sorted(
            (p for p in self._packages.values() if p.launch_activity and p.name != self.package),
            key=lambda p: p.label.lower(),
        )
        nodes = []
        for slot, package in enumerate(launchable):
            x = left + (slot % self.COLUMNS) * width
            y = top + 120 + (slot // self.COLUMNS) * height
            nodes.append(
                Node(
                    "android.widget.TextView",
                    (x + 10, y, x + width - 10, y + height - 20),
                    text=package.label,
                    desc=package.label,
                    resource_id="com.android.launcher3:id/icon",
                    package=self.package,
                    clickable=True,
                    focusable=True,
                    long_clickable=True,
                    action=f"launch:{package.name}",
                    style=Style(bg="#e8f0fe", size=24, align="center", lines=2),
                )
            )
        return nodes
