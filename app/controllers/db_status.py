"""Whether the console reaches its database, for the window's bar.

The host agent, the console's database thread and the flows all report to this
process's DatabaseHealth; this controller reads its state on the GUI thread (a flag,
no database call) and tells the window once when it is lost and once when it is back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from workers.db_health import DatabaseHealth

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy import Engine

WATCH_MS = 500


class DatabaseStatusController(QObject):
    """Turns DatabaseHealth's lost/back state into signals on the GUI thread.

    Signals:
        lost(datetime): the database has not answered since this moment (UTC).
        back(): it answers again.
    """

    lost = Signal(object)
    back = Signal()

    def __init__(self, engine: Engine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.health = DatabaseHealth.of(engine)
        self._shown: datetime | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(WATCH_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        """Start watching."""
        self._timer.start()

    def stop(self) -> None:
        """Stop watching."""
        self._timer.stop()

    @Slot()
    def _on_timer_timeout(self) -> None:
        since = self.health.lost_at
        if since == self._shown:
            return
        self._shown = since
        if since is None:
            self.back.emit()
        else:
            self.lost.emit(since)
