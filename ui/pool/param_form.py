"""A form generated from a flow's parameter fields, with a message under each bad field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.flow_fields import (
    FieldSpec,
    FieldType,
    FieldValueError,
    check_field_value,
    parse_field_text,
    value_as_text,
)
from ui.flow_words import flow_text

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping, Sequence

ERROR_STYLE = "color: #c0392b;"
HELP_STYLE = "color: palette(placeholder-text);"


class _FieldRow:
    """The widgets of one field: its editor, help line and message line."""

    def __init__(self, spec: FieldSpec) -> None:
        self.spec = spec
        self.editor = _editor_for(spec)
        self.label = QLabel()
        self.label.setBuddy(self.editor)
        self.help = QLabel()
        self.help.setTextFormat(Qt.TextFormat.PlainText)
        self.help.setWordWrap(True)
        self.help.setStyleSheet(HELP_STYLE)
        self.help.setVisible(bool(spec.help))
        self.message = QLabel()
        self.message.setObjectName(f"message_{spec.name}")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        keep_place(self.message)  # a message that appears must not move the fields below
        self.message.hide()
        self.box = QWidget()
        layout = QVBoxLayout(self.box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.editor)
        layout.addWidget(self.help)
        layout.addWidget(self.message)

    def retranslate(self, locked_reason: str | None) -> None:
        """Set the label, help and placeholder in the current language."""
        star = " *" if self.spec.required and self.spec.default is None else ""
        help_text = flow_text(self.spec.help)
        self.label.setText(
            QCoreApplication.translate("ParamForm", "{label}{star}:").format(
                label=flow_text(self.spec.label), star=star
            )
        )
        self.label.setToolTip(help_text)
        self.editor.setToolTip(help_text)
        self.help.setText(locked_reason if locked_reason is not None else help_text)
        self.help.setVisible(locked_reason is not None or bool(help_text))
        if isinstance(self.editor, QLineEdit):
            self.editor.setPlaceholderText(_placeholder(self.spec))
        elif isinstance(self.editor, QComboBox) and not self.spec.required:
            self.editor.setItemText(0, QCoreApplication.translate("ParamForm", "(none)"))

    def raw_value(self) -> object:
        """Return the typed value (None when empty); raise FieldValueError when unreadable."""
        if isinstance(self.editor, QCheckBox):
            return self.editor.isChecked()
        if isinstance(self.editor, QComboBox):
            return self.editor.currentData() or None
        assert isinstance(self.editor, QLineEdit)
        return parse_field_text(self.spec, self.editor.text())

    def set_value(self, value: object) -> None:
        """Show ``value`` in the editor."""
        if isinstance(self.editor, QCheckBox):
            self.editor.setChecked(bool(value))
        elif isinstance(self.editor, QComboBox):
            self.editor.setCurrentIndex(
                max(self.editor.findData(value_as_text(self.spec, value)), 0)
            )
        elif isinstance(self.editor, QLineEdit):
            self.editor.setText(value_as_text(self.spec, value))


class ParamForm(QWidget):
    """Edits one flow's parameters; the dialog decides which messages to show.

    Signals:
        values_changed: the operator changed a field.
    """

    values_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paramForm")
        self._rows: dict[str, _FieldRow] = {}
        self._locked: dict[str, str] = {}
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def fields(self) -> list[FieldSpec]:
        """The fields shown, in order."""
        return [row.spec for row in self._rows.values()]

    def set_fields(self, fields: Sequence[FieldSpec]) -> None:
        """Build the form for ``fields``, each showing its default."""
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._rows = {}
        self._locked = {}
        for spec in fields:
            row = _FieldRow(spec)
            if spec.default is not None:
                row.set_value(spec.default)
            _connect_editor(row.editor, self._on_editor_changed)
            row.retranslate(None)
            self._layout.addRow(row.label, row.box)
            self._rows[spec.name] = row

    def retranslate(self) -> None:
        """Set every field's texts in the current language."""
        for name, row in self._rows.items():
            row.retranslate(self._locked.get(name))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def editor(self, name: str) -> QWidget:
        """Return the editor widget of field ``name``."""
        return self._rows[name].editor

    def set_value(self, name: str, value: object) -> None:
        """Put ``value`` in field ``name`` (as if typed)."""
        self._rows[name].set_value(value)

    def values(self) -> dict[str, object]:
        """Return the readable, non-empty values of unlocked fields."""
        values: dict[str, object] = {}
        for name, row in self._rows.items():
            if name in self._locked:
                continue
            try:
                value = row.raw_value()
            except FieldValueError:
                continue
            if value is not None:
                values[name] = value
        return values

    def filled_names(self) -> set[str]:
        """Return the unlocked fields the operator put something in (readable or not)."""
        filled = set()
        for name, row in self._rows.items():
            editor = row.editor
            if name in self._locked:
                continue
            if (
                isinstance(editor, QLineEdit)
                and editor.text().strip()
                or isinstance(editor, QComboBox)
                and editor.currentData()
                or isinstance(editor, QCheckBox)
            ):
                filled.add(name)
        return filled

    def local_problems(self) -> dict[str, str]:
        """Return what the form itself can tell is wrong: unreadable, missing, out of range."""
        problems: dict[str, str] = {}
        for name, row in self._rows.items():
            if name in self._locked:
                continue
            try:
                problem = check_field_value(row.spec, row.raw_value())
            except FieldValueError as exc:
                problem = str(exc)
            if problem:
                problems[name] = problem
        return problems

    def show_messages(self, messages: Mapping[str, str]) -> None:
        """Show each message under its field; clear the others."""
        for name, row in self._rows.items():
            text = messages.get(name, "")
            row.message.setText(text)
            row.message.setVisible(bool(text))

    def message(self, name: str) -> str:
        """Return the message shown under field ``name`` (empty when none)."""
        return self._rows[name].message.text()

    def set_locked(self, names: Collection[str], reason: str) -> None:
        """Disable fields filled from elsewhere (an upstream item); say why in their help."""
        self._locked = {name: reason for name in names if name in self._rows}
        for name, row in self._rows.items():
            row.editor.setEnabled(name not in self._locked)
            row.retranslate(self._locked.get(name))

    @Slot()
    def _on_editor_changed(self) -> None:
        self.values_changed.emit()


