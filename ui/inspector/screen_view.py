"""The phone's screenshot with the hovered, selected and matched nodes drawn on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent, QPaintEvent

    from ui.inspector.screen_data import Rect, Screen

HOVER = QColor("#1e88e5")
SELECTED = QColor("#e53935")
MATCHED = QColor(255, 160, 0, 90)


class ScreenView(QWidget):
    """Paints the screenshot scaled to fit; maps the mouse back to phone pixels.

    Signals:
        node_hovered(order): the mouse is over node ``order`` (-1: over none).
        node_clicked(order, x, y): a click on node ``order`` at phone pixel (x, y).
    """

    node_hovered = Signal(int)
    node_clicked = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorScreen")
        self.setMouseTracking(True)
        self.setMinimumSize(QSize(180, 320))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._screen: Screen | None = None
        self._pixmap: QPixmap | None = None
        self.hovered = -1
        self.selected = -1
        self.matched: list[int] = []
        self.placeholder = ""

    def set_screen(self, screen: Screen | None) -> None:
        """Show a new screen; marks of the old one are cleared."""
        self._screen = screen
        self._pixmap = QPixmap.fromImage(screen.image) if screen is not None else None
        self.hovered, self.selected, self.matched = -1, -1, []
        self.update()

    def set_hovered(self, order: int) -> None:
        """Outline node ``order`` (hovered in the tree)."""
        if order != self.hovered:
            self.hovered = order
            self.update()

    def set_selected(self, order: int) -> None:
        """Mark node ``order`` as the selected one."""
        self.selected = order
        self.update()

    def set_matched(self, orders: list[int]) -> None:
        """Fill the nodes a tested selector matches."""
        self.matched = list(orders)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802  (Qt override)
        """Portrait, like a phone."""
        return QSize(300, 560)

    # ------------------------------------------------------------------ geometry
    def _scale(self) -> tuple[float, QPointF]:
        """Phone pixels to widget pixels: factor and top-left offset."""
        if self._screen is None:
            return 1.0, QPointF(0, 0)
        width, height = self._screen.size
        factor = min(self.width() / width, self.height() / height)
        offset = QPointF((self.width() - width * factor) / 2, (self.height() - height * factor) / 2)
        return factor, offset

    def to_phone(self, point: QPoint | QPointF) -> tuple[int, int]:
        """Widget point -> phone pixel."""
        factor, offset = self._scale()
        return int((point.x() - offset.x()) / factor), int((point.y() - offset.y()) / factor)

    def to_widget(self, x: int, y: int) -> QPoint:
        """Phone pixel -> widget point (the tests click through this)."""
        factor, offset = self._scale()
        return QPoint(round(x * factor + offset.x()), round(y * factor + offset.y()))

    def _rect(self, bounds: Rect) -> QRectF:
        factor, offset = self._scale()
        left, top, right, bottom = bounds
        return QRectF(
            offset.x() + left * factor,
            offset.y() + top * factor,
            (right - left) * factor,
            (bottom - top) * factor,
        )

    # ------------------------------------------------------------------ events
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802  (Qt override)
        """The picture, then matched, hovered and selected nodes on top."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        if self._pixmap is None or self._screen is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
            return
        factor, offset = self._scale()
        width, height = self._screen.size
        target = QRectF(offset, QSize(round(width * factor), round(height * factor)))
        painter.drawPixmap(target, self._pixmap, QRectF(self._pixmap.rect()))
        nodes = self._screen.nodes
        for order in self.matched:
            if order in nodes:
                painter.fillRect(self._rect(nodes[order].bounds), MATCHED)
        for order, colour, width in ((self.hovered, HOVER, 2), (self.selected, SELECTED, 3)):
            if order in nodes:
                painter.setPen(QPen(colour, width))
                painter.drawRect(self._rect(nodes[order].bounds))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802  (Qt override)
        """Hover the node under the mouse."""
        order = self._order_at(event.position())
        if order != self.hovered:
            self.set_hovered(order)
            self.node_hovered.emit(order)

    def leaveEvent(self, event: object) -> None:  # noqa: N802  (Qt override)
        """Nothing is hovered once the mouse leaves."""
        self.set_hovered(-1)
        self.node_hovered.emit(-1)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802  (Qt override)
        """Select the node under a left click."""
        if event.button() != Qt.MouseButton.LeftButton or self._screen is None:
            return
        x, y = self.to_phone(event.position())
        node = self._screen.node_at(x, y)
        if node is not None:
            self.set_selected(node.order)
            self.node_clicked.emit(node.order, x, y)

    def _order_at(self, point: QPointF) -> int:
        if self._screen is None:
            return -1
        node = self._screen.node_at(*self.to_phone(point))
        return node.order if node is not None else -1
