"""A kill force-stops the attempt's apps once: after the grace when the flow is stuck,
at the attempt's end when it stops sooner, never twice."""

from __future__ import annotations

import time

from workers.kill import AppKill


def test_a_stuck_flow_loses_its_app_when_the_grace_runs_out() -> None:
    calls: list[str] = []
    asked = time.monotonic()
    kill = AppKill("phone-1", lambda: {"com.example.app"}, calls.append, grace_s=0.2)
    # Waits for the whole kill, its log line included (a line logged after the test
    # ended went to a closed capture: "Logging error").
    assert kill.finished.wait(5)
    assert 0.15 <= time.monotonic() - asked < 2
    assert calls == ["com.example.app"]


def test_an_attempt_that_ends_first_force_stops_at_once_and_only_once() -> None:
    calls: list[str] = []
    kill = AppKill("phone-1", lambda: {"b.app", "a.app"}, calls.append, grace_s=0.3)
    kill.finish()
    assert calls == ["a.app", "b.app"]
    time.sleep(0.5)  # the timer was cancelled; a late finish does nothing either
    kill.finish()
    assert calls == ["a.app", "b.app"]


def test_a_phone_gone_mid_kill_is_logged_not_raised() -> None:
    def broken(package: str) -> None:
        raise ConnectionError("device offline")

    kill = AppKill("phone-1", lambda: {"a.app"}, broken, grace_s=10)
    kill.finish()
    assert kill.stopped == []
