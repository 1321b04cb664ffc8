"""Simulated time for the simulated phones: an epoch, a speed, and jumps a test makes.

SimVideo's content is a function of (seed, time); the clock says which time a fleet
shows. ``speed`` simulated seconds pass per real second (0 freezes the content;
3600 runs an hour a second); ``advance`` and ``set`` jump, for tests.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

# SimVideo's content before this moment is fixed (the seed's base catalog); what is
# posted afterwards is generated hour by hour from the seed.
ORIGIN = datetime(2026, 1, 1, tzinfo=UTC)


class SimClock:
    """Thread-safe simulated wall clock (UTC)."""

    def __init__(self, epoch: datetime = ORIGIN, speed: float = 0.0) -> None:
        if speed < 0:
            raise ValueError(f"speed must not be negative, got {speed}")
        self._lock = threading.Lock()
        self._anchor = _utc(epoch)
        self._anchor_real = time.monotonic()
        self._speed = float(speed)

    @property
    def speed(self) -> float:
        """Simulated seconds per real second."""
        return self._speed

    def now(self) -> datetime:
        """The simulated time now."""
        with self._lock:
            return self._now_locked()

    def _now_locked(self) -> datetime:
        elapsed = (time.monotonic() - self._anchor_real) * self._speed
        return self._anchor + timedelta(seconds=elapsed)

    def advance(self, seconds: float) -> datetime:
        """Jump forward (or back, with a negative number); return the new time."""
        with self._lock:
            self._rebase(self._now_locked() + timedelta(seconds=seconds))
            return self._anchor

    def set(self, moment: datetime) -> None:
        """Jump to a moment."""
        with self._lock:
            self._rebase(_utc(moment))

    def set_speed(self, speed: float) -> None:
        """Change the speed from now on (0 freezes)."""
        if speed < 0:
            raise ValueError(f"speed must not be negative, got {speed}")
        with self._lock:
            self._rebase(self._now_locked())
            self._speed = float(speed)

    def _rebase(self, moment: datetime) -> None:
        self._anchor, self._anchor_real = moment, time.monotonic()


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC)
