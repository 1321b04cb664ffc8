"""The Schedules view: every schedule with its next run, last run, result and hits;
pause, resume, run now and remove; new schedules through the new-batch dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal, SignalInstance, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.monitor.schedule_model import COLUMNS, NAME, RESULT, ScheduleTableModel
from ui.prompts import Prompts

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ui.monitor.monitor_data import ScheduleRow


class SchedulesView(QWidget):
    """Renders schedules and emits the operator's intents (ids of the selected rows).

    Signals:
        new_schedule_requested: open the new-batch dialog with "repeat" ticked.
        pause_requested(list), resume_requested(list), run_now_requested(list),
        remove_requested(list): do that to these schedules (remove is confirmed first).
    """

    new_schedule_requested = Signal()
    pause_requested = Signal(list)
    resume_requested = Signal(list)
    run_now_requested = Signal(list)
    remove_requested = Signal(list)

    def __init__(self, prompts: Prompts | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedulesView")
        self.prompts = prompts or Prompts()
        self.model = ScheduleTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("schedulesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(RESULT, QHeaderView.ResizeMode.Stretch)
        self.new_button = QPushButton()
        self.new_button.setObjectName("newScheduleButton")
        self.pause_button, self.resume_button = QPushButton(), QPushButton()
        self.run_now_button, self.remove_button = QPushButton(), QPushButton()
        self.summary = QLabel()
        bar = QHBoxLayout()
        for button in (
            self.new_button,
            self.pause_button,
            self.resume_button,
            self.run_now_button,
            self.remove_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.new_button.clicked.connect(self.new_schedule_requested)
        self.pause_button.clicked.connect(lambda: self._act(self.pause_requested))
        self.resume_button.clicked.connect(lambda: self._act(self.resume_requested))
        self.run_now_button.clicked.connect(lambda: self._act(self.run_now_requested))
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.new_button.setText(self.tr("New schedule…"))
        self.pause_button.setText(self.tr("Pause"))
        self.resume_button.setText(self.tr("Resume"))
        self.run_now_button.setText(self.tr("Run now"))
        self.remove_button.setText(self.tr("Remove"))
        self._say_summary()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @Slot(list)
    def set_schedules(self, rows: Sequence[ScheduleRow]) -> None:
        """Show these schedules (the selection stays on the same ids)."""
        self.model.set_rows(rows)
        self._say_summary()
        self._update_buttons()

    def selected_ids(self) -> list[int]:
        """The ids of the selected schedules, in table order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(row).schedule_id for row in rows]

    def _act(self, signal: SignalInstance) -> None:
        ids = self.selected_ids()
        if ids:
            signal.emit(ids)

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        text = self.tr(
            "Remove %n schedule(s)? They fire no more; their runs stay in the records.",
            "",
            len(ids),
        )
        if self.prompts.confirm(self, self.tr("Remove schedules"), text):
            self.remove_requested.emit(ids)

    @Slot()
    def _update_buttons(self) -> None:
        rows = [self.model.row_at(i.row()) for i in self.table.selectionModel().selectedRows()]
        self.pause_button.setEnabled(any(r.state == "active" for r in rows))
        self.resume_button.setEnabled(any(r.state == "paused" for r in rows))
        self.run_now_button.setEnabled(bool(rows))
        self.remove_button.setEnabled(bool(rows))

    def _say_summary(self) -> None:
        count = self.model.rowCount()
        self.summary.setText(self.tr("%n schedule(s)", "", count))
