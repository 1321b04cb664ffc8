"""The console's main window: the phone grid, the task pool, the records, the alerts,
and the per-phone log dock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QColor, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from ui.alerts.alert_view import AlertView
from ui.database_bar import DatabaseBar
from ui.grid.phone_actions import STOP_SHORTCUT, PhoneAction
from ui.grid.phone_data import TileThresholds
from ui.grid.phone_delegate import DEFAULT_TILE_WIDTH
from ui.grid.phone_grid_view import PhoneGridView
from ui.grid.phone_log import PhoneLogDock
from ui.i18n import AUTO, CHOICES, NATIVE_NAMES
from ui.inspector.inspector_view import InspectorView
from ui.integration.integration_view import IntegrationView
from ui.monitor.monitoring_view import MonitoringView
from ui.monitor.schedules_view import SchedulesView
from ui.pool.new_batch_dialog import NewBatchDialog
from ui.pool.pool_data import BatchState, Mode, TargetKind, UpstreamChoice
from ui.pool.pool_editor_view import PoolEditorView
from ui.prompts import Prompts
from ui.records.record_data import RecordFilter
from ui.records.record_view import RecordView
from ui.window_state import WindowState

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from PySide6.QtGui import QCloseEvent, QShowEvent
    from PySide6.QtWidgets import QMenu

    from ui.flow_fields import FlowInfo, ValidateParams

MONITOR_FIRST = "monitor.account"  # what a new schedule offers first
(
    PHONES_TAB,
    POOL_TAB,
    RECORDS_TAB,
    SCHEDULES_TAB,
    MONITORING_TAB,
    INSPECTOR_TAB,
    INTEGRATION_TAB,
    ALERTS_TAB,
) = range(8)


class MainWindow(QMainWindow):
    """Top-level window. It renders what controllers give it and emits intents.

    Controllers connect to ``grid``, ``pool`` and ``records`` (see their Signals) and to
    the new-batch signals here. Every slot runs on the GUI thread.

    Signals:
        closed: the window has closed; the console shuts down.
        batch_submitted(BatchSpec): create this batch; answer with
            ``batch_submit_succeeded(batch_id)`` or ``batch_submit_failed(message)``.
        language_chosen(str): the operator chose ``auto``, ``zh_CN`` or ``en`` in the
            Language menu (already remembered); install that language.
    """

    closed = Signal()
    batch_submitted = Signal(object)
    language_chosen = Signal(str)

    def __init__(
        self,
        version: str,
        database_label: str,
        host_name: str,
        parent: QWidget | None = None,
        *,
        thresholds: TileThresholds | None = None,
        validate: ValidateParams | None = None,
        prompts: Prompts | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self._version = version
        self._database_label = database_label
        self._host_name = host_name
        self.resize(1360, 860)
        self.prompts = prompts or Prompts()
        self._validate = validate
        self._flows: tuple[FlowInfo, ...] = ()
        self._dialog: NewBatchDialog | None = None
        self._state = WindowState()
        self._records_searched = False
        self.grid = PhoneGridView(thresholds or TileThresholds(), self.prompts)
        self.pool = PoolEditorView(self.prompts)
        self.records = RecordView(self.prompts)
        self.schedules = SchedulesView(self.prompts)
        self.monitoring = MonitoringView()
        self.inspector = InspectorView(self.prompts)
        self.integration = IntegrationView(self.prompts)
        self.alerts = AlertView()
        self._open_alerts = 0
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        pages = (
            self.grid,
            self.pool,
            self.records,
            self.schedules,
            self.monitoring,
            self.inspector,
            self.integration,
            self.alerts,
        )
        for page in pages:
            self.tabs.addTab(page, "")
        self.setCentralWidget(self.tabs)
        self.phone_log = PhoneLogDock(self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.phone_log)
        # Placed under the menus the first time the database is lost (until then the
        # window's layout is as if it did not exist).
        self.database_bar = DatabaseBar()
        self._where = QLabel()
        self._where.setObjectName("whereLabel")
        self.statusBar().addPermanentWidget(self._where)
        self._add_shortcuts()
        self._menus = self._add_menus()  # before Language, which comes last
        self._language_menu, self._language_actions = self._add_language_menu()
        self._connect()
        self._restore_state()
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text of the window's own widgets in the current language."""
        self.setWindowTitle(
            self.tr("FleetDeck {version} console — {database}").format(
                version=self._version, database=self._database_label
            )
        )
        titles = (
            self.tr("Phones"),
            self.tr("Task pool"),
            self.tr("Records"),
            self.tr("Schedules"),
            self.tr("Monitoring"),
            self.tr("Inspector"),
            self.tr("Integration"),
        )
        for index, text in enumerate(titles):
            self.tabs.setTabText(index, text)
        self._show_alert_badge()
        self._where.setText(
            self.tr("Database: {database}   Host: {host}").format(
                database=self._database_label, host=self._host_name
            )
        )
        self._stop_action.setText(self.tr("Stop selected"))
        self._search_action.setText(self.tr("Search"))
        self._quit_action.setText(self.tr("&Quit"))
        for action, text in zip(
            self._tab_actions,
            (
                self.tr("&Phones"),
                self.tr("&Task pool"),
                self.tr("&Records"),
                self.tr("&Schedules"),
                self.tr("&Monitoring"),
                self.tr("&Inspector"),
                self.tr("I&ntegration"),
                self.tr("&Alerts"),
            ),
            strict=True,
        ):
            action.setText(text)
        menus = (self.tr("&File"), self.tr("&View"), self.tr("&Phones"), self.tr("&Task pool"))
        for menu, title in zip(self._menus, menus, strict=True):
            menu.setTitle(title)
        self._language_menu.setTitle(self.tr("&Language"))
        self._language_actions[AUTO].setText(self.tr("Follow the system"))
        for language, name in NATIVE_NAMES.items():
            self._language_actions[language].setText(name)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language_choice(self, choice: str) -> None:
        """Tick ``choice`` in the Language menu (what the console started with)."""
        action = self._language_actions.get(choice)
        if action is not None:
            action.setChecked(True)

    # ------------------------------------------------------------------ slots (GUI thread)
    @Slot(list)
    def set_flows(self, flows: Sequence[FlowInfo]) -> None:
        """Offer these flows in the new-batch dialog."""
        self._flows = tuple(flows)

    @Slot(int)
    def batch_submit_succeeded(self, batch_id: int) -> None:
        """Close the new-batch dialog: the batch exists."""
        if self._dialog is not None:
            self._state.save_new_batch_memory(self._dialog.memory())
            self._dialog.submit_succeeded(batch_id)
        self.show_message(self.tr("Batch #{batch_id} created.").format(batch_id=batch_id))

    @Slot(int)
    def schedule_created(self, schedule_id: int) -> None:
        """Close the new-batch dialog: the schedule exists."""
        if self._dialog is not None:
            self._dialog.submit_succeeded(schedule_id)
        self.show_message(
            self.tr("Schedule #{schedule_id} created.").format(schedule_id=schedule_id)
        )
        self.tabs.setCurrentIndex(SCHEDULES_TAB)

    def open_new_schedule_dialog(self) -> NewBatchDialog:
        """The new-batch dialog with "repeat on a schedule" ticked (a monitor flow first)."""
        dialog = self.open_new_batch_dialog()
        if not dialog.repeat_box.isChecked():
            flow = dialog.current_flow()
            if (flow is None or not flow.name.startswith("monitor.")) and dialog.flow_box.findData(
                MONITOR_FIRST
            ) >= 0:
                dialog.choose_flow(MONITOR_FIRST)
            dialog.settings.set_mode(Mode.POOL, chosen=True)  # one run a slot, any phone
            dialog.settings.count_box.setValue(1)
            dialog.repeat_box.setChecked(True)
        return dialog

    @Slot(str)
    def batch_submit_failed(self, message: str) -> None:
        """Tell the new-batch dialog why the batch was not created."""
        if self._dialog is not None:
            self._dialog.submit_failed(message)
        else:
            self.show_message(self.tr("The batch was not created: {reason}").format(reason=message))

    @Slot(object)
    def show_database_lost(self, since: dt.datetime) -> None:
        """Show the database bar: unreachable since ``since`` (an aware datetime)."""
        if self.database_bar.parent() is not self:
            self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.database_bar)
        self.database_bar.show_lost(since)

    @Slot()
    def show_database_back(self) -> None:
        """Hide the database bar: the database answers again."""
        self.database_bar.show_back()

    @Slot(int)
    def show_simulated_phones_started(self, count: int) -> None:
        """Say that simulated phones were started."""
        self.show_message(self.tr("%n simulated phone(s) started.", "", count))

    @Slot(str)
    @Slot(int)
    def set_open_alerts(self, count: int) -> None:
        """The badge on the Alerts tab: how many alerts nobody acknowledged yet."""
        self._open_alerts = count
        self._show_alert_badge()

    def _show_alert_badge(self) -> None:
        count = self._open_alerts
        text = self.tr("Alerts ({count})").format(count=count) if count else self.tr("Alerts")
        self.tabs.setTabText(ALERTS_TAB, text)
        self.tabs.tabBar().setTabTextColor(
            ALERTS_TAB, QColor("#b42318") if count else self.palette().windowText().color()
        )

    def show_message(self, message: str, timeout_ms: int = 8000) -> None:
        """Show a passing message in the status bar."""
        self.statusBar().showMessage(message, timeout_ms)

    # ------------------------------------------------------------------ API
    def open_new_batch_dialog(self, serials: Sequence[str] = ()) -> NewBatchDialog:
        """Open the new-batch dialog (for ``serials``: each-device, on those phones)."""
        if self._dialog is not None:
            self._dialog.raise_()
            return self._dialog
        dialog = NewBatchDialog(
            self._flows,
            self._validate,
            serials=serials or self.grid.selected_serials(),
            accounts=self.grid.model.accounts(),
            upstream=self._upstream_choices(),
            prompts=self.prompts,
            remembered=self._state.new_batch_memory(),
            parent=self,
        )
        if serials:
            dialog.settings.set_mode(Mode.EACH_DEVICE, chosen=True)
            dialog.settings.set_target_kind(TargetKind.PHONES)
        dialog.batch_submitted.connect(self.batch_submitted)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialog = dialog
        dialog.show()
        return dialog

    @Slot(int)
    def show_batch_records(self, batch_id: int) -> None:
        """Open the Records tab on the records of one batch."""
        self._records_searched = True  # this search, not the remembered filter's
        self.tabs.setCurrentIndex(RECORDS_TAB)
        self.records.search(RecordFilter(batch_id=batch_id))

    @property
    def new_batch_dialog(self) -> NewBatchDialog | None:
        """The open new-batch dialog, if any."""
        return self._dialog

    # ------------------------------------------------------------------ internals
    def _add_language_menu(self) -> tuple[QMenu, dict[str, QAction]]:
        menu = self.menuBar().addMenu("")
        menu.setObjectName("languageMenu")
        group = QActionGroup(self)
        actions: dict[str, QAction] = {}
        for choice in CHOICES:
            action = menu.addAction("")
            action.setObjectName(f"language_{choice}")
            action.setCheckable(True)
            action.setData(choice)
            group.addAction(action)
            actions[choice] = action
        actions[AUTO].setChecked(True)
        group.triggered.connect(self._on_language_triggered)
        return menu, actions

    @Slot(QAction)
    def _on_language_triggered(self, action: QAction) -> None:
        choice = str(action.data())
        self._state.save_language(choice)
        self.language_chosen.emit(choice)

    def _add_shortcuts(self) -> None:
        stop = QAction(self)
        self._stop_action = stop
        stop.setObjectName("stopSelected")
        stop.setShortcut(STOP_SHORTCUT)
        stop.triggered.connect(self._on_stop_selected)
        search = QAction(self)
        self._search_action = search
        search.setObjectName("search")
        search.setShortcut(QKeySequence.StandardKey.Find)
        search.triggered.connect(self._on_search)
        new_batch = self.pool.actions_by_name["new"]
        for action in (stop, search, new_batch):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        # The grid's own Stop action shares the shortcut; the window's one decides by tab.
        self.grid.actions_by_kind[PhoneAction.STOP].setShortcut(QKeySequence())
        self._tab_actions: list[QAction] = []
        for number in range(self.tabs.count()):
            tab = QAction(self)
            tab.setObjectName(f"showTab{number + 1}")
            tab.setShortcut(QKeySequence(f"Ctrl+{number + 1}"))
            tab.triggered.connect(lambda _checked=False, n=number: self.tabs.setCurrentIndex(n))
            self.addAction(tab)
            self._tab_actions.append(tab)
        # Ctrl+Q everywhere: Qt's standard Quit key is empty on Windows.
        self._quit_action = QAction(self)
        self._quit_action.setObjectName("quit")
        self._quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self._quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self._quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self._quit_action.triggered.connect(self.close)
        self.addAction(self._quit_action)

    def _add_menus(self) -> tuple[QMenu, ...]:
        """File, View, Phones and Task pool: every action of the window and its tabs."""
        bar = self.menuBar()
        file_menu = bar.addMenu("")
        file_menu.setObjectName("fileMenu")
        file_menu.addAction(self.pool.actions_by_name["new"])
        file_menu.addAction(self._stop_action)
        file_menu.addSeparator()
        file_menu.addAction(self._quit_action)
        view_menu = bar.addMenu("")
        view_menu.setObjectName("viewMenu")
        for action in self._tab_actions:
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self._search_action)
        log_toggle = self.phone_log.toggleViewAction()
        log_toggle.setObjectName("showPhoneLog")
        log_toggle.setShortcut(QKeySequence("Ctrl+L"))
        view_menu.addAction(log_toggle)
        phones_menu = bar.addMenu("")
        phones_menu.setObjectName("phonesMenu")
        for action in self.grid.actions_by_kind.values():
            phones_menu.addAction(action)
        pool_menu = bar.addMenu("")
        pool_menu.setObjectName("poolMenu")
        for name, action in self.pool.actions_by_name.items():
            if name != "new":
                pool_menu.addAction(action)
        return file_menu, view_menu, phones_menu, pool_menu

    def _connect(self) -> None:
        self.pool.new_batch_requested.connect(self.open_new_batch_dialog)
        self.pool.records_requested.connect(self.show_batch_records)
        self.schedules.new_schedule_requested.connect(self.open_new_schedule_dialog)
        self.grid.run_flow_requested.connect(self.open_new_batch_dialog)
        self.grid.filter_changed.connect(self._state.save_grid_filter)
        self.grid.tile_width_changed.connect(self._state.save_tile_width)
        self.records.filter_changed.connect(self._state.save_record_filter)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

    def _restore_state(self) -> None:
        geometry = self._state.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.grid.set_tile_width(self._state.tile_width(DEFAULT_TILE_WIDTH))
        self.grid.set_grid_filter(self._state.grid_filter())
        self.records.filter_bar.show_filter(self._state.record_filter())
        self.tabs.setCurrentIndex(min(max(self._state.tab(), 0), self.tabs.count() - 1))

    def _upstream_choices(self) -> list[UpstreamChoice]:
        flows = {flow.name: flow for flow in self._flows}
        choices = []
        for batch in self.pool.model.batches():
            flow = flows.get(batch.flow)
            if flow and flow.item_fields and batch.state is not BatchState.STOPPED:
                choices.append(
                    UpstreamChoice(
                        batch.batch_id, batch.name, batch.flow, flow.item_fields, batch.params
                    )
                )
        return sorted(choices, key=lambda choice: -choice.batch_id)

    @Slot()
    def _on_stop_selected(self) -> None:
        if self.tabs.currentIndex() == PHONES_TAB:
            self.grid.trigger(PhoneAction.STOP)
        elif self.tabs.currentIndex() == POOL_TAB:
            self.pool.trigger("stop")

    @Slot()
    def _on_search(self) -> None:
        if self.tabs.currentIndex() == RECORDS_TAB:
            self.records.focus_search()
        else:
            self.tabs.setCurrentIndex(PHONES_TAB)
            self.grid.focus_search()

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        self._state.save_tab(index)
        if self.isVisible():  # before show, the controllers may not be connected yet
            self._search_records_on_first_visit(index)

    def _search_records_on_first_visit(self, index: int) -> None:
        if index != RECORDS_TAB or self._records_searched:
            return
        # The first visit lists the remembered filter (its time preset resolved now).
        self._records_searched = True
        record_filter = self.records.filter_bar.current_filter()
        if record_filter is not None:
            self.records.search(record_filter)

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        self._dialog = None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802  (Qt override)
        """List the remembered records if the window opens on the records tab."""
        super().showEvent(event)
        self._search_records_on_first_visit(self.tabs.currentIndex())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802  (Qt override)
        """Remember the geometry, then announce the close."""
        self._state.save_geometry(self.saveGeometry())
        super().closeEvent(event)
        self.closed.emit()
