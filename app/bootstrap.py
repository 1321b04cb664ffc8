"""The composition root of the console: build everything in order, tear down in reverse."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app import __version__
from db.urls import masked
from ui.grid.phone_data import TileThresholds
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine

    from app.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class ConsoleRuntime:
    """What a running console is made of, and how to stop it cleanly.

    Attributes:
        window: the main window.
        closed: set when the window has closed.
    """

    settings: Settings
    engine: Engine
    window: MainWindow
    closed: asyncio.Event = field(default_factory=asyncio.Event)

    def save_screenshot(self, path: Path) -> None:
        """Write a PNG picture of the window."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if not self.window.grab().save(str(path)):
            log.error("could not save a screenshot to %s", path)
        else:
            log.info("screenshot saved to %s", path)

    def shutdown(self) -> None:
        """Stop in reverse order of construction; the engine goes last."""
        self.engine.dispose()


def build_console(settings: Settings, engine: Engine) -> ConsoleRuntime:
    """Build the console's parts in a logged order."""
    where = masked(engine.url)
    log.info("FleetDeck %s console on %s as host %s", __version__, where, settings.host_name)
    thresholds = TileThresholds(settings.battery_warn_percent, settings.temperature_warn_c)
    window = MainWindow(
        version=__version__,
        database_label=where,
        host_name=settings.host_name,
        thresholds=thresholds,
    )
    runtime = ConsoleRuntime(settings=settings, engine=engine, window=window)
    window.closed.connect(runtime.closed.set)
    return runtime
