"""The phone grid's controller: every phone of the fleet from the database, this PC's
phones live from the host agent, thumbnails from the thumbnail worker, and the
operator's stop, drain, resume, label and account changes back into the pool."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from app.controllers.tiles import LivePhone, offline_simulation, tile_of
from db import fleet
from db.fleet_view import phone_rows, pool_counts
from db.models import AccountSource
from db.pool.reasons import parse_reason
from db.pool.stop import (
    drain_device,
    remove_offline_device,
    resume_device,
    run_despite_health,
    stop_device,
)
from ui.grid.phone_data import PoolSummary, ResultKind, TileUpdate
from ui.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from PySide6.QtGui import QImage
    from sqlalchemy.orm import Session

    from app.controllers.db_executor import DbExecutor
    from db.fleet_view import PhoneRow, PoolCounts
    from ui.grid.phone_grid_view import PhoneGridView
    from workers.host_agent import HostAgent

log = logging.getLogger(__name__)

REFRESH_MS = 2000  # the whole fleet from the database: other PCs' phones, labels, states
DEFAULT_APP = "simvideo"  # an account typed without "app:" belongs to this app


class GridController(QObject):
    """Keeps the grid's tiles true and turns its intents into pool actions.

    Signals:
        thumbnail_targets_changed(set[str]): adb serials to take thumbnails of.
        message(str): something for the status bar.
    """

    thumbnail_targets_changed = Signal(object)
    message = Signal(str)

    def __init__(
        self, grid: PhoneGridView, db: DbExecutor, agent: HostAgent | None, operator: str
    ) -> None:
        super().__init__()
        self.grid, self.db, self.agent, self.operator = grid, db, agent, operator
        self.rows: dict[str, PhoneRow] = {}
        self.live: dict[str, LivePhone] = {}  # by serial, this PC's phones only
        self._serial_of: dict[str, str] = {}  # adb serial -> serial
        self._visible: frozenset[str] = frozenset()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._connect_grid()
        if agent is not None:
            self._connect_agent(agent)

    def start(self) -> None:
        """Load the fleet now and every REFRESH_MS."""
        self.refresh()
        self._timer.start(REFRESH_MS)

    def stop(self) -> None:
        """Stop refreshing."""
        self._timer.stop()

    # ------------------------------------------------------------------ wiring

    def _connect_grid(self) -> None:
        grid = self.grid
        grid.stop_requested.connect(self._on_grid_stop_requested)
        grid.drain_requested.connect(self._on_grid_drain_requested)
        grid.resume_requested.connect(self._on_grid_resume_requested)
        grid.run_anyway_requested.connect(self._on_grid_run_anyway_requested)
        grid.label_change_requested.connect(self._on_grid_label_change_requested)
        grid.account_change_requested.connect(self._on_grid_account_change_requested)
        grid.remove_requested.connect(self._on_grid_remove_requested)
        grid.visible_serials_changed.connect(self._on_grid_visible_serials_changed)

    def _connect_agent(self, agent: HostAgent) -> None:
        agent.phone_changed.connect(self._on_agent_phone_changed)
        agent.attempt_started.connect(self._on_agent_attempt_started)
        agent.step_changed.connect(self._on_agent_step_changed)
        agent.attempt_finished.connect(self._on_agent_attempt_finished)
        agent.stop_delivered.connect(self._on_agent_stop_delivered)
        agent.health_changed.connect(self._on_agent_health_changed)
        agent.health_paused.connect(self._on_agent_health_paused)

    # ------------------------------------------------------------------ database

    @Slot()
    def refresh(self) -> None:
        """Read every phone and the pool's counts (on the database thread)."""

        def read(session: Session) -> tuple[list[PhoneRow], PoolCounts]:
            return phone_rows(session), pool_counts(session)

        self.db.call(read, self._on_fleet_read, read_only=True)

    def _on_fleet_read(self, result: tuple[list[PhoneRow], PoolCounts]) -> None:
        rows, counts = result
        gone = set(self.rows) - {row.serial for row in rows}
        self.rows = {row.serial: row for row in rows}
        updates = [TileUpdate(serial, removed=True) for serial in gone]
        updates += [self._update(serial) for serial in self.rows]
        self.grid.apply_updates(updates)
        self.grid.set_pool_summary(
            PoolSummary(counts.running, counts.queued, counts.failed_last_hour)
        )
        self.grid.set_offline_simulation(*offline_simulation(self.rows.values(), self.live))
        self._retarget_thumbnails()

    def _update(self, serial: str, thumbnail: QImage | None = None) -> TileUpdate:
        row = self.rows.get(serial)
        if row is None:
            return TileUpdate(serial, thumbnail=thumbnail)
        return TileUpdate(serial, tile_of(row, self.live.get(serial)), thumbnail)

    def _act(
        self, serials: Sequence[str], action: Callable[..., Any], done: Callable[[int], str]
    ) -> None:
        operator = self.operator

        def work(session: Session) -> None:
            for serial in serials:
                action(session, serial, operator)

        def announce(_: None) -> None:
            self.message.emit(done(len(serials)))
            self.refresh()

        self.db.call(
            work, announce, self._said(QT_TRANSLATE_NOOP("GridController", "Not done: {error}"))
        )

    def _said(self, template: str) -> Callable[[str], None]:
        """Emit ``template`` (translated) with the error filled in."""
        return lambda error: self.message.emit(
            QCoreApplication.translate("GridController", template).format(error=error)
        )

    # ------------------------------------------------------------------ grid intents

    @Slot(list)
    def _on_grid_stop_requested(self, serials: list[str]) -> None:
        for serial in serials:
            if serial in self.live and self.live[serial].run_id is not None:
                self.live[serial].stopping = True
        self._act(
            serials,
            stop_device,
            lambda n: self.tr("Stopped %n phone(s); their work goes back to the pool.", "", n),
        )

    @Slot(list)
    def _on_grid_drain_requested(self, serials: list[str]) -> None:
        self._act(
            serials,
            drain_device,
            lambda n: self.tr("%n phone(s) will finish their task and take no more.", "", n),
        )

    @Slot(list)
    def _on_grid_resume_requested(self, serials: list[str]) -> None:
        self._act(serials, resume_device, lambda n: self.tr("%n phone(s) take work again.", "", n))

    @Slot(list)
    def _on_grid_run_anyway_requested(self, serials: list[str]) -> None:
        self._act(
            serials,
            lambda session, serial, _by: run_despite_health(session, serial),
            lambda n: self.tr(
                "%n phone(s) take work although too hot or low on battery, until they recover.",
                "",
                n,
            ),
        )

    @Slot(list)
    def _on_grid_remove_requested(self, serials: list[str]) -> None:
        self._act(
            serials,
            remove_offline_device,
            lambda n: self.tr(
                "Removed %n offline phone(s); a phone that connects again comes back.", "", n
            ),
        )

    @Slot(str, str)
    def _on_grid_label_change_requested(self, serial: str, label: str) -> None:
        clean = label.strip()[:64]
        self.db.call(
            lambda s: fleet.set_label(s, serial, clean),
            lambda _: self.refresh(),
            self._said(QT_TRANSLATE_NOOP("GridController", "Label not saved: {error}")),
        )

    @Slot(str, str)
    def _on_grid_account_change_requested(self, serial: str, text: str) -> None:
        app, _, uid = text.strip().rpartition(":")
        app, uid = (app or DEFAULT_APP).strip(), uid.strip()

        def bind(session: Session) -> None:
            device_id = fleet.device_id_of(session, serial)
            if device_id is None:
                raise fleet.UnknownDevice(serial)
            if uid:
                fleet.bind_account(session, device_id, app, uid, source=AccountSource.OPERATOR)
            else:
                fleet.unbind_accounts(session, device_id, app)

        self.db.call(
            bind,
            lambda _: self.refresh(),
            self._said(QT_TRANSLATE_NOOP("GridController", "Account not saved: {error}")),
        )

    @Slot(object)
    def _on_grid_visible_serials_changed(self, serials: frozenset[str]) -> None:
        self._visible = serials
        self._retarget_thumbnails()

    def _retarget_thumbnails(self) -> None:
        targets = {
            self.live[serial].adb_serial
            for serial in self._visible
            if serial in self.live and self.live[serial].conn == "device"
        }
        self.thumbnail_targets_changed.emit(targets)

    def is_running(self, adb_serial: str) -> bool:
        """True while a pool task runs on this PC's phone ``adb_serial``."""
        phone = self._live(adb_serial)
        return phone is not None and phone.run_id is not None

    # ------------------------------------------------------------------ agent events

    def _live(self, adb_serial: str) -> LivePhone | None:
        serial = self._serial_of.get(adb_serial)
        return self.live.get(serial) if serial else None

    def _push(self, adb_serial: str) -> None:
        serial = self._serial_of.get(adb_serial)
        if serial is not None and serial in self.rows:
            self.grid.apply_updates([self._update(serial)])

    @Slot(str, str, str, str)
    def _on_agent_phone_changed(self, label: str, serial: str, state: str, model: str) -> None:
        if serial:
            self._serial_of[label] = serial
            phone = self.live.setdefault(serial, LivePhone(adb_serial=label))
            phone.error = state == "error"
            if state != "error":
                phone.conn = state
        if serial not in self.rows:
            self.refresh()  # a phone this console has not listed yet
        self._push(label)
        self._retarget_thumbnails()

    @Slot(str, int, str, int)
    def _on_agent_attempt_started(self, label: str, run_id: int, flow: str, batch: int) -> None:
        phone = self._live(label)
        if phone is not None:
            phone.run_id, phone.flow, phone.step, phone.stopping = run_id, flow, "", False
            self._push(label)

    @Slot(str, int, str)
    def _on_agent_step_changed(self, label: str, run_id: int, step: str) -> None:
        phone = self._live(label)
        if phone is not None and phone.run_id == run_id:
            phone.step = step
            self._push(label)

    @Slot(str, int, str, float, str)
    def _on_agent_attempt_finished(
        self, label: str, run_id: int, result: str, secs: float, message: str
    ) -> None:
        phone = self._live(label)
        if phone is None:
            return
        phone.last_result, phone.last_result_flow = result, phone.flow
        phone.last_result_at = time.strftime("%H:%M")
        phone.last_result_kind = ResultKind.of_result(result)
        phone.last_message = message
        phone.last_reason = parse_reason(message)
        phone.run_id, phone.flow, phone.step, phone.stopping = None, "", "", False
        self._push(label)

    @Slot(int)
    def _on_agent_stop_delivered(self, run_id: int) -> None:
        for phone in self.live.values():
            if phone.run_id == run_id:
                phone.stopping = True
                self._push(phone.adb_serial)

    @Slot(str, object)
    def _on_agent_health_changed(self, label: str, health: Any) -> None:
        phone = self._live(label)
        if phone is not None:
            phone.battery, phone.temperature = health.battery_level, health.battery_temp_c
            self._push(label)

    @Slot(str, str, bool)
    def _on_agent_health_paused(self, label: str, reason: str, run_anyway: bool) -> None:
        phone = self._live(label)
        if phone is not None:
            phone.health_pause, phone.run_anyway = reason, run_anyway
            self._push(label)

    @Slot(str, object, str)
    def on_thumbnail(self, adb_serial: str, image: QImage, method: str) -> None:
        """A fresh picture of one of this PC's phones."""
        phone = self._live(adb_serial)
        serial = self._serial_of.get(adb_serial)
        if phone is None or serial is None or serial not in self.rows:
            return
        phone.capture_method = method
        self.grid.apply_updates([self._update(serial, thumbnail=image)])
