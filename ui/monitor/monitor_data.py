"""What the Schedules and Monitoring views show, as plain values (no database types).

Controllers fill these from the pool; the views word them (states, kinds) in ui/.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime


class Overlap(enum.StrEnum):
    """What a slot does while the schedule's previous batch still runs."""

    SKIP = "skip"
    ALLOW = "allow"
    CANCEL = "cancel"


@dataclass(frozen=True)
class RepeatSpec:
    """The recurrence the new-batch dialog adds to a batch to make it a schedule.

    Texts as typed (``15m``, a cron line, ISO times): the request layer that the
    command line uses checks them, so both refuse the same things.
    """

    every: str | None = None
    cron: str | None = None
    tz: str | None = None
    overlap: Overlap = Overlap.SKIP
    catch_up: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class ScheduleRow:
    """One schedule as the Schedules view lists it."""

    schedule_id: int
    name: str
    flow: str
    every_s: int | None
    cron: str | None
    tz: str
    state: str  # active | paused
    next_run: datetime | None
    last_run: datetime | None = None
    last_outcome: str | None = None  # fired | skipped
    last_reason: str | None = None
    last_batch_id: int | None = None
    last_batch_state: str | None = None  # the pool's batch state code
    last_hits: int | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MonitorRow:
    """One monitor in the Monitoring view's list: a schedule, or one-off batches."""

    schedule_id: int | None
    flow: str
    name: str
    hits: int
    unread: int
    newest_at: datetime | None


@dataclass(frozen=True)
class HitRow:
    """One hit: what was found, when, and whether anyone on the farm has read it."""

    item_id: int
    found_at: datetime
    batch_id: int
    kind: str  # video | comment | reply | counts
    creator: str
    video_key: str
    title: str
    text: str
    keyword: str | None
    read: bool
    data: dict[str, Any] = field(default_factory=dict)
