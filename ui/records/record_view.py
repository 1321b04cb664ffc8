"""The record viewer: filter bar, the lazily loaded records, details and Excel export."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.prompts import Prompts
from ui.records.export_bar import ExportBar
from ui.records.record_details import RecordDetailsPane
from ui.records.record_filter_bar import RecordFilterBar
from ui.records.record_model import RecordRole, RecordTableModel

if TYPE_CHECKING:
    from ui.records.record_data import FilterChoices, RecordDetails, RecordFilter, RecordPage


class RecordView(QWidget):
    """Finds records and shows them; the controller answers its requests by slots.

    Every slot runs on the GUI thread (the controller's database executor answers by
    queued signals).

    Signals:
        records_requested(RecordQuery): send a page (``add_page`` / ``page_failed``).
        details_requested(int): send the details of this record (``show_details`` /
            ``details_failed``).
        export_requested(RecordFilter, str): export every record of the filter to this
            .xlsx path (report with ``set_export_progress``, then ``export_finished`` or
            ``export_failed``).
        export_cancel_requested: stop the running export.
        filter_changed(RecordFilter): the operator searched with this filter (remember it).
    """

    records_requested = Signal(object)
    details_requested = Signal(int)
    export_requested = Signal(object, str)
    export_cancel_requested = Signal()
    filter_changed = Signal(object)

    def __init__(
        self,
        prompts: Prompts | None = None,
        parent: QWidget | None = None,
        page_size: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordView")
        self.prompts = prompts or Prompts()
        self.model = (
            RecordTableModel(self) if page_size is None else RecordTableModel(self, page_size)
        )
        self.model.records_requested.connect(self.records_requested)
        self.filter_bar = RecordFilterBar()
        self.table = _records_table(self.model)
        self.details = RecordDetailsPane()
        self.count_label = QLabel()
        self.count_label.setObjectName("recordCount")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.export_bar = ExportBar()
        self._details_for: int | None = None
        self._lay_out()
        self._connect()
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate the count line and the table when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.model.retranslate()
            self._update_count()
        super().changeEvent(event)

    # ------------------------------------------------------------------ slots (GUI thread)
    @Slot(object)
    def add_page(self, page: RecordPage) -> None:
        """Append a page of records (stale pages are ignored)."""
        self.model.add_page(page)
        self._update_count()

    @Slot(int, str)
    def page_failed(self, request_id: int, message: str) -> None:
        """Say that a page could not be loaded."""
        self.model.page_failed(request_id, message)
        self.count_label.setText(
            self.tr("Records could not be loaded: {reason}").format(reason=message)
        )

    @Slot(object)
    def show_details(self, details: RecordDetails) -> None:
        """Show the details of the selected record (older answers are ignored)."""
        if details.record.record_id == self._details_for:
            self.details.show_details(details)

    @Slot(int, str)
    def details_failed(self, record_id: int, message: str) -> None:
        """Say that a record's details could not be loaded."""
        if record_id == self._details_for:
            self.details.clear(
                self.tr("The details of #{id} could not be loaded: {reason}").format(
                    id=record_id, reason=message
                )
            )

    @Slot(object)
    def set_filter_choices(self, choices: FilterChoices) -> None:
        """Offer these known flows, hosts, phones, accounts and batches in the filters."""
        self.filter_bar.set_choices(choices)

    @Slot(int, int)
    def set_export_progress(self, done: int, total: int) -> None:
        """Show how far the export is."""
        self.export_bar.set_progress(done, total)

    @Slot(str, int)
    def export_finished(self, path: str, rows: int) -> None:
        """Show that the export is written."""
        self.export_bar.finish(path, rows)

    @Slot(str)
    def export_failed(self, message: str) -> None:
        """Show why the export stopped (also after a cancel)."""
        self.export_bar.fail(message)

    # ------------------------------------------------------------------ API
    def search(self, record_filter: RecordFilter) -> None:
        """Show ``record_filter`` in the bar and list its records."""
        self.filter_bar.show_filter(record_filter)
        self._on_filter_bar_search_requested(record_filter)

    def focus_search(self) -> None:
        """Put the cursor in the first filter field."""
        self.filter_bar.focus_first()

    # ------------------------------------------------------------------ internals
    def _lay_out(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 2)
        layout.addWidget(self.filter_bar)
        layout.addWidget(splitter, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.count_label)
        bottom_layout.addWidget(self.export_bar)
        layout.addWidget(bottom)

    def _connect(self) -> None:
        self.filter_bar.search_requested.connect(self._on_filter_bar_search_requested)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.model.loading_changed.connect(self._update_count)
        self.model.total_changed.connect(self._update_count)
        self.model.modelReset.connect(self._on_model_reset)
        self.export_bar.export_clicked.connect(self._on_export_clicked)
        self.export_bar.cancel_clicked.connect(self.export_cancel_requested)

    @Slot(object)
    def _on_filter_bar_search_requested(self, record_filter: RecordFilter) -> None:
        self.model.set_filter(record_filter)
        self.filter_changed.emit(record_filter)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        record = current.data(RecordRole.RECORD)
        self._details_for = record.record_id
        self.details.clear(self.tr("Loading the details of #{id}…").format(id=record.record_id))
        self.details_requested.emit(record.record_id)

    @Slot()
    def _on_model_reset(self) -> None:
        self._details_for = None
        self.details.clear()

    @Slot()
    def _update_count(self) -> None:
        shown = self.model.rowCount()
        total = self.model.total
        number = QLocale().toString
        if total is None:
            text = self.tr("%n record(s) shown", "", shown).replace(str(shown), number(shown))
        else:
            text = self.tr("{shown} of {total} records shown").format(
                shown=number(shown), total=number(total)
            )
        if self.model.capped:
            text += self.tr(" (loading stops at {limit}: narrow the filter, or export)").format(
                limit=number(self.model.max_rows)
            )
        elif self.model.canFetchMore(QModelIndex()):
            text += self.tr("; scroll down for more")
        self.count_label.setText(text)

    @Slot()
    def _on_export_clicked(self) -> None:
        suggested = f"records-{dt.datetime.now():%Y%m%d-%H%M}.xlsx"
        path = self.prompts.save_file(
            self,
            self.tr("Export records to Excel"),
            suggested,
            self.tr("Excel workbook (*.xlsx)"),
        )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.export_bar.start(path)
        self.export_requested.emit(self.model.record_filter, path)


def _records_table(model: RecordTableModel) -> QTableView:
    table = QTableView()
    table.setObjectName("recordTable")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(22)
    # Fixed widths: measuring contents would read every loaded row on each page.
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in enumerate((140, 120, 110, 90, 110, 90, 100, 100, 60, 60, 70)):
        table.setColumnWidth(column, width)
    return table
