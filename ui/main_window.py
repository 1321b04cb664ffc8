"""The console's main window: the phone grid, the task pool and the records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent


class MainWindow(QMainWindow):
    """Top-level window. It renders what controllers give it and emits intents.

    Signals:
        closed: the window has closed; the console shuts down.
    """

    closed = Signal()

    def __init__(
        self, version: str, database_label: str, host_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle(f"FleetDeck {version} — {database_label}")
        self.resize(1280, 800)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(_placeholder("No phones connected yet."), "Phones")
        self.tabs.addTab(_placeholder("No batches in the task pool."), "Task pool")
        self.tabs.addTab(_placeholder("No records yet."), "Records")
        self.setCentralWidget(self.tabs)
        self.statusBar().showMessage(f"Database: {database_label}   Host: {host_name}")
        self._restore_geometry()

    def _restore_geometry(self) -> None:
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802  (Qt override)
        """Remember the geometry, then announce the close."""
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)
        self.closed.emit()


def _placeholder(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
