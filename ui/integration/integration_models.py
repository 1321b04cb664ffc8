"""Table models of the Integration page: tokens and the delivery log (snapshots the
controller delivers; STYLE item 2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from ui.i18n import QT_TRANSLATE_NOOP
from ui.integration.integration_data import (
    DeliveryLine,
    TokenRow,
    delivery_state_word,
    token_state_word,
)
from ui.times import local_second

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's dataclass


class SnapshotModel(QAbstractTableModel, Generic[Row]):
    """A read-only table over a list of rows; ``columns`` = (context, header, cell)."""

    context = "SnapshotModel"
    columns: tuple[tuple[str, Callable[[Any], str]], ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show these rows instead."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[index.column()][1](row)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self.context, self.columns[section][0])
        return None

    def retranslate(self) -> None:
        """Repaint headers and cells in the language installed now."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(len(self.columns) - 1, 0))
        if self.rows:
            last = self.index(len(self.rows) - 1, len(self.columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)


def _when(moment: Any) -> str:
    return local_second(moment) if moment is not None else "—"


class TokenModel(SnapshotModel[TokenRow]):
    """API tokens: name, prefix, scopes, state, made, last used."""

    context = "TokenModel"
    columns = (
        (QT_TRANSLATE_NOOP("TokenModel", "Name"), lambda r: r.name),
        (QT_TRANSLATE_NOOP("TokenModel", "Prefix"), lambda r: r.prefix + "…"),
        (QT_TRANSLATE_NOOP("TokenModel", "Scopes"), lambda r: " ".join(r.scopes)),
        (QT_TRANSLATE_NOOP("TokenModel", "State"), lambda r: token_state_word(r.state)),
        (QT_TRANSLATE_NOOP("TokenModel", "Created"), lambda r: _when(r.created_at)),
        (QT_TRANSLATE_NOOP("TokenModel", "Last used"), lambda r: _when(r.last_used_at)),
    )


def _number(value: int | None) -> str:
    return "—" if value is None else str(value)


class DeliveryModel(SnapshotModel[DeliveryLine]):
    """The delivery log: when, event, state, rejections, last status code, latency, id."""

    context = "DeliveryModel"
    columns = (
        (QT_TRANSLATE_NOOP("DeliveryModel", "Created"), lambda r: _when(r.created_at)),
        (QT_TRANSLATE_NOOP("DeliveryModel", "Event"), lambda r: r.event_type),
        (QT_TRANSLATE_NOOP("DeliveryModel", "State"), lambda r: delivery_state_word(r.state)),
        (QT_TRANSLATE_NOOP("DeliveryModel", "Rejections"), lambda r: str(r.attempts)),
        (QT_TRANSLATE_NOOP("DeliveryModel", "Last status"), lambda r: _number(r.last_status)),
        (QT_TRANSLATE_NOOP("DeliveryModel", "Latency (ms)"), lambda r: _number(r.latency_ms)),
        (QT_TRANSLATE_NOOP("DeliveryModel", "Event id"), lambda r: r.event_id),
    )
