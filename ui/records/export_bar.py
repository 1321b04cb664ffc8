"""Export to Excel: a button, then a progress bar with Cancel while the controller works."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class ExportBar(QWidget):
    """Shows the state of one export at a time.

    Signals:
        export_clicked: the operator wants to export (the view asks where to save).
        cancel_clicked: the operator wants the running export to stop.
    """

    export_clicked = Signal()
    cancel_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportBar")
        self.export_button = QPushButton("Export to Excel…")
        self.export_button.setObjectName("exportButton")
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.setMaximumWidth(260)
        self.progress.setFormat("%v / %m rows")
        self.cancel_button = QPushButton("Cancel export")
        self.cancel_button.setObjectName("cancelExport")
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.export_button)
        layout.addWidget(self.progress)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.status, 1)
        self.export_button.clicked.connect(self.export_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self._running = False
        self._set_running(False)

    @property
    def running(self) -> bool:
        """True while an export runs."""
        return self._running

    def start(self, path: str) -> None:
        """Show that an export to ``path`` started."""
        self._set_running(True)
        self.progress.setRange(0, 0)  # busy until the first count arrives
        self.status.setText(f"Exporting to {path}…")

    @Slot(int, int)
    def set_progress(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` rows written (total 0: unknown)."""
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)

    @Slot(str, int)
    def finish(self, path: str, rows: int) -> None:
        """Show that the export wrote ``rows`` rows to ``path``."""
        self._set_running(False)
        self.status.setText(f"Exported {rows:,} records to {path}")

    @Slot(str)
    def fail(self, message: str) -> None:
        """Show why the export stopped (cancelled or failed)."""
        self._set_running(False)
        self.status.setText(message)

    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.status.setText("Cancelling the export…")
        self.cancel_clicked.emit()

    def _set_running(self, running: bool) -> None:
        self.export_button.setEnabled(not running)
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self._running = running
