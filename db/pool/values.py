"""Plain values the pool takes and returns: no SQLAlchemy type crosses this line.

The host agent and the console build these and read these; they are frozen
dataclasses of str, int, float, datetime, dict and list, safe to hand across threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from db.pool.states import (
    DEFAULT_PRIORITY,
    PRIORITY_NOTE,
    BatchState,
    ErrorClass,
    Mode,
    RunStatus,
    TargetKind,
    TaskState,
)

if TYPE_CHECKING:
    from datetime import datetime

    from db.artifacts.store import ArtifactInfo


def iso(moment: datetime | None) -> str | None:
    """An ISO 8601 UTC timestamp with a Z, or None."""
    if moment is None:
        return None
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# ------------------------------------------------------------------ submitting


@dataclass(frozen=True)
class Targets:
    """What a batch aims at: every phone, listed phones (serials) or listed accounts.

    Accounts are named by their uid, or ``app:uid`` when a uid exists in two apps.
    """

    kind: TargetKind = TargetKind.ALL_DEVICES
    devices: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()


@dataclass(frozen=True)
class BatchSpec:
    """One batch to submit. Parameters must already be valid for the flow.

    Attributes:
        count: tasks in a pool or spread batch (each-device: one per target).
        successes: distinct accounts each task needs (spread's first reading).
        per_account: spread's cap of tasks per account (default ceil(count/eligible)).
        needs_device: False for host-side flows, which run on a PC, not a phone.
        needs_account: only phones with an account logged in may take the tasks.
        author_param: the flow's parameter that names whose content it works on.
        after_batch_id: run after this batch; with ``mapping``, one task per item.
        mapping: output item field -> parameter of this flow.
        name: the operator's name for the batch (the console shows it).
        task_params: pool and spread: one task per entry, each with its own complete
            parameters (e.g. rows imported from a spreadsheet); ``count`` follows.
        roster_grows: each-device over every phone: a phone that joins while the batch
            is open gets its task too (False: the roster taken at submit, which
            ``extend_batch`` may still grow by hand).
    """

    flow: str
    params: dict[str, Any]
    mode: Mode = Mode.POOL
    count: int = 1
    priority: int = DEFAULT_PRIORITY
    targets: Targets = field(default_factory=Targets)
    successes: int = 1
    per_account: int | None = None
    max_attempts: int = 3
    timeout_s: int = 600
    lease_s: int = 60
    retry_delay_s: float = 15.0
    needs_device: bool = True
    needs_account: bool = False
    author_param: str | None = None
    after_batch_id: int | None = None
    mapping: dict[str, str] | None = None
    submitted_by: str = "operator"
    pipeline: str | None = None
    stage: str | None = None
    name: str | None = None
    task_params: tuple[dict[str, Any], ...] = ()
    roster_grows: bool = False


@dataclass(frozen=True)
class PipelineStage:
    """One stage of a pipeline; ``after_stage`` is the index of an earlier stage."""

    spec: BatchSpec
    after_stage: int | None = None


# ------------------------------------------------------------------ host agent


@dataclass(frozen=True)
class Slot:
    """A free worker: a phone and the account logged in on it (None: no account).

    ``device_id=None`` is a PC's host-side worker, for flows that need no phone.
    """

    device_id: int | None
    account_id: int | None = None


@dataclass(frozen=True)
class Claim:
    """A claimed attempt. ``run_id`` is the fencing token every later write must carry."""

    run_id: int
    task_id: int
    batch_id: int
    flow: str
    params: dict[str, Any]
    attempt: int
    lease_s: int
    max_run_s: int
    author_id: str | None
    device_id: int | None
    account_id: int | None


@dataclass(frozen=True)
class OutputItem:
    """One output item: its de-duplication key and its fields."""

    key: str
    data: dict[str, Any]


@dataclass(frozen=True)
class EmitResult:
    """What became of emitted items; ``accepted`` is False once the lease is lost."""

    accepted: bool
    stored: int
    downstream_tasks: int


@dataclass(frozen=True)
class RunReport:
    """How an attempt ended, as its worker saw it."""

    succeeded: bool
    error_class: ErrorClass | None = None
    message: str | None = None
    step: str | None = None
    error_code: str | None = None  # the machine word beside the class, e.g. device_lost
    # A device-class failure whose cause is this task alone (e.g. one video the account
    # may not see): the account is excluded from this task only, not the whole batch.
    task_only: bool = False
    # The phone's state at the failure and the last driver calls, as JSON text (see
    # workers.attempt; text keeps the report hashable: finish groups equal reports).
    failure_report: str | None = None

    @classmethod
    def success(cls) -> RunReport:
        """A successful end."""
        return cls(succeeded=True)

    @classmethod
    def failure(cls, error_class: ErrorClass, message: str, **details: Any) -> RunReport:
        """A failed end of the given class."""
        return cls(succeeded=False, error_class=error_class, message=message, **details)


@dataclass(frozen=True)
class FinishResult:
    """Whether a report was applied (False: the lease was lost; kept as a late result)."""

    run_id: int
    accepted: bool
    task_state: TaskState | None


@dataclass(frozen=True)
class StopRequest:
    """A running attempt its worker must stop: operator stop (cancelled) or timeout."""

    run_id: int
    error_class: ErrorClass
    reason: str
    kill: bool = False  # also force-stop the attempt's app after a short grace


# ------------------------------------------------------------------ console


@dataclass(frozen=True)
class TaskCounts:
    """Tasks of a batch by state; ``queued`` counts everything not yet started."""

    queued: int = 0
    running: int = 0
    succeeded: int = 0
    failed: int = 0
    cancelled: int = 0
    blocked: int = 0
    scheduled: int = 0
    held: int = 0

    @property
    def total(self) -> int:
        """Every task of the batch."""
        return self.queued + self.running + self.succeeded + self.failed + self.cancelled

    def to_json(self) -> dict[str, int]:
        """The contract's five keys."""
        return {
            "queued": self.queued,
            "running": self.running,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "cancelled": self.cancelled,
        }


@dataclass(frozen=True)
class BatchStatus:
    """A batch with its progress and pipeline links."""

    id: int
    name: str | None
    flow: str
    mode: Mode
    state: BatchState
    priority: int
    params: dict[str, Any]
    target_kind: TargetKind
    tasks: TaskCounts
    task_count: int
    successes: int
    share_cap: int
    max_attempts: int
    timeout_s: int
    lease_s: int
    after: int | None
    mapping: dict[str, str] | None
    downstream: list[int]
    pipeline: str | None
    stage: str | None
    submitted_by: str
    created_at: datetime
    finished_at: datetime | None
    stop_reason: str | None
    runs_by_error_class: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The ``status --json`` object."""
        return {
            "batch": self.id,
            "name": self.name,
            "state": self.state.value,
            "tasks": self.tasks.to_json(),
            "waiting": {
                "blocked": self.tasks.blocked,
                "retry_scheduled": self.tasks.scheduled,
                "paused": self.tasks.held,
            },
            "flow": self.flow,
            "mode": self.mode.value,
            "priority": self.priority,
            "priority_order": PRIORITY_NOTE,
            "params": self.params,
            "targets": self.target_kind.value,
            "count": self.task_count,
            "successes": self.successes,
            "per_account": self.share_cap or None,
            "max_attempts": self.max_attempts,
            "timeout": self.timeout_s,
            "lease": self.lease_s,
            "after": self.after,
            "map": self.mapping,
            "downstream": self.downstream,
            "pipeline": self.pipeline,
            "stage": self.stage,
            "submitted_by": self.submitted_by,
            "submitted_at": iso(self.created_at),
            "finished_at": iso(self.finished_at),
            "stop_reason": self.stop_reason,
            "failed_attempts": self.runs_by_error_class,
        }


@dataclass(frozen=True)
class RecordFilter:
    """Which execution records to list or export; None means any.

    ``status`` is a run status (running, succeeded, failed, cancelled) or an error
    class (retryable, device, fatal, timeout, cancelled, lease_expired). ``devices``
    matches any of these serials (the phones an operator's label names; empty: none).
    """

    account: str | None = None
    author: str | None = None
    flow: str | None = None
    status: str | None = None
    device: str | None = None
    devices: tuple[str, ...] | None = None
    host: str | None = None
    batch: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    error_code: str | None = None


@dataclass(frozen=True)
class Record:
    """One attempt, as the records view, ``records --json`` and the export show it."""

    id: int
    batch: int
    task: int
    flow: str
    params: dict[str, Any]
    account: str | None
    device: str | None
    host: str | None
    author: str | None
    attempt: int
    status: RunStatus
    error_class: ErrorClass | None
    error_message: str | None
    step: str | None
    started_at: datetime
    finished_at: datetime | None
    duration_ms: int | None
    outputs: list[dict[str, Any]]
    stop_reason: str | None = None
    artifacts: list[ArtifactInfo] = field(default_factory=list)
    late_result: dict[str, Any] | None = None
    output_count: int = 0  # items accepted in its lease (``outputs`` may be cut short)
    error_code: str | None = None  # the machine word beside the class, e.g. device_lost
    failure_report: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``records --json`` object."""
        return {
            "id": self.id,
            "batch": self.batch,
            "task": self.task,
            "flow": self.flow,
            "params": self.params,
            "account": self.account,
            "device": self.device,
            "host": self.host,
            "author": self.author,
            "attempt": self.attempt,
            "status": self.status.value,
            "error_class": self.error_class.value if self.error_class else None,
            "error_code": self.error_code,
            "error_message": self.error_message,
            "step": self.step,
            "started_at": iso(self.started_at),
            "finished_at": iso(self.finished_at),
            "duration_ms": self.duration_ms,
            "outputs": self.outputs,
            "stop_reason": self.stop_reason,
            "artifacts": [artifact.to_json() for artifact in self.artifacts],
            "failure_report": self.failure_report,
            "late_result": self.late_result,
        }


@dataclass(frozen=True)
class RecordSummary:
    """One attempt as a list of records shows it: no parameters, no output items."""

    id: int
    batch: int
    flow: str
    account: str | None
    device: str | None
    host: str | None
    author: str | None
    attempt: int
    status: RunStatus
    error_class: ErrorClass | None
    error_message: str | None
    started_at: datetime
    finished_at: datetime | None
    output_count: int
    error_code: str | None = None


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: str
    attempts: int
    items: int
    sheets: list[str]
    cut_cells: int = 0  # cells cut at Excel's 32,767-character limit (each marked)
    cancelled: bool = False
