"""Feeds the alert list and its badge from the pool database; acknowledges for the operator.

The list is read every ``POLL_MS`` on the console's database thread (alerts are raised by
any PC of the farm, so the database, not this PC's agent, is where they are seen). A new
alert beeps when the ``alert_sound`` setting is on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

from db.alerts.alerts import acknowledge, list_alerts, open_count
from db.alerts.models import AlertKind
from ui.alerts.alert_view import AlertItem

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.controllers.db_executor import DbExecutor
    from db.alerts.alerts import AlertRow
    from ui.alerts.alert_view import AlertView

POLL_MS = 3000
LISTED = 500


class AlertsController(QObject):
    """Reads alerts for ``view``; ``open_count_changed(n)`` drives the tab's badge.

    Signals:
        open_count_changed(int): alerts nobody acknowledged yet.
        new_alerts(int): this many alerts arrived since the last read (not the first).
    """

    open_count_changed = Signal(int)
    new_alerts = Signal(int)

    def __init__(self, view: AlertView, db: DbExecutor, operator: str, sound: bool) -> None:
        super().__init__()
        self.view, self.db, self.operator, self.sound = view, db, operator, sound
        self._kind = ""
        self._open_only = True
        self._newest: int | None = None  # the newest alert id seen (None: not read yet)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.refresh)
        view.filter_changed.connect(self._on_filter)
        view.acknowledge_requested.connect(self._on_acknowledge)

    def start(self) -> None:
        self.refresh()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @Slot()
    def refresh(self) -> None:
        kind, open_only = self._kind, self._open_only
        self.db.call(lambda s: _read(s, kind, open_only), self._on_read, read_only=True)

    def _on_read(self, read: tuple[list[AlertRow], int, int]) -> None:
        rows, count, newest = read
        self.view.set_alerts([_item(row) for row in rows], count)
        self.open_count_changed.emit(count)
        if self._newest is not None and newest > self._newest:
            self.new_alerts.emit(newest - self._newest)
            if self.sound:
                QApplication.beep()
        self._newest = max(newest, self._newest or 0)

    @Slot(str, bool)
    def _on_filter(self, kind: str, open_only: bool) -> None:
        self._kind, self._open_only = kind, open_only
        self.refresh()

    @Slot(list)
    def _on_acknowledge(self, ids: list[int]) -> None:
        by = self.operator
        self.db.call(lambda s: acknowledge(s, ids, by), lambda _found: self.refresh())


def _read(session: Session, kind: str, open_only: bool) -> tuple[list[AlertRow], int, int]:
    """The alerts shown, the open count, and the newest alert id (database thread)."""
    kinds = [AlertKind(kind)] if kind else None
    rows = list_alerts(session, kinds=kinds, open_only=open_only, limit=LISTED)
    newest = list_alerts(session, limit=1)
    return rows, open_count(session), newest[0].id if newest else 0


def _item(row: AlertRow) -> AlertItem:
    return AlertItem(
        id=row.id,
        kind=str(row.kind),
        subject=row.subject,
        host=row.host_name,
        count=row.count,
        raised_at=row.raised_at,
        acknowledged_at=row.acknowledged_at,
        acknowledged_by=row.acknowledged_by,
        details=dict(row.details),
    )
