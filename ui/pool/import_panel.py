"""Task parameters imported from a spreadsheet: the file, its bad cells, and what to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.background import run_in_background
from ui.i18n import QT_TRANSLATE_NOOP
from ui.table_import import ImportResult, RawTable, TableImportError, check_table, read_table

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from ui.background import BackgroundJob
    from ui.flow_fields import FieldSpec, ValidateParams
    from ui.table_import import CellError

ModelIndex = QModelIndex | QPersistentModelIndex
ERROR_COLUMNS = (
    QT_TRANSLATE_NOOP("ImportErrorsModel", "Row"),
    QT_TRANSLATE_NOOP("ImportErrorsModel", "Column"),
    QT_TRANSLATE_NOOP("ImportErrorsModel", "Header"),
    QT_TRANSLATE_NOOP("ImportErrorsModel", "Value"),
    QT_TRANSLATE_NOOP("ImportErrorsModel", "Problem"),
)
RECHECK_DELAY_MS = 300


class ImportErrorsModel(QAbstractTableModel):
    """The bad cells of an import, one per row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._errors: tuple[CellError, ...] = ()

    def set_errors(self, errors: Sequence[CellError]) -> None:
        """Show these errors."""
        self.beginResetModel()
        self._errors = tuple(errors)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Return the number of errors."""
        return 0 if parent.isValid() else len(self._errors)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Return the number of columns."""
        return 0 if parent.isValid() else len(ERROR_COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = 0
    ) -> Any:
        """Return the column titles."""
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(ERROR_COLUMNS):
            return QCoreApplication.translate("ImportErrorsModel", ERROR_COLUMNS[section])
        return None

    def retranslate(self) -> None:
        """Announce that the headers read differently (the language changed)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(ERROR_COLUMNS) - 1)

    def data(self, index: ModelIndex, role: int = 0) -> Any:
        """Return one cell."""
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        if not 0 <= index.row() < len(self._errors):
            return None
        error = self._errors[index.row()]
        return (error.row, error.column, error.header, error.value, error.message)[index.column()]


@dataclass
class _ImportState:
    """What the panel knows about the current file."""

    table: RawTable | None = None
    result: ImportResult | None = None
    dropped: set[int] = field(default_factory=set)
    busy: str = ""  # what is being done now, e.g. "reading orders.xlsx…"
    failure: str = ""  # why the file could not be read


class ImportPanel(QWidget):
    """Imports one task per row from an Excel or CSV file, checked on a pool thread.

    ``check_with`` must be given the flow, its fields, the form's values (the defaults of
    columns the file lacks) and the validate callable; they are used again whenever the
    form changes (``set_base_values``), so the tasks always carry the form's values.

    Signals:
        import_changed: the import's tasks or errors changed (the dialog re-checks OK).
    """

    import_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPanel")
        self._state = _ImportState()
        self._job: BackgroundJob | None = None
        self._flow = ""
        self._fields: tuple[FieldSpec, ...] = ()
        self._base: dict[str, object] = {}
        self._validate: ValidateParams | None = None
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(RECHECK_DELAY_MS)
        self._recheck.timeout.connect(self._check_again)
        self.errors_model = ImportErrorsModel(self)
        self._build()

    # ------------------------------------------------------------------ API
    def check_with(
        self,
        flow: str,
        fields: Sequence[FieldSpec],
        base_values: Mapping[str, object],
        validate: ValidateParams | None,
    ) -> None:
        """Set what rows are checked against (and forget any import of another flow)."""
        if flow != self._flow:
            self.clear()
        self._flow, self._fields, self._validate = flow, tuple(fields), validate
        self._base = dict(base_values)

    def set_base_values(self, base_values: Mapping[str, object]) -> None:
        """Use the form's new values for columns the file lacks (rechecks shortly)."""
        self._base = dict(base_values)
        if self._state.table is not None:
            self._recheck.start()

    def import_file(self, path: Path) -> None:
        """Read ``path`` and check its rows off the GUI thread."""
        self.clear()
        self._state.busy = self.tr("reading {file}…").format(file=path.name)
        self._start(lambda _table: read_table(path))

    def clear(self) -> None:
        """Forget the imported file."""
        self._discard_job()
        self._recheck.stop()
        self._state = _ImportState()
        self._show()

    @property
    def result(self) -> ImportResult | None:
        """The last check of the imported file (None: nothing imported)."""
        return self._state.result

    @property
    def busy(self) -> bool:
        """True while a file is read or its rows are checked."""
        return bool(self._state.busy)

    def blocking_reason(self) -> str | None:
        """Say why the batch cannot be submitted yet, or None."""
        state = self._state
        if state.busy:
            return state.busy
        if state.failure:
            return state.failure
        if state.result is not None and not state.result.ok:
            bad = len(state.result.bad_rows)
            if not bad:
                return self.tr("some rows of the file have errors")
            return self.tr("%n row(s) of the file have errors", "", bad)
        if state.result is not None and not state.result.tasks:
            return self.tr("the imported file has no task left")
        return None

    def task_params(self) -> tuple[Mapping[str, object], ...]:
        """Return one parameter set per good row (empty when nothing is imported)."""
        result = self._state.result
        return tuple(task.params for task in result.tasks) if result else ()

    # ------------------------------------------------------------------ internals
    def _build(self) -> None:
        self.import_button = QPushButton()
        self.import_button.setObjectName("importButton")
        self.drop_button = QPushButton()
        self.drop_button.setObjectName("dropBadRows")
        self.drop_button.clicked.connect(self._on_drop_button_clicked)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear)
        self.status = QLabel()
        self.status.setObjectName("importStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.errors_view = QTableView()
        self.errors_view.setObjectName("importErrors")
        self.errors_view.setModel(self.errors_model)
        self.errors_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.errors_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.errors_view.horizontalHeader().setStretchLastSection(True)
        self.errors_view.verticalHeader().hide()
        self.errors_view.setMaximumHeight(150)
        buttons = QHBoxLayout()
        for button in (self.import_button, self.drop_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.errors_view)
        self._set_button_texts()
        self._show()

    def _set_button_texts(self) -> None:
        self.import_button.setText(self.tr("Import rows from Excel/CSV…"))
        self.drop_button.setText(self.tr("Drop bad rows"))
        self.clear_button.setText(self.tr("Clear import"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes; a loaded file is checked again so its
        problems are worded in the new language."""
        if event.type() == QEvent.Type.LanguageChange:
            self._set_button_texts()
            self.errors_model.retranslate()
            if self._state.table is not None and not self._state.busy:
                self._check_again()
            else:
                self._show()
        super().changeEvent(event)

    def _start(self, read: Callable[[RawTable | None], RawTable]) -> None:
        # Everything the pool thread uses is copied here, in the GUI thread.
        flow, fields, base, validate = self._flow, self._fields, dict(self._base), self._validate
        dropped, loaded = set(self._state.dropped), self._state.table

        def read_and_check() -> tuple[RawTable, ImportResult] | str:
            try:
                table = read(loaded)
            except TableImportError as exc:
                return str(exc)
            rows = tuple(row for row in table.rows if row[0] not in dropped)
            kept = RawTable(table.source, table.headers, rows)
            return table, check_table(kept, flow, fields, base, validate)

        self._discard_job()
        self._job = run_in_background(read_and_check, self._on_job_result, self._on_job_failed)
        self._show()

    @Slot()
    def _check_again(self) -> None:
        if self._state.table is None:
            return
        self._state.busy = self.tr("checking the rows again…")
        self._start(_already_read)

    @Slot(object)
    def _on_job_result(self, outcome: tuple[RawTable, ImportResult] | str) -> None:
        self._job = None
        self._state.busy = ""
        if isinstance(outcome, str):
            self._state.failure = outcome
        else:
            self._state.table, self._state.result = outcome
            self._state.failure = ""
        self._show()

    @Slot(str)
    def _on_job_failed(self, message: str) -> None:
        self._job = None
        self._state.busy = ""
        self._state.failure = self.tr("The file could not be imported: {reason}").format(
            reason=message
        )
        self._show()

    @Slot()
    def _on_drop_button_clicked(self) -> None:
        result = self._state.result
        if result is None:
            return
        self._state.dropped |= set(result.bad_rows)
        self._state.result = result.without_bad_rows()
        self._show()

    def _discard_job(self) -> None:
        if self._job is not None:
            self._job.discard()
            self._job = None

    def _show(self) -> None:
        state = self._state
        result = state.result
        self.errors_model.set_errors(result.errors if result else ())
        self.errors_view.setVisible(bool(result and result.errors))
        self.drop_button.setEnabled(bool(result and result.bad_rows) and not state.busy)
        self.clear_button.setEnabled(state.table is not None or bool(state.failure))
        self.status.setText(self._status_text(state))
        self.import_changed.emit()

    def _status_text(self, state: _ImportState) -> str:
        if state.busy:
            return state.busy[:1].upper() + state.busy[1:]
        if state.failure:
            return state.failure
        result = state.result
        if result is None:
            return self.tr("No file imported: the form's values are used for every task.")
        name = Path(result.source).name
        text = self.tr("{file}: %n task(s) ready", "", len(result.tasks))
        text = text.format(file=name)
        if state.dropped:
            text += self.tr(", {count} bad rows dropped").format(count=len(state.dropped))
        if result.errors:
            text += QCoreApplication.translate(
                "ImportPanel",
                "; {count} rows have errors (listed below by row and column). Fix the file and "
                "import it again, or drop the bad rows.",
            ).format(count=len(result.bad_rows))
        return text


def _already_read(table: RawTable | None) -> RawTable:
    if table is None:
        raise TableImportError(QCoreApplication.translate("ImportPanel", "no file was read"))
    return table
