"""Export to Excel: a button, then a progress bar with Cancel while the controller works."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, Qt, Signal, Slot
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
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportButton")
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.setMaximumWidth(260)
        self.cancel_button = QPushButton()
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
        self._said: tuple[str, str, int] = ("", "", 0)  # what the status says: kind, path, rows
        self._set_running(False)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.export_button.setText(self.tr("Export to Excel…"))
        self.cancel_button.setText(self.tr("Cancel export"))
        # %v and %m are the bar's own placeholders (rows written, rows in all).
        self.progress.setFormat(self.tr("%v / %m rows"))
        kind, path, rows = self._said
        if kind == "start":
            self.status.setText(self.tr("Exporting to {path}…").format(path=path))
        elif kind == "finish":
            text = self.tr("Exported {rows} records to {path}")
            self.status.setText(text.format(rows=QLocale().toString(rows), path=path))
        elif kind == "cancel":
            self.status.setText(self.tr("Cancelling the export…"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def running(self) -> bool:
        """True while an export runs."""
        return self._running

    def start(self, path: str) -> None:
        """Show that an export to ``path`` started."""
        self._set_running(True)
        self.progress.setRange(0, 0)  # busy until the first count arrives
        self._said = ("start", path, 0)
        self.retranslate()

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
        self._said = ("finish", path, rows)
        self.retranslate()

    @Slot(str)
    def fail(self, message: str) -> None:
        """Show why the export stopped (cancelled or failed)."""
        self._set_running(False)
        self._said = ("", "", 0)
        self.status.setText(message)

    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self._said = ("cancel", "", 0)
        self.retranslate()
        self.cancel_clicked.emit()

    def _set_running(self, running: bool) -> None:
        self.export_button.setEnabled(not running)
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self._running = running
