"""Device-layer fixtures: our AdbServer on the sim's adb server port, drivers, a test app.

The test app ("DeviceTest") is installed into a simulated phone through the sim's
public SimApp interface: an input, a button that shows a result, and a scrollable list
of 30 items, so every driver operation has something real to act on.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import pytest

from workers.sim.apps import PackageInfo, SimApp, title_bar
from workers.sim.uitree import Node, Rect

if TYPE_CHECKING:
    from collections.abc import Iterator

    from workers.sim.fleet import PhoneInfo, SimFleet
    from workers.sim.phone import PhoneModel

TEST_PACKAGE = "com.fleetdeck.devicetest"
ITEMS = 30
ITEM_HEIGHT = 100


def rid(name: str) -> str:
    """The test app's full resource id for a short name."""
    return f"{TEST_PACKAGE}:id/{name}"


class DeviceTestApp(SimApp):
    """An input, a Go button that shows "Result: <input>", and a list of 30 items."""

    def __init__(self) -> None:
        super().__init__(TEST_PACKAGE, "DeviceTest", ".Main")
        self.query = ""
        self.result = ""
        self.offset = 0

    def build(self, area: Rect) -> list[Node]:
        left, top, right, bottom = area
        nodes = [title_bar(TEST_PACKAGE, "DeviceTest", area)]
        nodes.append(
            self._node(
                "android.widget.EditText",
                (20, top + 110, 700, top + 190),
                self.query,
                "query",
                focusable=True,
                clickable=True,
            )
        )
        nodes.append(
            self._node(
                "android.widget.Button",
                (20, top + 200, 220, top + 280),
                "Go",
                "go",
                clickable=True,
                action="go",
            )
        )
        if self.result:
            nodes.append(
                self._node(
                    "android.widget.TextView",
                    (240, top + 200, 700, top + 280),
                    self.result,
                    "result",
                )
            )
        list_box = (left, top + 300, right, bottom)
        items = [
            self._node(
                "android.widget.TextView",
                (left, y, right, y + ITEM_HEIGHT),
                f"Item {i:02d}",
                "item",
                clickable=True,
            )
            for i in range(ITEMS)
            if list_box[1] - ITEM_HEIGHT
            < (y := list_box[1] + i * ITEM_HEIGHT - self.offset)
            < list_box[3]
        ]
        nodes.append(
            self._node(
                "androidx.recyclerview.widget.RecyclerView",
                list_box,
                "",
                "list",
                scrollable=True,
                children=items,
            )
        )
        return nodes

    def _node(self, cls: str, bounds: Rect, text: str, name: str, **extra: Any) -> Node:
        return Node(cls, bounds, text=text, resource_id=rid(name), package=TEST_PACKAGE, **extra)

    def tap(self, action: str) -> bool:
        if action == "go":
            self.result = f"Result: {self.query}"
            return True
        return False

    def scroll(self, resource_id: str, distance: int) -> bool:
        if resource_id != rid("list"):
            return False
        visible = 1280 - (48 + 300)
        new = max(0, min(ITEMS * ITEM_HEIGHT - visible, self.offset + distance))
        moved, self.offset = new != self.offset, new
        return moved

    def set_text(self, resource_id: str, text: str) -> bool:
        if resource_id != rid("query"):
            return False
        self.query, self.focused = text, resource_id
        return True

    def text_of(self, resource_id: str) -> str | None:
        return self.query if resource_id == rid("query") else None


def install_test_app(fleet: SimFleet, index: int) -> None:
    """Install DeviceTest on a simulated phone."""
    info = PackageInfo(TEST_PACKAGE, "DeviceTest", launch_activity=".Main")
    fleet.inspect(index, lambda model: model.install(info, DeviceTestApp))


def running_app(fleet: SimFleet, index: int) -> DeviceTestApp:
    """The running DeviceTest app object of a phone (read it only through inspect)."""

    def read(model: PhoneModel) -> DeviceTestApp:
        app = model.running[TEST_PACKAGE].app
        assert isinstance(app, DeviceTestApp)
        return app

    return fleet.inspect(index, read)


@pytest.fixture(scope="module")
def app_phone(sim_fleet: SimFleet) -> Iterator[PhoneInfo]:
    """A phone of this module's own, with DeviceTest installed (removed after the module)."""
    info = sim_fleet.add_phone()
    install_test_app(sim_fleet, info.index)
    yield info
    sim_fleet.remove_phone(info.index)


@pytest.fixture
def stop_event() -> threading.Event:
    """A stop request a test can set."""
    return threading.Event()
