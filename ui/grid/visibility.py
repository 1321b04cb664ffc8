"""Which phone tiles are on screen now, so capture can slow down for the others."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot

from ui.grid.phone_model import PhoneRole

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from PySide6.QtCore import QSortFilterProxyModel
    from PySide6.QtWidgets import QListView, QWidget

DEBOUNCE_MS = 150  # scrolling and resizing settle before capture rates change


class VisibleTiles(QObject):
    """Works out the serials whose tiles are on screen and announces each change.

    Nothing is visible while the grid is hidden (another tab), its window minimised, or
    ``showing_tiles`` says the tile page is not shown. Serials in ``extra`` (open live
    views) always count as visible.

    Signals:
        changed(frozenset[str]): the serials on screen now.
    """

    changed = Signal(object)

    def __init__(
        self,
        grid: QWidget,
        view: QListView,
        proxy: QSortFilterProxyModel,
        showing_tiles: Callable[[], bool],
    ) -> None:
        super().__init__(grid)
        self._grid = grid
        self._view = view
        self._proxy = proxy
        self._showing_tiles = showing_tiles
        self._extra: frozenset[str] = frozenset()
        self._current: frozenset[str] = frozenset()
        self._window: QObject | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._announce)
        view.viewport().installEventFilter(self)
        view.verticalScrollBar().valueChanged.connect(self.schedule)
        for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.modelReset):
            signal.connect(self.schedule)
        proxy.layoutChanged.connect(self.schedule)

    @property
    def current(self) -> frozenset[str]:
        """The serials last announced."""
        return self._current

    def set_extra(self, serials: Iterable[str]) -> None:
        """Count these serials as visible too (e.g. phones with an open live view)."""
        self._extra = frozenset(serials)
        self.schedule()

    def watch_window(self) -> None:
        """Follow the minimise state of the grid's current top-level window."""
        window = self._grid.window()
        if window is not self._window:
            if self._window is not None:
                self._window.removeEventFilter(self)
            window.installEventFilter(self)
            self._window = window
        self.schedule()

    @Slot()
    def schedule(self) -> None:
        """Recompute shortly (changes in a burst are announced once)."""
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Recompute when the viewport resizes or the window is minimised or restored."""
        if event.type() in (QEvent.Type.Resize, QEvent.Type.WindowStateChange):
            self.schedule()
        return False

    @Slot()
    def _announce(self) -> None:
        visible = self._on_screen() | self._extra
        if visible != self._current:
            self._current = visible
            self.changed.emit(visible)

    def _on_screen(self) -> frozenset[str]:
        if not self._grid.isVisible() or self._grid.window().isMinimized():
            return frozenset()
        if not self._showing_tiles():
            return frozenset()
        area = self._view.viewport().rect()
        serials = set()
        for row in range(self._proxy.rowCount()):
            index = self._proxy.index(row, 0)
            if self._view.visualRect(index).intersects(area):
                serials.add(index.data(PhoneRole.SERIAL))
        return frozenset(serials)
