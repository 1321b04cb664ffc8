"""Start the console: database first (so failures are one line), then Qt and qasync."""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import TYPE_CHECKING

from app.database import connect
from app.errors import UserError

if TYPE_CHECKING:
    from pathlib import Path

    from app.settings import Settings
    from workers.sim.clock import SimClock

log = logging.getLogger(__name__)


def run_console(
    settings: Settings,
    *,
    exit_after: float | None = None,
    screenshot: Path | None = None,
    sim: tuple[int, int] | None = None,
    sim_clock: SimClock | None = None,
) -> int:
    """Run the console until its window closes; return the exit status."""
    if screenshot is not None and exit_after is None:
        raise UserError("--screenshot needs --exit-after (when to take the picture)")
    engine = connect(settings)
    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.bootstrap import build_console
    from app.heap import freeze_startup_heap

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("FleetDeck")
    app.setApplicationName("FleetDeck")
    runtime = build_console(settings, engine)
    runtime.window.show()
    if sim_clock is not None:
        runtime.sim.clock = sim_clock
    if sim is not None:
        runtime.sim.start_phones(*sim)
    if exit_after is not None:
        close_ms = int(exit_after * 1000)
        if screenshot is not None:
            QTimer.singleShot(max(close_ms - 200, 0), lambda: runtime.save_screenshot(screenshot))
        QTimer.singleShot(close_ms, runtime.window.close)
    freeze_startup_heap()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            loop.run_until_complete(runtime.closed.wait())
    finally:
        runtime.shutdown()
        asyncio.set_event_loop(None)
    log.info("console closed")
    return 0
