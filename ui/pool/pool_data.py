"""What the task-pool editor shows and emits: plain data the controller maps to the pool.

No Qt here: the spreadsheet import and the controller use these types too.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from ui.monitor.monitor_data import RepeatSpec

PRIORITY_MIN, PRIORITY_MAX, PRIORITY_DEFAULT = 0, 9, 5  # 0 is the most urgent (the pool's)
MAX_ATTEMPTS_LIMIT = 100
NAME_MAX_LENGTH = 128  # tp_batch.name


class Mode(enum.StrEnum):
    """How a batch's tasks are shared out (the same words as the pool's ``Mode``)."""

    EACH_DEVICE = "each-device"  # one task per targeted phone or account
    POOL = "pool"  # ``count`` tasks; any free phone takes the next one
    SPREAD = "spread"  # ``count`` tasks spread evenly over distinct accounts


class BatchState(enum.StrEnum):
    """Where a batch is in its life (the same words as the pool's ``BatchState``)."""

    WAITING = "waiting"  # runs after another batch that has not completed yet
    ACTIVE = "active"
    PAUSED = "paused"
    STOPPED = "stopped"  # stopped by an operator (or its upstream failed)
    COMPLETED = "completed"

    @property
    def finished(self) -> bool:
        """True once nothing more will run."""
        return self in (BatchState.STOPPED, BatchState.COMPLETED)


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One batch as the editor lists it.

    Attributes:
        batch_id: the batch's id.
        name: the operator's name for it.
        flow: the flow its tasks run.
        mode: how its tasks are shared out.
        priority: lower runs first.
        state: where it is in its life.
        done, failed, running, queued: how many of its tasks are in each condition.
        cancelled: tasks stopped on purpose (an operator, or a stopped upstream): not
            failures, and not retried with the failed ones unless asked.
        created_by: who started it.
        created_at: when (timezone-aware).
        upstream: the batches whose output items feed this one (a pipeline).
        downstream: the batches this one's items feed.
        params: the parameters its tasks share (a batch run after it starts from them).
    """

    batch_id: int
    name: str
    flow: str
    mode: Mode
    priority: int
    state: BatchState
    done: int
    failed: int
    running: int
    queued: int
    created_by: str
    created_at: dt.datetime
    upstream: tuple[int, ...] = ()
    downstream: tuple[int, ...] = ()
    cancelled: int = 0
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Return the number of tasks counted."""
        return self.done + self.failed + self.cancelled + self.running + self.queued


class TargetKind(enum.StrEnum):
    """Which phones a new batch is for."""

    ALL = "all"  # every enabled phone (each-device: and phones that join later)
    PHONES = "phones"  # the phones selected in the grid
    ACCOUNTS = "accounts"  # the phones logged in as these accounts


@dataclass(frozen=True)
class Targets:
    """The phones or accounts a new batch is for."""

    kind: TargetKind = TargetKind.ALL
    serials: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()


@dataclass(frozen=True)
class AfterBatch:
    """Run each task after an upstream batch, fed by one of its output items.

    Attributes:
        upstream_batch_id: the batch whose items start tasks of the new one.
        mapping: (item field, parameter) pairs: each item's field becomes that parameter.
    """

    upstream_batch_id: int
    mapping: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class BatchSpec:
    """Everything the new-batch dialog says to create.

    Attributes:
        flow: the flow to run.
        name: the batch's name.
        mode: how tasks are shared out.
        params: the parameters every task shares (fields filled in the form).
        task_params: one parameter set per task, imported from a file (each already
            merged over ``params``); empty when nothing was imported.
        targets: which phones or accounts.
        count: how many tasks (pool and spread modes; imported rows set it).
        priority: lower runs first.
        max_attempts: attempts per task before it fails.
        timeout_s: the longest one attempt may run, in seconds.
        after: feed each task from an upstream batch's items, or None.
        repeat: the recurrence when the dialog asks for a schedule, or None.
        roster_grows: each-device on all phones: phones that join while the batch is
            open get their task too (False: the phones known at submit).
    """

    flow: str
    name: str
    mode: Mode
    params: Mapping[str, object]
    targets: Targets
    count: int
    priority: int
    max_attempts: int
    timeout_s: int
    task_params: tuple[Mapping[str, object], ...] = ()
    after: AfterBatch | None = None
    repeat: RepeatSpec | None = None  # set: a schedule of this batch, not one batch
    roster_grows: bool = False


@dataclass(frozen=True)
class PipelineStage:
    """One batch in a pipeline, with its task counts."""

    batch_id: int
    name: str
    flow: str
    state: BatchState
    done: int = 0
    failed: int = 0
    total: int = 0
    cancelled: int = 0


@dataclass(frozen=True)
class PipelineLink:
    """Items that flowed from one stage to the next."""

    upstream_id: int
    downstream_id: int
    items: int


@dataclass(frozen=True)
class PipelineGraph:
    """The stages of a pipeline and how many items flowed between them."""

    stages: tuple[PipelineStage, ...]
    links: tuple[PipelineLink, ...] = ()
    focus_batch_id: int | None = None  # the batch the operator asked about
    title: str = ""


@dataclass(frozen=True)
class UpstreamChoice:
    """A batch a new batch can run after: its items' fields can feed the new parameters."""

    batch_id: int
    name: str
    flow: str
    item_fields: tuple[str, ...]
    params: Mapping[str, object] = field(default_factory=dict)  # its shared parameters


@dataclass(frozen=True)
class NewBatchMemory:
    """What the new-batch dialog remembers between batches and runs.

    Attributes:
        last_flow: the flow of the last batch created.
        modes: per flow, the mode it last ran in.
        params: per flow, the parameters last typed for it.
    """

    last_flow: str = ""
    modes: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, Mapping[str, object]] = field(default_factory=dict)

    def remembering(self, spec: BatchSpec) -> NewBatchMemory:
        """This memory with ``spec``'s flow, mode and parameters as the newest."""
        return NewBatchMemory(
            last_flow=spec.flow,
            modes={**self.modes, spec.flow: spec.mode.value},
            params={**self.params, spec.flow: dict(spec.params)},
        )
