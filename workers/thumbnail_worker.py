"""Thumbnails of the phones on screen, about once a second each, off the GUI thread.

At most one capture per phone is in flight: a slow phone skips a beat instead of
piling up requests. Captures run on a few threads, since one thread cannot take a
hundred thumbnails a second; the JPEG is decoded into a QImage there (a QImage may be
built in any thread; a QPixmap may not).
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QImage

from workers.device.errors import DeviceError
from workers.device.thumbnails import ThumbnailSource

if TYPE_CHECKING:
    from PySide6.QtCore import QSize

log = logging.getLogger(__name__)

CAPTURE_THREADS = 4


class ThumbnailWorker(QObject):
    """Captures thumbnails for the phones it is told are visible.

    Signals:
        thumbnail_ready(adb_serial, image, method): a fresh picture and how it was taken.
        stop_requested(): emit from any thread; ``stop`` then runs in the worker's thread.
    """

    thumbnail_ready = Signal(str, QImage, str)
    stop_requested = Signal()

    def __init__(self, client: Any, interval_ms: int) -> None:
        super().__init__()
        self._client = client
        self._interval_ms = interval_ms
        self._targets: set[str] = set()
        self._sources: dict[str, ThumbnailSource] = {}
        self._busy: set[str] = set()
        self._size: QSize | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._timer: QTimer | None = None

    @Slot()
    def start(self) -> None:
        """Start capturing (call in the worker's own thread)."""
        self._pool = ThreadPoolExecutor(CAPTURE_THREADS, thread_name_prefix="thumbnail")
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._capture_round)
        self._timer.start(self._interval_ms)

    @Slot(object)
    def set_targets(self, adb_serials: set[str]) -> None:
        """Capture these phones from now on (an empty set pauses capture)."""
        self._targets = set(adb_serials)

    @Slot(object)
    def set_picture_size(self, size: QSize) -> None:
        """Scale pictures to fit this size here, sparing the GUI thread."""
        self._size = size

    @Slot()
    def stop(self) -> None:
        """Stop the timer and wait for captures in flight."""
        if self._timer is not None:
            self._timer.stop()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _capture_round(self) -> None:
        assert self._pool is not None
        for adb_serial in self._targets - self._busy:
            source = self._sources.get(adb_serial)
            if source is None:
                source = self._sources[adb_serial] = ThumbnailSource(self._client, adb_serial)
            self._busy.add(adb_serial)
            self._pool.submit(self._capture, adb_serial, source)

    def _capture(self, adb_serial: str, source: ThumbnailSource) -> None:
        try:
            thumbnail = source.capture()
            image = QImage.fromData(thumbnail.jpeg)
            if self._size is not None and not image.isNull():
                image = image.scaled(
                    self._size,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            if not image.isNull():
                self.thumbnail_ready.emit(adb_serial, image, str(thumbnail.method))
        except DeviceError as exc:
            log.debug("no thumbnail of %s: %s", adb_serial, exc)
        finally:
            self._busy.discard(adb_serial)
