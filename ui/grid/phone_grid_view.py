"""The phone grid: a wall of tiles with filters, a summary line and per-phone actions."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, QModelIndex, QObject, QPoint, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QMenu,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ui.grid.empty_state import NoPhonesPanel
from ui.grid.grid_filter_bar import GridFilterBar
from ui.grid.live_view import LiveViewDialog
from ui.grid.offline_sim_bar import OfflineSimulationBar
from ui.grid.phone_actions import (
    ACTION_TEXTS,
    PhoneAction,
    action_label,
    build_actions,
    many_question,
    retranslate_actions,
)
from ui.grid.phone_data import PhoneState, PoolSummary, TileThresholds
from ui.grid.phone_delegate import PhoneTileDelegate, TileListView
from ui.grid.phone_model import PhoneListModel, PhoneRole
from ui.grid.phone_proxy import GridFilter, PhoneFilterProxy
from ui.grid.visibility import VisibleTiles
from ui.prompts import Prompts
from ui.refusals import refusal_text
from ui.words import phone_state

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from PySide6.QtGui import QHideEvent, QShowEvent

    from ui.grid.phone_data import PhoneTile, TileUpdate

MAX_LABEL_LENGTH = 64  # devices.label and accounts.uid are 64 characters wide
TILE_GAP = 6  # pixels between tiles, at least
_LIST, _NO_PHONES, _NO_MATCH = range(3)


class PhoneGridView(QWidget):
    """Shows every phone as a tile; emits what the operator asks for, never acts itself.

    Every slot runs on the GUI thread (controllers deliver by queued signals).

    Signals:
        stop_requested(list[str]): stop these serials (asked once when several).
        drain_requested(list[str]): let these finish their task, then take no more.
        resume_requested(list[str]): let these take work again.
        run_anyway_requested(list[str]): let these take work although too hot or low
            on battery, until they recover.
        run_flow_requested(list[str]): the operator wants to start a flow on these now.
        install_apk_requested(list[str], str): install the APK at this path on these.
        label_change_requested(str, str): set this serial's label (may be empty).
        account_change_requested(str, str): this serial is logged in as this account.
        remove_requested(list[str]): take these offline phones out of the fleet.
        visible_serials_changed(frozenset[str]): the phones whose tiles (or live views)
            are on screen now; empty while the grid is hidden or the window minimised.
        simulated_phones_requested(int, int): start this many simulated phones, this seed.
        filter_changed(GridFilter): the operator changed the filters (to remember them).
        tile_width_changed(int): the operator changed the tile size.
        picture_size_changed(QSize): pictures are now shown at most this big; capture
            workers that scale frames to fit it (keeping the aspect) spare the GUI thread
            the scaling.
    """

    stop_requested = Signal(list)
    drain_requested = Signal(list)
    resume_requested = Signal(list)
    run_anyway_requested = Signal(list)
    run_flow_requested = Signal(list)
    install_apk_requested = Signal(list, str)
    label_change_requested = Signal(str, str)
    account_change_requested = Signal(str, str)
    remove_requested = Signal(list)
    visible_serials_changed = Signal(object)
    simulated_phones_requested = Signal(int, int)
    filter_changed = Signal(object)
    tile_width_changed = Signal(int)
    picture_size_changed = Signal(QSize)

    def __init__(
        self,
        thresholds: TileThresholds | None = None,
        prompts: Prompts | None = None,
        parent: QWidget | None = None,
        flush_interval_ms: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("phoneGrid")
        self.prompts = prompts or Prompts()
        self.model = (
            PhoneListModel(self)
            if flush_interval_ms is None
            else PhoneListModel(self, flush_interval_ms)
        )
        self.proxy = PhoneFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.sort(0)
        self.delegate = PhoneTileDelegate(thresholds or TileThresholds(), self)
        self.filter_bar = GridFilterBar(self)
        self.view = _tile_list(self.proxy, self.delegate)
        self.actions_by_kind = build_actions(self)
        self.summary = QLabel()
        self.summary.setObjectName("gridSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.no_phones = NoPhonesPanel()
        self.no_phones.simulated_phones_requested.connect(self.simulated_phones_requested)
        self.offline_sims = OfflineSimulationBar()
        self.offline_sims.simulated_phones_requested.connect(self.simulated_phones_requested)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.no_phones)
        self._no_match = _no_match_label()
        self.pages.addWidget(self._no_match)
        self._pool_summary = PoolSummary()
        self._live_views: dict[str, LiveViewDialog] = {}
        self.visibility = VisibleTiles(
            self, self.view, self.proxy, lambda: self.pages.currentIndex() == _LIST
        )
        self.visibility.changed.connect(self.visible_serials_changed)
        self._lay_out()
        self._connect()
        self._on_model_counts_changed()
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language; tiles are painted again."""
        retranslate_actions(self.actions_by_kind)
        self._no_match.setText(self.tr("No phone matches the filters."))
        self._update_summary()
        self.delegate.retranslate()
        self.view.viewport().update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ slots (GUI thread)
    @Slot(list)
    def apply_updates(self, updates: Sequence[TileUpdate]) -> None:
        """Queue tile changes; they show at the model's next flush."""
        self.model.apply_updates(updates)

    @Slot(list)
    def set_tiles(self, tiles: Sequence[PhoneTile]) -> None:
        """Replace every tile (first load)."""
        self.model.set_tiles(tiles)

    @Slot(object)
    def set_pool_summary(self, summary: PoolSummary) -> None:
        """Show these task counts in the summary line."""
        self._pool_summary = summary
        self._update_summary()

    @Slot(str, object)
    def show_simulated_start_failed(self, code: str, details: Mapping[str, object]) -> None:
        """Say on the empty-state panel (or the offline bar) why simulated phones did not
        start: the starter's code and details, worded here (``ui/refusals.py``)."""
        message = refusal_text(code, details)
        self.no_phones.show_start_failed(message)
        self.offline_sims.show_start_failed(message)

    @Slot(int, int)
    def set_offline_simulation(self, count: int, seed: int) -> None:
        """Offer to start again the ``count`` offline simulated phones of ``seed`` (0: none)."""
        self.offline_sims.set_offline(count, seed)

    # ------------------------------------------------------------------ reading and setting
    def selected_serials(self) -> list[str]:
        """Return the selected phones' serials in grid order."""
        rows = sorted(index.row() for index in self.view.selectionModel().selectedIndexes())
        return [self.proxy.index(row, 0).data(PhoneRole.SERIAL) for row in rows]

    def visible_serials(self) -> frozenset[str]:
        """Return the serials last announced as visible."""
        return self.visibility.current

    def set_grid_filter(self, grid_filter: GridFilter) -> None:
        """Show the phones ``grid_filter`` lets through (and set the controls to it)."""
        self.filter_bar.show_filter(grid_filter)
        self.proxy.set_grid_filter(self.filter_bar.current_filter())

    def set_tile_width(self, width: int) -> None:
        """Resize every tile to ``width`` pixels wide."""
        self.filter_bar.size_slider.setValue(width)
        self._apply_tile_width(self.filter_bar.size_slider.value())

    def picture_size(self) -> QSize:
        """Return the box tile pictures are fitted into (see ``picture_size_changed``)."""
        return self.delegate.picture_size

    def focus_search(self) -> None:
        """Put the cursor in the search field."""
        self.filter_bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.search.selectAll()

    def open_live_view(self, serial: str) -> LiveViewDialog:
        """Open (or raise) the live view of ``serial``."""
        dialog = self._live_views.get(serial)
        if dialog is not None:
            dialog.raise_()
            dialog.activateWindow()
            return dialog
        dialog = LiveViewDialog(self.model, serial, self)
        dialog.finished.connect(partial(self._on_live_view_finished, serial))
        self._live_views[serial] = dialog
        dialog.show()
        self.visibility.set_extra(self._live_views)
        return dialog

    # ------------------------------------------------------------------ actions
    def trigger(self, action: PhoneAction, serials: Sequence[str] | None = None) -> None:
        """Do ``action`` on ``serials`` (default: the selection), asking once when many."""
        targets = list(self.selected_serials() if serials is None else serials)
        if ACTION_TEXTS[action].offline_only:
            targets = [s for s in targets if self._state_of(s) is PhoneState.OFFLINE]
        if not targets:
            return
        if ACTION_TEXTS[action].single_only:
            self._single_phone_action(action, targets[0])
            return
        if action is PhoneAction.INSTALL_APK:
            self._install_apk(targets)
            return
        if action is PhoneAction.RUN_FLOW:
            self.run_flow_requested.emit(targets)
            return
        if not self._confirmed(action, len(targets)):
            return
        signal = {
            PhoneAction.STOP: self.stop_requested,
            PhoneAction.DRAIN: self.drain_requested,
            PhoneAction.RESUME: self.resume_requested,
            PhoneAction.RUN_ANYWAY: self.run_anyway_requested,
            PhoneAction.REMOVE: self.remove_requested,
        }[action]
        signal.emit(targets)

    def _single_phone_action(self, action: PhoneAction, serial: str) -> None:
        if action is PhoneAction.LIVE_VIEW:
            self.open_live_view(serial)
            return
        tile = self.model.tile_for(serial)
        if tile is None:
            return
        is_label = action is PhoneAction.SET_LABEL
        current = tile.label if is_label else tile.account
        if is_label:
            title, field = self.tr("Label of {phone}"), self.tr("Label:")
            too_long, limit = (
                self.tr("Label too long"),
                self.tr("A label has at most %n character(s).", "", MAX_LABEL_LENGTH),
            )
        else:
            title, field = self.tr("Account of {phone}"), self.tr("Account:")
            too_long, limit = (
                self.tr("Account too long"),
                self.tr("An account has at most %n character(s).", "", MAX_LABEL_LENGTH),
            )
        text = self.prompts.ask_text(self, title.format(phone=tile.title), field, current)
        if text is None:
            return
        text = text.strip()
        if len(text) > MAX_LABEL_LENGTH:
            self.prompts.inform(self, too_long, limit)
            return
        signal = self.label_change_requested if is_label else self.account_change_requested
        signal.emit(serial, text)

    def _install_apk(self, serials: list[str]) -> None:
        path = self.prompts.open_file(
            self, self.tr("Install APK"), self.tr("Android packages (*.apk)")
        )
        if not path:
            return
        name = path.replace("\\", "/").rsplit("/", 1)[-1]
        if not self._confirmed(PhoneAction.INSTALL_APK, len(serials), apk=name):
            return
        self.install_apk_requested.emit(serials, path)

    def _confirmed(self, action: PhoneAction, count: int, **words: str) -> bool:
        question = many_question(action, count, **words)
        if question is None:
            return True
        return self.prompts.confirm(self, action_label(action).rstrip("…"), question)

    # ------------------------------------------------------------------ wiring
    def _lay_out(self) -> None:
        toolbar = QToolBar()
        toolbar.setObjectName("phoneActions")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for kind, action in self.actions_by_kind.items():
            if kind is not PhoneAction.RUN_ANYWAY:  # rare: the phone's menu is enough
                toolbar.addAction(action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 2)
        layout.addWidget(self.filter_bar)
        layout.addWidget(toolbar)
        layout.addWidget(self.offline_sims)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.summary)

    def _connect(self) -> None:
        for kind, action in self.actions_by_kind.items():
            action.triggered.connect(partial(self.trigger, kind))
        self.filter_bar.filter_changed.connect(self._on_filter_bar_filter_changed)
        self.filter_bar.tile_width_changed.connect(self._apply_tile_width)
        self.model.counts_changed.connect(self._on_model_counts_changed)
        self.model.rowsAboutToBeRemoved.connect(self._on_model_rows_about_to_be_removed)
        self.view.selectionModel().selectionChanged.connect(self._update_action_states)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu)
        self.view.viewport().installEventFilter(self)
        self._update_action_states()

    @Slot(object)
    def _on_filter_bar_filter_changed(self, grid_filter: GridFilter) -> None:
        self.proxy.set_grid_filter(grid_filter)
        self._show_page()
        self.filter_changed.emit(grid_filter)

    @Slot(int)
    def _apply_tile_width(self, width: int) -> None:
        before = self.delegate.picture_size
        self.delegate.set_tile_width(width)
        self._fit_grid()
        self.tile_width_changed.emit(self.delegate.tile_size.width())
        if self.delegate.picture_size != before:
            self.picture_size_changed.emit(self.delegate.picture_size)

    def _fit_grid(self) -> None:
        """Share the spare width between columns so the wall has no empty strip."""
        tile = self.delegate.tile_size
        available = max(self.view.viewport().width(), tile.width() + TILE_GAP)
        columns = max(1, available // (tile.width() + TILE_GAP))
        cell = QSize(available // columns, tile.height() + TILE_GAP)
        if cell != self.view.gridSize():
            self.view.setGridSize(cell)
            self.visibility.schedule()

    @Slot()
    def _on_model_counts_changed(self) -> None:
        self.filter_bar.set_choices(self.model.hosts(), self.model.accounts())
        self._update_summary()
        self._show_page()
        self._update_action_states()  # a selected phone may have gone offline

    @Slot(QModelIndex, int, int)
    def _on_model_rows_about_to_be_removed(
        self, _parent: QModelIndex, first: int, last: int
    ) -> None:
        for row in range(first, last + 1):
            self.delegate.forget(self.model.tile_at(row).serial)

    def _state_of(self, serial: str) -> PhoneState | None:
        tile = self.model.tile_for(serial)
        return None if tile is None else tile.state

    @Slot()
    def _update_action_states(self) -> None:
        selected = self.selected_serials()
        count = len(selected)
        offline = any(self._state_of(s) is PhoneState.OFFLINE for s in selected)
        for kind, action in self.actions_by_kind.items():
            text = ACTION_TEXTS[kind]
            if text.offline_only:
                action.setEnabled(offline)
            else:
                action.setEnabled(count == 1 if text.single_only else count >= 1)

    @Slot(QModelIndex)
    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        self.open_live_view(index.data(PhoneRole.SERIAL))

    @Slot(QPoint)
    def _on_view_context_menu(self, position: QPoint) -> None:
        if not self.selected_serials():
            return
        menu = QMenu(self)
        for action in self.actions_by_kind.values():
            menu.addAction(action)
        menu.exec(self.view.viewport().mapToGlobal(position))

    def _on_live_view_finished(self, serial: str, _result: int) -> None:
        self._live_views.pop(serial, None)
        self.visibility.set_extra(self._live_views)

    def _show_page(self) -> None:
        if self.model.rowCount() == 0:
            page = _NO_PHONES
        elif self.proxy.rowCount() == 0:
            page = _NO_MATCH
        else:
            page = _LIST
        if page == self.pages.currentIndex():
            return
        if page != _NO_PHONES:
            self.no_phones.reset()
        self.pages.setCurrentIndex(page)
        self.visibility.schedule()

    def _update_summary(self) -> None:
        counts = self.model.count_by_state()
        number = QLocale().toString
        parts = [
            self.tr("{count} {state}").format(count=number(counts[state]), state=phone_state(state))
            for state in PhoneState
            if counts[state]
        ]
        pool = self._pool_summary
        phones = self.tr("%n phone(s)", "", self.model.rowCount())
        tasks = self.tr(
            "tasks: {running} running, {queued} queued, {failed} failed in the last hour"
        )
        self.summary.setText(
            self.tr("{phones}: {states}   |   {tasks}").format(
                phones=phones,
                states=self.tr(", ").join(parts) or self.tr("none"),
                tasks=tasks.format(
                    running=number(pool.running),
                    queued=number(pool.queued),
                    failed=number(pool.failed_last_hour),
                ),
            )
        )

    # ------------------------------------------------------------------ Qt events
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802  (Qt override)
        """Follow the window's minimise state, then announce what is visible."""
        super().showEvent(event)
        self.visibility.watch_window()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802  (Qt override)
        """Announce that no tile is visible (capture may slow down)."""
        super().hideEvent(event)
        self.visibility.schedule()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Refit the columns when the viewport resizes."""
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self._fit_grid()
        return super().eventFilter(watched, event)


def _tile_list(proxy: PhoneFilterProxy, delegate: PhoneTileDelegate) -> TileListView:
    view = TileListView()
    view.setObjectName("phoneTiles")
    view.setViewMode(QListView.ViewMode.IconMode)
    view.setMovement(QListView.Movement.Static)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setFlow(QListView.Flow.LeftToRight)
    view.setWrapping(True)
    view.setUniformItemSizes(True)
    view.setSpacing(0)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.setItemDelegate(delegate)
    view.setModel(proxy)
    # Always shown: a scroll bar that comes and goes would change the width the grid is
    # fitted to, and with it the number of rows (and so the scroll bar) again.
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    size = delegate.tile_size
    view.setGridSize(QSize(size.width() + TILE_GAP, size.height() + TILE_GAP))
    return view


def _no_match_label() -> QLabel:
    label = QLabel()
    label.setObjectName("noMatchingPhones")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
