"""The Monitoring view: monitors with their unread hits; a monitor's hits, newest first;
a hit's details. Opening a hit marks it read for the whole farm."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.monitor.hit_models import (
    HIT_COLUMNS,
    MONITOR_COLUMNS,
    TEXT,
    TITLE,
    HitTableModel,
    MonitorTableModel,
    counts_text,
    kind_word,
    monitor_title,
)
from ui.times import local_second

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ui.monitor.monitor_data import HitRow, MonitorRow

MonitorKey = tuple[int | None, str]


def _table(name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


class MonitoringView(QWidget):
    """Renders monitors and hits; emits what the operator chose and read.

    Signals:
        monitor_chosen(object): show the hits of this monitor, a (schedule id, flow) key.
        hits_read(list): these hits (item ids) were opened: mark them read.
        all_read_requested(object): mark every hit of this monitor read.
        records_requested(int): open the Records tab on this batch.
    """

    monitor_chosen = Signal(object)
    hits_read = Signal(list)
    all_read_requested = Signal(object)
    records_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monitoringView")
        self.monitors = MonitorTableModel(self)
        self.hits = HitTableModel(self)
        self.monitor_table = _table("monitorTable")
        self.monitor_table.setModel(self.monitors)
        self.hit_table = _table("hitTable")
        self.hit_table.setModel(self.hits)
        header = self.hit_table.horizontalHeader()
        for column in (TITLE, TEXT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.details = QTextBrowser()
        self.details.setObjectName("hitDetails")
        self.all_read_button, self.records_button = QPushButton(), QPushButton()
        self.title = QLabel()
        self.title.setObjectName("monitorTitle")
        self._lay_out()
        self.monitor_table.selectionModel().selectionChanged.connect(self._on_monitor_chosen)
        self.hit_table.selectionModel().selectionChanged.connect(self._on_hit_chosen)
        self.all_read_button.clicked.connect(self._on_all_read_button_clicked)
        self.records_button.clicked.connect(self._on_records_button_clicked)
        self._chosen: MonitorKey | None = None
        self._hit: HitRow | None = None
        self.retranslate()

    def _lay_out(self) -> None:
        right = QWidget()
        right_layout = QVBoxLayout(right)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.all_read_button)
        bar.addWidget(self.records_button)
        right_layout.addLayout(bar)
        hits_and_details = QSplitter(Qt.Orientation.Vertical)
        hits_and_details.addWidget(self.hit_table)
        hits_and_details.addWidget(self.details)
        hits_and_details.setSizes([520, 200])
        right_layout.addWidget(hits_and_details, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.monitor_table)
        split.addWidget(right)
        split.setSizes([520, 880])
        QVBoxLayout(self).addWidget(split)

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.all_read_button.setText(self.tr("Mark all read"))
        self.records_button.setText(self.tr("Open its batch in records"))
        self.monitors.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(MONITOR_COLUMNS) - 1)
        self.hits.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HIT_COLUMNS) - 1)
        self._say_title()
        self._show_details()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ slots (GUI thread)
    @Slot(list)
    def set_monitors(self, rows: Sequence[MonitorRow]) -> None:
        """Show these monitors; the first is chosen when none is."""
        self.monitors.set_rows(rows)
        if rows and not self.monitor_table.selectionModel().hasSelection():
            self.monitor_table.selectRow(0)
        self._say_title()

    @Slot(object, list)
    def set_hits(self, key: MonitorKey, rows: Sequence[HitRow]) -> None:
        """Show the hits of monitor ``key`` (ignored if another monitor is chosen now)."""
        if key != self._chosen:
            return
        chosen = self._hit.item_id if self._hit else None
        self.hits.set_rows(rows)
        for number, row in enumerate(rows):
            if row.item_id == chosen:
                self.hit_table.selectRow(number)
        self.all_read_button.setEnabled(any(not r.read for r in rows))

    def chosen_monitor(self) -> MonitorKey | None:
        """The monitor whose hits are shown."""
        return self._chosen

    # ------------------------------------------------------------------ reactions
    @Slot(QItemSelection, QItemSelection)
    def _on_monitor_chosen(self, *_: object) -> None:
        rows = self.monitor_table.selectionModel().selectedRows()
        if not rows:
            return
        monitor = self.monitors.row_at(rows[0].row())
        key = (monitor.schedule_id, monitor.flow)
        if key == self._chosen:
            return
        self._chosen, self._hit = key, None
        self.hits.set_rows([])
        self._say_title()
        self._show_details()
        self.monitor_chosen.emit(key)

    @Slot(QItemSelection, QItemSelection)
    def _on_hit_chosen(self, *_: object) -> None:
        rows = self.hit_table.selectionModel().selectedRows()
        if not rows:
            return
        hit = self.hits.row_at(rows[0].row())
        self._hit = hit
        self._show_details()
        if not hit.read:
            self.hits.mark_read([hit.item_id])
            self.hits_read.emit([hit.item_id])

    @Slot()
    def _on_all_read_button_clicked(self) -> None:
        if self._chosen is not None:
            self.hits.mark_read([self.hits.row_at(n).item_id for n in range(self.hits.rowCount())])
            self.all_read_button.setEnabled(False)
            self.all_read_requested.emit(self._chosen)

    @Slot()
    def _on_records_button_clicked(self) -> None:
        if self._hit is not None:
            self.records_requested.emit(self._hit.batch_id)

    def _say_title(self) -> None:
        rows = self.monitor_table.selectionModel().selectedRows()
        if not rows:
            self.title.setText(self.tr("No monitor yet: add a schedule of a monitor flow."))
            return
        monitor = self.monitors.row_at(rows[0].row())
        self.title.setText(
            self.tr("{monitor}: newest hits first").format(monitor=monitor_title(monitor))
        )

    def _show_details(self) -> None:
        """The chosen hit: the post (creator, title, key, counts) and what was new."""
        self.records_button.setEnabled(self._hit is not None)
        hit = self._hit
        if hit is None:
            self.details.setPlainText(self.tr("Choose a hit to see the post's details."))
            return
        data = hit.data
        lines = [
            self.tr("What: {kind}").format(kind=kind_word(hit.kind)),
            self.tr("Found: {time}").format(time=local_second(hit.found_at)),
            self.tr("Creator: {creator}").format(creator=hit.creator),
            self.tr("Post: {title}").format(title=hit.title),
            self.tr("Post key: {key}").format(key=hit.video_key),
        ]
        if hit.kind == "counts" or data.get("comment_count") is not None:
            lines.append(self.tr("Counts: {counts}").format(counts=counts_text(hit)))
        if hit.keyword:
            lines.append(self.tr("Keyword: {keyword}").format(keyword=hit.keyword))
        if hit.text:
            author = data.get("author") or ""
            lines.append(self.tr("{author} wrote: {text}").format(author=author, text=hit.text))
        lines.append(self.tr("Batch #{batch}").format(batch=hit.batch_id))
        self.details.setPlainText("\n".join(lines))
