"""Faults of simulated phones: the fleet spec string and the per-phone settings."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

# Probability keys are per phone per minute of activity; the rest are plain numbers.
PROBABILITY_KEYS = ("offline", "u2_crash", "missing", "network_off", "overheat")
NUMBER_KEYS = {
    "latency_ms": (0.0, 10_000.0),
    "offline_seconds": (0.5, 300.0),
    "missing_seconds": (0.5, 3600.0),
    "network_off_seconds": (0.5, 3600.0),
    "overheat_seconds": (0.5, 3600.0),
    "overheat_c": (30.0, 90.0),
}


class FaultSpecError(ValueError):
    """A fault spec string is malformed; the message names the bad key or value."""


@dataclass(frozen=True)
class Faults:
    """What can go wrong on a phone, and how often.

    Attributes:
        latency_ms: added to every reply (shell, sync, HTTP).
        offline: chance per minute of activity that the phone drops off the bus.
        u2_crash: chance per minute of activity that the uiautomator2 server dies.
        missing: chance per minute of activity that a UI element stops appearing.
        network_off: chance per minute of activity that the phone loses its data
            connection (the app shows its network-error notice; adb still works).
        offline_seconds: how long an offline spell lasts before the phone returns.
        missing_seconds: how long a withheld element stays missing.
        network_off_seconds: how long the data connection stays down.
        overheat: chance per minute of activity that the battery runs hot (a phone
            farm's summer afternoon), to ``overheat_c`` for ``overheat_seconds``.
    """

    latency_ms: float = 0.0
    offline: float = 0.0
    u2_crash: float = 0.0
    missing: float = 0.0
    network_off: float = 0.0
    offline_seconds: float = 4.0
    missing_seconds: float = 20.0
    network_off_seconds: float = 10.0
    overheat: float = 0.0
    overheat_seconds: float = 60.0
    overheat_c: float = 50.0

    def per_second(self, key: str) -> float:
        """The chance that the fault fires in one second of activity."""
        per_minute: float = getattr(self, key)
        # 1 - (1 - p)^(1/60): the same per-minute chance spread over 60 independent ticks.
        return 1.0 - math.pow(1.0 - min(per_minute, 1.0), 1.0 / 60.0)

    def describe(self) -> str:
        """The spec string that parses back to these faults (defaults left out)."""
        defaults = Faults()
        parts = [
            f"{f.name}={_format(getattr(self, f.name))}"
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(defaults, f.name)
        ]
        return ",".join(parts) or "none"


def _format(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _parse_value(key: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise FaultSpecError(f"faults: {key}={raw!r} is not a number") from None
    if not math.isfinite(value):
        raise FaultSpecError(f"faults: {key}={raw!r} is not a finite number")
    if key in PROBABILITY_KEYS and not 0.0 <= value <= 1.0:
        raise FaultSpecError(
            f"faults: {key}={raw} must be a probability per minute between 0 and 1"
        )
    if key in NUMBER_KEYS:
        low, high = NUMBER_KEYS[key]
        if not low <= value <= high:
            raise FaultSpecError(
                f"faults: {key}={raw} must be between {_format(low)} and {_format(high)}"
            )
    return value


def parse_faults(spec: str | None) -> Faults:
    """Parse 'latency_ms=40,offline=0.1,u2_crash=0.05,missing=0.02' ('' or 'none': no faults).

    Raises FaultSpecError naming the first bad key or value.
    """
    spec = (spec or "").strip()
    if spec in ("", "none"):
        return Faults()
    known = (*NUMBER_KEYS, *PROBABILITY_KEYS)
    values: dict[str, float] = {}
    for item in spec.split(","):
        key, sep, raw = item.strip().partition("=")
        key = key.strip()
        if not sep or not key or not raw.strip():
            raise FaultSpecError(f"faults: {item.strip()!r} is not KEY=VALUE")
        if key not in known:
            raise FaultSpecError(f"faults: unknown key {key!r} (known: {', '.join(sorted(known))})")
        if key in values:
            raise FaultSpecError(f"faults: {key} is given twice")
        values[key] = _parse_value(key, raw.strip())
    return Faults(**values)
