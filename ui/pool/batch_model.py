"""The batches table: one row per batch, priority editable, refreshed by snapshots."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont

from ui.i18n import QT_TRANSLATE_NOOP
from ui.pool.pool_data import PRIORITY_MAX, PRIORITY_MIN, BatchRow
from ui.times import local_minute
from ui.words import batch_state, mode

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtCore import QObject

ModelIndex = QModelIndex | QPersistentModelIndex
# The batch id first: the CLI, the records and the pipeline links all name batches by it.
COLUMNS = (
    QT_TRANSLATE_NOOP("BatchTableModel", "ID"),
    QT_TRANSLATE_NOOP("BatchTableModel", "Name"),
    QT_TRANSLATE_NOOP("BatchTableModel", "Flow"),
    QT_TRANSLATE_NOOP("BatchTableModel", "Mode"),
    QT_TRANSLATE_NOOP("BatchTableModel", "Priority"),
    QT_TRANSLATE_NOOP("BatchTableModel", "State"),
    QT_TRANSLATE_NOOP("BatchTableModel", "Progress"),
    QT_TRANSLATE_NOOP("BatchTableModel", "Created by"),
    QT_TRANSLATE_NOOP("BatchTableModel", "Created"),
    QT_TRANSLATE_NOOP("BatchTableModel", "Pipeline"),
)
(ID, NAME, FLOW, MODE, PRIORITY, STATE, PROGRESS, CREATED_BY, CREATED, PIPELINE) = range(
    len(COLUMNS)
)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)


class ProgressPart(enum.Enum):
    """One kind of task in a batch's progress: its words and its colour on the bar."""

    DONE = "#23864f"
    FAILED = "#c0392b"
    # Stopped on purpose: the slate of a stopped phone, never the red of a failure.
    CANCELLED = "#5d6d7e"
    RUNNING = "#4f9bd0"
    QUEUED = "#c8ccd2"

    @property
    def colour(self) -> str:
        """The bar segment's colour (the same as the phone tiles' states)."""
        return str(self.value)

    def text(self, count: int) -> str:
        """Say ``count`` tasks of this kind, e.g. ``3 cancelled``."""
        # Literal strings in each call, so that lupdate finds them; the count picks the
        # plural form, %1 shows it with group separators whatever the locale.
        if self is ProgressPart.DONE:
            text = QCoreApplication.translate("BatchProgress", "%1 done", "", count)
        elif self is ProgressPart.FAILED:
            text = QCoreApplication.translate("BatchProgress", "%1 failed", "", count)
        elif self is ProgressPart.CANCELLED:
            text = QCoreApplication.translate("BatchProgress", "%1 cancelled", "", count)
        elif self is ProgressPart.RUNNING:
            text = QCoreApplication.translate("BatchProgress", "%1 running", "", count)
        else:
            text = QCoreApplication.translate("BatchProgress", "%1 queued", "", count)
        return text.replace("%1", f"{count:,}")


class BatchRole(enum.IntEnum):
    """Custom roles of the batches table."""

    BATCH = int(Qt.ItemDataRole.UserRole) + 1  # the BatchRow
    SORT = enum.auto()  # a value that sorts the column naturally


