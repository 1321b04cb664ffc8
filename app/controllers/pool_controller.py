"""The task-pool editor's controller: batches from the pool, the editor's intents back
into it, and new batches from the dialog (validated against the flow before anything
is written)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from app.controllers.flow_forms import flow_infos, make_validator
from app.controllers.pool_mapping import batch_row, pipeline_graph, pool_spec
from app.errors import UserError
from app.submission import spec_for, validated_params
from db.pool.errors import PoolError
from db.pool.states import Mode, TargetKind
from db.pool.status import list_batches
from db.pool.stop import pause_batch, resume_batch, set_batch_priority, stop_batch
from db.pool.submit import extend_batch, retry_failed, submit_batch
from db.pool.values import Targets
from ui.i18n import QT_TRANSLATE_NOOP
from ui.refusals import refusal_text

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sqlalchemy.orm import Session

    from app.controllers.db_executor import DbExecutor
    from db.pool.values import BatchStatus
    from ui.main_window import MainWindow
    from ui.pool.pool_data import BatchSpec
    from workers.flows.catalog import FlowCatalog

log = logging.getLogger(__name__)

REFRESH_MS = 2000
SHOWN_BATCHES = 200


class PoolController(QObject):
    """Keeps the batches table true and acts on the editor's and dialog's intents.

    Signals:
        message(str): something for the status bar.
    """

    message = Signal(str)

    def __init__(
        self, window: MainWindow, db: DbExecutor, catalog: FlowCatalog, operator: str
    ) -> None:
        super().__init__()
        self.window, self.db, self.catalog, self.operator = window, db, catalog, operator
        self.view = window.pool
        self.batches: dict[int, BatchStatus] = {}
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        view = self.view
        view.pause_requested.connect(self._on_view_pause_requested)
        view.resume_requested.connect(self._on_view_resume_requested)
        view.stop_requested.connect(self._on_view_stop_requested)
        view.extend_requested.connect(self._on_view_extend_requested)
        view.retry_failed_requested.connect(self._on_view_retry_failed_requested)
        view.priority_change_requested.connect(self._on_view_priority_change_requested)
        view.pipeline_requested.connect(self._on_view_pipeline_requested)
        window.batch_submitted.connect(self._on_window_batch_submitted)
        window.grid.install_apk_requested.connect(self._on_grid_install_apk_requested)
        window.set_flows(flow_infos(catalog))

    def start(self) -> None:
        """Load the batches now and every REFRESH_MS."""
        self.refresh()
        self._timer.start(REFRESH_MS)

    def stop(self) -> None:
        """Stop refreshing."""
        self._timer.stop()

    @Slot()
    def refresh(self) -> None:
        """Read the newest batches with their progress (on the database thread)."""
        self.db.call(
            lambda s: list_batches(s, limit=SHOWN_BATCHES), self._on_batches_read, read_only=True
        )

    def _on_batches_read(self, batches: list[BatchStatus]) -> None:
        self.batches = {batch.id: batch for batch in batches}
        self.view.set_batches([batch_row(batch) for batch in batches])

    def _each(self, ids: Sequence[int], action: Callable[[Session, int], Any], done: str) -> None:
        """Do ``action`` to each batch; then say ``done`` (translated by the caller)."""

        def work(session: Session) -> None:
            for batch_id in ids:
                action(session, batch_id)

        def finished(_: None) -> None:
            self.message.emit(done.format(ids=", ".join(f"#{i}" for i in ids)))
            self.refresh()

        self.db.call(
            work, finished, self._said(QT_TRANSLATE_NOOP("PoolController", "Not done: {error}"))
        )

    def _said(self, template: str) -> Callable[[str], None]:
        """Emit ``template`` (translated) with the error filled in."""
        return lambda error: self.message.emit(
            QCoreApplication.translate("PoolController", template).format(error=error)
        )

    # ------------------------------------------------------------------ editor intents

    @Slot(list)
    def _on_view_pause_requested(self, ids: list[int]) -> None:
        self._each(ids, lambda s, b: pause_batch(s, b, self.operator), self.tr("Paused {ids}."))

    @Slot(list)
    def _on_view_resume_requested(self, ids: list[int]) -> None:
        self._each(ids, resume_batch, self.tr("Resumed {ids}."))

    @Slot(list)
    def _on_view_stop_requested(self, ids: list[int]) -> None:
        self._each(ids, lambda s, b: stop_batch(s, b, by=self.operator), self.tr("Stopped {ids}."))

    @Slot(list)
    def _on_view_extend_requested(self, ids: list[int]) -> None:
        added: list[int] = []

        def extend(session: Session, batch_id: int) -> None:
            added.append(extend_batch(session, batch_id, Targets()))

        self._each(ids, extend, self.tr("Extended {ids} to the phones that joined since."))

    @Slot(list, bool)
    def _on_view_retry_failed_requested(self, ids: list[int], include_cancelled: bool) -> None:
        done = (
            self.tr("The failed and cancelled tasks of {ids} run again as new batches.")
            if include_cancelled
            else self.tr("The failed tasks of {ids} run again as new batches.")
        )
        self._each(
            ids,
            lambda s, b: retry_failed(s, b, self.operator, include_cancelled=include_cancelled),
            done,
        )

    @Slot(int, int)
    def _on_view_priority_change_requested(self, batch_id: int, priority: int) -> None:
        def failed(error: str) -> None:
            self.view.priority_change_failed(batch_id, error)

        self.db.call(
            lambda s: set_batch_priority(s, batch_id, priority), lambda _: self.refresh(), failed
        )

    @Slot(int)
    def _on_view_pipeline_requested(self, batch_id: int) -> None:
        self.db.call(
            lambda s: pipeline_graph(s, batch_id),
            self.view.show_pipeline,
            self._said(QT_TRANSLATE_NOOP("PoolController", "No pipeline view: {error}")),
        )

    # ------------------------------------------------------------------ new batches

    @Slot(list, str)
    def _on_grid_install_apk_requested(self, serials: list[str], apk: str) -> None:
        """Roll an APK out to the selected phones: an each-device app.install batch."""
        try:
            flow = self.catalog.flow("app.install")
            params = validated_params(flow, {"apk": apk})
        except (KeyError, UserError) as exc:
            log.warning("APK not installed: %s", exc)
            self.message.emit(
                self.tr("Not installed: {error}").format(error=refusal_text("bad_params"))
            )
            return
        spec = spec_for(
            flow,
            params,
            mode=Mode.EACH_DEVICE,
            submitted_by=self.operator,
            targets=Targets(TargetKind.DEVICES, devices=tuple(serials)),
            name=f"install {Path(apk).name}",
        )
        self.db.call(
            lambda s: submit_batch(s, spec),
            lambda batch_id: self.message.emit(
                self.tr(
                    "Installing {apk} on %n phone(s): batch #{batch}.", "", len(serials)
                ).format(apk=Path(apk).name, batch=batch_id)
            ),
            self._said(QT_TRANSLATE_NOOP("PoolController", "Not installed: {error}")),
        )

    def _params_problem(self, spec: BatchSpec) -> str:
        """The first bad parameter of ``spec``, worded like the dialog's field messages."""
        given = {key: value for key, value in spec.params.items() if value is not None}
        problems = make_validator(self.catalog)(spec.flow, given)
        for field, problem in problems.items():
            return f"{field}: {problem}" if field else problem
        return refusal_text("bad_params")

    @Slot(object)
    def _on_window_batch_submitted(self, spec: BatchSpec) -> None:
        if spec.repeat is not None:
            return  # a schedule: the schedules controller's
        try:
            pool = pool_spec(spec, self.catalog, self.operator)
        except UserError as exc:
            log.warning("batch not created: %s", exc)
            self.window.batch_submit_failed(self._params_problem(spec))
            return

        def submitted(batch_id: int) -> None:
            self.window.batch_submit_succeeded(batch_id)
            self.refresh()

        def failed(error: str) -> None:
            self.window.batch_submit_failed(error)

        self.db.call(lambda s: submit_batch(s, pool), submitted, failed)


__all__ = ["PoolController", "PoolError"]
