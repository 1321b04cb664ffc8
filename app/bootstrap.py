"""The composition root of the console: build everything in order, tear down in reverse."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QThread

from app import __version__
from app.controllers.alerts_controller import AlertsController
from app.controllers.db_executor import DbExecutor
from app.controllers.db_status import DatabaseStatusController
from app.controllers.flow_forms import make_validator
from app.controllers.grid_controller import GridController
from app.controllers.inspector_controller import InspectorController
from app.controllers.integration_controller import IntegrationController
from app.controllers.monitoring_controller import MonitoringController
from app.controllers.phone_log_controller import PhoneLogController
from app.controllers.pool_controller import PoolController
from app.controllers.records_controller import RecordsController
from app.controllers.schedules_controller import SchedulesController
from app.controllers.sim_controller import SimController
from app.export_layout import export_layout
from app.host_runtime import HostRuntime
from app.submission import operator_name
from db.urls import masked
from ui.grid.phone_data import TileThresholds
from ui.i18n import AUTO, Translations
from ui.main_window import MainWindow
from ui.window_state import WindowState
from workers.device.adb import AdbServer
from workers.thumbnail_worker import ThumbnailWorker

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine

    from app.settings import Settings
    from ui.prompts import Prompts

log = logging.getLogger(__name__)

THREAD_STOP_WAIT_MS = 10_000


@dataclass
class ConsoleRuntime:
    """What a running console is made of, and how to stop it cleanly.

    Attributes:
        window: the main window.
        host: this PC's host agent and its thread.
        closed: set when the window has closed.
    """

    settings: Settings
    engine: Engine
    window: MainWindow
    db: DbExecutor
    db_status: DatabaseStatusController
    host: HostRuntime
    grid: GridController
    pool: PoolController
    records: RecordsController
    schedules: SchedulesController
    monitoring: MonitoringController
    sim: SimController
    alerts: AlertsController
    phone_log: PhoneLogController
    thumbnails: ThumbnailWorker
    thumbnail_thread: QThread
    inspector: InspectorController
    integration: IntegrationController
    translations: Translations
    closed: asyncio.Event = field(default_factory=asyncio.Event)

    def start(self) -> None:
        """Start the threads, then the controllers that read from them."""
        self.host.start()
        self.db_status.start()
        self.thumbnail_thread.start()
        self.inspector.start()
        self.grid.start()
        self.pool.start()
        self.records.start()
        self.alerts.start()
        self.schedules.start()
        self.monitoring.start()
        self.integration.start()

    def save_screenshot(self, path: Path) -> None:
        """Write a PNG picture of the window."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if not self.window.grab().save(str(path)):
            log.error("could not save a screenshot to %s", path)
        else:
            log.info("screenshot saved to %s", path)

    def shutdown(self) -> None:
        """Stop in reverse order of construction; the engine goes last."""
        self.db_status.stop()
        self.grid.stop()
        self.pool.stop()
        self.alerts.stop()
        self.phone_log.stop()
        self.schedules.stop()
        self.monitoring.stop()
        self.records.shutdown()
        self.integration.stop()
        self.thumbnails.stop_requested.emit()
        self.thumbnail_thread.quit()
        self.thumbnail_thread.wait(THREAD_STOP_WAIT_MS)
        self.inspector.shutdown()
        self.host.shutdown()
        self.sim.shutdown()
        self.db.shutdown()
        self.engine.dispose()


