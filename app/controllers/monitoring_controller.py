"""The Monitoring view's controller: monitors and their hits from the database, read
marks back into it (shared by every console of the farm)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Slot

from app.controllers.monitor_mapping import MONITOR_FLOWS, hit_row, monitor_row
from db.monitor.hits import list_hits, list_monitors, mark_all_read, mark_read

if TYPE_CHECKING:
    from app.controllers.db_executor import DbExecutor
    from db.monitor.hits import Hit, MonitorSummary
    from ui.main_window import MainWindow

REFRESH_MS = 3000
MonitorKey = tuple[int | None, str]


class MonitoringController(QObject):
    """Keeps the Monitoring view true: the monitors' unread counts and the chosen
    monitor's hits; the view's reads are stored for the farm."""

    def __init__(self, window: MainWindow, db: DbExecutor, operator: str) -> None:
        super().__init__()
        self.window, self.db, self.operator = window, db, operator
        self.view = window.monitoring
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self.view.monitor_chosen.connect(self._on_view_monitor_chosen)
        self.view.hits_read.connect(self._on_view_hits_read)
        self.view.all_read_requested.connect(self._on_view_all_read_requested)
        self.view.records_requested.connect(window.show_batch_records)

    def start(self) -> None:
        """Load now and every REFRESH_MS."""
        self.refresh()
        self._timer.start(REFRESH_MS)

    def stop(self) -> None:
        """Stop refreshing."""
        self._timer.stop()

    @Slot()
    def refresh(self) -> None:
        """Read the monitors, then the chosen monitor's hits (on the database thread)."""
        self.db.call(
            lambda s: list_monitors(s, MONITOR_FLOWS), self._on_monitors_read, read_only=True
        )
        key = self.view.chosen_monitor()
        if key is not None:
            self._load_hits(key)

    def _on_monitors_read(self, summaries: list[MonitorSummary]) -> None:
        self.view.set_monitors([monitor_row(summary) for summary in summaries])

    def _load_hits(self, key: MonitorKey) -> None:
        schedule_id, flow = key

        def shown(hits: list[Hit]) -> None:
            self.view.set_hits(key, [hit_row(hit) for hit in hits])

        self.db.call(lambda s: list_hits(s, schedule_id, flow), shown, read_only=True)

    @Slot(object)
    def _on_view_monitor_chosen(self, key: MonitorKey) -> None:
        self._load_hits(key)

    @Slot(list)
    def _on_view_hits_read(self, item_ids: list[int]) -> None:
        self._write(lambda s: mark_read(s, item_ids, self.operator))

    @Slot(object)
    def _on_view_all_read_requested(self, key: MonitorKey) -> None:
        schedule_id, flow = key
        self._write(lambda s: mark_all_read(s, schedule_id, flow, self.operator))

    def _write(self, work: Any) -> None:
        self.db.call(work, lambda _: self.refresh(), lambda error: self.window.show_message(error))
