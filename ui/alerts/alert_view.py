"""The alert list: newest first, filtered by kind and by open/acknowledged, with an
Acknowledge button. It renders ``AlertItem``s a controller gives it and emits intents;
it never reads the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.records.error_codes import describe_code
from ui.times import local_second

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence

KINDS = ("fatal_failure", "no_eligible_account", "phone_offline", "store_stalled")
OPEN_COLOUR = QColor("#b42318")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class AlertItem:
    """One alert as the list shows it (codes and values; the view words them)."""

    id: int
    kind: str
    subject: str
    host: str
    count: int
    raised_at: dt.datetime
    acknowledged_at: dt.datetime | None = None
    acknowledged_by: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)


def kind_text(kind: str) -> str:
    """An alert kind in the operator's language."""
    translate = QCoreApplication.translate
    return {
        "fatal_failure": translate("AlertWords", "Fatal failure"),
        "no_eligible_account": translate("AlertWords", "No eligible account left"),
        "phone_offline": translate("AlertWords", "Phone offline"),
        "store_stalled": translate("AlertWords", "Artifact store not accepting uploads"),
    }.get(kind, kind)


def what_text(item: AlertItem) -> str:
    """What happened, worded from the alert's codes and values."""
    translate, d = QCoreApplication.translate, item.details
    if item.kind == "fatal_failure":
        code = str(d.get("code") or "")
        text = translate("AlertWords", "Batch {batch}, flow {flow}: {code} — {what}")
        return text.format(
            batch=d.get("batch_id"), flow=d.get("flow"), code=code, what=describe_code(code)
        )
    if item.kind == "no_eligible_account":
        text = translate(
            "AlertWords", "Batch {batch}: {tasks} task(s) failed, all {accounts} accounts barred"
        )
        return text.format(
            batch=d.get("batch_id"), tasks=d.get("tasks"), accounts=d.get("accounts")
        )
    if item.kind == "phone_offline":
        unauthorized = d.get("state") == "unauthorized"
        state = (
            translate("AlertWords", "unauthorized")
            if unauthorized
            else translate("AlertWords", "offline")
        )
        text = translate("AlertWords", "{device} has been {state} for {minutes} min")
        return text.format(device=d.get("device"), state=state, minutes=d.get("minutes"))
    if item.kind == "store_stalled":
        text = translate(
            "AlertWords", "Host {host}: {waiting} artifact(s) waiting, no upload for {minutes} min"
        )
        return text.format(host=d.get("host"), waiting=d.get("waiting"), minutes=d.get("minutes"))
    return ""


class AlertModel(QAbstractTableModel):
    """The alerts, one row each."""

    COLUMNS = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[AlertItem] = []

    def set_items(self, items: Sequence[AlertItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("Raised"),
            self.tr("Kind"),
            self.tr("What"),
            self.tr("Times"),
            self.tr("Host"),
            self.tr("State"),
        )
        return titles[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and item.acknowledged_at is None:
            return OPEN_COLOUR if index.column() in (1, 5) else None
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return local_second(item.raised_at)
        if column == 1:
            return kind_text(item.kind)
        if column == 2:
            return what_text(item)
        if column == 3:
            return str(item.count)
        if column == 4:
            return item.host
        if item.acknowledged_at is None:
            return self.tr("Open")
        return self.tr("Acknowledged by {who}").format(who=item.acknowledged_by or "")


class AlertView(QWidget):
    """The alert list page.

    Signals:
        acknowledge_requested(list[int]): the operator acknowledged these alerts.
        filter_changed(kind, open_only): show only this kind ("" all) / only open ones.
    """

    acknowledge_requested = Signal(list)
    filter_changed = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertView")
        self.model = AlertModel(self)
        self.kind = QComboBox()
        self.kind.setObjectName("alertKindFilter")
        self.open_only = QCheckBox()
        self.open_only.setObjectName("alertOpenOnly")
        self.acknowledge = QPushButton()
        self.acknowledge.setObjectName("acknowledgeAlerts")
        self.summary = QLabel()
        self.summary.setObjectName("alertSummary")
        self.table = QTableView()
        self.table.setObjectName("alertTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        bar = QHBoxLayout()
        self._kind_label = QLabel()
        for widget in (self._kind_label, self.kind, self.open_only):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        bar.addWidget(self.acknowledge)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.open_only.setChecked(True)
        self.kind.currentIndexChanged.connect(self._emit_filter)
        self.open_only.toggled.connect(self._emit_filter)
        self.acknowledge.clicked.connect(self._on_acknowledge)
        self.table.selectionModel().selectionChanged.connect(self._update_button)
        self.retranslate()

    def retranslate(self) -> None:
        """Every text in the current language."""
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(self.tr("All kinds"), "")
        for kind in KINDS:
            self.kind.addItem(kind_text(kind), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current or "")))
        self.kind.blockSignals(False)
        self._kind_label.setText(self.tr("Kind:"))
        self.open_only.setText(self.tr("Only open alerts"))
        self.acknowledge.setText(self.tr("Acknowledge"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, AlertModel.COLUMNS - 1)
        self.model.set_items(self.model.items)  # worded again
        self._update_button()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_alerts(self, items: Sequence[AlertItem], open_count: int) -> None:
        """Show these alerts (selection kept by id)."""
        chosen = set(self.selected_ids())
        self.model.set_items(items)
        selection = self.table.selectionModel()
        for row, item in enumerate(items):
            if item.id in chosen:
                selection.select(
                    self.model.index(row, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )
        self.summary.setText(self.tr("%n open alert(s)", "", open_count))
        self._update_button()

    def selected_ids(self) -> list[int]:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return [self.model.items[row].id for row in sorted(rows) if row < len(self.model.items)]

    def _emit_filter(self) -> None:
        self.filter_changed.emit(str(self.kind.currentData() or ""), self.open_only.isChecked())

    def _on_acknowledge(self) -> None:
        ids = [
            i
            for i in self.selected_ids()
            if next(a for a in self.model.items if a.id == i).acknowledged_at is None
        ]
        if ids:
            self.acknowledge_requested.emit(ids)

    def _update_button(self) -> None:
        self.acknowledge.setEnabled(
            any(
                self.model.items[index.row()].acknowledged_at is None
                for index in self.table.selectionModel().selectedRows()
            )
        )
