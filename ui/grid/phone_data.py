"""What the phone grid shows: plain data the controller fills from the pool and devices."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

    from ui.reasons import Said


class PhoneState(enum.StrEnum):
    """What a phone is doing, as the operator reads it on its tile."""

    IDLE = "idle"  # connected, enabled, no task
    RUNNING = "running"  # running a flow
    STOPPING = "stopping"  # a stop was asked; the flow ends at its next step
    STOPPED = "stopped"  # stopped by an operator: takes no work until resumed
    DRAINING = "draining"  # finishes its current task, then takes no more
    OFFLINE = "offline"  # adb lost it (or its host went silent)
    UNAUTHORIZED = "unauthorized"  # USB debugging not yet allowed on the phone
    ERROR = "error"  # the device layer cannot drive it (see last result)


class ResultKind(enum.StrEnum):
    """How a phone's last task ended, as its tile colours and words it."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"  # an error: the flow could not do it
    STOPPED = "stopped"  # cancelled on purpose (an operator's stop): not a failure

    @classmethod
    def of_result(cls, result: str) -> ResultKind:
        """The kind of an attempt's result code: ``succeeded`` or its error class."""
        if result == "succeeded":
            return cls.SUCCEEDED
        if result == "cancelled":  # an operator's stop is not a failure (issue 9)
            return cls.STOPPED
        return cls.FAILED


@dataclass(frozen=True, slots=True)
class PhoneTile:
    """Everything one tile shows except its picture.

    Attributes:
        serial: the phone's serial (ro.serialno), unique in the fleet.
        state: what it is doing.
        label: the operator's name for it (may be Chinese), empty when unset.
        rack_slot: where it sits, e.g. ``A3`` or the USB path ``1-1.2``.
        account: the app account logged in on it, empty when unknown.
        host: the PC it is plugged into.
        flow: the flow it runs now, empty when none.
        step: the flow's current step.
        last_result: how its last finished task ended, as the agent says it:
            ``succeeded`` or an error class (``device``, ``cancelled``...); empty: none yet.
        last_result_flow: the flow of that task.
        last_result_at: when it finished, local time ``HH:MM``.
        last_result_kind: succeeded, failed or stopped (an operator's stop is no
            failure); None: nothing yet.
        last_message: the last attempt's message (a failure's reason), for the tooltip.
        last_reason: that message as a pool reason (code, values) when the pool wrote it,
            worded by ``ui/reasons.py``; None: the worker's own words, shown as reported.
        battery_percent: battery level, None when unknown.
        temperature_c: battery temperature in °C, None when unknown.
        capture_method: how its thumbnails are captured, e.g. ``scrcpy``.
        problem: the last device-class failure of its account (e.g. restricted),
            empty when none since the operator last resumed it.
        problem_code: that failure's code, e.g. ``account_restricted``.
        attention: why the pool drained it and raised it to the operator; empty: none.
        attention_reason: ``attention`` as a pool reason (code, values); None: unknown.
        health_pause: why it takes no new work: ``too_hot`` or ``battery_low``
            (workers.device.health); empty: it takes work.
        run_anyway: an operator let it take work despite ``health_pause``.
    """

    serial: str
    state: PhoneState = PhoneState.IDLE
    label: str = ""
    rack_slot: str = ""
    account: str = ""
    host: str = ""
    flow: str = ""
    step: str = ""
    last_result: str = ""
    last_result_flow: str = ""
    last_result_at: str = ""
    last_result_kind: ResultKind | None = None
    last_message: str = ""
    last_reason: Said | None = None
    battery_percent: int | None = None
    temperature_c: float | None = None
    capture_method: str = ""
    problem: str = ""
    problem_code: str = ""
    attention: str = ""
    attention_reason: Said | None = None
    health_pause: str = ""
    run_anyway: bool = False

    @property
    def title(self) -> str:
        """The name to show first: the label, else the serial."""
        return self.label or self.serial


@dataclass(frozen=True, slots=True)
class TileUpdate:
    """A change to one tile. Producers send many; the model coalesces them.

    Attributes:
        serial: the phone.
        tile: its whole new state; None leaves the state as it is.
        thumbnail: its newest picture; None keeps the current one. A ``QImage`` may be
            built in any thread (a ``QPixmap`` may not).
        removed: the phone left the fleet; its tile goes away.
    """

    serial: str
    tile: PhoneTile | None = None
    thumbnail: QImage | None = None
    removed: bool = False

    def __post_init__(self) -> None:
        if self.tile is not None and self.tile.serial != self.serial:
            raise ValueError(f"update for {self.serial} carries the tile of {self.tile.serial}")


@dataclass(frozen=True, slots=True)
class PoolSummary:
    """The task counts in the grid's summary line."""

    running: int = 0
    queued: int = 0
    failed_last_hour: int = 0


@dataclass(frozen=True, slots=True)
class TileThresholds:
    """When a tile warns: battery below ``battery_percent``, temperature above ``temperature_c``."""

    battery_percent: int = 20
    temperature_c: float = 42.0

    def battery_low(self, tile: PhoneTile) -> bool:
        """True when the battery level is known and below the threshold."""
        return tile.battery_percent is not None and tile.battery_percent < self.battery_percent

    def too_hot(self, tile: PhoneTile) -> bool:
        """True when the temperature is known and above the threshold."""
        return tile.temperature_c is not None and tile.temperature_c > self.temperature_c
