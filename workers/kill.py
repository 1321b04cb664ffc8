"""A kill: a stop that also force-stops the apps the attempt started, after a short grace.

The flow gets the ordinary stop first and may end at its next step; the apps are
force-stopped when the attempt ends or when the grace runs out, whichever comes
first, exactly once. Doing it before the attempt is reported keeps a new claim on
the same phone from losing its app to an old kill.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)

KILL_GRACE_S = 2.0


class AppKill:
    """Force-stop ``apps()`` once: from a timer after ``grace_s``, or at ``finish()``."""

    def __init__(
        self,
        label: str,
        apps: Callable[[], set[str]],
        force_stop: Callable[[str], None],
        grace_s: float = KILL_GRACE_S,
    ) -> None:
        self.label = label
        self._apps, self._force_stop = apps, force_stop
        self._lock = threading.Lock()
        self._done = False
        self.stopped: list[str] = []
        self.finished = threading.Event()  # set once the apps were force-stopped
        self._timer = threading.Timer(grace_s, self.finish)
        self._timer.daemon = True
        self._timer.start()

    def finish(self) -> None:
        """Force-stop now unless done already; callable from any thread."""
        with self._lock:
            if self._done:
                return
            self._done = True
        self._timer.cancel()
        for package in sorted(self._apps()):
            try:
                self._force_stop(package)
            except Exception as exc:  # noqa: BLE001  (a phone gone mid-kill is no crash)
                log.warning("kill on %s: %s not force-stopped: %s", self.label, package, exc)
            else:
                self.stopped.append(package)
                log.info("kill on %s: force-stopped %s", self.label, package)
        self.finished.set()
