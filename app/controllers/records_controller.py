"""The record viewer's controller: pages, details and filter choices from the pool on the
database executor, artifacts from the store on a reading thread, Excel export on its own
thread."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal, Slot

from app.controllers.record_mapping import (
    filter_choices,
    read_record_details,
    records_page,
    resolve_pool_filter,
)
from db.pool.records import record_by_id
from db.records_view import filter_values
from ui.background import run_in_background
from ui.records.export_words import export_headers, export_problem
from workers.export_worker import PROBLEMS, ExportThread, export_path_issue

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Engine

    from app.controllers.db_executor import DbExecutor
    from db.artifacts.reader import ArtifactReader
    from db.pool.export import ExportLayout
    from db.pool.values import Record
    from db.pool.values import RecordFilter as PoolFilter
    from db.records_view import FilterValues
    from ui.background import BackgroundJob
    from ui.records.record_data import FilterChoices, RecordDetails, RecordFilter, RecordQuery
    from ui.records.record_view import RecordView

log = logging.getLogger(__name__)
T = TypeVar("T")

CHOICES_REFRESH_MS = 60_000  # new flows, phones and batches appear in the drop-downs
DETAIL_ITEMS = 300  # output items shown in the details pane (the export has them all)
THREAD_STOP_WAIT_MS = 10_000


class RecordsController(QObject):
    """Answers a ``RecordView``'s requests; owns the export thread and the file reader.

    Pages are read by key (``before_id``), so the millionth record costs what the
    first does; the count behind "of N" is bounded (``records_page``), once per
    search. Details requests are coalesced: while one loads, only the newest of those
    asked meanwhile is loaded next.

    Signals:
        export_progress(done, total): records written by the running export.
        export_finished(path, records): the export's file is complete.
        export_failed(message): the export stopped without a file (also a cancel).
    """

    export_progress = Signal(int, int)
    export_finished = Signal(str, int)
    export_failed = Signal(str)

    def __init__(
        self,
        view: RecordView,
        db: DbExecutor,
        engine: Engine,
        reader: ArtifactReader | None = None,
        choices_refresh_ms: int = CHOICES_REFRESH_MS,
        export_layout: ExportLayout | None = None,
    ) -> None:
        super().__init__()
        self.view, self.db, self.engine, self.reader = view, db, engine, reader
        self.export_layout = export_layout  # each flow's columns, the zone of dates
        self._closed = False
        self._choices: FilterChoices | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(choices_refresh_ms)
        self._timer.timeout.connect(self.refresh_choices)
        self._files = QThreadPool(self)  # artifact files: slow disks never block the DB thread
        self._files.setMaxThreadCount(1)
        self._file_job: BackgroundJob | None = None  # its relay must live until it delivers
        self._details_loading: int | None = None
        self._details_wanted: int | None = None
        self._export: ExportThread | None = None
        self._ended_exports: list[ExportThread] = []  # reported, not yet finished
        self._export_starting = False
        self._export_cancelled = False
        self._connect()

    def _connect(self) -> None:
        view = self.view
        view.records_requested.connect(self._on_view_records_requested)
        view.details_requested.connect(self._on_view_details_requested)
        view.export_requested.connect(self._on_view_export_requested)
        view.export_cancel_requested.connect(self._on_view_export_cancel_requested)
        self.export_progress.connect(view.set_export_progress)
        self.export_finished.connect(view.export_finished)
        self.export_failed.connect(view.export_failed)

    def start(self) -> None:
        """Offer the filter choices now and refresh them slowly."""
        self.refresh_choices()
        self._timer.start()

    def shutdown(self) -> None:
        """Stop refreshing, stop a running export and wait for it and the file reader."""
        self._closed = True
        self._timer.stop()
        self.cancel_export()
        if self._export is not None:
            self._ended_exports.append(self._export)
            self._export = None
        for thread in self._ended_exports:
            if not thread.wait(THREAD_STOP_WAIT_MS):
                # Kept referenced: deleting a running QThread would crash the process.
                log.error("the records export did not stop within %d ms", THREAD_STOP_WAIT_MS)
                return
        self._ended_exports.clear()
        self._files.waitForDone(THREAD_STOP_WAIT_MS)

    # ------------------------------------------------------------------ pages

    @Slot(object)
    def _on_view_records_requested(self, query: RecordQuery) -> None:
        self.db.call(
            lambda session: records_page(session, query),
            self._deliver(self.view.add_page),
            self._deliver(lambda message: self.view.page_failed(query.request_id, message)),
            read_only=True,
        )

    # ------------------------------------------------------------------ details

    @Slot(int)
    def _on_view_details_requested(self, record_id: int) -> None:
        self._details_wanted = record_id
        if self._details_loading is None:
            self._load_details(record_id)

    def _load_details(self, record_id: int) -> None:
        self._details_loading = record_id
        self.db.call(
            lambda session: record_by_id(session, record_id, max_items=DETAIL_ITEMS),
            lambda record: self._on_record_read(record_id, record),
            lambda message: self._on_details_failed(record_id, message),
            read_only=True,
        )

    def _on_record_read(self, record_id: int, record: Record | None) -> None:
        if self._closed:
            return
        if record is None:
            self._on_details_failed(record_id, "there is no such record")
        elif self._details_wanted != record_id:
            self._load_next_details()  # the operator moved on: skip reading its files
        else:
            self._file_job = run_in_background(
                lambda: read_record_details(record, self.reader),
                self._on_details_read,
                lambda message: self._on_details_failed(record_id, message),
                self._files,
            )

    def _on_details_read(self, details: RecordDetails) -> None:
        if self._closed:
            return
        self.view.show_details(details)
        self._load_next_details()

    def _on_details_failed(self, record_id: int, message: str) -> None:
        if self._closed:
            return
        self.view.details_failed(record_id, message)
        self._load_next_details()

    def _load_next_details(self) -> None:
        finished, self._details_loading = self._details_loading, None
        wanted = self._details_wanted
        if wanted is not None and wanted != finished:
            self._load_details(wanted)

    # ------------------------------------------------------------------ filter choices

    @Slot()
    def refresh_choices(self) -> None:
        """Read the known flows, hosts, phones, accounts and batches for the filters."""
        self.db.call(filter_values, self._deliver(self._on_filter_values_read), read_only=True)

    def _on_filter_values_read(self, values: FilterValues) -> None:
        choices = filter_choices(values)
        if choices != self._choices:  # rebuilding the drop-downs would close an open one
            self._choices = choices
            self.view.set_filter_choices(choices)

    # ------------------------------------------------------------------ export

    @property
    def export_running(self) -> bool:
        """True from an export request until its file is written or it failed."""
        return self._export is not None or self._export_starting

    @property
    def export_thread(self) -> ExportThread | None:
        """The running export's thread, if one runs."""
        return self._export

    @Slot(object, str)
    def _on_view_export_requested(self, record_filter: RecordFilter, path: str) -> None:
        if self._closed:
            return
        if self.export_running:
            self.export_failed.emit(self.tr("An export is already running; cancel it first."))
            return
        issue = export_path_issue(path)
        if issue is not None:
            self.export_failed.emit(_worded(*issue))
            return
        self._export_starting, self._export_cancelled = True, False
        self.db.call(
            lambda session: resolve_pool_filter(session, record_filter),
            lambda pool_filter: self._start_export(pool_filter, path),
            self._on_export_filter_failed,
            read_only=True,
        )

    def _start_export(self, pool_filter: PoolFilter, path: str) -> None:
        self._export_starting = False
        if self._export_cancelled or self._closed:
            self.export_failed.emit(_worded("cancelled", {}))
            return
        # The headers are worded now, on the GUI thread, in the language shown.
        thread = ExportThread(
            self.engine, pool_filter, path, layout=self.export_layout, headers=export_headers()
        )
        thread.progressed.connect(self.export_progress)
        thread.exported.connect(self._on_export_exported)
        thread.failed.connect(self._on_export_failed)
        thread.finished.connect(self._on_export_thread_finished)
        self._export = thread
        log.info("exporting records to %s", path)
        thread.start()

    def _on_export_filter_failed(self, message: str) -> None:
        self._export_starting = False
        self.export_failed.emit(self.tr("Export failed: {reason}").format(reason=message))

    @Slot(str, int)
    def _on_export_exported(self, path: str, records: int) -> None:
        self._export_ended()
        self.export_finished.emit(path, records)

    @Slot(str)
    def _on_export_failed(self, message: str) -> None:
        failure = self._export.failure if self._export is not None else None
        self._export_ended()
        self.export_failed.emit(_worded(*failure) if failure else message)

    def _export_ended(self) -> None:
        # The thread has reported; another export may start while it winds down.
        if self._export is not None:
            self._ended_exports.append(self._export)
            self._export = None

    @Slot()
    def _on_export_thread_finished(self) -> None:
        for thread in self._ended_exports:
            thread.wait()  # "finished" is sent just before the thread ends: a brief wait
            thread.deleteLater()
        self._ended_exports.clear()

    @Slot()
    def _on_view_export_cancel_requested(self) -> None:
        self.cancel_export()

    def cancel_export(self) -> None:
        """Stop the running export before its next page; nothing is left at its path."""
        if self._export_starting:
            self._export_cancelled = True
        if self._export is not None:
            self._export.request_stop()

    # ------------------------------------------------------------------ helpers

    def _deliver(self, callback: Callable[[T], None]) -> Callable[[T], None]:
        """``callback``, unless the controller has shut down by the time it runs."""

        def deliver(value: T) -> None:
            if not self._closed:
                callback(value)

        return deliver


def wire_records(
    view: RecordView,
    db: DbExecutor,
    engine: Engine,
    reader: ArtifactReader | None = None,
    export_layout: ExportLayout | None = None,
) -> RecordsController:
    """Connect the record viewer to the pool and the artifact store; offer filter choices."""
    controller = RecordsController(view, db, engine, reader, export_layout=export_layout)
    controller.start()
    return controller


def _worded(code: str, details: dict[str, str]) -> str:
    """An export problem (the worker's code and details) in the console's language."""
    return export_problem(code, details, PROBLEMS.get(code, code).format(**details))
