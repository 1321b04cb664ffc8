"""When a phone is too hot or too low on battery for new work, and when it recovers.

The rule has hysteresis: a phone paused at the pause level takes work again only once
it is past the resume level, so a phone hovering at the edge does not flap.
"""

from __future__ import annotations

import pytest

from workers.device.health import BATTERY_LOW, TOO_HOT, DeviceHealth, HealthLimits, health_pause

LIMITS = HealthLimits(
    pause_temp_c=45.0, pause_battery=10, resume_cooler_c=3.0, resume_battery_points=5
)


def reading(temp: float | None = 30.0, battery: int | None = 80) -> DeviceHealth:
    return DeviceHealth(battery, temp, False, True, True, 1000, "10.0.0.2", 0.0)


@pytest.mark.parametrize(
    ("temp", "was", "now"),
    [
        (45.0, None, None),  # at the pause level, not above it: still takes work
        (45.1, None, TOO_HOT),
        (44.0, TOO_HOT, TOO_HOT),  # under the pause level, not yet 3 °C cooler
        (42.1, TOO_HOT, TOO_HOT),
        (42.0, TOO_HOT, None),  # 3 °C cooler: recovered
        (44.0, None, None),  # never paused: 44 °C is fine
        (44.0, BATTERY_LOW, None),  # the temperature's own hysteresis is not borrowed
    ],
)
def test_temperature_hysteresis_at_the_edges(temp: float, was: str | None, now: str | None) -> None:
    assert health_pause(reading(temp=temp), LIMITS, was) == now


@pytest.mark.parametrize(
    ("battery", "was", "now"),
    [
        (10, None, None),  # at the pause level, not below it
        (9, None, BATTERY_LOW),
        (12, BATTERY_LOW, BATTERY_LOW),  # charging, but not yet 5 points above
        (14, BATTERY_LOW, BATTERY_LOW),
        (15, BATTERY_LOW, None),
        (12, None, None),
    ],
)
def test_battery_hysteresis_at_the_edges(battery: int, was: str | None, now: str | None) -> None:
    assert health_pause(reading(battery=battery), LIMITS, was) == now


def test_a_hot_phone_low_on_battery_is_paused_as_hot_first() -> None:
    assert health_pause(reading(temp=50.0, battery=5), LIMITS, None) == TOO_HOT
    # Cooled down, still flat: the reason changes, the pause holds.
    assert health_pause(reading(temp=30.0, battery=5), LIMITS, TOO_HOT) == BATTERY_LOW


def test_missing_readings_never_pause_and_zero_battery_limit_is_off() -> None:
    assert health_pause(reading(temp=None, battery=None), LIMITS, TOO_HOT) is None
    no_battery_rule = HealthLimits(pause_battery=0)
    assert health_pause(reading(battery=0), no_battery_rule, None) is None
