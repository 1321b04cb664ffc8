"""A bar above the grid when simulated phones of an earlier run are offline: start them
again (the same seed gives the same phones, so their tiles come back)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class OfflineSimulationBar(QFrame):
    """Says how many simulated phones are offline and offers to start them again.

    Hidden while none is offline. Offline phones that are not wanted any more are
    removed with the grid's *Remove offline phone* action instead.

    Signals:
        simulated_phones_requested(int count, int seed): start this simulated fleet.
    """

    simulated_phones_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offlineSimulationBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._count, self._seed = 0, 0
        self._starting = False
        self.text = QLabel()
        self.text.setObjectName("offlineSimulationText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.start_button = QPushButton()
        self.start_button.setObjectName("restartSimulated")
        self.start_button.clicked.connect(self._on_start_button_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.start_button)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.start_button.setText(self.tr("Start them again"))
        if self._starting:
            self.text.setText(self.tr("Starting %n simulated phone(s)…", "", self._count))
        else:
            self.text.setText(
                self.tr(
                    "%n simulated phone(s) of an earlier run (seed {seed}) are offline.",
                    "",
                    self._count,
                ).format(seed=self._seed)
            )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @Slot(int, int)
    def set_offline(self, count: int, seed: int) -> None:
        """Show that ``count`` phones of simulated fleet ``seed`` are offline (0: none)."""
        if (count, seed) != (self._count, self._seed) or not count:
            self._starting = False
        self._count, self._seed = count, seed
        self.start_button.setEnabled(not self._starting)
        self.setVisible(count > 0)
        self.retranslate()

    @Slot(str)
    def show_start_failed(self, message: str) -> None:
        """Say why they did not start, and allow another try."""
        self._starting = False
        self.start_button.setEnabled(True)
        self.text.setText(message)

    @Slot()
    def _on_start_button_clicked(self) -> None:
        self._starting = True
        self.start_button.setEnabled(False)
        self.retranslate()
        self.simulated_phones_requested.emit(self._count, self._seed)
