"""Run a plain function on a pool thread and hand its result to the GUI thread by signal.

For short, self-contained work a view starts itself (reading an imported spreadsheet);
database and phone work belong to the controllers' executors instead.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives in the GUI thread; signals emitted from the pool thread arrive queued."""

    succeeded = Signal(object)
    failed = Signal(str)


class _Call(QRunnable):
    def __init__(self, function: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._function = function
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._function()
        except Exception as exc:  # noqa: BLE001  (a bug must reach the operator, not vanish here)
            log.exception("background call failed")
            self._relay.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self._relay.succeeded.emit(result)


class BackgroundJob:
    """A started call; ``discard`` drops its result (e.g. when a newer call replaced it)."""

    def __init__(self, relay: _Relay) -> None:
        self.relay = relay
        self._discarded = False

    def discard(self) -> None:
        """Never deliver this call's result."""
        if not self._discarded:
            self._discarded = True
            self.relay.succeeded.disconnect()
            self.relay.failed.disconnect()


def run_in_background(
    function: Callable[[], Any],
    on_result: Callable[[Any], None],
    on_error: Callable[[str], None],
    pool: QThreadPool | None = None,
) -> BackgroundJob:
    """Call ``function`` on a pool thread; then ``on_result(value)`` or ``on_error(message)``.

    Both callbacks run on the GUI thread (the relay lives there, so its signals queue).
    """
    relay = _Relay()
    relay.succeeded.connect(on_result)
    relay.failed.connect(on_error)
    (pool or QThreadPool.globalInstance()).start(_Call(function, relay))
    return BackgroundJob(relay)
