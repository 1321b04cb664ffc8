"""When a schedule's slots fall: every N seconds, or a cron expression in a time zone.

Cron expressions are evaluated by cronsim (healthchecks.io's evaluator): five fields,
names, ranges, steps, ``L`` and ``#``, and the daylight-saving rules of Debian's cron,
which a hand-written matcher would get wrong around the clock changes.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cronsim import CronSim, CronSimError

from db.pool.errors import InvalidRequest, Refused

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MIN_EVERY_S = 1
MAX_EVERY_S = 366 * 86_400


def local_zone_name() -> str:
    """This PC's IANA time zone (TZ, /etc/timezone or /etc/localtime), else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    try:
        target = str(Path("/etc/localtime").resolve())
        candidates.append(target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else "")
    except OSError:
        pass
    for name in candidates:
        if name and _zone_or_none(name) is not None:
            return name
    return "UTC"


def _zone_or_none(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone(name: str) -> ZoneInfo:
    """The time zone called ``name``; refused with the field named when unknown."""
    found = _zone_or_none(name)
    if found is None:
        raise InvalidRequest(
            f"tz: unknown time zone {name!r} (e.g. Asia/Shanghai, UTC)",
            Refused.NOT_ONE_OF,
            field="tz",
            value=name,
            choices="Asia/Shanghai, UTC",
        )
    return found


@dataclass(frozen=True)
class Recurrence:
    """Every ``every_s`` seconds (aligned to ``start`` or to the Unix epoch), or ``cron``."""

    every_s: int | None
    cron: str | None
    tz: str
    start: datetime | None = None
    end: datetime | None = None

    def check(self) -> None:
        """Refuse a recurrence that cannot produce slots, naming the field."""
        if (self.every_s is None) == (self.cron is None):
            raise InvalidRequest(
                "recurrence: give exactly one of every or cron",
                Refused.FIELD_NEEDED,
                field="recurrence",
            )
        if self.every_s is not None and not MIN_EVERY_S <= self.every_s <= MAX_EVERY_S:
            raise InvalidRequest(
                f"every: must be 1 second to 366 days, got {self.every_s} s",
                Refused.OUT_OF_RANGE,
                field="every",
                value=f"{self.every_s} s",
                low="1 s",
                high="366 d",
            )
        zone(self.tz)
        if self.cron is not None:
            try:
                CronSim(self.cron, datetime.now(zone(self.tz)))
            except CronSimError as exc:
                raise InvalidRequest(
                    f"cron: {self.cron!r} is not a cron expression ({exc})",
                    Refused.BAD_CRON,
                    cron=self.cron,
                ) from None
        if self.start and self.end and self.end <= self.start:
            raise InvalidRequest("end: must be after start", Refused.END_BEFORE_START)

    def next_after(self, moment: datetime) -> datetime | None:
        """The first slot strictly after ``moment`` within start..end; None when none."""
        if self.start is not None and moment < self.start:
            moment = self.start - timedelta(microseconds=1)
        slot = self._every_after(moment) if self.every_s is not None else self._cron_after(moment)
        if self.end is not None and slot > self.end:
            return None
        return slot

    def latest_at_or_before(self, moment: datetime) -> datetime | None:
        """The last slot at or before ``moment`` (within start..end); None when none."""
        if self.end is not None and moment > self.end:
            moment = self.end
        if self.every_s is not None:
            anchor = self.start or EPOCH
            if moment < anchor:
                return None
            steps = int((moment - anchor).total_seconds() // self.every_s)
            return anchor + timedelta(seconds=steps * self.every_s)
        assert self.cron is not None
        local = moment.astimezone(zone(self.tz)) + timedelta(microseconds=1)
        slot = next(iter(CronSim(self.cron, local, reverse=True))).astimezone(UTC)
        if self.start is not None and slot < self.start:
            return None
        return slot

    def _every_after(self, moment: datetime) -> datetime:
        assert self.every_s is not None
        anchor = self.start or EPOCH
        if moment < anchor:
            return anchor
        steps = int((moment - anchor).total_seconds() // self.every_s) + 1
        return anchor + timedelta(seconds=steps * self.every_s)

    def _cron_after(self, moment: datetime) -> datetime:
        assert self.cron is not None
        local = moment.astimezone(zone(self.tz))
        for slot in CronSim(self.cron, local):
            if slot.astimezone(UTC) > moment:
                return slot.astimezone(UTC)
        raise InvalidRequest(
            f"cron: {self.cron!r} never matches", Refused.BAD_CRON, cron=self.cron
        )  # pragma: no cover

    def slots_between(self, after: datetime, until: datetime, limit: int) -> list[datetime]:
        """Slots in (after, until], oldest first, at most ``limit``."""
        slots: list[datetime] = []
        slot = self.next_after(after)
        while slot is not None and slot <= until and len(slots) < limit:
            slots.append(slot)
            slot = self.next_after(slot)
        return slots
