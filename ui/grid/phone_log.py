"""The per-phone log: the recent attempts' log lines of the phone selected in the grid,
live. A dock bound to ``PhoneLogModel``; a controller fills the model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDockWidget, QLabel, QListView, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from collections.abc import Sequence

MAX_LINES = 2000  # the model keeps the newest lines of the phone shown
Index = QModelIndex | QPersistentModelIndex


class PhoneLogModel(QAbstractListModel):
    """Log lines of one phone, oldest first; new lines are appended at the end."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[str] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        return self.lines[index.row()]

    def set_lines(self, lines: Sequence[str]) -> None:
        self.beginResetModel()
        self.lines = list(lines)[-MAX_LINES:]
        self.endResetModel()

    def append_lines(self, lines: Sequence[str]) -> None:
        if not lines:
            return
        overflow = len(self.lines) + len(lines) - MAX_LINES
        if overflow > 0:
            self.beginRemoveRows(QModelIndex(), 0, min(overflow, len(self.lines)) - 1)
            del self.lines[:overflow]
            self.endRemoveRows()
        lines = list(lines)[-MAX_LINES:]
        first = len(self.lines)
        self.beginInsertRows(QModelIndex(), first, first + len(lines) - 1)
        self.lines.extend(lines)
        self.endInsertRows()


class PhoneLogDock(QDockWidget):
    """A dock showing the per-phone log; it follows the end while the operator does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phoneLogDock")
        self.model = PhoneLogModel(self)
        self.heading = QLabel()
        self.heading.setObjectName("phoneLogHeading")
        # A fixed height: a label sized by its text follows the glyphs of the language
        # (Chinese falls back to a taller font) and moved the whole window on a switch.
        self.heading.setFixedHeight(round(self.heading.fontMetrics().lineSpacing() * 1.6))
        self.view = QListView()
        self.view.setObjectName("phoneLog")
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        # Small at least: the dock must not raise the window's own minimum height.
        self.view.setMinimumHeight(self.view.fontMetrics().lineSpacing() * 2)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        self.setWidget(body)
        self._phone: str | None = None
        self.model.rowsInserted.connect(self._follow)
        self.model.modelReset.connect(self.view.scrollToBottom)  # a phone shown: its newest
        self.retranslate()

    def retranslate(self) -> None:
        self._show_heading()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_phone(self, phone: str | None) -> None:
        """Say whose lines are shown (None: no phone selected)."""
        self._phone = phone
        self._show_heading()

    def _show_heading(self) -> None:
        if self._phone is None:
            text = self.tr("Select a phone to follow its log.")
            self.setWindowTitle(self.tr("Phone log"))
        else:
            text = self.tr("Recent attempts of {phone}, live").format(phone=self._phone)
            self.setWindowTitle(self.tr("Phone log"))
        self.heading.setText(text)

    def _follow(self) -> None:
        bar = self.view.verticalScrollBar()
        if bar.value() >= bar.maximum() - 40:  # at the end: stay there
            self.view.scrollToBottom()
