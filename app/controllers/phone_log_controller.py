"""Feeds the per-phone log dock: the recent attempts' log lines of the selected phone.

Lines arrive live from the host agent (each attempt's log line as the flow writes it),
kept per phone in a ring of ``KEEP_LINES``. A phone this console has not watched run yet
(just started, or a phone of another PC) is filled from its newest records' stored logs,
read off the GUI thread through the artifact reader. Lines for the phone on show are
handed to the model in batches, a few times a second, so a busy farm does not repaint
per line.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot

from db.artifacts.store import ArtifactKind
from db.pool.records import query_records
from db.pool.values import RecordFilter
from ui.words import error_class, outcome

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.controllers.db_executor import DbExecutor
    from db.artifacts.reader import ArtifactReader
    from ui.grid.phone_grid_view import PhoneGridView
    from ui.grid.phone_log import PhoneLogDock
    from workers.host_agent import HostAgent

KEEP_LINES = 2000  # per phone
HISTORY_ATTEMPTS = 3  # stored logs read for a phone not watched yet
FLUSH_MS = 200


class PhoneLogController(QObject):
    """Keeps every phone's recent lines; shows the selected phone's in the dock."""

    def __init__(
        self,
        dock: PhoneLogDock,
        grid: PhoneGridView,
        agent: HostAgent,
        db: DbExecutor,
        reader: ArtifactReader,
    ) -> None:
        super().__init__()
        self.dock, self.grid, self.db, self.reader = dock, grid, db, reader
        self.lines: dict[str, collections.deque[str]] = {}  # by hardware serial
        self._serial_of: dict[str, str] = {}  # agent label (adb serial) -> serial
        self._shown: str | None = None
        self._pending: list[str] = []
        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_MS)
        self._timer.timeout.connect(self._flush)
        agent.phone_changed.connect(self._on_phone_changed)
        agent.attempt_started.connect(self._on_attempt_started)
        agent.log_line.connect(self._on_log_line)
        agent.attempt_finished.connect(self._on_attempt_finished)
        grid.view.selectionModel().selectionChanged.connect(self._on_selection)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    # ------------------------------------------------------------------ live lines

    @Slot(str, str, str, str)
    def _on_phone_changed(self, label: str, serial: str, _state: str, _model: str) -> None:
        if serial:
            self._serial_of[label] = serial

    @Slot(str, int, str, int)
    def _on_attempt_started(self, label: str, run_id: int, flow: str, batch_id: int) -> None:
        self._add(label, _opening(run_id, flow, batch_id))

    @Slot(str, int, str)
    def _on_log_line(self, label: str, _run_id: int, line: str) -> None:
        self._add(label, line)

    @Slot(str, int, str, float, str)
    def _on_attempt_finished(
        self, label: str, run_id: int, result: str, seconds: float, _message: str
    ) -> None:
        self._add(label, _closing(run_id, result, seconds))

    def _add(self, label: str, line: str) -> None:
        serial = self._serial_of.get(label, label)
        ring = self.lines.get(serial)
        if ring is None:
            ring = self.lines[serial] = collections.deque(maxlen=KEEP_LINES)
        ring.append(line)
        if serial == self._shown:
            self._pending.append(line)

    def _flush(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, []
            self.dock.model.append_lines(pending)

    # ------------------------------------------------------------------ selection

    @Slot()
    def _on_selection(self, *_args: Any) -> None:
        selected = self.grid.selected_serials()
        self.show_phone(selected[0] if selected else None)

    def show_phone(self, serial: str | None) -> None:
        """Show this phone's lines (None: nothing)."""
        if serial == self._shown:
            return
        self._shown, self._pending = serial, []
        self.dock.show_phone(serial)
        ring = self.lines.get(serial) if serial else None
        self.dock.model.set_lines(list(ring) if ring else [])
        if serial and not ring:
            self.db.call(
                lambda s: self._stored_logs(s, serial),
                lambda lines: self._on_history(serial, lines),
                read_only=True,
            )

    def _stored_logs(self, session: Session, serial: str) -> list[str]:
        """The newest attempts' stored log lines, oldest attempt first (database thread)."""
        records = query_records(session, RecordFilter(device=serial), limit=HISTORY_ATTEMPTS)
        lines: list[str] = []
        for record in reversed(records):
            lines.append(_opening(record.id, record.flow, record.batch))
            ended = str(record.error_class or record.status)
            logs = [a for a in record.artifacts if a.kind is ArtifactKind.LOG]
            if not logs:
                continue
            try:
                text = self.reader.read(logs[-1].id).data.decode("utf-8", "replace")
            except (LookupError, OSError, ValueError) as exc:
                lines.append(f"   ({type(exc).__name__})")
                continue
            lines.extend(text.rstrip("\n").splitlines())
            seconds = (record.duration_ms or 0) / 1000
            lines.append(_closing(record.id, ended, seconds))
        return lines

    def _on_history(self, serial: str, lines: list[str]) -> None:
        ring = self.lines.setdefault(serial, collections.deque(maxlen=KEEP_LINES))
        live = list(ring)  # lines that arrived while the history was read come after it
        ring.clear()
        ring.extend(lines + live)
        if serial == self._shown:
            self._pending = []
            self.dock.model.set_lines(list(ring))


def _opening(run_id: int, flow: str, batch_id: int) -> str:
    """The line that opens an attempt's lines, in the operator's language."""
    text = QCoreApplication.translate("PhoneLog", "── #{run} {flow} (batch {batch})")
    return text.format(run=run_id, flow=flow, batch=batch_id)


def _closing(run_id: int, result: str, seconds: float) -> str:
    """The line that closes them: the outcome worded (succeeded, or the error class)."""
    word = (
        outcome(result) if result in ("succeeded", "failed", "cancelled") else error_class(result)
    )
    text = QCoreApplication.translate("PhoneLog", "── #{run} {result} ({seconds} s)")
    return text.format(run=run_id, result=word, seconds=f"{seconds:.1f}")
