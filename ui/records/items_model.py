"""A read-only table of mappings (output items, parameters): one row per mapping."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from PySide6.QtCore import QObject

ModelIndex = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)


class MappingTableModel(QAbstractTableModel):
    """Shows ``rows`` (mappings) under ``columns`` (their keys); missing keys are blank.

    Column titles are the keys (item field names), or ``titles`` when given.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns: tuple[str, ...] = ()
        self._titles: tuple[str, ...] = ()
        self._rows: tuple[Mapping[str, object], ...] = ()

    def set_rows(
        self,
        columns: Sequence[str],
        rows: Sequence[Mapping[str, object]],
        titles: Sequence[str] = (),
    ) -> None:
        """Show these rows under these columns (headed by ``titles`` when given)."""
        self.beginResetModel()
        self._columns = tuple(columns)
        self._titles = tuple(titles) or self._columns
        self._rows = tuple(rows)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Return the number of rows."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Return the number of columns."""
        return 0 if parent.isValid() else len(self._columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY
    ) -> Any:
        """Return column titles, and row numbers from 1."""
        if role != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._titles[section] if 0 <= section < len(self._titles) else None
        return str(section + 1)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        """Return one cell as text."""
        if role not in (_DISPLAY, Qt.ItemDataRole.ToolTipRole) or not index.isValid():
            return None
        if not (0 <= index.row() < len(self._rows) and 0 <= index.column() < len(self._columns)):
            return None
        value = self._rows[index.row()].get(self._columns[index.column()])
        return "" if value is None else str(value)
