"""A YAML flow editor that validates as the operator types and dry-runs on a phone."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFontDatabase, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.words import outcome

if TYPE_CHECKING:
    from ui.prompts import Prompts

_W = TypeVar("_W", bound=QWidget)

VALIDATE_DELAY_MS = 300  # after the last key press
ERROR_LINE = QColor("#ffcdd2")
RUNNING_LINE = QColor("#c8e6c9")
NEW_FLOW = "name: recorded.flow\ndescription: Recorded in the inspector\nsteps:\n"


class FlowEditorView(QWidget):
    """Text, its validation, and the dry run's controls and output.

    Signals:
        text_changed(str): the text, once typing pauses (validate it).
        dry_run_requested(text, params, step_mode): run the flow on the inspected phone;
            ``params`` is the parameters field as typed (a YAML mapping or empty).
        next_step_requested(): step mode: run the next step.
        stop_requested(): stop the dry run.
        step_mode_changed(bool): the step-by-step box was ticked or cleared.
        save_requested(path, text): write the text to this file.
    """

    text_changed = Signal(str)
    dry_run_requested = Signal(str, str, bool)
    next_step_requested = Signal()
    stop_requested = Signal()
    step_mode_changed = Signal(bool)
    save_requested = Signal(str, str)

    def __init__(self, prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flowEditor")
        self.prompts = prompts
        self._error_line = 0
        self._running_line = 0
        self._valid = False
        self._running = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(VALIDATE_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._build()
        self.retranslate()
        self._update_buttons()

    def _build(self) -> None:
        self.title = QLabel()
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("flowText")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.problem = QLabel()
        self.problem.setObjectName("flowProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.params = QLineEdit()
        self.params.setObjectName("flowParams")
        self.step_mode = QCheckBox()
        self.step_mode.setObjectName("stepMode")
        self.step_mode.toggled.connect(self.step_mode_changed)
        self.run_button = _named(QPushButton(), "dryRun")
        self.run_button.clicked.connect(self._on_run_clicked)
        self.next_button = _named(QPushButton(), "nextStep")
        self.next_button.clicked.connect(self.next_step_requested)
        self.stop_button = _named(QPushButton(), "stopRun")
        self.stop_button.clicked.connect(self.stop_requested)
        self.save_button = _named(QPushButton(), "saveFlow")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.output = _named(QPlainTextEdit(), "runOutput")
        self.output.setReadOnly(True)
        self.output.setMaximumBlockCount(2000)
        buttons = QHBoxLayout()
        for widget in (self.step_mode, self.run_button, self.next_button, self.stop_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.editor, 3)
        layout.addWidget(self.problem)
        layout.addWidget(self.params)
        layout.addLayout(buttons)
        layout.addWidget(self.output, 1)

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.title.setText(self.tr("YAML flow"))
        self.params.setPlaceholderText(self.tr("Parameters for the dry run, e.g. {creator: c011}"))
        self.step_mode.setText(self.tr("Step by step"))
        self.run_button.setText(self.tr("Dry run"))
        self.next_button.setText(self.tr("Next step"))
        self.stop_button.setText(self.tr("Stop"))
        self.save_button.setText(self.tr("Save…"))
        self.editor.setPlaceholderText(
            self.tr("Type a flow, or press Record and tap nodes on the screenshot.")
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ API
    def text(self) -> str:
        """The flow as typed."""
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        """Replace the flow's text."""
        self.editor.setPlainText(text)

    def append_step(self, step: str) -> None:
        """Add a step line at the end of ``steps:`` (a new flow when empty)."""
        text = self.text()
        if not text.strip():
            text = NEW_FLOW
        elif "\nsteps:" not in "\n" + text:
            text = text.rstrip("\n") + "\nsteps:\n"
        if not text.endswith("\n"):
            text += "\n"
        self.set_text(f"{text}  {step}\n")
        self.editor.moveCursor(QTextCursor.MoveOperation.End)

    @Slot(bool, str, int)
    def show_validation(self, valid: bool, message: str, line: int) -> None:
        """Show whether the text is a valid flow; mark the line of its problem."""
        self._valid = valid
        self._error_line = 0 if valid else line
        self.problem.setText(message)
        colour = "#2e7d32" if valid else "#c62828"
        self.problem.setStyleSheet(f"color: {colour}")
        self._mark_lines()
        self._update_buttons()

    @Slot(int)
    def show_running_line(self, line: int) -> None:
        """Mark the line of the step that runs next."""
        self._running_line = line
        self._mark_lines()

    @Slot(str)
    def append_output(self, line: str) -> None:
        """Add a line to the dry run's output."""
        self.output.appendPlainText(line)

    def set_running(self, running: bool) -> None:
        """Enable the controls that fit a running (or idle) dry run."""
        self._running = running
        if not running:
            self._running_line = 0
            self._mark_lines()
        self._update_buttons()

    def set_waiting(self, waiting: bool) -> None:
        """Step mode: enable "next step" while the run waits for it."""
        self.next_button.setEnabled(self._running and waiting)

    @Slot(str, str, str)
    def show_finished(self, result: str, code: str, message: str) -> None:
        """Say how the dry run ended."""
        own = {
            "stopped": self.tr("stopped"),
            "invalid": self.tr("not started"),
        }
        word = own.get(result) or outcome(result)
        detail = f" ({code})" if code else ""
        self.append_output(self.tr("Dry run {outcome}{detail}").format(outcome=word, detail=detail))
        if message:
            self.append_output(message)
        self.set_running(False)

    # ------------------------------------------------------------------ internals
    def _update_buttons(self) -> None:
        self.run_button.setEnabled(self._valid and not self._running)
        self.stop_button.setEnabled(self._running)
        self.next_button.setEnabled(False if not self._running else self.next_button.isEnabled())

    def _mark_lines(self) -> None:
        marks = []
        for line, colour in ((self._error_line, ERROR_LINE), (self._running_line, RUNNING_LINE)):
            block = self.editor.document().findBlockByLineNumber(line - 1) if line > 0 else None
            if block is None or not block.isValid():
                continue
            mark = QTextEdit.ExtraSelection()
            mark.format.setBackground(colour)
            mark.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            mark.cursor = QTextCursor(block)
            marks.append(mark)
        self.editor.setExtraSelections(marks)

    @Slot()
    def _on_editor_text_changed(self) -> None:
        self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.text_changed.emit(self.text())

    @Slot()
    def _on_run_clicked(self) -> None:
        self.output.clear()
        self.set_running(True)
        self.dry_run_requested.emit(self.text(), self.params.text(), self.step_mode.isChecked())

    @Slot()
    def _on_save_clicked(self) -> None:
        path = self.prompts.save_file(
            self, self.tr("Save the flow"), "flow.yaml", self.tr("YAML flows (*.yaml *.yml)")
        )
        if path:
            self.save_requested.emit(path, self.text())


def _named(widget: _W, name: str) -> _W:
    """The widget, with an object name (tests and style sheets find it by that)."""
    widget.setObjectName(name)
    return widget
