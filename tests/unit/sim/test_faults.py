"""The fault spec string: what parses, and one clear error naming a bad key or value."""

from __future__ import annotations

import pytest

from workers.sim.faults import Faults, FaultSpecError, parse_faults


def test_parses_the_documented_example() -> None:
    faults = parse_faults("latency_ms=40,offline=0.1,u2_crash=0.05,missing=0.02")
    assert faults == Faults(latency_ms=40, offline=0.1, u2_crash=0.05, missing=0.02)
    assert parse_faults(faults.describe()) == faults
    assert parse_faults("") == parse_faults("none") == Faults()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("bogus=1", "unknown key 'bogus'"),
        ("offline=2", "offline=2 must be a probability"),
        ("offline=-0.1", "offline=-0.1 must be a probability"),
        ("latency_ms=abc", "latency_ms='abc' is not a number"),
        ("latency_ms=nan", "not a finite number"),
        ("latency_ms=99999", "latency_ms=99999 must be between"),
        ("offline", "'offline' is not KEY=VALUE"),
        ("offline=0.1,offline=0.2", "offline is given twice"),
    ],
)
def test_bad_specs_name_the_problem(spec: str, message: str) -> None:
    with pytest.raises(FaultSpecError, match="^faults: ") as caught:
        parse_faults(spec)
    assert message in str(caught.value)


def test_per_second_chance_keeps_the_per_minute_chance() -> None:
    faults = Faults(offline=0.1)
    per_second = faults.per_second("offline")
    assert abs((1 - (1 - per_second) ** 60) - 0.1) < 1e-9
    assert Faults(u2_crash=1.0).per_second("u2_crash") == 1.0
