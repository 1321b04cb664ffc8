"""How long each running attempt of this host may still go on without the database.

The pool holds a run for ``lease_s`` after the last renewal it saw; past that the
reaper may hand the task to another phone. While the database is away this host can
renew nothing, so a running flow may ride out the outage only until then: its writes
wait for the database inside that window, and fail (retryable) once it has passed.
The agent writes the book (claims, renewals, finishes); the flows' store reads it.
"""

from __future__ import annotations

import threading
import time

# The pool's clock and ours drift a little, and the reaper runs every few seconds:
# stop waiting this long before the lease the pool sees would end.
MARGIN_S = 2.0


class LeaseBook:
    """Run id -> the monotonic time until which its lease surely holds."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._until: dict[int, float] = {}
        self._lease_s: dict[int, float] = {}
        self.closing = threading.Event()  # set on shutdown: nothing waits any more

    def granted(self, run_id: int, lease_s: float) -> None:
        """A run was claimed (its lease starts now)."""
        with self._lock:
            self._lease_s[run_id] = lease_s
            self._until[run_id] = time.monotonic() + lease_s - MARGIN_S

    def renewed(self, run_ids: set[int] | list[int], at: float) -> None:
        """The pool renewed these runs' leases in a step that began at ``at`` (monotonic)."""
        with self._lock:
            for run_id in run_ids:
                lease_s = self._lease_s.get(run_id)
                if lease_s is not None:
                    self._until[run_id] = at + lease_s - MARGIN_S

    def ended(self, run_id: int) -> None:
        """The run's attempt ended; nothing of it waits for the database any more."""
        with self._lock:
            self._until.pop(run_id, None)
            self._lease_s.pop(run_id, None)

    def holds(self, run_id: int) -> bool:
        """True while the run may still wait for the database."""
        if self.closing.is_set():
            return False
        with self._lock:
            until = self._until.get(run_id)
        return until is not None and time.monotonic() < until