def build_console(
    settings: Settings, engine: Engine, prompts: Prompts | None = None
) -> ConsoleRuntime:
    """Build the console's parts in a logged order (``prompts``: tests answer for people)."""
    where = masked(engine.url)
    log.info("FleetDeck %s console on %s as host %s", __version__, where, settings.host_name)
    thresholds = TileThresholds(settings.battery_warn_percent, settings.temperature_warn_c)
    translations, choice = _translations(settings)
    host = HostRuntime(settings, engine, role="console")
    window = MainWindow(
        version=__version__,
        database_label=where,
        host_name=settings.host_name,
        thresholds=thresholds,
        validate=make_validator(host.catalog),
        prompts=prompts,
    )
    window.set_language_choice(choice)
    window.language_chosen.connect(translations.switch)
    db = DbExecutor(engine)
    db_status = _database_status(engine, window, db)
    operator = operator_name(settings.host_name)
    grid = GridController(window.grid, db, host.agent, operator)
    pool = PoolController(window, db, host.catalog, operator)
    pool.message.connect(window.show_message)
    schedules = SchedulesController(window, db, host.catalog, operator)
    schedules.message.connect(window.show_message)
    monitoring = MonitoringController(window, db, operator)
    layout = export_layout(host.catalog.registry, settings.time_zone)
    records = RecordsController(
        window.records, db, engine, host.artifacts.reader, export_layout=layout
    )
    sim = SimController(settings.adb_port, settings.adb_path)
    alerts = AlertsController(window.alerts, db, operator, sound=settings.alert_sound)
    alerts.open_count_changed.connect(window.set_open_alerts)
    phone_log = PhoneLogController(
        window.phone_log, window.grid, host.agent, db, host.artifacts.reader
    )
    thumbnails, thumbnail_thread = _thumbnail_worker(settings)
    inspector = _inspector(settings, window, host, grid)
    integration = IntegrationController(
        window.integration, db, settings.api_dir, settings.host_name, operator
    )
    integration.message.connect(window.show_message)
    _wire(window, grid, sim, thumbnails)
    runtime = ConsoleRuntime(
        settings=settings,
        engine=engine,
        window=window,
        db=db,
        db_status=db_status,
        host=host,
        grid=grid,
        pool=pool,
        records=records,
        schedules=schedules,
        monitoring=monitoring,
        sim=sim,
        alerts=alerts,
        phone_log=phone_log,
        thumbnails=thumbnails,
        thumbnail_thread=thumbnail_thread,
        inspector=inspector,
        integration=integration,
        translations=translations,
    )
    window.closed.connect(runtime.closed.set)
    runtime.start()
    return runtime


def _database_status(
    engine: Engine, window: MainWindow, db: DbExecutor
) -> DatabaseStatusController:
    """The database bar follows the process's database health; reads kept while the
    database was away are sent again when it is back."""
    status = DatabaseStatusController(engine)
    status.lost.connect(window.show_database_lost)
    status.back.connect(window.show_database_back)
    status.back.connect(db.resend_kept)
    return status


def _translations(settings: Settings) -> tuple[Translations, str]:
    """Install the language to start in: the setting, else the Language menu's last choice."""
    choice = settings.language if settings.language != AUTO else WindowState().language()
    translations = Translations()
    translations.switch(choice)
    return translations, choice


def _thumbnail_worker(settings: Settings) -> tuple[ThumbnailWorker, QThread]:
    client = AdbServer(settings.adb_port, settings.adb_path).client()
    worker = ThumbnailWorker(client, settings.thumbnail_interval_ms)
    thread = QThread()
    thread.setObjectName("thumbnails")
    worker.moveToThread(thread)
    thread.started.connect(worker.start)
    worker.stop_requested.connect(worker.stop)
    return worker, thread


def _inspector(
    settings: Settings, window: MainWindow, host: HostRuntime, grid: GridController
) -> InspectorController:
    """The selector inspector on this PC's phones (those the host agent sees)."""
    client = AdbServer(settings.adb_port, settings.adb_path).client()
    inspector = InspectorController(window.inspector, client, host.catalog, busy=grid.is_running)
    if host.agent is not None:
        host.agent.phone_changed.connect(inspector.on_phone_changed)
    return inspector


def _wire(
    window: MainWindow, grid: GridController, sim: SimController, thumbnails: ThumbnailWorker
) -> None:
    grid.message.connect(window.show_message)
    grid.thumbnail_targets_changed.connect(thumbnails.set_targets)
    window.grid.picture_size_changed.connect(thumbnails.set_picture_size)
    thumbnails.thumbnail_ready.connect(grid.on_thumbnail)
    window.grid.simulated_phones_requested.connect(sim.start_phones)
    sim.failed.connect(window.grid.show_simulated_start_failed)
    sim.started.connect(window.show_simulated_phones_started)
