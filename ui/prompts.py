"""Questions the console asks the operator (confirm, type a text, pick a file).

Views take a ``Prompts`` object instead of calling modal dialogs themselves, so tests can
answer for the operator and the views stay free of ``exec()`` calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class Prompts:
    """Asks with Qt's standard dialogs; every method returns None or False on cancel."""

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        """Ask a yes/no question; return True for yes."""
        answer = QMessageBox.question(
            parent,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def confirm_with_option(
        self, parent: QWidget, title: str, text: str, option: str
    ) -> tuple[bool, bool]:
        """Ask a yes/no question with an unticked box; return (yes, box ticked)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        tick = QCheckBox(option)
        box.setCheckBox(tick)
        yes = box.exec() == QMessageBox.StandardButton.Yes
        return yes, yes and tick.isChecked()

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        """Tell the operator something that needs no answer (e.g. why input was refused)."""
        QMessageBox.information(parent, title, text)

    def show_secret(self, parent: QWidget, title: str, text: str, secret: str) -> None:
        """Show a secret once, selectable in a read-only field, with Copy."""
        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
        field = QLineEdit(secret)
        field.setReadOnly(True)
        field.setObjectName("secretField")
        field.setMinimumWidth(420)
        field.selectAll()
        layout = box.layout()
        if isinstance(layout, QGridLayout):
            layout.addWidget(field, layout.rowCount(), 0, 1, layout.columnCount())
        copy = box.addButton(
            QCoreApplication.translate("Prompts", "Copy"), QMessageBox.ButtonRole.ActionRole
        )
        copy.clicked.disconnect()
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(secret))
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()

    def ask_text(self, parent: QWidget, title: str, label: str, current: str) -> str | None:
        """Ask for one line of text; return it, or None on cancel."""
        text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, current)
        return text if ok else None

    def open_file(self, parent: QWidget, title: str, file_filter: str) -> str | None:
        """Ask for an existing file; return its path, or None on cancel."""
        path, _ = QFileDialog.getOpenFileName(parent, title, "", file_filter)
        return path or None

    def save_file(
        self, parent: QWidget, title: str, suggested: str, file_filter: str
    ) -> str | None:
        """Ask where to save a file; return the path, or None on cancel."""
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
        return path or None
