"""Typed ORM models of monitoring: schedules, their slots, and the seen-store."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.clock import db_now
from db.models import Base, str_enum
from db.types import UtcDateTime

KEY_LENGTH = 191  # the longest indexable utf8mb4 VARCHAR on older InnoDB row formats


class ScheduleState(enum.StrEnum):
    """Whether a schedule fires."""

    ACTIVE = "active"
    PAUSED = "paused"
    REMOVED = "removed"


class Overlap(enum.StrEnum):
    """What a slot does while the schedule's previous batch is still going."""

    SKIP = "skip"  # record the slot as skipped (the default)
    ALLOW = "allow"  # submit anyway; both run
    CANCEL = "cancel"  # stop the previous batch, then submit


class SlotOutcome(enum.StrEnum):
    """What became of a slot."""

    FIRED = "fired"
    SKIPPED = "skipped"


class SlotKind(enum.StrEnum):
    """A slot of the recurrence, or one an operator asked for (run now)."""

    SCHEDULED = "scheduled"
    MANUAL = "manual"


class MonitorSchedule(Base):
    """A batch template plus a recurrence."""

    __tablename__ = "monitor_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(128))
    flow: Mapped[str] = mapped_column(String(64))
    spec_json: Mapped[str] = mapped_column(Text)  # the batch template (db.monitor.template)
    every_s: Mapped[int | None] = mapped_column(Integer)
    cron: Mapped[str | None] = mapped_column(String(120))
    tz: Mapped[str] = mapped_column(String(64))
    overlap: Mapped[Overlap] = mapped_column(str_enum(Overlap, "schedule_overlap"))
    catch_up_s: Mapped[int] = mapped_column(Integer)
    start_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    end_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    state: Mapped[ScheduleState] = mapped_column(str_enum(ScheduleState, "schedule_state"))
    next_run_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # None: ended
    last_batch_id: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())

    __table_args__ = (Index(None, "state", "next_run_at"),)


class MonitorSlot(Base):
    """One slot of a schedule: fired (with its batch) or skipped (with why).

    The unique (schedule, slot) key is what makes a slot fire once across every PC:
    the agent whose insert commits first submits the batch in that transaction.
    """

    __tablename__ = "monitor_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("monitor_schedules.id"))
    slot_at: Mapped[datetime] = mapped_column(UtcDateTime())
    kind: Mapped[SlotKind] = mapped_column(str_enum(SlotKind, "slot_kind"))
    outcome: Mapped[SlotOutcome] = mapped_column(str_enum(SlotOutcome, "slot_outcome"))
    reason: Mapped[str | None] = mapped_column(String(255))
    batch_id: Mapped[int | None] = mapped_column(Integer)
    host_name: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())

    __table_args__ = (
        Index(None, "schedule_id", "slot_at", unique=True),
        Index(None, "batch_id"),
    )


class MonitorSeen(Base):
    """An item a monitor has seen: first and last time, and the run that first saw it.

    ``value`` is what the monitor last saw of it (e.g. "comments/likes" counts): an
    item with a new value is news again. ``label`` is a readable name (a title),
    so "was this title already collected" is one indexed look-up.
    """

    __tablename__ = "monitor_seen"

    monitor: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    item_key: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))
    label: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    first_run_id: Mapped[int | None] = mapped_column(Integer)
    first_batch_id: Mapped[int | None] = mapped_column(Integer)
    last_run_id: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index(None, "label"), Index(None, "item_key"))


class MonitorHitRead(Base):
    """A monitor hit an operator has read (the console's unread marks).

    Shared by the whole farm, not kept per console: operators on several PCs watch the
    same monitors in shifts, and a hit one of them has opened is handled for all.
    A hit is an output item of a monitor flow, so the item's id is the key.
    """

    __tablename__ = "monitor_hit_reads"

    item_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    read_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())
    read_by: Mapped[str] = mapped_column(String(128))