def keep_place(widget: QWidget) -> None:
    """Keep a widget's room in its layout while it is hidden (an error line that comes
    and goes would push the fields under the cursor)."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)


def _editor_for(spec: FieldSpec) -> QWidget:
    editor: QWidget
    if spec.type is FieldType.BOOL:
        editor = QCheckBox()
    elif spec.type is FieldType.CHOICE:
        combo = QComboBox()
        if not spec.required:
            combo.addItem(QCoreApplication.translate("ParamForm", "(none)"), "")
        for choice in spec.choices:
            combo.addItem(choice, choice)
        editor = combo
    else:
        editor = QLineEdit()
    editor.setObjectName(f"field_{spec.name}")
    return editor


def _placeholder(spec: FieldSpec) -> str:
    if spec.type is FieldType.LIST:
        return QCoreApplication.translate("ParamForm", "comma-separated")
    if spec.type is FieldType.INT:
        return QCoreApplication.translate("ParamForm", "whole number")
    if spec.type is FieldType.FLOAT:
        return QCoreApplication.translate("ParamForm", "number")
    return QCoreApplication.translate("ParamForm", "required") if spec.required else ""


def _connect_editor(editor: QWidget, slot: object) -> None:
    if isinstance(editor, QCheckBox):
        editor.toggled.connect(slot)
    elif isinstance(editor, QComboBox):
        editor.currentIndexChanged.connect(slot)
    elif isinstance(editor, QLineEdit):
        editor.textChanged.connect(slot)
