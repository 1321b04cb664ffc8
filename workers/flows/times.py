"""How an app writes when something was posted, and reading it back as a UTC moment.

Apps write times relative to the moment the screen is looked at ("刚刚", "5分钟前",
"3小时前", "昨天 12:30", "前天", "3天前", "5m", "3h ago", "Yesterday") or as a date in
the phone's time zone ("05-04", "12月7日", "2025-12-30"). An app profile's ``times``
section says which words and date formats its app uses and in which zone it writes
them; ``TimeStyle.parse`` turns a text into a ``PostedTime`` relative to ``now``, the
phone's clock when the screen was read.

A text says a moment only as precisely as it is written: "3天前" is a whole day,
"3小时前" an hour, "刚刚" the last minute. ``PostedTime`` carries that interval
(``earliest`` .. ``latest``, both inclusive: the true moment lies in it), the moment
the text states (``at``) and the unit of precision. Day arithmetic is calendar
arithmetic in the profile's zone ("昨天" is the zone's previous calendar day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Precision(StrEnum):
    """How precisely a shown time places the moment."""

    SECOND = "second"
    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"


_SPAN = {
    Precision.SECOND: timedelta(seconds=1),
    Precision.MINUTE: timedelta(minutes=1),
    Precision.HOUR: timedelta(hours=1),
    Precision.DAY: timedelta(days=1),
    Precision.WEEK: timedelta(weeks=1),
}
_TICK = timedelta(seconds=1)  # moments are whole seconds


@dataclass(frozen=True)
class PostedTime:
    """A shown time read back: the moment it states, its precision and its interval."""

    at: datetime
    precision: Precision
    earliest: datetime
    latest: datetime

    def as_fields(self, prefix: str = "posted") -> dict[str, str]:
        """``posted_at``, ``posted_precision``, ``posted_earliest``, ``posted_latest``."""
        return {
            f"{prefix}_at": iso(self.at),
            f"{prefix}_precision": self.precision.value,
            f"{prefix}_earliest": iso(self.earliest),
            f"{prefix}_latest": iso(self.latest),
        }

    def contains(self, moment: datetime) -> bool:
        """True when ``moment`` (to the second) lies in the interval."""
        second = moment.astimezone(UTC).replace(microsecond=0)
        return self.earliest <= second <= self.latest


def iso(moment: datetime) -> str:
    """A moment as an ISO 8601 UTC timestamp: 2026-01-01T08:00:00Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def empty_fields(prefix: str = "posted") -> dict[str, None]:
    """The fields of a time the item lacks or the profile cannot read: all null."""
    return dict.fromkeys(f"{prefix}_{n}" for n in ("at", "precision", "earliest", "latest"))


DEFAULT_JUST_NOW = ("刚刚", "just now", "now")
DEFAULT_AGO: dict[str, Precision] = {
    "秒前": Precision.SECOND,
    "分钟前": Precision.MINUTE,
    "小时前": Precision.HOUR,
    "天前": Precision.DAY,
    "周前": Precision.WEEK,
    "s": Precision.SECOND,
    "m": Precision.MINUTE,
    "min": Precision.MINUTE,
    "mins": Precision.MINUTE,
    "minute": Precision.MINUTE,
    "minutes": Precision.MINUTE,
    "h": Precision.HOUR,
    "hr": Precision.HOUR,
    "hour": Precision.HOUR,
    "hours": Precision.HOUR,
    "d": Precision.DAY,
    "day": Precision.DAY,
    "days": Precision.DAY,
    "w": Precision.WEEK,
    "week": Precision.WEEK,
    "weeks": Precision.WEEK,
}
DEFAULT_DAYS = {"今天": 0, "昨天": 1, "前天": 2, "today": 0, "yesterday": 1}
DEFAULT_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y年%m月%d日",
    "%Y年%m月%d日 %H:%M",
    "%m-%d %H:%M",
    "%m-%d",
    "%m月%d日 %H:%M",
    "%m月%d日",
    "%H:%M",
)


