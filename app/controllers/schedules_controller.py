"""The Schedules view's controller: schedules from the database, the view's intents
back into it, and new schedules from the new-batch dialog (checked by the same
request layer as ``schedule add``)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from app.controllers.monitor_mapping import schedule_request_of, schedule_row
from app.errors import UserError
from app.scheduling import Control, apply_control, schedule_request
from db.monitor.schedules import add_schedule, list_schedules
from ui.i18n import QT_TRANSLATE_NOOP
from ui.refusals import refusal_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from app.controllers.db_executor import DbExecutor
    from db.monitor.values import ScheduleInfo
    from ui.main_window import MainWindow
    from ui.pool.pool_data import BatchSpec
    from workers.flows.catalog import FlowCatalog

log = logging.getLogger(__name__)

REFRESH_MS = 2000
# A refused recurrence field in the operator's words: the rule, then what was wrong (the
# request layer's refusal code, worded by ui/refusals.py); its English, the CLI's, is logged.
_REFUSED = {
    "every": QT_TRANSLATE_NOOP(
        "SchedulesController", "Interval: a span such as 30s, 15m, 2h or 1d, 1 s to 366 days"
    ),
    "cron": QT_TRANSLATE_NOOP("SchedulesController", "Cron: five fields, e.g. */15 8-22 * * *"),
    "tz": QT_TRANSLATE_NOOP(
        "SchedulesController", "Time zone: an IANA name such as Asia/Shanghai or UTC"
    ),
    "catch_up": QT_TRANSLATE_NOOP(
        "SchedulesController", "Catch-up: a span from 0 to 7 days, such as 30m"
    ),
    "start": QT_TRANSLATE_NOOP("SchedulesController", "First run: a time such as 2026-12-08 08:00"),
    "end": QT_TRANSLATE_NOOP(
        "SchedulesController", "End: a time such as 2026-12-08 08:00, after the first run"
    ),
}
_DONE = {
    Control.PAUSE: QT_TRANSLATE_NOOP("SchedulesController", "Paused schedule(s) {ids}."),
    Control.RESUME: QT_TRANSLATE_NOOP("SchedulesController", "Resumed schedule(s) {ids}."),
    Control.RUN_NOW: QT_TRANSLATE_NOOP("SchedulesController", "Schedule(s) {ids} run now."),
    Control.REMOVE: QT_TRANSLATE_NOOP("SchedulesController", "Removed schedule(s) {ids}."),
}


class SchedulesController(QObject):
    """Keeps the Schedules view true and acts on its intents.

    Signals:
        message(str): something for the status bar.
    """

    message = Signal(str)

    def __init__(
        self, window: MainWindow, db: DbExecutor, catalog: FlowCatalog, operator: str
    ) -> None:
        super().__init__()
        self.window, self.db, self.catalog, self.operator = window, db, catalog, operator
        self.view = window.schedules
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self.view.pause_requested.connect(lambda ids: self._control(ids, Control.PAUSE))
        self.view.resume_requested.connect(lambda ids: self._control(ids, Control.RESUME))
        self.view.run_now_requested.connect(lambda ids: self._control(ids, Control.RUN_NOW))
        self.view.remove_requested.connect(lambda ids: self._control(ids, Control.REMOVE))
        window.batch_submitted.connect(self._on_window_batch_submitted)

    def start(self) -> None:
        """Load the schedules now and every REFRESH_MS."""
        self.refresh()
        self._timer.start(REFRESH_MS)

    def stop(self) -> None:
        """Stop refreshing."""
        self._timer.stop()

    @Slot()
    def refresh(self) -> None:
        """Read every schedule with its last run (on the database thread)."""
        self.db.call(list_schedules, self._on_schedules_read, read_only=True)

    def _on_schedules_read(self, infos: list[ScheduleInfo]) -> None:
        self.view.set_schedules([schedule_row(info) for info in infos])

    def _control(self, ids: Sequence[int], action: Control) -> None:
        def work(session: Session) -> None:
            for schedule_id in ids:
                apply_control(session, schedule_id, action, self.operator)

        def done(_: None) -> None:
            text = QCoreApplication.translate("SchedulesController", _DONE[action])
            self.message.emit(text.format(ids=", ".join(f"#{i}" for i in ids)))
            self.refresh()

        def failed(error: str) -> None:
            text = QCoreApplication.translate("SchedulesController", "Not done: {error}")
            self.message.emit(text.format(error=error))
            self.refresh()

        self.db.call(work, done, failed)

    @Slot(object)
    def _on_window_batch_submitted(self, spec: BatchSpec) -> None:
        """A batch with a recurrence from the dialog: store it as a schedule."""
        if spec.repeat is None:
            return  # a plain batch: the pool controller's
        try:
            checked = schedule_request(
                self.catalog.registry, schedule_request_of(spec), self.operator
            )
        except UserError as exc:
            self.window.batch_submit_failed(_worded(exc))
            return

        def created(schedule_id: int) -> None:
            self.window.schedule_created(schedule_id)
            self.refresh()

        self.db.call(lambda s: add_schedule(s, checked), created, self.window.batch_submit_failed)


def _worded(error: UserError) -> str:
    """The refusal in the console's language: the field's rule and the refusal's words."""
    log.info("schedule refused: %s", error)
    code, details = error.refusal or ("unspecified", {})
    worded = refusal_text(code, details)
    source = _REFUSED.get(error.field or "")
    if source is None:
        return worded
    rule = QCoreApplication.translate("SchedulesController", source)
    return QCoreApplication.translate("SchedulesController", "{rule} ({refusal})").format(
        rule=rule, refusal=worded
    )
