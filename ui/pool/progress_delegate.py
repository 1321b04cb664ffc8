"""Paints a batch's progress as one bar: done, failed, cancelled, running and queued."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from ui.pool.batch_model import BatchRole, progress_parts, progress_text
from ui.pool.pool_data import BatchRow

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex
    from PySide6.QtWidgets import QStyleOptionViewItem

BAR_HEIGHT = 6


class ProgressBarDelegate(QStyledItemDelegate):
    """Draws the progress column of the batches table, with the counts written on it."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Paint the bar, then the text over it."""
        batch = index.data(BatchRole.BATCH)
        if not isinstance(batch, BatchRow):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        palette: QPalette = option.palette
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        text_rect = rect.adjusted(6, 1, -6, -BAR_HEIGHT - 3)
        bar = QRect(rect.left() + 6, rect.bottom() - BAR_HEIGHT - 2, rect.width() - 12, BAR_HEIGHT)
        self._paint_segments(painter, bar, batch)
        selected = option.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(palette.color(role))
        metrics = painter.fontMetrics()
        text = metrics.elidedText(
            progress_text(batch), Qt.TextElideMode.ElideRight, text_rect.width()
        )
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text
        )
        painter.restore()

    def sizeHint(  # noqa: N802  (Qt override)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Ask for room for the counts."""
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), 200), hint.height() + BAR_HEIGHT + 4)

    @staticmethod
    def _paint_segments(painter: QPainter, bar: QRect, batch: BatchRow) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e3e6ea"))
        painter.drawRoundedRect(QRectF(bar), 2, 2)
        total = batch.total
        if not total:
            return
        x = float(bar.left())
        for part, count in progress_parts(batch):
            width = bar.width() * count / total
            if width > 0:
                painter.setBrush(QColor(part.colour))
                painter.drawRect(QRectF(x, bar.top(), width, bar.height()))
            x += width
