"""The Schedules table: one row per schedule, refreshed by snapshots."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from ui.i18n import QT_TRANSLATE_NOOP
from ui.times import local_minute
from ui.words import batch_state

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtCore import QObject

    from ui.monitor.monitor_data import ScheduleRow

ModelIndex = QModelIndex | QPersistentModelIndex
COLUMNS = (
    QT_TRANSLATE_NOOP("ScheduleTableModel", "ID"),
    QT_TRANSLATE_NOOP("ScheduleTableModel", "Name"),
    QT_TRANSLATE_NOOP("ScheduleTableModel", "Flow"),
    QT_TRANSLATE_NOOP("ScheduleTableModel", "Repeats"),
    QT_TRANSLATE_NOOP("ScheduleTableModel", "State"),
    QT_TRANSLATE_NOOP("ScheduleTableModel", "Next run"),
    QT_TRANSLATE_NOOP("ScheduleTableModel", "Last run"),
    QT_TRANSLATE_NOOP("ScheduleTableModel", "Result of the last run"),
    QT_TRANSLATE_NOOP("ScheduleTableModel", "Hits of the last run"),
)
ID, NAME, FLOW, REPEATS, STATE, NEXT, LAST, RESULT, HITS = range(len(COLUMNS))
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_CONTEXT = "ScheduleTableModel"


def repeats(row: ScheduleRow) -> str:
    """``every 15 min (Asia/Shanghai)`` or ``cron */15 * * * *``, in the operator's words."""
    if row.cron:
        text = QCoreApplication.translate("ScheduleTableModel", "cron {expr}").format(expr=row.cron)
    else:
        seconds = row.every_s or 0
        if seconds % 3600 == 0:
            text = QCoreApplication.translate("ScheduleTableModel", "every {n} h").format(
                n=seconds // 3600
            )
        elif seconds % 60 == 0:
            text = QCoreApplication.translate("ScheduleTableModel", "every {n} min").format(
                n=seconds // 60
            )
        else:
            text = QCoreApplication.translate("ScheduleTableModel", "every {n} s").format(n=seconds)
    return f"{text} ({row.tz})"


def state_word(code: str) -> str:
    """A schedule's state."""
    words = {
        "active": QCoreApplication.translate("ScheduleTableModel", "active"),
        "paused": QCoreApplication.translate("ScheduleTableModel", "paused"),
        "removed": QCoreApplication.translate("ScheduleTableModel", "removed"),
    }
    return words.get(code, code)


def reason_word(code: str | None, arg: str | None) -> str:
    """Why a slot was skipped (or what the overlap policy did), from its code."""
    words = {
        "missed": QCoreApplication.translate(
            "ScheduleTableModel", "missed: no agent was running at its time"
        ),
        "late": QCoreApplication.translate(
            "ScheduleTableModel", "missed: later than the catch-up window"
        ),
        "overlap-skip": QCoreApplication.translate(
            "ScheduleTableModel", "skipped: batch #{arg} was still running"
        ),
        "overlap-stop": QCoreApplication.translate(
            "ScheduleTableModel", "stopped the still running batch #{arg}"
        ),
        "overlap-allow": QCoreApplication.translate(
            "ScheduleTableModel", "batch #{arg} was still running; both run"
        ),
        "refused": QCoreApplication.translate("ScheduleTableModel", "the pool refused the batch"),
    }
    return words.get(code or "", "").format(arg=arg or "")


def result(row: ScheduleRow) -> str:
    """The last run's result: its batch and the batch's state, or why it was skipped."""
    if row.last_outcome is None:
        return QCoreApplication.translate("ScheduleTableModel", "not run yet")
    if row.last_batch_id is None:
        return reason_word(row.last_reason, None) or QCoreApplication.translate(
            "ScheduleTableModel", "skipped"
        )
    state = batch_state(row.last_batch_state) if row.last_batch_state else ""
    text = QCoreApplication.translate("ScheduleTableModel", "batch #{batch}: {state}").format(
        batch=row.last_batch_id, state=state
    )
    note = reason_word(row.last_reason, None)
    return f"{text} ({note})" if note else text


class ScheduleTableModel(QAbstractTableModel):
    """Schedules in id order; ``set_rows`` replaces the snapshot, keeping the selection's
    rows when the ids stay (a reset only when the set of schedules changes)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ScheduleRow] = []

    def set_rows(self, rows: Sequence[ScheduleRow]) -> None:
        """Show these schedules."""
        if [r.schedule_id for r in rows] != [r.schedule_id for r in self._rows]:
            self.beginResetModel()
            self._rows = list(rows)
            self.endResetModel()
            return
        self._rows = list(rows)
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))

    def row_at(self, row: int) -> ScheduleRow:
        """The schedule shown at ``row``."""
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Schedules shown."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Columns shown."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802  (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY
    ) -> Any:
        """The translated column titles."""
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return QCoreApplication.translate(_CONTEXT, COLUMNS[section])
        return None

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        """Each cell's words."""
        if not index.isValid() or role != _DISPLAY:
            return None
        row = self._rows[index.row()]
        column = index.column()
        if column == ID:
            return str(row.schedule_id)
        if column == NAME:
            return row.name
        if column == FLOW:
            return row.flow
        if column == REPEATS:
            return repeats(row)
        if column == STATE:
            return state_word(row.state)
        if column == NEXT:
            return (
                local_minute(row.next_run)
                if row.next_run
                else QCoreApplication.translate("ScheduleTableModel", "none")
            )
        if column == LAST:
            return local_minute(row.last_run) if row.last_run else ""
        if column == RESULT:
            return result(row)
        return "" if row.last_hits is None else f"{row.last_hits:,}"
