"""The records table: loaded a page at a time, only as the operator scrolls."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor

from ui.i18n import QT_TRANSLATE_NOOP
from ui.reasons import reason_text
from ui.records.error_codes import ERROR_CODE_TEXT, describe_code
from ui.records.record_data import RecordFilter, RecordQuery
from ui.times import local_second
from ui.words import error_class, outcome

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from ui.records.record_data import RecordPage, RecordRow

ModelIndex = QModelIndex | QPersistentModelIndex
COLUMNS = (
    QT_TRANSLATE_NOOP("RecordTableModel", "Started"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Flow"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Status"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Error class"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Error code"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Device"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Host"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Account"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Author id"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Batch"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Attempt"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Duration"),
    QT_TRANSLATE_NOOP("RecordTableModel", "Message"),
)
ERROR_CODE_COLUMN = COLUMNS.index("Error code")
DEFAULT_PAGE_SIZE = 200
# Past this many rows in memory the table stops loading and asks for a narrower filter
# (a million RecordRows would take about a gigabyte); the export still covers everything.
DEFAULT_MAX_ROWS = 100_000
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FAILED_COLOUR = QColor("#c0392b")


class RecordRole(enum.IntEnum):
    """Custom roles of the records table."""

    RECORD = int(Qt.ItemDataRole.UserRole) + 1  # the RecordRow


class RecordTableModel(QAbstractTableModel):
    """Holds the pages loaded so far for one filter; asks for the next page on demand.

    The view calls ``fetchMore`` when the operator scrolls near the end; the model then
    emits ``records_requested`` and waits for ``add_page``. Pages answering an older
    filter are dropped by their request id.

    Signals:
        records_requested(RecordQuery): send this page (answer with ``add_page`` or
            ``page_failed`` on the GUI thread).
        loading_changed(bool): a page is being waited for, or not any more.
        total_changed(object): the number of matching records (int), or None if unknown.
    """

    records_requested = Signal(object)
    loading_changed = Signal(bool)
    total_changed = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_rows: int = DEFAULT_MAX_ROWS,
    ) -> None:
        super().__init__(parent)
        self.page_size = page_size
        self.max_rows = max_rows
        self._rows: list[RecordRow] = []
        self._filter = RecordFilter()
        self._request_id = 0
        self._has_more = False
        self._waiting = False
        self.total: int | None = None

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Return the number of rows loaded so far."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Return the number of columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY
    ) -> Any:
        """Return the column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == _DISPLAY
            and 0 <= section < len(COLUMNS)
        ):
            return QCoreApplication.translate("RecordTableModel", COLUMNS[section])
        return None

    def retranslate(self) -> None:
        """Announce that every header and cell reads differently (the language changed)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        """Return one role of one cell."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        if role == _DISPLAY:
            return _cell_text(record, index.column())
        if role == RecordRole.RECORD:
            return record
        if role == Qt.ItemDataRole.ForegroundRole and index.column() in (2, 3, 4):
            return _FAILED_COLOUR if record.error_class else None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(COLUMNS) - 1:
            return (reason_text(record.reason) if record.reason else record.message) or None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == ERROR_CODE_COLUMN:
            return describe_code(record.error_code) or None
        return None

    def canFetchMore(self, parent: ModelIndex) -> bool:  # noqa: N802
        """Return whether another page can be asked for now."""
        return (
            not parent.isValid()
            and self._has_more
            and not self._waiting
            and len(self._rows) < self.max_rows
        )

    def fetchMore(self, parent: ModelIndex) -> None:  # noqa: N802
        """Ask the controller for the next page (the answer arrives in ``add_page``)."""
        if not self.canFetchMore(parent):
            return
        last = self._rows[-1] if self._rows else None
        query = RecordQuery(
            request_id=self._request_id,
            filter=self._filter,
            offset=len(self._rows),
            limit=min(self.page_size, self.max_rows - len(self._rows)),
            after=(last.started_at, last.record_id) if last else None,
        )
        self._set_waiting(True)
        self.records_requested.emit(query)

    # ------------------------------------------------------------------ slots (GUI thread)
    @Slot(object)
    def set_filter(self, record_filter: RecordFilter) -> None:
        """Forget the rows shown and load the first page of ``record_filter``."""
        self.beginResetModel()
        self._rows = []
        self._filter = record_filter
        self._request_id += 1
        self._has_more = True
        self._waiting = False
        self.total = None
        self.endResetModel()
        self.total_changed.emit(None)
        self.fetchMore(QModelIndex())

    @Slot()
    def refresh(self) -> None:
        """Load the current filter again from its first page."""
        self.set_filter(self._filter)

    @Slot(object)
    def add_page(self, page: RecordPage) -> None:
        """Append a page (ignored when it answers an older request)."""
        if page.request_id != self._request_id or not self._waiting:
            return
        # Still "waiting" while rows go in: a view may ask for more from inside the
        # insert notifications, and must not get the same offset twice.
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self._has_more = page.has_more
        self._set_waiting(False)
        if page.total is not None and page.total != self.total:
            self.total = page.total
            self.total_changed.emit(page.total)

    @Slot(int, str)
    def page_failed(self, request_id: int, _message: str) -> None:
        """Stop waiting for a page that could not be loaded (scrolling asks again)."""
        if request_id == self._request_id:
            self._set_waiting(False)

    # ------------------------------------------------------------------ reading
    @property
    def record_filter(self) -> RecordFilter:
        """The filter whose rows are shown."""
        return self._filter

    @property
    def request_id(self) -> int:
        """The id the next answered page must carry."""
        return self._request_id

    @property
    def loading(self) -> bool:
        """True while a requested page has not arrived."""
        return self._waiting

    @property
    def capped(self) -> bool:
        """True when loading stopped at ``max_rows`` although more records match."""
        return self._has_more and len(self._rows) >= self.max_rows

    def record_at(self, row: int) -> RecordRow:
        """Return the record in ``row``."""
        return self._rows[row]

    def _set_waiting(self, waiting: bool) -> None:
        if waiting != self._waiting:
            self._waiting = waiting
            self.loading_changed.emit(waiting)