class TimeStyle(BaseModel):
    """How one app writes times (an app profile's ``times`` section)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zone: str = Field("Asia/Shanghai", description="IANA zone the app writes times in")
    just_now: tuple[str, ...] = Field(DEFAULT_JUST_NOW, description="texts meaning 'this minute'")
    ago: dict[str, Precision] = Field(
        default_factory=lambda: dict(DEFAULT_AGO),
        description="what follows a number in a relative time, and its unit: 分钟前: minute",
    )
    ago_suffix: str = Field("ago", description="an optional English word after the unit")
    days: dict[str, int] = Field(
        default_factory=lambda: dict(DEFAULT_DAYS),
        description="words for a calendar day, days back from today: 昨天: 1 (may add HH:MM)",
    )
    formats: tuple[str, ...] = Field(
        DEFAULT_FORMATS,
        description="strptime formats of absolute times; no %Y: the latest such date not "
        "after now; no date: today (yesterday if that is after now)",
    )

    @field_validator("zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a time zone (e.g. Asia/Shanghai)") from None
        return value

    @field_validator("formats")
    @classmethod
    def _dated_formats(cls, formats: tuple[str, ...]) -> tuple[str, ...]:
        for fmt in formats:
            if not re.search(r"%[dH]", fmt):
                raise ValueError(f"format {fmt!r} needs a day (%d) or a time (%H)")
        return formats

    @field_validator("days")
    @classmethod
    def _days_back(cls, days: dict[str, int]) -> dict[str, int]:
        for word, back in days.items():
            if not 0 <= back <= 31:
                raise ValueError(f"days: {word!r} must be 0 to 31 days back")
        return days

    def parse(self, text: str, now: datetime) -> PostedTime | None:
        """The moment ``text`` states, relative to ``now``; None when it cannot be read."""
        shown = " ".join(text.split())
        if not shown:
            return None
        now = now.astimezone(UTC).replace(microsecond=0)
        for reader in (self._just_now, self._relative, self._day_word, self._absolute):
            found = reader(shown, now)
            if found is not None:
                return found
        return None

    # ----------------------------------------------------------------- readers
    def _just_now(self, shown: str, now: datetime) -> PostedTime | None:
        if shown.casefold() not in {word.casefold() for word in self.just_now}:
            return None
        return PostedTime(now, Precision.MINUTE, now - _SPAN[Precision.MINUTE] + _TICK, now)

    def _relative(self, shown: str, now: datetime) -> PostedTime | None:
        match = _ago_pattern(tuple(self.ago), self.ago_suffix).fullmatch(shown)
        if match is None:
            return None
        unit = self._unit(match["unit"])
        amount = int(match["number"])
        if unit is Precision.DAY:  # calendar days in the zone: "3天前" is that whole day
            return self._day(self._today(now) - timedelta(days=amount), now)
        # "3小时前": at least 3 and under 4 hours ago.
        span = _SPAN[unit]
        at = now - amount * span
        return PostedTime(at, unit, now - (amount + 1) * span + _TICK, at)

    def _unit(self, written: str) -> Precision:
        folded = written.casefold()
        return next(p for word, p in self.ago.items() if word.casefold() == folded)

    def _day_word(self, shown: str, now: datetime) -> PostedTime | None:
        words = "|".join(re.escape(w) for w in sorted(self.days, key=len, reverse=True))
        if not words:
            return None
        match = re.fullmatch(
            rf"(?P<word>{words})(?:\s*(?P<h>\d{{1,2}}):(?P<m>\d{{2}}))?", shown, re.I
        )
        if match is None:
            return None
        back = next(b for w, b in self.days.items() if w.casefold() == match["word"].casefold())
        day = self._today(now) - timedelta(days=back)
        if match["h"] is None:
            return self._day(day, now)
        hour, minute = int(match["h"]), int(match["m"])
        if hour > 23 or minute > 59:
            return None
        return self._minute(datetime(day.year, day.month, day.day, hour, minute), now)

    def _absolute(self, shown: str, now: datetime) -> PostedTime | None:
        local_now = now.astimezone(self._zone())
        for fmt in self.formats:
            found = self._with_format(shown, fmt, local_now, now)
            if found is not None:
                return found
        return None

    def _with_format(
        self, shown: str, fmt: str, local_now: datetime, now: datetime
    ) -> PostedTime | None:
        has_year, has_date = "%Y" in fmt or "%y" in fmt, "%d" in fmt
        candidates: list[tuple[str, str]]
        if has_year:
            candidates = [(shown, fmt)]
        elif has_date:  # the latest such date not after now: this year, else last year
            years = (local_now.year, local_now.year - 1)
            candidates = [(f"{y} {shown}", f"%Y {fmt}") for y in years]
        else:  # a time alone: today, else yesterday
            days = (local_now.date(), local_now.date() - timedelta(days=1))
            candidates = [(f"{d:%Y-%m-%d} {shown}", f"%Y-%m-%d {fmt}") for d in days]
        for candidate, full in candidates:
            try:
                local = datetime.strptime(candidate, full)
            except ValueError:
                continue
            found = self._minute(local, now) if "%H" in fmt else self._day(local.date(), now)
            if has_year or found.earliest <= now:
                return found
        return None

    # ----------------------------------------------------------------- moments
    def _zone(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def _today(self, now: datetime) -> date:
        return now.astimezone(self._zone()).date()

    def _day(self, day: date, now: datetime) -> PostedTime:
        """That whole calendar day in the zone (up to now when it is today)."""
        zone = self._zone()
        start = datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)
        following = day + timedelta(days=1)
        end = datetime(following.year, following.month, following.day, tzinfo=zone)
        latest = min(end.astimezone(UTC) - _TICK, now) if start <= now else end - _TICK
        return PostedTime(start, Precision.DAY, start, latest.astimezone(UTC))

    def _minute(self, local: datetime, now: datetime) -> PostedTime:
        """That minute of the zone's clock."""
        start = local.replace(tzinfo=self._zone()).astimezone(UTC)
        return PostedTime(start, Precision.MINUTE, start, start + _SPAN[Precision.MINUTE] - _TICK)


_PATTERNS: dict[tuple[tuple[str, ...], str], re.Pattern[str]] = {}


def _ago_pattern(units: tuple[str, ...], suffix: str) -> re.Pattern[str]:
    key = (units, suffix)
    pattern = _PATTERNS.get(key)
    if pattern is None:
        alternatives = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
        tail = rf"(?:\s*{re.escape(suffix)})?" if suffix else ""
        pattern = re.compile(rf"(?P<number>\d+)\s*(?P<unit>{alternatives or '(?!)'}){tail}", re.I)
        _PATTERNS[key] = pattern
    return pattern


def parse_time_fields(style: TimeStyle, text: Any, now: datetime | None) -> dict[str, Any]:
    """The ``posted_*`` fields of a shown time (all null when absent or unreadable)."""
    if not isinstance(text, str) or now is None:
        return empty_fields()
    found = style.parse(text, now)
    return empty_fields() if found is None else found.as_fields()