class BatchTableModel(QAbstractTableModel):
    """Holds the latest snapshot of batches; editing a priority asks the controller.

    An edited priority shows at once (in italics) until the next snapshot confirms it or
    ``priority_change_failed`` takes it back.

    Signals:
        priority_change_requested(int batch_id, int priority): the operator set a priority.
    """

    priority_change_requested = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[BatchRow] = []
        self._pending_priority: dict[int, int] = {}

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Return the number of batches."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Return the number of columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY
    ) -> Any:
        """Return the column titles."""
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            if 0 <= section < len(COLUMNS):
                return QCoreApplication.translate("BatchTableModel", COLUMNS[section])
            return None
        return None

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        """Return one role of one cell."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (_DISPLAY, _EDIT):
            return self._display(row, column, edit=role == _EDIT)
        if role == BatchRole.BATCH:
            return row
        if role == BatchRole.SORT:
            return _sort_value(row, column, self._pending_priority.get(row.batch_id))
        if role == Qt.ItemDataRole.FontRole and column == PRIORITY:
            return _italic() if row.batch_id in self._pending_priority else None
        if role == Qt.ItemDataRole.ToolTipRole and column == PRIORITY:
            return self.tr("Lower runs first. Double-click to change.")
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Make the priority of unfinished batches editable."""
        flags = super().flags(index)
        editable = index.isValid() and index.column() == PRIORITY
        if editable and not self._rows[index.row()].state.finished:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: ModelIndex, value: Any, role: int = _EDIT) -> bool:  # noqa: N802
        """Take a new priority: show it, and ask the controller to store it."""
        if role != _EDIT or not index.isValid() or index.column() != PRIORITY:
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        try:
            priority = int(value)
        except (TypeError, ValueError):
            return False
        if not PRIORITY_MIN <= priority <= PRIORITY_MAX:
            return False
        row = self._rows[index.row()]
        if priority == self._current_priority(row):
            return True
        self._pending_priority[row.batch_id] = priority
        self.dataChanged.emit(index, index, [_DISPLAY, _EDIT, int(Qt.ItemDataRole.FontRole)])
        self.priority_change_requested.emit(row.batch_id, priority)
        return True

    # ------------------------------------------------------------------ slots (GUI thread)
    @Slot(list)
    def set_batches(self, batches: Sequence[BatchRow]) -> None:
        """Show this snapshot, keeping rows (and so the selection) of batches still there."""
        wanted = {batch.batch_id: batch for batch in batches}
        self._drop_missing(wanted)
        self._update_present(wanted)
        present = {row.batch_id for row in self._rows}
        new = [batch for batch in batches if batch.batch_id not in present]
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._rows.extend(new)
            self.endInsertRows()

    @Slot(int, str)
    def priority_change_failed(self, batch_id: int, _message: str) -> None:
        """Show the stored priority again (the change was refused)."""
        if self._pending_priority.pop(batch_id, None) is not None:
            self._emit_row_changed(self.row_of(batch_id))

    def retranslate(self) -> None:
        """Announce that every header and cell reads differently (the language changed)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # ------------------------------------------------------------------ reading
    def batch_at(self, row: int) -> BatchRow:
        """Return the batch in ``row``."""
        return self._rows[row]

    def batch(self, batch_id: int) -> BatchRow | None:
        """Return the batch with this id, if listed."""
        row = self.row_of(batch_id)
        return None if row is None else self._rows[row]

    def row_of(self, batch_id: int) -> int | None:
        """Return the row of ``batch_id``, None when it is not listed."""
        for number, row in enumerate(self._rows):
            if row.batch_id == batch_id:
                return number
        return None

    def batches(self) -> list[BatchRow]:
        """Return every listed batch."""
        return list(self._rows)

    # ------------------------------------------------------------------ internals
    def _current_priority(self, row: BatchRow) -> int:
        return self._pending_priority.get(row.batch_id, row.priority)

    def _display(self, row: BatchRow, column: int, *, edit: bool) -> Any:
        if column == PRIORITY:
            return self._current_priority(row) if edit else str(self._current_priority(row))
        return _display_text(row, column)

    def _drop_missing(self, wanted: dict[int, BatchRow]) -> None:
        for number in range(len(self._rows) - 1, -1, -1):
            if self._rows[number].batch_id not in wanted:
                self.beginRemoveRows(QModelIndex(), number, number)
                self._pending_priority.pop(self._rows[number].batch_id, None)
                del self._rows[number]
                self.endRemoveRows()

    def _update_present(self, wanted: dict[int, BatchRow]) -> None:
        for number, old in enumerate(self._rows):
            new = wanted[old.batch_id]
            pending = self._pending_priority.get(old.batch_id)
            if pending is not None and new.priority == pending:
                del self._pending_priority[old.batch_id]
            if new != old:
                self._rows[number] = new
                self._emit_row_changed(number)

    def _emit_row_changed(self, row: int | None) -> None:
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))


def _display_text(row: BatchRow, column: int) -> str:
    if column == ID:
        return f"#{row.batch_id}"
    if column == NAME:
        return row.name
    if column == FLOW:
        return row.flow
    if column == MODE:
        return mode(row.mode.value)
    if column == STATE:
        return batch_state(row.state.value)
    if column == PROGRESS:
        return progress_text(row)
    if column == CREATED_BY:
        return row.created_by
    if column == CREATED:
        return local_minute(row.created_at)
    if column == PIPELINE:
        return _links_text(row)
    return ""


def progress_parts(batch: BatchRow) -> list[tuple[ProgressPart, int]]:
    """Return the task counts in the order the bar and the text show them."""
    return [
        (ProgressPart.DONE, batch.done),
        (ProgressPart.FAILED, batch.failed),
        (ProgressPart.CANCELLED, batch.cancelled),
        (ProgressPart.RUNNING, batch.running),
        (ProgressPart.QUEUED, batch.queued),
    ]


def progress_text(batch: BatchRow) -> str:
    """Say the counts that are not zero, e.g. ``9 done · 2 failed · 3 cancelled``."""
    parts = [part.text(count) for part, count in progress_parts(batch) if count]
    return " · ".join(parts) or QCoreApplication.translate("BatchProgress", "no tasks yet")


def _links_text(row: BatchRow) -> str:
    parts = []
    if row.upstream:
        ids = ", ".join(f"#{n}" for n in row.upstream)
        parts.append(QCoreApplication.translate("Progress", "after {ids}").format(ids=ids))
    if row.downstream:
        ids = ", ".join(f"#{n}" for n in row.downstream)
        parts.append(QCoreApplication.translate("Progress", "feeds {ids}").format(ids=ids))
    return QCoreApplication.translate("Progress", "; ").join(parts)


def _sort_value(row: BatchRow, column: int, pending: int | None) -> Any:
    if column == PRIORITY:
        return row.priority if pending is None else pending
    if column == PROGRESS:
        return (row.done + row.failed + row.cancelled) / row.total if row.total else 0.0
    if column == CREATED:
        return row.created_at.timestamp()
    if column == ID:
        return row.batch_id
    return _display_text(row, column).casefold()


def _italic() -> QFont:
    font = QFont()
    font.setItalic(True)
    return font
