"""Times as the operator reads them: the local time zone, 24-hour, the locale's dates."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt


def local_minute(moment: dt.datetime) -> str:
    """``2026-12-01 21:05`` in local time (stored times are UTC; ISO order reads the same
    in Chinese and English and sorts as text)."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def local_second(moment: dt.datetime) -> str:
    """``2026-12-01 21:05:09`` in local time."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def local_time_of_day(moment: dt.datetime) -> str:
    """``21:05:09`` in local time."""
    return moment.astimezone().strftime("%H:%M:%S")
