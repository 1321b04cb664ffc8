"""The simulated apps' shown times read back, through their own profiles' times sections,
to intervals that hold the moment they were written from (every age up to 400 days)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from workers.flows.profiles import BUILTIN_PROFILES, load_profile
from workers.sim.shown_time import absolute_date, relative_zh

NOW = datetime(2026, 1, 1, 0, 30, tzinfo=UTC)  # 08:30 on New Year's Day in Shanghai
AGES = (
    [timedelta(seconds=s) for s in (0, 59, 60, 3599, 3600, 86399, 86400)]
    + [timedelta(minutes=37 * n + n * n) for n in range(0, 1400, 7)]
    + [timedelta(days=d, hours=d % 24) for d in range(1, 400, 3)]
)


@pytest.mark.parametrize(
    ("app", "write"), [("simchannels", relative_zh), ("simvideo", absolute_date)]
)
def test_every_shown_time_reads_back_around_its_moment(app: str, write: object) -> None:
    style = load_profile(BUILTIN_PROFILES / f"{app}.yaml").times
    assert callable(write)
    for age in AGES:
        posted = NOW - age
        shown = write(posted, NOW)
        found = style.parse(shown, NOW)
        assert found is not None, shown
        assert found.contains(posted), (shown, posted, found)


def test_simchannels_writes_as_the_real_app_does() -> None:
    now = datetime(2026, 6, 15, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
    ages = {
        "刚刚": timedelta(seconds=30),
        "5分钟前": timedelta(minutes=5, seconds=59),
        "3小时前": timedelta(hours=3, minutes=59),
        "23小时前": timedelta(hours=23),
        "昨天 11:59": timedelta(hours=24, minutes=1),
        "前天": timedelta(days=2),
        "4天前": timedelta(days=4),
        "5月21日": timedelta(days=25),
        "2025年11月27日": timedelta(days=200),
    }
    assert {relative_zh(now - age, now): age for age in ages.values()} == ages


def test_simvideo_writes_dates_in_shanghai() -> None:
    # 00:30 UTC on Jan 1 is 08:30 in Shanghai: 23:00 UTC the day before is "07:00" today.
    assert absolute_date(datetime(2025, 12, 31, 23, 0, tzinfo=UTC), NOW) == "07:00"
    assert absolute_date(datetime(2025, 12, 31, 15, 59, tzinfo=UTC), NOW) == "2025-12-31"
    june = datetime(2026, 6, 15, 4, 0, tzinfo=UTC)
    assert absolute_date(datetime(2026, 1, 1, 0, 0, tzinfo=UTC), june) == "01-01"
