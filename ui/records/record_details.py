"""The details of one attempt: parameters, items, failure, screenshot, hierarchy and log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFontDatabase, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.records.error_codes import describe_code
from ui.records.items_model import MappingTableModel

if TYPE_CHECKING:
    from ui.records.record_data import RecordDetails

SCREENSHOT_MAX_HEIGHT = 640


class RecordDetailsPane(QWidget):
    """Shows a ``RecordDetails``; empty with a hint until one arrives."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordDetails")
        self.heading = QLabel("Select a record to see its details.")
        self.heading.setObjectName("detailsHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)  # values are escaped
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("detailsTabs")
        self.failure = QLabel()
        self.failure.setObjectName("failureText")
        self.failure.setTextFormat(Qt.TextFormat.RichText)  # values are escaped
        self.failure.setWordWrap(True)
        self.failure.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.params_model = MappingTableModel(self)
        self.items_model = MappingTableModel(self)
        self.screenshot = QLabel("No screenshot.")
        self.screenshot.setObjectName("failureScreenshot")
        self.screenshot.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.screenshot_note = _note_label("screenshotNote")
        self.hierarchy = _text_view("hierarchyText")
        self.hierarchy_note = _note_label("hierarchyNote")
        self.log = _text_view("attemptLog")
        self.log_note = _note_label("logNote")
        self._build_tabs()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        self.tabs.setEnabled(False)

    @Slot(object)
    def show_details(self, details: RecordDetails) -> None:
        """Show one attempt (GUI thread; the screenshot arrives already decoded)."""
        self.tabs.setEnabled(True)
        self.heading.setText(_heading(details))
        self._show_failure(details)
        params = [{"Parameter": key, "Value": value} for key, value in details.params.items()]
        self.params_model.set_rows(("Parameter", "Value"), params)
        self.items_model.set_rows(details.item_fields, details.items)
        shown = len(details.items)
        total = max(details.items_total, shown)
        self.tabs.setTabText(
            1, f"Items ({total})" if shown == total else f"Items ({shown} of {total})"
        )
        self._show_screenshot(details)
        self.hierarchy.setPlainText(details.hierarchy or "No hierarchy was saved.")
        self.hierarchy_note.setText(self._note(details, "hierarchy"))
        self.log.setPlainText("\n".join(details.log_lines) or "No log lines.")
        self.log_note.setText(self._note(details, "log"))

    def clear(self, message: str = "Select a record to see its details.") -> None:
        """Show nothing and say why."""
        self.heading.setText(_escape(message))
        self.tabs.setEnabled(False)

    def _show_failure(self, details: RecordDetails) -> None:
        record = details.record
        if not record.error_class:
            self.failure.setText(_escape(record.message) or "No failure.")
            return
        step = _escape(details.failed_step) or "(no step recorded)"
        code = ""
        if record.error_code:
            label = self.tr("Error code")
            code = (
                f"<br><b>{_escape(label)}:</b> {_escape(record.error_code)}"
                f" — {_escape(describe_code(record.error_code))}"
            )
        self.failure.setText(
            f"<b>Error class:</b> {_escape(record.error_class)}{code}"
            f"<br><b>Failing step:</b> {step}"
            f"<br><b>Message:</b> {_escape(record.message) or '(none)'}"
        )

    def _show_screenshot(self, details: RecordDetails) -> None:
        image = details.screenshot
        self.screenshot_note.setText(self._note(details, "screenshot"))
        if image is None or image.isNull():
            self.screenshot.setPixmap(QPixmap())
            saved = any(note.kind == "screenshot" for note in details.artifacts)
            self.screenshot.setText(
                "No screenshot." if not saved else self.tr("The screenshot could not be read.")
            )
            return
        if image.height() > SCREENSHOT_MAX_HEIGHT:
            image = image.scaledToHeight(
                SCREENSHOT_MAX_HEIGHT, Qt.TransformationMode.SmoothTransformation
            )
        self.screenshot.setPixmap(QPixmap.fromImage(image))

    def _build_tabs(self) -> None:
        summary = QWidget()
        form = QFormLayout(summary)
        form.addRow(self.failure)
        form.addRow(QLabel("<b>Parameters</b>"))
        form.addRow(_table(self.params_model, "paramsTable"))
        self.tabs.addTab(summary, "Summary")
        self.tabs.addTab(_table(self.items_model, "itemsTable"), "Items")
        picture = QWidget()
        picture_layout = QVBoxLayout(picture)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.screenshot)
        picture_layout.addWidget(scroll, 1)
        picture_layout.addWidget(self.screenshot_note)
        self.tabs.addTab(picture, "Screenshot")
        hierarchy = QWidget()
        hierarchy_layout = QVBoxLayout(hierarchy)
        hierarchy_layout.addWidget(self.hierarchy, 1)
        hierarchy_layout.addWidget(self.hierarchy_note)
        self.tabs.addTab(hierarchy, "Hierarchy")
        log_page = QWidget()
        log_layout = QVBoxLayout(log_page)
        log_layout.addWidget(self.log, 1)
        log_layout.addWidget(self.log_note)
        self.tabs.addTab(log_page, "Log")

    def _note(self, details: RecordDetails, kind: str) -> str:
        """Where the newest artifact of ``kind`` is: its id, size and state, or why not shown."""
        notes = [note for note in details.artifacts if note.kind == kind]
        if not notes:
            return ""
        note = notes[-1]
        states = {
            "stored": self.tr("stored"),
            "waiting": self.tr("waiting for upload"),
            "expired": self.tr("deleted by retention"),
        }
        text = self.tr("artifact %1 · %2 KB · %3").replace("%1", note.artifact_id)
        text = text.replace("%2", f"{(note.size + 1023) // 1024:,}")
        text = text.replace("%3", states.get(note.state, note.state))
        if note.problem:
            text += " — " + self.tr("not shown here: %1").replace("%1", note.problem)
        return text


def _table(model: MappingTableModel, name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.verticalHeader().setDefaultSectionSize(22)
    return table


def _text_view(name: str) -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setObjectName(name)
    view.setReadOnly(True)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    return view


def _note_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


def _heading(details: RecordDetails) -> str:
    """Say which attempt this is, in rich text (every value escaped)."""
    record = details.record
    error = f" ({_escape(record.error_class)})" if record.error_class else ""
    account = f", account {_escape(record.account)}" if record.account else ""
    return (
        f"<b>#{record.record_id} {_escape(record.flow)}</b> — {_escape(record.status)}{error}, "
        f"attempt {record.attempt}<br>{record.started_at.astimezone():%Y-%m-%d %H:%M:%S} "
        f"on {_escape(record.device)} ({_escape(record.host)}){account}"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