def _cell_text(record: RecordRow, column: int) -> str:
    values = (
        local_second(record.started_at),
        record.flow,
        outcome(record.status),
        error_class(record.error_class) if record.error_class else "",
        record.error_code,
        record.device,
        record.host,
        record.account,
        record.author_id,
        f"#{record.batch_id}",
        QLocale().toString(record.attempt),
        duration_text(record),
        message_text(record),
    )
    return values[column] if 0 <= column < len(values) else ""


def message_text(record: RecordRow) -> str:
    """What went wrong, or what came of it, in the console's language: the pool's reason
    or the error code's description when known (the worker's own words stay in the
    tooltip and the details), else the worker's words; a success says its item count."""
    if record.reason is not None:
        return reason_text(record.reason)
    if record.error_code in ERROR_CODE_TEXT:
        return describe_code(record.error_code)
    if record.message or not record.items:
        return record.message
    # Two texts, not a %n plural: lupdate does not see plurals outside a QObject's tr().
    text = (
        QCoreApplication.translate("RecordTableModel", "{count} item")
        if record.items == 1
        else QCoreApplication.translate("RecordTableModel", "{count} items")
    )
    return text.format(count=QLocale().toString(record.items))


def duration_text(record: RecordRow) -> str:
    """How long the attempt ran, e.g. ``2m 05s`` (``2分05秒``)."""
    if record.finished_at is None:
        return outcome("running")
    seconds = int((record.finished_at - record.started_at).total_seconds())
    minutes, seconds = divmod(max(seconds, 0), 60)
    if minutes:
        text = QCoreApplication.translate("RecordTableModel", "{minutes}m {seconds}s")
        return text.format(minutes=minutes, seconds=f"{seconds:02d}")
    return QCoreApplication.translate("RecordTableModel", "{seconds}s").format(seconds=seconds)
