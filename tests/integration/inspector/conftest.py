"""The selector inspector wired to its controller, on a fresh simulated phone showing
SimVideo, through the real adb server and uiautomator2."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from app.controllers.inspector_controller import InspectorController
from ui.inspector.inspector_view import InspectorView
from workers.flows.catalog import load_catalog
from workers.sim.simvideo import PACKAGE

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from pytestqt.qtbot import QtBot

    from workers.sim.fleet import PhoneInfo, SimFleet
    from workers.sim.uitree import Node as SimNode

SCREEN_TIMEOUT_MS = 15_000


@dataclass
class Inspecting:
    """The inspector on one phone, and that phone as uiautomator2 and the simulator see it."""

    qtbot: QtBot
    view: InspectorView
    controller: InspectorController
    phone: PhoneInfo
    fleet: SimFleet
    d: Any  # uiautomator2.Device

    def read_screen(self) -> None:
        """Refresh, and wait until the new screen is shown."""
        before = self.view.current_screen
        self.view.refresh_button.click()
        self.qtbot.waitUntil(
            lambda: self.view.current_screen is not before, timeout=SCREEN_TIMEOUT_MS
        )

    def sim_windows(self) -> list[SimNode]:
        """The simulated phone's own UI tree now (windows, topmost first)."""
        return self.fleet.inspect(self.phone.index, lambda model: list(model.windows()))

    def taps(self) -> list[str]:
        """The taps the simulated phone received ("x,y")."""
        return [event.detail for event in self.fleet.events(self.phone.index, "tap")]


@pytest.fixture
def inspecting(
    qtbot: QtBot,
    sim_fleet: SimFleet,
    sim_phone: PhoneInfo,
    sim_u2: Callable[[PhoneInfo], Any],
    device_client: Any,
) -> Iterator[Inspecting]:
    """SimVideo's home screen open in the inspector."""
    d = sim_u2(sim_phone)
    d.app_start(PACKAGE, stop=True)
    view = InspectorView()
    qtbot.addWidget(view)
    view.resize(1360, 800)
    controller = InspectorController(view, device_client, load_catalog())
    controller.start()
    try:
        controller.on_phone_changed(sim_phone.adb_serial, "sim", "device", "SimPhone")
        view.choose_phone(sim_phone.adb_serial)
        qtbot.waitUntil(lambda: view.current_screen is not None, timeout=SCREEN_TIMEOUT_MS)
        yield Inspecting(qtbot, view, controller, sim_phone, sim_fleet, d)
    finally:
        controller.shutdown()
