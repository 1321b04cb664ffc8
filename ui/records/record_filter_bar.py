"""The record viewer's filter bar: who, what, where, outcome and when."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ui.records.error_codes import describe_code
from ui.records.record_data import (
    ERROR_CLASSES,
    Outcome,
    RecordFilter,
    TimePreset,
    resolve_preset,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ui.records.record_data import FilterChoices

PRESET_TEXT = {
    TimePreset.ANY: "Any time",
    TimePreset.LAST_HOUR: "Last hour",
    TimePreset.TODAY: "Today",
    TimePreset.LAST_7_DAYS: "Last 7 days",
    TimePreset.CUSTOM: "Custom…",
}
ERROR_STYLE = "color: #c0392b;"


class RecordFilterBar(QWidget):
    """Edits a ``RecordFilter``; Search (or Enter) emits it with the time range resolved.

    Signals:
        search_requested(RecordFilter): list the records this filter matches.
    """

    search_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordFilterBar")
        self.account = _editable_combo("filterAccount", "any account")
        self.author_id = QLineEdit()
        self.author_id.setObjectName("filterAuthorId")
        self.author_id.setPlaceholderText("any author id")
        self.flow = _editable_combo("filterFlow", "any flow")
        self.outcome = _fixed_combo(
            "filterOutcome",
            [("Any outcome", "")] + [(o.value.capitalize(), o.value) for o in Outcome if o.value],
        )
        self.error_class = _fixed_combo(
            "filterErrorClass", [("Any error class", "")] + [(e, e) for e in ERROR_CLASSES]
        )
        self.error_code = _editable_combo("filterErrorCode", self.tr("any error code"))
        self.device = _editable_combo("filterDevice", "any phone")
        self.host = _editable_combo("filterHost", "any host")
        self.batch = _editable_combo("filterBatch", "any batch (id)")
        self.preset = _fixed_combo(
            "filterPreset", [(text, p.value) for p, text in PRESET_TEXT.items()]
        )
        self.since = _date_edit("filterSince", days_ago=1)
        self.until = _date_edit("filterUntil", days_ago=0)
        self.search_button = QPushButton("Search")
        self.search_button.setObjectName("searchRecords")
        self.search_button.setDefault(True)
        self.clear_button = QPushButton("Clear")
        self.problem = QLabel()
        self.problem.setObjectName("filterProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()
        self._lay_out()
        self._connect()
        self._on_preset_changed()

    # ------------------------------------------------------------------ API
    def current_filter(self) -> RecordFilter | None:
        """Return the filter the controls show (None, with a message, when a part is bad)."""
        try:
            batch_id = _batch_id(self.batch.currentText())
        except ValueError:
            self._refuse("Batch: enter a batch number, e.g. 12")
            return None
        preset = TimePreset(self.preset.currentData())
        since, until = resolve_preset(preset)
        if preset is TimePreset.CUSTOM:
            since, until = _moment(self.since), _moment(self.until)
            if since >= until:
                self._refuse("Time: “from” must be before “to”")
                return None
        self.problem.hide()
        return RecordFilter(
            account=self.account.currentText().strip(),
            author_id=self.author_id.text().strip(),
            flow=self.flow.currentText().strip(),
            outcome=Outcome(self.outcome.currentData()),
            error_class=self.error_class.currentData(),
            error_code=_code_of(self.error_code.currentText()),
            device=self.device.currentText().strip(),
            host=self.host.currentText().strip(),
            batch_id=batch_id,
            preset=preset,
            since=since,
            until=until,
        )

    def show_filter(self, record_filter: RecordFilter) -> None:
        """Set the controls to ``record_filter`` (e.g. the one remembered)."""
        self.account.setEditText(record_filter.account)
        self.author_id.setText(record_filter.author_id)
        self.flow.setEditText(record_filter.flow)
        _select(self.outcome, record_filter.outcome.value)
        _select(self.error_class, record_filter.error_class)
        self.error_code.setEditText(record_filter.error_code)
        self.device.setEditText(record_filter.device)
        self.host.setEditText(record_filter.host)
        self.batch.setEditText(
            "" if record_filter.batch_id is None else str(record_filter.batch_id)
        )
        _select(self.preset, record_filter.preset.value)
        if (
            record_filter.preset is TimePreset.CUSTOM
            and record_filter.since
            and record_filter.until
        ):
            self.since.setDateTime(_qt_moment(record_filter.since))
            self.until.setDateTime(_qt_moment(record_filter.until))

    def set_choices(self, choices: FilterChoices) -> None:
        """Offer these known values in the drop-downs."""
        _offer(self.account, choices.accounts)
        _offer(self.flow, choices.flows)
        _offer(self.device, choices.devices)
        _offer(self.host, choices.hosts)
        _offer(self.batch, [str(batch_id) for batch_id, _name in choices.batches])
        _offer_codes(self.error_code, choices.codes)

    def focus_first(self) -> None:
        """Put the cursor in the first field."""
        self.account.setFocus(Qt.FocusReason.ShortcutFocusReason)
        _line_edit(self.account).selectAll()

    # ------------------------------------------------------------------ internals
    def _refuse(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        first: list[tuple[str, QWidget]] = [
            ("Account", self.account),
            ("Author id", self.author_id),
            ("Flow", self.flow),
            ("Outcome", self.outcome),
            ("Error", self.error_class),
        ]
        second: list[tuple[str, QWidget]] = [
            (self.tr("Code"), self.error_code),
            ("Phone", self.device),
            ("Host", self.host),
            ("Batch", self.batch),
            ("Time", self.preset),
        ]
        for row, widgets in enumerate((first, second)):
            for column, (text, widget) in enumerate(widgets):
                label = QLabel(text)
                label.setBuddy(widget)
                grid.addWidget(label, row, column * 2)
                grid.addWidget(widget, row, column * 2 + 1)
        grid.addWidget(self.since, 2, 8)
        grid.addWidget(self.until, 2, 9)
        grid.addWidget(self.search_button, 0, 10)
        grid.addWidget(self.clear_button, 1, 10)
        grid.addWidget(self.problem, 3, 0, 1, 11)
        for column in (1, 3, 5, 7, 9):
            grid.setColumnStretch(column, 1)

    def _connect(self) -> None:
        self.search_button.clicked.connect(self._on_search)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        self.preset.currentIndexChanged.connect(self._on_preset_changed)
        self.author_id.returnPressed.connect(self._on_search)
        for combo in (
            self.account,
            self.flow,
            self.error_code,
            self.device,
            self.host,
            self.batch,
        ):
            _line_edit(combo).returnPressed.connect(self._on_search)

    @Slot()
    def _on_search(self) -> None:
        record_filter = self.current_filter()
        if record_filter is not None:
            self.search_requested.emit(record_filter)

    @Slot()
    def _on_clear_button_clicked(self) -> None:
        self.show_filter(RecordFilter())
        self._on_search()

    @Slot()
    def _on_preset_changed(self) -> None:
        custom = self.preset.currentData() == TimePreset.CUSTOM.value
        self.since.setVisible(custom)
        self.until.setVisible(custom)


def _editable_combo(name: str, placeholder: str) -> QComboBox:
    combo = _narrow(QComboBox())
    combo.setObjectName(name)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    _line_edit(combo).setPlaceholderText(placeholder)
    _line_edit(combo).setClearButtonEnabled(True)
    return combo


def _fixed_combo(name: str, items: Sequence[tuple[str, str]]) -> QComboBox:
    combo = _narrow(QComboBox())
    combo.setObjectName(name)
    for text, value in items:
        combo.addItem(text, value)
    return combo


def _narrow(combo: QComboBox) -> QComboBox:
    # Sized by a few characters, not the longest entry: the bar fits an 800 px screen.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(3)
    return combo


def _date_edit(name: str, days_ago: int) -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    moment = dt.datetime.now().replace(second=0, microsecond=0) - dt.timedelta(days=days_ago)
    edit.setDateTime(_qt_moment(moment))
    return edit


def _line_edit(combo: QComboBox) -> QLineEdit:
    line = combo.lineEdit()
    assert line is not None, "only editable combos have a line edit"
    return line


def _moment(edit: QDateTimeEdit) -> dt.datetime:
    """Return the edit's time as an aware datetime in the local zone."""
    seconds = edit.dateTime().toSecsSinceEpoch()
    return dt.datetime.fromtimestamp(seconds).astimezone()


def _qt_moment(moment: dt.datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))


def _select(combo: QComboBox, value: str) -> None:
    combo.setCurrentIndex(max(combo.findData(value), 0))


def _offer(combo: QComboBox, values: Sequence[str]) -> None:
    text = combo.currentText()
    blocked = combo.blockSignals(True)
    combo.clear()
    for value in values:
        combo.addItem(value, value)
    combo.setEditText(text)
    combo.blockSignals(blocked)


def _offer_codes(combo: QComboBox, codes: Sequence[str]) -> None:
    """Offer each code with its description beside it; the code alone is what filters."""
    text = combo.currentText()
    blocked = combo.blockSignals(True)
    combo.clear()
    for code in codes:
        description = describe_code(code)
        combo.addItem(f"{code} — {description}" if description else code, code)
    combo.setEditText(text)
    combo.blockSignals(blocked)


def _code_of(text: str) -> str:
    """The code an entry names: "device_lost — The phone…" or a typed code."""
    return text.split("—", 1)[0].strip()


def _batch_id(text: str) -> int | None:
    text = text.strip().lstrip("#").strip()
    if not text:
        return None
    number = int(text)
    if number <= 0:
        raise ValueError(text)
    return number
