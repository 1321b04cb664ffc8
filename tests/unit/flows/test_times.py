"""Reading shown times back ("3小时前", "昨天 12:30", "05-04", "3h ago") at a fixed phone time.

Asia/Shanghai is UTC+8 all year (no DST): 08:00 there is 00:00 UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from workers.flows.times import Precision, TimeStyle, parse_time_fields

STYLE = TimeStyle()
# 2026-01-01 08:30:00 in Shanghai: a year, month and day boundary just behind it.
NEW_YEAR = datetime(2026, 1, 1, 0, 30, tzinfo=UTC)
# 2026-01-02 01:00 in Shanghai, still 2026-01-01 in UTC: the zone decides "yesterday".
PAST_MIDNIGHT = datetime(2026, 1, 1, 17, 0, tzinfo=UTC)
# 2028-03-01 09:00 in Shanghai, after a leap day.
LEAP = datetime(2028, 3, 1, 1, 0, tzinfo=UTC)

M, H, D, W = Precision.MINUTE, Precision.HOUR, Precision.DAY, Precision.WEEK
CASES = [
    # text, now, (at, precision, earliest, latest) in UTC
    ("刚刚", NEW_YEAR, ("2026-01-01T00:30:00", M, "2026-01-01T00:29:01", "2026-01-01T00:30:00")),
    ("5分钟前", NEW_YEAR, ("2026-01-01T00:25:00", M, "2026-01-01T00:24:01", "2026-01-01T00:25:00")),
    ("3小时前", NEW_YEAR, ("2025-12-31T21:30:00", H, "2025-12-31T20:30:01", "2025-12-31T21:30:00")),
    (
        "昨天 12:30",
        NEW_YEAR,
        ("2025-12-31T04:30:00", M, "2025-12-31T04:30:00", "2025-12-31T04:30:59"),
    ),
    ("昨天", NEW_YEAR, ("2025-12-30T16:00:00", D, "2025-12-30T16:00:00", "2025-12-31T15:59:59")),
    ("前天", NEW_YEAR, ("2025-12-29T16:00:00", D, "2025-12-29T16:00:00", "2025-12-30T15:59:59")),
    ("3天前", NEW_YEAR, ("2025-12-28T16:00:00", D, "2025-12-28T16:00:00", "2025-12-29T15:59:59")),
    ("2周前", NEW_YEAR, ("2025-12-18T00:30:00", W, "2025-12-11T00:30:01", "2025-12-18T00:30:00")),
    # no year: the latest such date not after now (last year, across the boundary)
    ("12-31", NEW_YEAR, ("2025-12-30T16:00:00", D, "2025-12-30T16:00:00", "2025-12-31T15:59:59")),
    ("05-04", NEW_YEAR, ("2025-05-03T16:00:00", D, "2025-05-03T16:00:00", "2025-05-04T15:59:59")),
    ("12月7日", NEW_YEAR, ("2025-12-06T16:00:00", D, "2025-12-06T16:00:00", "2025-12-07T15:59:59")),
    ("1月1日", NEW_YEAR, ("2025-12-31T16:00:00", D, "2025-12-31T16:00:00", "2026-01-01T00:30:00")),
    (
        "2025-12-30",
        NEW_YEAR,
        ("2025-12-29T16:00:00", D, "2025-12-29T16:00:00", "2025-12-30T15:59:59"),
    ),
    (
        "2024年2月29日",
        NEW_YEAR,
        ("2024-02-28T16:00:00", D, "2024-02-28T16:00:00", "2024-02-29T15:59:59"),
    ),
    (
        "12-30 23:59",
        NEW_YEAR,
        ("2025-12-30T15:59:00", M, "2025-12-30T15:59:00", "2025-12-30T15:59:59"),
    ),
    # a time alone: today, or yesterday when today's would be ahead of now
    ("08:00", NEW_YEAR, ("2026-01-01T00:00:00", M, "2026-01-01T00:00:00", "2026-01-01T00:00:59")),
    ("21:15", NEW_YEAR, ("2025-12-31T13:15:00", M, "2025-12-31T13:15:00", "2025-12-31T13:15:59")),
    # the zone's calendar, not UTC's: 01:00 on Jan 2 in Shanghai
    (
        "昨天",
        PAST_MIDNIGHT,
        ("2025-12-31T16:00:00", D, "2025-12-31T16:00:00", "2026-01-01T15:59:59"),
    ),
    (
        "今天",
        PAST_MIDNIGHT,
        ("2026-01-01T16:00:00", D, "2026-01-01T16:00:00", "2026-01-01T17:00:00"),
    ),
    (
        "1天前",
        PAST_MIDNIGHT,
        ("2025-12-31T16:00:00", D, "2025-12-31T16:00:00", "2026-01-01T15:59:59"),
    ),
    # month boundary and a leap day
    ("昨天", LEAP, ("2028-02-28T16:00:00", D, "2028-02-28T16:00:00", "2028-02-29T15:59:59")),
    ("02-29", LEAP, ("2028-02-28T16:00:00", D, "2028-02-28T16:00:00", "2028-02-29T15:59:59")),
    ("2天前", LEAP, ("2028-02-27T16:00:00", D, "2028-02-27T16:00:00", "2028-02-28T15:59:59")),
    # English
    ("5m", NEW_YEAR, ("2026-01-01T00:25:00", M, "2026-01-01T00:24:01", "2026-01-01T00:25:00")),
    ("3h ago", NEW_YEAR, ("2025-12-31T21:30:00", H, "2025-12-31T20:30:01", "2025-12-31T21:30:00")),
    (
        "2 days ago",
        NEW_YEAR,
        ("2025-12-29T16:00:00", D, "2025-12-29T16:00:00", "2025-12-30T15:59:59"),
    ),
    (
        "Yesterday",
        NEW_YEAR,
        ("2025-12-30T16:00:00", D, "2025-12-30T16:00:00", "2025-12-31T15:59:59"),
    ),
    (
        "Just now",
        NEW_YEAR,
        ("2026-01-01T00:30:00", M, "2026-01-01T00:29:01", "2026-01-01T00:30:00"),
    ),
    (
        "  5 分钟前 ",
        NEW_YEAR,
        ("2026-01-01T00:25:00", M, "2026-01-01T00:24:01", "2026-01-01T00:25:00"),
    ),
]


@pytest.mark.parametrize(("text", "now", "expected"), CASES, ids=[c[0] for c in CASES])
def test_shown_time_reads_back_with_its_precision(
    text: str, now: datetime, expected: tuple[str, Precision, str, str]
) -> None:
    found = STYLE.parse(text, now)
    assert found is not None
    at, precision, earliest, latest = expected
    assert found.as_fields() == {
        "posted_at": at + "Z",
        "posted_precision": precision.value,
        "posted_earliest": earliest + "Z",
        "posted_latest": latest + "Z",
    }


@pytest.mark.parametrize("text", ["", "上个月", "13-45", "昨天 25:00", "02-30", "abc", "3个月前"])
def test_unreadable_text_gives_null_fields_not_an_error(text: str) -> None:
    assert STYLE.parse(text, NEW_YEAR) is None
    assert parse_time_fields(STYLE, text, NEW_YEAR) == {
        "posted_at": None,
        "posted_precision": None,
        "posted_earliest": None,
        "posted_latest": None,
    }


def test_a_missing_field_or_unknown_phone_time_gives_null_fields() -> None:
    assert parse_time_fields(STYLE, None, NEW_YEAR)["posted_at"] is None
    assert parse_time_fields(STYLE, "刚刚", None)["posted_at"] is None


def test_a_profile_writes_its_own_words_and_zone() -> None:
    style = TimeStyle(
        zone="Europe/Berlin",
        just_now=("jetzt",),
        ago={"Std.": H},
        days={"gestern": 1},
        formats=("%d.%m.%Y",),
    )
    now = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)  # 14:00 in Berlin (summer time)
    assert style.parse("jetzt", now) is not None
    hours = style.parse("2 Std.", now)
    assert hours is not None
    assert hours.at == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    yesterday = style.parse("gestern", now)
    assert yesterday is not None
    assert yesterday.at == datetime(2026, 6, 29, 22, 0, tzinfo=UTC)
    assert style.parse("刚刚", now) is None  # not this app's word
    assert style.parse("30.06.2026", now) == yesterday


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"zone": "Mars/Olympus"}, "is not a time zone"),
        ({"formats": ["%Y-%m"]}, r"needs a day \(%d\) or a time \(%H\)"),
        ({"days": {"昨天": -1}}, "must be 0 to 31 days back"),
        ({"ago": {"分钟前": "fortnight"}}, "ago.分钟前"),
        ({"style": "chinese"}, "style"),
    ],
)
def test_a_bad_times_section_is_refused(section: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        TimeStyle.model_validate(section)
