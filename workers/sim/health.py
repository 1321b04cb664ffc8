"""Battery, temperature and storage of a simulated phone: per phone, drifting slowly."""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field

STORAGE_TOTAL_MB = 57_344  # a "64 GB" phone as df reports it


@dataclass
class Health:
    """Health readings that differ per phone and change slowly with time.

    Each value can be pinned with an override (tests set a low battery or a hot phone);
    otherwise battery drains about 1 % per 6 minutes (charging phones gain), and the
    temperature wanders by about a degree around the phone's own base value.
    """

    seed: int
    index: int
    started: float = field(default_factory=time.monotonic)
    battery_override: int | None = None
    temperature_override: float | None = None
    storage_free_override: int | None = None

    def __post_init__(self) -> None:
        rng = random.Random(f"health:{self.seed}:{self.index}")
        self._battery_start = rng.randint(35, 98)
        self._charging = rng.random() < 0.25
        self._temperature_base = round(rng.uniform(27.0, 36.0), 1)
        self._storage_base_mb = rng.randint(3_000, 40_000)
        self._phase = rng.uniform(0, 2 * math.pi)

    def _minutes(self) -> float:
        return (time.monotonic() - self.started) / 60.0

    @property
    def charging(self) -> bool:
        """True when the phone sits on a charger (USB powered)."""
        return self._charging

    def battery_level(self) -> int:
        """Percent, 1..100."""
        if self.battery_override is not None:
            return self.battery_override
        change = self._minutes() / 6.0
        level = self._battery_start + (change if self._charging else -change)
        return int(max(1, min(100, level)))

    def temperature_c(self) -> float:
        """Battery temperature in degrees Celsius, one decimal."""
        if self.temperature_override is not None:
            return self.temperature_override
        wave = math.sin(self._minutes() / 3.0 + self._phase)
        return round(self._temperature_base + wave, 1)

    def storage_free_mb(self, used_bytes: int) -> int:
        """Free space on /data in MiB, less what was pushed to the phone."""
        if self.storage_free_override is not None:
            return self.storage_free_override
        return max(0, self._storage_base_mb - used_bytes // (1024 * 1024))
