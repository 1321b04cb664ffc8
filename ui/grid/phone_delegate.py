"""Paints phone tiles from cached pixmaps: a face per tile state, a picture per frame."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap, QRegion
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate

from ui.grid.phone_data import PhoneState, PhoneTile, TileThresholds
from ui.grid.phone_model import PhoneRole
from ui.grid.tile_face import OK_COLOUR, STATE_COLOURS, WARNING_COLOUR, paint_face

if TYPE_CHECKING:
    from collections.abc import Hashable

    from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
    from PySide6.QtGui import QImage, QPaintEvent
    from PySide6.QtWidgets import QStyleOptionViewItem

__all__ = ["OK_COLOUR", "STATE_COLOURS", "WARNING_COLOUR", "PhoneTileDelegate", "TileListView"]

MIN_TILE_WIDTH = 180
MAX_TILE_WIDTH = 420
DEFAULT_TILE_WIDTH = 240
# Pixmaps kept per kind (faces, pictures): more than fit on a 4K screen at the smallest
# size, while a thousand-phone fleet does not keep a thousand of each.
CACHE_LIMIT = 320
_PAD = 6
_PHONE_ASPECT = 9 / 19.5  # width / height of a typical phone screen, for the empty frame
_DIMMED = frozenset({PhoneState.OFFLINE, PhoneState.UNAUTHORIZED})

K = TypeVar("K")


def tile_size_for(width: int) -> QSize:
    """Return the tile size for a tile ``width`` (the height follows it)."""
    width = max(MIN_TILE_WIDTH, min(MAX_TILE_WIDTH, width))
    return QSize(width, max(156, round(width * 0.7)))


class _PixmapCache(Generic[K]):
    """The newest pixmap per serial with the key it was made for; least recent dropped."""

    def __init__(self, limit: int = CACHE_LIMIT) -> None:
        self._limit = limit
        self._items: OrderedDict[str, tuple[K, QPixmap]] = OrderedDict()

    def get(self, serial: str, key: K) -> QPixmap | None:
        item = self._items.get(serial)
        if item is None or item[0] != key:
            return None
        self._items.move_to_end(serial)
        return item[1]

    def put(self, serial: str, key: K, pixmap: QPixmap) -> None:
        self._items[serial] = (key, pixmap)
        self._items.move_to_end(serial)
        while len(self._items) > self._limit:
            self._items.popitem(last=False)

    def forget(self, serial: str) -> None:
        self._items.pop(serial, None)

    def clear(self) -> None:
        self._items.clear()


class PhoneTileDelegate(QStyledItemDelegate):
    """Paints tiles of a ``PhoneListModel``; pictures become pixmaps here, in the GUI thread.

    A tile's face (frame and text) is painted once per change of its state into a cached
    pixmap, its picture scaled once per frame; a repaint then costs two pixmap copies.
    Tiles outside the region being repainted are skipped (``TileListView`` says which).
    """

    def __init__(self, thresholds: TileThresholds, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = thresholds
        self._size = tile_size_for(DEFAULT_TILE_WIDTH)
        self._faces: _PixmapCache[Hashable] = _PixmapCache()
        self._pictures: _PixmapCache[tuple[int, int, int, float]] = _PixmapCache()
        self._region: QRegion | None = None

    @property
    def tile_size(self) -> QSize:
        """The size of every tile."""
        return QSize(self._size)

    @property
    def picture_size(self) -> QSize:
        """The box a tile's picture is fitted into (keeping its aspect), in pixels."""
        tile = QRect(0, 0, self._size.width(), self._size.height()).adjusted(2, 2, -2, -2)
        return QSize(tile.width() // 2, tile.height() - 2 * _PAD)

    def set_tile_width(self, width: int) -> None:
        """Make tiles ``width`` pixels wide (clamped to the allowed range)."""
        self._size = tile_size_for(width)
        self._faces.clear()
        self._pictures.clear()

    def retranslate(self) -> None:
        """Paint every face again: its words are in another language now."""
        self._faces.clear()

    def forget(self, serial: str) -> None:
        """Drop the cached pixmaps of a phone that left the grid."""
        self._faces.forget(serial)
        self._pictures.forget(serial)

    def set_paint_region(self, region: QRegion | None) -> None:
        """Paint only tiles meeting ``region`` (None: every tile asked for)."""
        self._region = region

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
        target: QRect = option.rect
        if self._region is not None and not self._region.intersects(target):
            return  # QListView asks for every tile in the bounding box of the update
        tile = index.data(PhoneRole.TILE)
        if not isinstance(tile, PhoneTile):
            return
        image = index.data(PhoneRole.THUMBNAIL)
        local = QRect(0, 0, target.width(), target.height()).adjusted(2, 2, -2, -2)
        thumb_rect = _thumbnail_rect(local, image)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ratio = painter.device().devicePixelRatioF()
        face = self._face(option, tile, thumb_rect, selected, ratio)
        painter.drawPixmap(target.topLeft(), face)
        self._paint_picture(painter, thumb_rect.translated(target.topLeft()), tile, image)

    # ------------------------------------------------------------------ parts
    def _face(
        self,
        option: QStyleOptionViewItem,
        tile: PhoneTile,
        thumb_rect: QRect,
        selected: bool,
        ratio: float,
    ) -> QPixmap:
        size: QSize = option.rect.size()
        key = (tile, size.width(), size.height(), thumb_rect.width(), selected, ratio,
               option.palette.cacheKey(), option.font.key())  # fmt: skip
        face = self._faces.get(tile.serial, key)
        if face is not None:
            return face
        face = QPixmap(size * ratio)  # device pixels: sharp on high-DPI screens
        face.setDevicePixelRatio(ratio)
        # Opaque, in the view's background colour: copying it needs no blending.
        face.fill(option.palette.color(QPalette.ColorRole.Base))
        painter = QPainter(face)
        try:
            rect = QRect(0, 0, size.width(), size.height()).adjusted(2, 2, -2, -2)
            text_rect = QRect(thumb_rect.right() + _PAD + 1, rect.top() + _PAD, 0, 0)
            text_rect.setRight(rect.right() - _PAD)
            text_rect.setBottom(rect.bottom() - _PAD)
            paint_face(painter, option.palette, option.font, rect, text_rect, tile,
                       self._thresholds, selected=selected)  # fmt: skip
        finally:
            painter.end()
        self._faces.put(tile.serial, key, face)
        return face

    def _paint_picture(
        self, painter: QPainter, rect: QRect, tile: PhoneTile, image: QImage | None
    ) -> None:
        ratio = painter.device().devicePixelRatioF()
        pixmap = self._picture(tile.serial, image, rect.size(), ratio)
        painter.save()
        if pixmap is None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(QColor("#20242a"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(QRectF(rect), 4, 4)
            painter.setPen(QColor("#9aa3ad"))
            no_picture = QCoreApplication.translate("PhoneTile", "no\npicture")
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, no_picture)
        else:
            if tile.state in _DIMMED:
                painter.setOpacity(0.35)
            painter.drawPixmap(rect.topLeft(), pixmap)
        painter.restore()

    def _picture(
        self, serial: str, image: QImage | None, size: QSize, ratio: float
    ) -> QPixmap | None:
        if image is None or image.isNull():
            return None
        key = (image.cacheKey(), size.width(), size.height(), ratio)
        pixmap = self._pictures.get(serial, key)
        if pixmap is None:
            scaled = image.scaled(
                size * ratio,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            pixmap = QPixmap.fromImage(scaled)  # GUI thread only (Qt: Threads and QObjects)
            pixmap.setDevicePixelRatio(ratio)
            self._pictures.put(serial, key, pixmap)
        return pixmap


class TileListView(QListView):
    """A list view that tells its ``PhoneTileDelegate`` which region it repaints.

    QListView paints every item in the bounding box of the update region; with one
    changed tile in each corner that is the whole wall. The delegate skips the rest.
    """

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802  (Qt override)
        """Paint, letting the delegate skip tiles outside the updated region."""
        delegate = self.itemDelegate()
        if isinstance(delegate, PhoneTileDelegate):
            delegate.set_paint_region(event.region())
        try:
            super().paintEvent(event)
        finally:
            if isinstance(delegate, PhoneTileDelegate):
                delegate.set_paint_region(None)


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
