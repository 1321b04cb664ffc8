"""A pipeline drawn as stages left to right, with the number of items on each arrow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, QPointF, QRect, QRectF, QSize, Qt, Slot
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.words import batch_state

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

    from ui.pool.pool_data import PipelineGraph, PipelineStage

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 210, 64, 90, 18, 12


def stage_columns(graph: PipelineGraph) -> list[list[PipelineStage]]:
    """Group stages into columns by depth: a stage sits right of every stage feeding it."""
    upstream: dict[int, set[int]] = {stage.batch_id: set() for stage in graph.stages}
    for link in graph.links:
        if link.downstream_id in upstream and link.upstream_id in upstream:
            upstream[link.downstream_id].add(link.upstream_id)
    depth: dict[int, int] = {}

    def depth_of(batch_id: int, seen: frozenset[int]) -> int:
        if batch_id not in depth:
            feeders = upstream[batch_id] - seen  # a cycle would be a pool bug; don't loop
            depth[batch_id] = 1 + max((depth_of(f, seen | {batch_id}) for f in feeders), default=-1)
        return depth[batch_id]

    columns: list[list[PipelineStage]] = []
    for stage in sorted(graph.stages, key=lambda s: s.batch_id):
        column = depth_of(stage.batch_id, frozenset())
        while len(columns) <= column:
            columns.append([])
        columns[column].append(stage)
    return columns


class PipelineCanvas(QWidget):
    """Paints a ``PipelineGraph``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pipelineCanvas")
        self._graph: PipelineGraph | None = None
        self._boxes: dict[int, QRect] = {}

    def set_graph(self, graph: PipelineGraph | None) -> None:
        """Draw ``graph`` (None: draw nothing)."""
        self._graph = graph
        self._boxes = {}
        if graph is not None:
            for x, column in enumerate(stage_columns(graph)):
                for y, stage in enumerate(column):
                    left = MARGIN + x * (BOX_W + GAP_X)
                    top = MARGIN + y * (BOX_H + GAP_Y)
                    self._boxes[stage.batch_id] = QRect(left, top, BOX_W, BOX_H)
        self.updateGeometry()
        self.resize(self.sizeHint())
        self.update()

    @property
    def graph(self) -> PipelineGraph | None:
        """The graph drawn (None: nothing)."""
        return self._graph

    def progress_text(self, stage: PipelineStage) -> str:
        """The line under a stage's name, e.g. ``4/6 done, 1 failed, 1 cancelled``."""
        progress = self.tr("%1/%2 done, %3 failed").replace("%1", f"{stage.done:,}")
        progress = progress.replace("%2", f"{stage.total:,}").replace("%3", f"{stage.failed:,}")
        if stage.cancelled:  # stopped on purpose: said apart from the failures
            cancelled = self.tr(", %1 cancelled", "", stage.cancelled)
            progress += cancelled.replace("%1", f"{stage.cancelled:,}")
        return progress

    def box_of(self, batch_id: int) -> QRect | None:
        """Return where the stage of ``batch_id`` is drawn."""
        return self._boxes.get(batch_id)

    def sizeHint(self) -> QSize:  # noqa: N802  (Qt override)
        """Ask for room for every box."""
        if not self._boxes:
            return QSize(BOX_W, BOX_H)
        right = max(box.right() for box in self._boxes.values())
        bottom = max(box.bottom() for box in self._boxes.values())
        return QSize(right + MARGIN, bottom + MARGIN)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802  (Qt override)
        """Draw arrows first, then the boxes over their ends."""
        if self._graph is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for link in self._graph.links:
            start, end = self._boxes.get(link.upstream_id), self._boxes.get(link.downstream_id)
            if start is not None and end is not None:
                self._paint_arrow(painter, start, end, link.items)
        for stage in self._graph.stages:
            focus = stage.batch_id == self._graph.focus_batch_id
            self._paint_stage(painter, self._boxes[stage.batch_id], stage, focus=focus)
        painter.end()

    def _paint_arrow(self, painter: QPainter, start: QRect, end: QRect, items: int) -> None:
        a = QPointF(start.right(), start.center().y())
        b = QPointF(end.left() - 2, end.center().y())
        path = QPainterPath(a)
        path.cubicTo(QPointF(a.x() + GAP_X / 2, a.y()), QPointF(b.x() - GAP_X / 2, b.y()), b)
        painter.setPen(QPen(QColor("#6b7785"), 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        head = QPolygonF([b, QPointF(b.x() - 8, b.y() - 4), QPointF(b.x() - 8, b.y() + 4)])
        painter.setBrush(QColor("#6b7785"))
        painter.drawPolygon(head)
        label = QRectF(a.x() + 6, (a.y() + b.y()) / 2 - 20, GAP_X - 12, 16)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        text = self.tr("%n item(s)", "", items).replace(str(items), QLocale().toString(items))
        painter.drawText(label, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_stage(
        self, painter: QPainter, box: QRect, stage: PipelineStage, *, focus: bool
    ) -> None:
        palette = self.palette()
        border = palette.color(QPalette.ColorRole.Highlight) if focus else QColor("#9aa3ad")
        painter.setPen(QPen(border, 2.5 if focus else 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(QRectF(box), 6, 6)
        inner = box.adjusted(8, 5, -8, -5)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        third = inner.height() // 3
        line = QRect(inner.left(), inner.top(), inner.width(), third)
        metrics = painter.fontMetrics()
        title = f"#{stage.batch_id} {stage.name}"
        painter.drawText(
            line,
            Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, line.width()),
        )
        painter.setFont(self.font())
        painter.drawText(
            line.translated(0, third),
            Qt.AlignmentFlag.AlignVCenter,
            f"{stage.flow} · {batch_state(stage.state.value)}",
        )
        progress = self.progress_text(stage)
        painter.drawText(line.translated(0, 2 * third), Qt.AlignmentFlag.AlignVCenter, progress)


class PipelineView(QWidget):
    """A titled, scrollable pipeline drawing (empty until a graph is shown)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pipelineView")
        self._graph: PipelineGraph | None = None
        self.title = QLabel(self.tr("Select a batch to see its pipeline."))
        self.title.setObjectName("pipelineTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.canvas = PipelineCanvas()
        scroll = QScrollArea()
        scroll.setWidget(self.canvas)
        scroll.setWidgetResizable(False)
        scroll.setMinimumHeight(BOX_H + 2 * MARGIN + 8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)

    @Slot(object)
    def show_pipeline(self, graph: PipelineGraph) -> None:
        """Draw ``graph`` (on the GUI thread; the controller answers pipeline requests)."""
        self._graph = graph
        self._show_title()
        self.canvas.set_graph(graph)

    def clear(self, message: str) -> None:
        """Draw nothing and say why."""
        self._graph = None
        self.title.setText(message)
        self.canvas.set_graph(None)

    def showing_graph(self) -> bool:
        """True while a pipeline is drawn."""
        return self._graph is not None

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate the title and repaint the stages when the language changes."""
        if event.type() == QEvent.Type.LanguageChange and self._graph is not None:
            self._show_title()
            self.canvas.update()
        super().changeEvent(event)

    def _show_title(self) -> None:
        if self._graph is None:
            return
        stages = self.tr("Pipeline: %n stage(s)", "", len(self._graph.stages))
        self.title.setText(f"{self._graph.title} — {stages}" if self._graph.title else stages)
