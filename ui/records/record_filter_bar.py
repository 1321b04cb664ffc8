"""The record viewer's filter bar: who, what, where, outcome and when."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ui.i18n import QT_TRANSLATE_NOOP
from ui.records.error_codes import describe_code
from ui.records.record_data import (
    ERROR_CLASSES,
    Outcome,
    RecordFilter,
    TimePreset,
    resolve_preset,
)
from ui.words import error_class, outcome

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ui.records.record_data import FilterChoices

PRESET_TEXT = {
    TimePreset.ANY: QT_TRANSLATE_NOOP("RecordFilterBar", "Any time"),
    TimePreset.LAST_HOUR: QT_TRANSLATE_NOOP("RecordFilterBar", "Last hour"),
    TimePreset.TODAY: QT_TRANSLATE_NOOP("RecordFilterBar", "Today"),
    TimePreset.LAST_7_DAYS: QT_TRANSLATE_NOOP("RecordFilterBar", "Last 7 days"),
    TimePreset.CUSTOM: QT_TRANSLATE_NOOP("RecordFilterBar", "Custom…"),
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
        self.account = _editable_combo("filterAccount")
        self.author_id = QLineEdit()
        self.author_id.setObjectName("filterAuthorId")
        self.flow = _editable_combo("filterFlow")
        self.outcome = _fixed_combo("filterOutcome", ["", *(o.value for o in Outcome if o.value)])
        self.error_class = _fixed_combo("filterErrorClass", ["", *ERROR_CLASSES])
        self.error_code = _editable_combo("filterErrorCode")
        self.device = _editable_combo("filterDevice")
        self.host = _editable_combo("filterHost")
        self.batch = _editable_combo("filterBatch")
        self.preset = _fixed_combo("filterPreset", [p.value for p in PRESET_TEXT])
        self.since = _date_edit("filterSince", days_ago=1)
        self.until = _date_edit("filterUntil", days_ago=0)
        self.search_button = QPushButton()
        self.search_button.setObjectName("searchRecords")
        self.search_button.setDefault(True)
        self.clear_button = QPushButton()
        self._labels: dict[str, QLabel] = {}
        self._codes: tuple[str, ...] = ()
        self._problem_source: str | None = None
        self.problem = QLabel()
        self.problem.setObjectName("filterProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()
        self._lay_out()
        self._connect()
        self._on_preset_changed()
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language (choices and typed text stay)."""
        placeholders = (
            (self.account, self.tr("any account")),
            (self.flow, self.tr("any flow")),
            (self.error_code, self.tr("any error code")),
            (self.device, self.tr("any phone")),
            (self.host, self.tr("any host")),
            (self.batch, self.tr("any batch (id)")),
        )
        for combo, text in placeholders:
            _line_edit(combo).setPlaceholderText(text)
        self.author_id.setPlaceholderText(self.tr("any author id"))
        self.outcome.setItemText(0, self.tr("Any outcome"))
        for index in range(1, self.outcome.count()):
            self.outcome.setItemText(index, outcome(self.outcome.itemData(index)))
        self.error_class.setItemText(0, self.tr("Any error class"))
        for index in range(1, self.error_class.count()):
            self.error_class.setItemText(index, error_class(self.error_class.itemData(index)))
        for index, text in enumerate(PRESET_TEXT.values()):
            self.preset.setItemText(index, QCoreApplication.translate("RecordFilterBar", text))
        labels = {
            "account": self.tr("Account"),
            "author": self.tr("Author id"),
            "flow": self.tr("Flow"),
            "outcome": self.tr("Outcome"),
            "error": self.tr("Error"),
            "code": self.tr("Code"),
            "phone": self.tr("Phone"),
            "host": self.tr("Host"),
            "batch": self.tr("Batch"),
            "time": self.tr("Time"),
        }
        for name, text in labels.items():
            self._labels[name].setText(text)
        self.search_button.setText(self.tr("Search"))
        self.clear_button.setText(self.tr("Clear"))
        _offer_codes(self.error_code, self._codes)
        if self._problem_source is not None:
            self._refuse(self._problem_source)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ API
    def current_filter(self) -> RecordFilter | None:
        """Return the filter the controls show (None, with a message, when a part is bad)."""
        try:
            batch_id = _batch_id(self.batch.currentText())
        except ValueError:
            self._refuse("batch")
            return None
        preset = TimePreset(self.preset.currentData())
        since, until = resolve_preset(preset)
        if preset is TimePreset.CUSTOM:
            since, until = _moment(self.since), _moment(self.until)
            if since >= until:
                self._refuse("time")
                return None
        self.problem.hide()
        self._problem_source = None
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
        self._codes = tuple(choices.codes)
        _offer_codes(self.error_code, self._codes)

    def focus_first(self) -> None:
        """Put the cursor in the first field."""
        self.account.setFocus(Qt.FocusReason.ShortcutFocusReason)
        _line_edit(self.account).selectAll()

    # ------------------------------------------------------------------ internals
    def _refuse(self, problem: str) -> None:
        self._problem_source = problem
        if problem == "batch":
            self.problem.setText(self.tr("Batch: enter a batch number, e.g. 12"))
        else:
            self.problem.setText(self.tr("Time: “from” must be before “to”"))
        self.problem.show()

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        first: list[tuple[str, QWidget]] = [
            ("account", self.account),
            ("author", self.author_id),
            ("flow", self.flow),
            ("outcome", self.outcome),
            ("error", self.error_class),
        ]
        second: list[tuple[str, QWidget]] = [
            ("code", self.error_code),
            ("phone", self.device),
            ("host", self.host),
            ("batch", self.batch),
            ("time", self.preset),
        ]
        for row, widgets in enumerate((first, second)):
            for column, (name, widget) in enumerate(widgets):
                label = QLabel()
                label.setBuddy(widget)
                self._labels[name] = label
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


def _editable_combo(name: str) -> QComboBox:
    combo = _narrow(QComboBox())
    combo.setObjectName(name)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    _line_edit(combo).setClearButtonEnabled(True)
    return combo


def _fixed_combo(name: str, values: Sequence[str]) -> QComboBox:
    combo = _narrow(QComboBox())
    combo.setObjectName(name)
    for value in values:
        combo.addItem("", value)
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
