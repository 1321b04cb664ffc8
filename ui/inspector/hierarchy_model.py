"""The screen's node tree as a QAbstractItemModel, for the inspector's tree view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from ui.inspector.screen_data import Screen, ScreenNode

ORDER_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class HierarchyModel(QAbstractItemModel):
    """One column: each node as ``Class "text" #id``; ORDER_ROLE gives its screen order.

    Internal ids are node orders, so an index needs no Python object behind it.
    """

    def __init__(self) -> None:
        super().__init__()
        self._screen: Screen | None = None
        self._rows: dict[int, int] = {}  # order -> row under its parent

    def set_screen(self, screen: Screen | None) -> None:
        """Show this screen's tree (None: empty)."""
        self.beginResetModel()
        self._screen = screen
        self._rows = {}
        if screen is not None:
            for node in screen.nodes.values():
                for row, child in enumerate(node.children):
                    self._rows[child.order] = row
        self.endResetModel()

    def index_of(self, order: int) -> QModelIndex:
        """The index of node ``order`` (invalid when it is not shown)."""
        if self._screen is None or order not in self._rows:
            return QModelIndex()
        return self.createIndex(self._rows[order], 0, order)

    def _node(self, index: Index) -> ScreenNode | None:
        if self._screen is None:
            return None
        if not index.isValid():
            return self._screen.root
        return self._screen.nodes.get(index.internalId())

    # ------------------------------------------------------------------ Qt model
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Child ``row`` of ``parent``."""
        node = self._node(parent)
        if node is None or column != 0 or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row].order)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """The parent of ``index`` (invalid for a window root)."""
        if self._screen is None or not index.isValid():
            return QModelIndex()
        parent_order = self._screen.parents.get(index.internalId())
        if parent_order is None or parent_order == self._screen.root.order:
            return QModelIndex()
        return self.createIndex(self._rows[parent_order], 0, parent_order)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        """How many children ``parent`` has."""
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self._node(parent)
        return len(node.children) if node is not None else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        """One column."""
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The node's label, its full attributes as tooltip, its order."""
        node = self._node(index) if index.isValid() else None
        if node is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _label(node)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{node.class_name}\n{node.resource_id}\n{node.bounds}"
        if role == ORDER_ROLE:
            return node.order
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The column's title."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr("Node")
        return None


def _label(node: ScreenNode) -> str:
    parts = [node.short_class]
    if node.text:
        parts.append(f'"{node.text[:40]}"')
    if node.description:
        parts.append(f"[{node.description[:40]}]")
    if node.resource_id:
        parts.append("#" + node.resource_id.rpartition(":id/")[2])
    return " ".join(parts)
