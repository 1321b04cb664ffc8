"""One Excel export of execution records, on a thread of its own.

Not on the console's database executor: an export of a million records takes
minutes and would hold up every other console query. ``export_records`` opens its
own connections from the engine's pool and writes beside the target, renaming only
a complete file, so a cancel or a failure leaves nothing at the path.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QThread, Signal

from db.pool.export import export_records
from db.urls import mask_in_text

if TYPE_CHECKING:
    from collections.abc import Mapping

    from PySide6.QtCore import QObject
    from sqlalchemy import Engine

    from db.pool.export import ExportLayout
    from db.pool.values import RecordFilter

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.25  # a few progress updates a second are enough for a bar
CANCELLED_MESSAGE = "Export cancelled; nothing was written."
# Why an export did not happen: a stable code and its English words ({…}: its details).
# The CLI prints these; the console words the code in its own language.
PROBLEMS = {
    "not_xlsx": "Export: {path} must end in .xlsx",
    "is_folder": "Export: {path} is a folder",
    "no_folder": "Export: the folder {folder} does not exist",
    "read_only_folder": "Export: the folder {folder} cannot be written to",
    "write_failed": "Could not write {path}: {reason}",
    "export_failed": "Export failed: {reason}",
    "cancelled": CANCELLED_MESSAGE,
}


class ExportThread(QThread):
    """Writes the records of one filter to one .xlsx file, then ends.

    A QThread subclass because it is a single slot-less run (STYLE item 4); stop it
    with ``request_stop`` (checked before every page of records), then ``wait``.

    Signals:
        progressed(done, total): records written so far and in all (throttled; the
            last page always reports).
        exported(path, records): the complete file is at ``path``.
        failed(message): no file was written, and why (also after a cancel).
    """

    progressed = Signal(int, int)
    exported = Signal(str, int)
    failed = Signal(str)

    def __init__(
        self,
        engine: Engine,
        record_filter: RecordFilter,
        path: str,
        parent: QObject | None = None,
        layout: ExportLayout | None = None,
        progress_interval_s: float = PROGRESS_INTERVAL_S,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("records-export")
        self.engine, self.record_filter, self.path = engine, record_filter, path
        self.layout = layout
        self.headers = dict(headers or {})  # column titles in the console's language
        self._interval = progress_interval_s
        self._stop = threading.Event()
        self._last_progress = -math.inf
        self.failure: tuple[str, dict[str, str]] | None = None  # (PROBLEMS code, details)

    def _fail(self, code: str, **details: str) -> None:
        """Report why no file was written: ``failure`` keeps the code for the console."""
        self.failure = (code, details)
        self.failed.emit(PROBLEMS[code].format(**details))

    def request_stop(self) -> None:
        """Ask the export to stop before its next page (any thread)."""
        self._stop.set()

    @property
    def stop_requested(self) -> bool:
        """True once a stop was asked for."""
        return self._stop.is_set()

    def run(self) -> None:
        """Export (in the thread); report by signal."""
        try:
            result = export_records(
                self.engine,
                self.record_filter,
                self.path,
                layout=self.layout,
                progress=self._on_progress,
                cancelled=self._stop.is_set,
                headers=self.headers,
            )
        except OSError as exc:
            log.warning("export to %s failed: %s", self.path, exc)
            self._fail("write_failed", path=self.path, reason=str(exc.strerror or exc))
            return
        except Exception as exc:  # noqa: BLE001  (the operator must hear of any failure)
            log.exception("export to %s failed", self.path)
            self._fail("export_failed", reason=mask_in_text(_first_line(exc)))
            return
        if result.cancelled:
            self._fail("cancelled")
        else:
            self.exported.emit(result.path, result.attempts)

    def _on_progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last_progress >= self._interval:
            self._last_progress = now
            self.progressed.emit(done, total)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def export_path_problem(path: str) -> str | None:
    """Why an export cannot be written to ``path``, in English (None: it can)."""
    issue = export_path_issue(path)
    return None if issue is None else PROBLEMS[issue[0]].format(**issue[1])


def export_path_issue(path: str) -> tuple[str, dict[str, str]] | None:
    """Why an export cannot be written to ``path``: a ``PROBLEMS`` code and its details."""
    target = Path(path)
    folder = {"folder": str(target.parent)}
    if target.suffix.lower() != ".xlsx":
        return "not_xlsx", {"path": path}
    if target.is_dir():
        return "is_folder", {"path": path}
    if not target.parent.is_dir():
        return "no_folder", folder
    if not os.access(target.parent, os.W_OK):
        return "read_only_folder", folder
    return None
