"""Plain values monitoring takes and returns (no SQLAlchemy type crosses this line)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from db.monitor.models import Overlap, ScheduleState, SlotKind, SlotOutcome
from db.pool.values import iso

if TYPE_CHECKING:
    from datetime import datetime

    from db.pool.values import BatchSpec

DEFAULT_CATCH_UP_S = 300


@dataclass(frozen=True)
class ScheduleSpec:
    """A schedule to add: the batch template and its recurrence.

    Attributes:
        every_s: a slot every this many seconds (aligned to ``start``, else to the
            Unix epoch, so 15 minutes falls on :00, :15, :30, :45); or
        cron: a five-field cron expression, evaluated in ``tz``.
        tz: an IANA time zone; None is this PC's.
        overlap: what a slot does while the previous batch still runs.
        catch_up_s: after every PC was off, the newest missed slot still fires if it
            is at most this old; older ones are recorded as skipped.
    """

    template: BatchSpec
    every_s: int | None = None
    cron: str | None = None
    tz: str | None = None
    overlap: Overlap = Overlap.SKIP
    catch_up_s: int = DEFAULT_CATCH_UP_S
    start: datetime | None = None
    end: datetime | None = None
    name: str | None = None
    created_by: str = "operator"


@dataclass(frozen=True)
class SlotInfo:
    """One slot: when, fired or skipped (and why), and the batch it submitted."""

    schedule_id: int
    slot_at: datetime
    kind: SlotKind
    outcome: SlotOutcome
    reason: str | None
    batch_id: int | None
    host_name: str | None
    recorded_at: datetime | None = None
    batch_state: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape of a slot."""
        return {
            "schedule": self.schedule_id,
            "time": iso(self.slot_at),
            "kind": self.kind.value,
            "outcome": self.outcome.value,
            "reason": self.reason,
            "batch": self.batch_id,
            "batch_state": self.batch_state,
            "host": self.host_name,
            "recorded_at": iso(self.recorded_at),
        }


@dataclass(frozen=True)
class ScheduleInfo:
    """A schedule as ``schedule list/show`` and the console show it."""

    id: int
    name: str | None
    flow: str
    params: dict[str, Any]
    mode: str
    priority: int
    every_s: int | None
    cron: str | None
    tz: str
    overlap: Overlap
    catch_up_s: int
    start: datetime | None
    end: datetime | None
    state: ScheduleState
    next_run: datetime | None
    created_by: str
    created_at: datetime | None
    last_slot: SlotInfo | None = None
    last_hits: int | None = None  # output items of the last fired batch
    slots: list[SlotInfo] = field(default_factory=list)

    def to_json(self, with_slots: bool = False) -> dict[str, Any]:
        """The documented JSON shape of a schedule."""
        doc: dict[str, Any] = {
            "schedule": self.id,
            "name": self.name,
            "flow": self.flow,
            "params": self.params,
            "mode": self.mode,
            "priority": self.priority,
            "every_s": self.every_s,
            "cron": self.cron,
            "tz": self.tz,
            "overlap": self.overlap.value,
            "catch_up_s": self.catch_up_s,
            "start": iso(self.start),
            "end": iso(self.end),
            "state": self.state.value,
            "next_run": iso(self.next_run),
            "last_run": self.last_slot.to_json() if self.last_slot else None,
            "last_hits": self.last_hits,
            "created_by": self.created_by,
            "created_at": iso(self.created_at),
        }
        if with_slots:
            doc["slots"] = [slot.to_json() for slot in self.slots]
        return doc
