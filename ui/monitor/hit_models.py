"""The Monitoring view's two tables: monitors with unread counts, and one monitor's hits."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from ui.i18n import QT_TRANSLATE_NOOP
from ui.times import local_minute, local_second

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtCore import QObject

    from ui.monitor.monitor_data import HitRow, MonitorRow

ModelIndex = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
UNREAD_MARK = "●"

MONITOR_COLUMNS = (
    QT_TRANSLATE_NOOP("MonitorTableModel", "Monitor"),
    QT_TRANSLATE_NOOP("MonitorTableModel", "Unread"),
    QT_TRANSLATE_NOOP("MonitorTableModel", "Hits"),
    QT_TRANSLATE_NOOP("MonitorTableModel", "Newest hit"),
)
HIT_COLUMNS = (
    QT_TRANSLATE_NOOP("HitTableModel", "Unread"),
    QT_TRANSLATE_NOOP("HitTableModel", "Found"),
    QT_TRANSLATE_NOOP("HitTableModel", "What"),
    QT_TRANSLATE_NOOP("HitTableModel", "Creator"),
    QT_TRANSLATE_NOOP("HitTableModel", "Title"),
    QT_TRANSLATE_NOOP("HitTableModel", "Comment / counts"),
)
MARK, FOUND, KIND, CREATOR, TITLE, TEXT = range(len(HIT_COLUMNS))


def kind_word(kind: str) -> str:
    """What a hit is, in the operator's words."""
    words = {
        "video": QT_TRANSLATE_NOOP("HitKind", "new video"),
        "comment": QT_TRANSLATE_NOOP("HitKind", "new comment"),
        "reply": QT_TRANSLATE_NOOP("HitKind", "new reply"),
        "counts": QT_TRANSLATE_NOOP("HitKind", "counts"),
    }
    source = words.get(kind)
    return QCoreApplication.translate("HitKind", source) if source else kind


def flow_monitor_word(flow: str) -> str:
    """A monitor flow as the operator calls it."""
    words = {
        "monitor.account": QT_TRANSLATE_NOOP("HitKind", "account monitoring"),
        "monitor.keyword": QT_TRANSLATE_NOOP("HitKind", "keyword monitoring"),
        "monitor.post": QT_TRANSLATE_NOOP("HitKind", "post monitoring"),
    }
    source = words.get(flow)
    return QCoreApplication.translate("HitKind", source) if source else flow


def monitor_title(row: MonitorRow) -> str:
    """``#4 关键词监控 · 日常`` or ``账号监控 (not scheduled)``."""
    what = flow_monitor_word(row.flow)
    if row.schedule_id is None:
        return QCoreApplication.translate("MonitorTableModel", "{what} (one-off batches)").format(
            what=what
        )
    name = f" · {row.name}" if row.name else ""
    return f"#{row.schedule_id} {what}{name}"


def counts_text(hit: HitRow) -> str:
    """A counts hit: ``评论 12 → 15，点赞 30 → 41``."""
    data = hit.data
    template = QCoreApplication.translate("HitTableModel", "comments {c}, likes {l}")
    before_c, before_l = data.get("previous_comment_count"), data.get("previous_likes")
    comments = (
        f"{before_c} → {data.get('comment_count')}"
        if before_c is not None
        else str(data.get("comment_count"))
    )
    likes = f"{before_l} → {data.get('likes')}" if before_l is not None else str(data.get("likes"))
    return template.format(c=comments, l=likes)


class MonitorTableModel(QAbstractTableModel):
    """Monitors, each with its unread and total hits."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MonitorRow] = []

    def set_rows(self, rows: Sequence[MonitorRow]) -> None:
        """Show these monitors (a reset only when the set of monitors changes)."""
        keys = [(r.schedule_id, r.flow) for r in rows]
        if keys != [(r.schedule_id, r.flow) for r in self._rows]:
            self.beginResetModel()
            self._rows = list(rows)
            self.endResetModel()
            return
        self._rows = list(rows)
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, 3))

    def row_at(self, row: int) -> MonitorRow:
        """The monitor shown at ``row``."""
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Monitors shown."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Columns shown."""
        return 0 if parent.isValid() else len(MONITOR_COLUMNS)

    def headerData(  # noqa: N802  (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY
    ) -> Any:
        """The translated column titles."""
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return QCoreApplication.translate("MonitorTableModel", MONITOR_COLUMNS[section])
        return None

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        """A monitor's title, unread count (bold when any), hits and newest hit time."""
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == _FONT and row.unread:
            font = QFont()
            font.setBold(True)
            return font
        if role != _DISPLAY:
            return None
        return (
            monitor_title(row),
            f"{row.unread:,}" if row.unread else "",
            f"{row.hits:,}",
            local_minute(row.newest_at) if row.newest_at else "",
        )[index.column()]


class HitTableModel(QAbstractTableModel):
    """One monitor's hits, newest first; unread ones marked and bold."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[HitRow] = []

    def set_rows(self, rows: Sequence[HitRow]) -> None:
        """Show these hits."""
        if [r.item_id for r in rows] != [r.item_id for r in self._rows]:
            self.beginResetModel()
            self._rows = list(rows)
            self.endResetModel()
            return
        self._rows = list(rows)
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, TEXT))

    def mark_read(self, item_ids: Sequence[int]) -> None:
        """Show these hits as read at once (the database follows)."""
        wanted = set(item_ids)
        for number, row in enumerate(self._rows):
            if row.item_id in wanted and not row.read:
                self._rows[number] = replace(row, read=True)
                self.dataChanged.emit(self.index(number, 0), self.index(number, TEXT))

    def row_at(self, row: int) -> HitRow:
        """The hit shown at ``row``."""
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Hits shown."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Columns shown."""
        return 0 if parent.isValid() else len(HIT_COLUMNS)

    def headerData(  # noqa: N802  (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY
    ) -> Any:
        """The translated column titles."""
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return QCoreApplication.translate("HitTableModel", HIT_COLUMNS[section])
        return None

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        """Each cell's words; unread hits bold."""
        if not index.isValid():
            return None
        hit = self._rows[index.row()]
        if role == _FONT and not hit.read:
            font = QFont()
            font.setBold(True)
            return font
        if role == _TOOLTIP and index.column() in (TITLE, TEXT):
            return self.data(index)
        if role != _DISPLAY:
            return None
        column = index.column()
        if column == MARK:
            return "" if hit.read else UNREAD_MARK
        if column == FOUND:
            return local_second(hit.found_at)
        if column == KIND:
            return kind_word(hit.kind)
        if column == CREATOR:
            return hit.creator
        if column == TITLE:
            return hit.title
        return counts_text(hit) if hit.kind == "counts" else hit.text
