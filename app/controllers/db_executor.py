"""One thread for every database read and write the console asks for (STYLE item 8).

Work is serialised and off the GUI thread; its result comes back to the GUI thread
through a queued signal, where the caller's callback runs. A failure reaches the
caller worded in the console's language (a refusal's code and details, see
``ui/refusals.py``); its English first line goes to the log. While the database cannot
be reached, a read that fails is not reported to its view (the window's database bar
says it once for all of them); it is kept and sent again when the database is back.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot
from sqlalchemy import exc as sa_errors

from db.fleet import UnknownDevice
from db.pool.errors import PoolError, Refused
from db.pool.tx import run_transaction
from db.urls import mask_in_text
from ui.refusals import refusal_text
from workers.db_health import DatabaseHealth, is_outage

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
T = TypeVar("T")
KEPT_READS = 32  # reads kept during an outage (the newest; a view asks again anyway)


class DbExecutor(QObject):
    """Runs ``work(session)`` in one short transaction on the console's database thread.

    Signals:
        _delivered(callback, value): internal; carries a result to the GUI thread.
    """

    _delivered = Signal(object, object)

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="console-db")
        self._delivered.connect(self._on_delivered)
        self._closed = False
        self.health = DatabaseHealth.of(engine)
        self._kept: deque[tuple[Any, Any, Any]] = deque(maxlen=KEPT_READS)
        self._kept_lock = threading.Lock()

    def call(
        self,
        work: Callable[[Session], T],
        done: Callable[[T], None] | None = None,
        failed: Callable[[str], None] | None = None,
        *,
        read_only: bool = False,
    ) -> Future[T] | None:
        """Run ``work`` on the database thread; ``done``/``failed`` run on the GUI thread.

        ``read_only`` work (a refresh, a page) takes no SQLite write lock.
        """
        if self._closed:
            return None
        future = self._pool.submit(self._run, work, read_only)
        future.add_done_callback(lambda f: self._deliver(f, (work, done, failed), read_only))
        return future

    def _run(self, work: Callable[[Session], T], read_only: bool) -> T:
        with self.health.step():
            return run_transaction(self.engine, work, read_only=read_only)

    @Slot()
    def resend_kept(self) -> None:
        """Send again the reads that failed while the database was away (it is back)."""
        with self._kept_lock:
            kept = list(self._kept)
            self._kept.clear()
        for work, done, failed in kept:
            self.call(work, done, failed, read_only=True)

    def _deliver(self, future: Future[Any], call: tuple[Any, Any, Any], read_only: bool) -> None:
        if future.cancelled() or self._closed:
            return
        _work, done, failed = call
        error = future.exception()
        if error is None:
            if done is not None:
                self._delivered.emit(done, future.result())
            return
        if read_only and is_outage(error):  # told once by the database bar
            with self._kept_lock:
                self._kept.append(call)  # and sent again when it is back
            return
        message = mask_in_text(_first_line(error))
        log.warning("console database work failed: %s", message)
        if failed is not None:
            code, details = refusal_of(error)
            self._delivered.emit(lambda _: failed(refusal_text(code, details)), None)

    @Slot(object, object)
    def _on_delivered(self, callback: Callable[[Any], None], value: Any) -> None:
        callback(value)

    def shutdown(self) -> None:
        """Finish what is running, drop what is queued; no callback runs afterwards."""
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)


def refusal_of(error: BaseException) -> tuple[str, dict[str, object]]:
    """A failure's code and details, for the console to word (never its English)."""
    if isinstance(error, PoolError):
        return str(error.code), dict(error.details)
    if isinstance(error, UnknownDevice):
        return str(Refused.NO_PHONE), {"serial": error.serial}
    if isinstance(error, (sa_errors.OperationalError, sa_errors.InterfaceError)):
        return "database_unavailable", {}
    return "database_failed", {}


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
