"""Paints one phone tile: picture, name, state in colour and word, task, health."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from ui.grid.phone_data import PhoneState, PhoneTile, TileThresholds
from ui.grid.phone_model import PhoneRole

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QStyleOptionViewItem

MIN_TILE_WIDTH = 180
MAX_TILE_WIDTH = 420
DEFAULT_TILE_WIDTH = 240
_PAD = 6
_PHONE_ASPECT = 9 / 19.5  # width / height of a typical phone screen, for the empty frame

# Colour of each state; the word is always painted too, so colour is never the only cue.
STATE_COLOURS: dict[PhoneState, str] = {
    PhoneState.IDLE: "#4f7a94",
    PhoneState.RUNNING: "#23864f",
    PhoneState.STOPPING: "#d4731c",
    PhoneState.STOPPED: "#3d4b5c",
    PhoneState.DRAINING: "#b58900",
    PhoneState.OFFLINE: "#7a7a7a",
    PhoneState.UNAUTHORIZED: "#8e44ad",
    PhoneState.ERROR: "#c0392b",
}
WARNING_COLOUR = "#d0342c"
OK_COLOUR = "#23864f"


def tile_size_for(width: int) -> QSize:
    """Return the tile size for a tile ``width`` (the height follows it)."""
    width = max(MIN_TILE_WIDTH, min(MAX_TILE_WIDTH, width))
    return QSize(width, max(156, round(width * 0.7)))


class PhoneTileDelegate(QStyledItemDelegate):
    """Paints tiles of a ``PhoneListModel``; pictures become pixmaps here, in the GUI thread.

    A scaled pixmap is kept per phone until its picture or the tile size changes, so a
    repaint without a new frame costs no conversion.
    """

    def __init__(self, thresholds: TileThresholds, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = thresholds
        self._size = tile_size_for(DEFAULT_TILE_WIDTH)
        self._pixmaps: dict[str, tuple[int, QSize, QPixmap]] = {}

    @property
    def tile_size(self) -> QSize:
        """The size of every tile."""
        return QSize(self._size)

    def set_tile_width(self, width: int) -> None:
        """Make tiles ``width`` pixels wide (clamped to the allowed range)."""
        self._size = tile_size_for(width)
        self._pixmaps.clear()

    def forget(self, serial: str) -> None:
        """Drop the cached picture of a phone that left the grid."""
        self._pixmaps.pop(serial, None)

    def sizeHint(  # noqa: N802  (Qt override)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Return the tile size (all tiles are the same size)."""
        return QSize(self._size)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Paint one tile into ``option.rect``."""
        tile = index.data(PhoneRole.TILE)
        if not isinstance(tile, PhoneTile):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(2, 2, -2, -2)
        self._paint_frame(painter, option, rect, tile.state)
        image = index.data(PhoneRole.THUMBNAIL)
        thumb_rect = _thumbnail_rect(rect, image)
        self._paint_thumbnail(painter, thumb_rect, tile, image)
        text_rect = QRect(thumb_rect.right() + _PAD + 1, rect.top() + _PAD, 0, 0)
        text_rect.setRight(rect.right() - _PAD)
        text_rect.setBottom(rect.bottom() - _PAD)
        self._paint_text(painter, option, text_rect, tile)
        painter.restore()

    # ------------------------------------------------------------------ parts
    def _paint_frame(
        self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, state: PhoneState
    ) -> None:
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        background = palette.color(QPalette.ColorRole.Base)
        border = palette.color(QPalette.ColorRole.Mid)
        if selected:
            background = palette.color(QPalette.ColorRole.Highlight).lighter(185)
            border = palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.setBrush(background)
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
        # A state-coloured bar on the left edge: the wall reads at a glance from afar.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(STATE_COLOURS[state]))
        painter.drawRoundedRect(QRectF(rect.left() + 1, rect.top() + 4, 4, rect.height() - 8), 2, 2)

    def _paint_thumbnail(
        self, painter: QPainter, rect: QRect, tile: PhoneTile, image: QImage | None
    ) -> None:
        pixmap = self._pixmap_for(tile.serial, image, rect.size())
        dim = tile.state in (PhoneState.OFFLINE, PhoneState.UNAUTHORIZED)
        if pixmap is None:
            painter.setBrush(QColor("#20242a"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(QRectF(rect), 4, 4)
            painter.setPen(QColor("#9aa3ad"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "no\npicture")
            return
        if dim:
            painter.setOpacity(0.35)
        painter.drawPixmap(rect.topLeft(), pixmap)
        painter.setOpacity(1.0)

    def _pixmap_for(self, serial: str, image: QImage | None, size: QSize) -> QPixmap | None:
        if image is None or image.isNull():
            return None
        cached = self._pixmaps.get(serial)
        if cached is not None and cached[0] == image.cacheKey() and cached[1] == size:
            return cached[2]
        scaled = image.scaled(
            size,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        pixmap = QPixmap.fromImage(scaled)  # GUI thread only (Qt: Threads and QObjects)
        self._pixmaps[serial] = (image.cacheKey(), QSize(size), pixmap)
        return pixmap

    def _paint_text(
        self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, tile: PhoneTile
    ) -> None:
        base_font: QFont = option.font
        palette: QPalette = option.palette
        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(Qt.PenStyle.NoPen)
        writer = _LineWriter(painter, rect, base_font)
        writer.title(tile.title, tile.rack_slot, text_colour, muted)
        writer.line(tile.serial, muted, smaller=True)
        writer.state_pill(tile.state)
        task = f"{tile.flow} · {tile.step}" if tile.flow and tile.step else tile.flow
        writer.line(task or "no task", text_colour if task else muted)
        result_colour = muted
        if tile.last_result_ok is not None:
            result_colour = QColor(OK_COLOUR if tile.last_result_ok else WARNING_COLOUR)
        writer.line(tile.last_result or "no result yet", result_colour)
        writer.health(tile, self._thresholds, text_colour)
        writer.line(tile.account and f"@ {tile.account}", text_colour)
        host = " · ".join(part for part in (tile.host, tile.capture_method) if part)
        writer.line(host, muted, smaller=True)


class _LineWriter:
    """Writes a tile's text lines top to bottom, eliding, and stops where the tile ends."""

    def __init__(self, painter: QPainter, rect: QRect, font: QFont) -> None:
        self._painter = painter
        self._rect = rect
        self._font = QFont(font)
        self._small = QFont(font)
        self._small.setPointSizeF(max(6.0, font.pointSizeF() - 1))
        self._bold = QFont(font)
        self._bold.setBold(True)
        self._y = rect.top()

    def title(self, title: str, slot: str, colour: QColor, muted: QColor) -> None:
        slot_width = 0
        if slot:
            slot_width = QFontMetrics(self._small).horizontalAdvance(slot) + 6
        metrics = QFontMetrics(self._bold)
        if not self._fits(metrics.height()):
            return
        line = QRect(self._rect.left(), self._y, self._rect.width(), metrics.height())
        if slot:
            self._painter.setFont(self._small)
            self._painter.setPen(muted)
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            self._painter.drawText(line, align, slot)
        self._draw(self._bold, colour, title, line.adjusted(0, 0, -slot_width, 0))
        self._y += metrics.height() + 1

    def line(self, text: str, colour: QColor, *, smaller: bool = False) -> None:
        if not text:
            return
        font = self._small if smaller else self._font
        metrics = QFontMetrics(font)
        if not self._fits(metrics.height()):
            return
        line = QRect(self._rect.left(), self._y, self._rect.width(), metrics.height())
        self._draw(font, colour, text, line)
        self._y += metrics.height() + 1

    def state_pill(self, state: PhoneState) -> None:
        metrics = QFontMetrics(self._bold)
        height = metrics.height() + 2
        if not self._fits(height):
            return
        word = state.value.capitalize()
        width = min(metrics.horizontalAdvance(word) + 14, self._rect.width())
        pill = QRect(self._rect.left(), self._y + 1, width, height)
        self._painter.setPen(Qt.PenStyle.NoPen)
        self._painter.setBrush(QColor(STATE_COLOURS[state]))
        self._painter.drawRoundedRect(QRectF(pill), height / 2, height / 2)
        self._painter.setFont(self._bold)
        self._painter.setPen(QColor("#ffffff"))
        self._painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, word)
        self._y += height + 3

    def health(self, tile: PhoneTile, limits: TileThresholds, colour: QColor) -> None:
        metrics = QFontMetrics(self._font)
        if not self._fits(metrics.height()):
            return
        x = self._rect.left()
        battery = "battery ?" if tile.battery_percent is None else f"{tile.battery_percent}%"
        low = limits.battery_low(tile)
        x = self._segment(x, ("▼ " if low else "") + battery, WARNING_COLOUR if low else colour)
        temp = "? °C" if tile.temperature_c is None else f"{tile.temperature_c:.1f} °C"
        hot = limits.too_hot(tile)
        self._segment(x + 10, ("▲ " if hot else "") + temp, WARNING_COLOUR if hot else colour)
        self._y += metrics.height() + 1

    def _segment(self, x: int, text: str, colour: QColor | str) -> int:
        metrics = QFontMetrics(self._font)
        # A few spare pixels: elidedText elides text that fits its width only to the pixel.
        width = min(metrics.horizontalAdvance(text) + 4, max(0, self._rect.right() - x))
        line = QRect(x, self._y, width, metrics.height())
        self._draw(self._font, QColor(colour), text, line)
        return x + width

    def _fits(self, height: int) -> bool:
        return self._y + height <= self._rect.bottom() + 1

    def _draw(self, font: QFont, colour: QColor, text: str, line: QRect) -> None:
        self._painter.setFont(font)
        self._painter.setPen(colour)
        elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, line.width())
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        self._painter.drawText(line, align, elided)


def _thumbnail_rect(tile_rect: QRect, image: QImage | None) -> QRect:
    """Place the picture on the tile's left, as tall as the tile, keeping its aspect."""
    height = tile_rect.height() - 2 * _PAD
    aspect = _PHONE_ASPECT
    if image is not None and not image.isNull() and image.height() > 0:
        aspect = image.width() / image.height()
    width = min(round(height * aspect), tile_rect.width() // 2)
    height = min(height, round(width / aspect)) if aspect > 0 else height
    top = tile_rect.top() + (tile_rect.height() - height) // 2
    return QRect(tile_rect.left() + _PAD + 4, top, width, height)
