"""A bar across the top of the window while the database cannot be reached."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QWidget

from ui.times import local_time_of_day

if TYPE_CHECKING:
    import datetime as dt


class DatabaseBar(QToolBar):
    """Says since when the database is unreachable; hidden while it answers.

    The views keep what they last showed instead of each reporting its own error; they
    refresh by themselves when the database is back. A fixed tool bar under the menus:
    the main window lays it out (or leaves it out while hidden) without touching the
    tabs' own layout.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("databaseBar")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not a tool bar the operator hides
        self.setStyleSheet(
            "#databaseBar { background: #fdecea; border: 1px solid #e0a5a0; }"
            "#databaseBarText { color: #8a1c13; }"
        )
        self._since: dt.datetime | None = None
        self.text = QLabel()
        self.text.setObjectName("databaseBarText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        # One line that a narrow window cuts (the tooltip has it whole); a wrapping
        # label would make the window's layout depend on its height for each width.
        self.text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.text.setContentsMargins(8, 4, 8, 4)
        self.addWidget(self.text)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        """Set the text in the current language."""
        if self._since is None:
            return  # hidden: nothing to word (and no layout request for the window)
        self.text.setText(
            self.tr(
                "Database unreachable since {time}. Retrying; running flows go on, and "
                "their results are recorded when it is back. What you see here may be "
                "out of date."
            ).format(time=local_time_of_day(self._since))
        )
        self.text.setToolTip(self.text.text())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @Slot(object)
    def show_lost(self, since: dt.datetime) -> None:
        """Show the bar: the database has not answered since ``since`` (UTC)."""
        self._since = since
        self.retranslate()
        self.show()

    @Slot()
    def show_back(self) -> None:
        """Hide the bar: the database answers again."""
        self._since = None
        self.text.clear()
        self.text.setToolTip("")
        self.hide()
