"""The selected node's candidate selectors, most robust first, with live match counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ui.i18n import QT_TRANSLATE_NOOP
from ui.inspector.screen_data import Robustness

if TYPE_CHECKING:
    from PySide6.QtCore import QPersistentModelIndex

    from ui.inspector.screen_data import CandidateRow

ROBUSTNESS_COLUMN, KIND_COLUMN, SELECTOR_COLUMN, COUNT_COLUMN = range(4)
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

KINDS = {
    "resource_id": QT_TRANSLATE_NOOP("CandidateModel", "Resource id"),
    "id_text": QT_TRANSLATE_NOOP("CandidateModel", "Resource id + text"),
    "description": QT_TRANSLATE_NOOP("CandidateModel", "Description"),
    "text": QT_TRANSLATE_NOOP("CandidateModel", "Text"),
    "class_index": QT_TRANSLATE_NOOP("CandidateModel", "Class + index"),
    "xpath": QT_TRANSLATE_NOOP("CandidateModel", "XPath"),
}
ROBUSTNESS = {
    Robustness.BEST: QT_TRANSLATE_NOOP("CandidateModel", "best"),
    Robustness.GOOD: QT_TRANSLATE_NOOP("CandidateModel", "good"),
    Robustness.FAIR: QT_TRANSLATE_NOOP("CandidateModel", "fair"),
    Robustness.FRAGILE: QT_TRANSLATE_NOOP("CandidateModel", "fragile"),
}
_COLOURS = {
    Robustness.BEST: "#2e7d32",
    Robustness.GOOD: "#558b2f",
    Robustness.FAIR: "#ef6c00",
    Robustness.FRAGILE: "#c62828",
}


class CandidateModel(QAbstractTableModel):
    """Rows of CandidateRow; ROW_ROLE gives the row itself."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[CandidateRow] = []

    def set_rows(self, rows: list[CandidateRow]) -> None:
        """Show these candidates (already ranked)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int) -> CandidateRow | None:
        """The candidate on row ``number``."""
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Candidates listed."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Robustness, kind, selector, matches."""
        return 0 if parent.isValid() else 4

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Each column's text; robustness coloured; the row under ROW_ROLE."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == ROBUSTNESS_COLUMN:
            return QBrush(QColor(_COLOURS[row.robustness]))
        if role == Qt.ItemDataRole.ToolTipRole and column == COUNT_COLUMN:
            return self.tr("%n node(s) match without the index", "", row.total)
        if role == Qt.ItemDataRole.ToolTipRole and column == SELECTOR_COLUMN:
            return row.flow_step
        return None

    def _display(self, row: CandidateRow, column: int) -> str:
        if column == ROBUSTNESS_COLUMN:
            return QCoreApplication.translate("CandidateModel", ROBUSTNESS[row.robustness])
        if column == KIND_COLUMN:
            source = KINDS.get(row.kind)
            return QCoreApplication.translate("CandidateModel", source) if source else row.kind
        if column == SELECTOR_COLUMN:
            return row.selector
        return self.tr("invalid") if row.count < 0 else str(row.count)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Robustness"), self.tr("Kind"), self.tr("Selector"), self.tr("Matches"))
        return titles[section] if 0 <= section < len(titles) else None
