"""One thread for every database read and write the console asks for (STYLE item 8).

Work is serialised and off the GUI thread; its result comes back to the GUI thread
through a queued signal, where the caller's callback runs. A failure reaches the
caller worded in the console's language (a refusal's code and details, see
``ui/refusals.py``); its English first line goes to the log.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot
from sqlalchemy import exc as sa_errors

from db.fleet import UnknownDevice
from db.pool.errors import PoolError, Refused
from db.pool.tx import run_transaction
from db.urls import mask_in_text
from ui.refusals import refusal_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
T = TypeVar("T")


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
        future = self._pool.submit(run_transaction, self.engine, work, read_only=read_only)
        future.add_done_callback(lambda f: self._deliver(f, done, failed))
        return future

    def _deliver(
        self,
        future: Future[Any],
        done: Callable[[Any], None] | None,
        failed: Callable[[str], None] | None,
    ) -> None:
        if future.cancelled() or self._closed:
            return
        error = future.exception()
        if error is None:
            if done is not None:
                self._delivered.emit(done, future.result())
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
