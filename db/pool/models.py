"""Typed ORM models of the task pool: batches, tasks, ready rows, attempts and their items.

The hot table is ``pool_ready``: only claimable rows, claimed in index order
(target, priority, id). Everything else a claim needs is in ``pool_tasks`` and
``pool_batches``; ``pool_runs`` is both the lease table and the execution record.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, SmallInteger, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from db.clock import db_now
from db.models import Base, str_enum
from db.pool.states import (
    ActorRole,
    BatchState,
    ErrorClass,
    Mode,
    RunStatus,
    TargetKind,
    TaskState,
)
from db.types import UtcDateTime

KEY_LENGTH = 191  # the longest indexable utf8mb4 VARCHAR on older InnoDB row formats
TARGET_LENGTH = 40


class PoolBatch(Base):
    """What an operator submitted: one flow, its parameters, mode, targets and limits."""

    __tablename__ = "pool_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(128))  # the operator's name for it
    flow: Mapped[str] = mapped_column(String(64))
    mode: Mapped[Mode] = mapped_column(str_enum(Mode, "pool_mode"))
    state: Mapped[BatchState] = mapped_column(str_enum(BatchState, "batch_state"))
    priority: Mapped[int] = mapped_column(SmallInteger)  # lower is more urgent
    params_json: Mapped[str] = mapped_column(Text)
    target_kind: Mapped[TargetKind] = mapped_column(str_enum(TargetKind, "target_kind"))
    task_count: Mapped[int] = mapped_column(Integer)
    successes: Mapped[int] = mapped_column(SmallInteger)  # distinct accounts per task
    share_cap: Mapped[int] = mapped_column(Integer)  # spread: tasks per account, 0 = no cap
    max_attempts: Mapped[int] = mapped_column(SmallInteger)
    timeout_s: Mapped[int] = mapped_column(Integer)
    lease_s: Mapped[int] = mapped_column(Integer)
    retry_delay_s: Mapped[float] = mapped_column(Float)
    needs_device: Mapped[bool] = mapped_column(Boolean)
    needs_account: Mapped[bool] = mapped_column(Boolean)
    author_param: Mapped[str | None] = mapped_column(String(64))
    after_batch_id: Mapped[int | None] = mapped_column(ForeignKey("pool_batches.id"))
    map_json: Mapped[str | None] = mapped_column(Text)  # {"item_field": "param"}
    pipeline: Mapped[str | None] = mapped_column(String(128))
    stage: Mapped[str | None] = mapped_column(String(64))
    retry_of_batch_id: Mapped[int | None] = mapped_column(Integer)
    # Accounts barred from the whole batch (pool_batch_bars): ready rows then check them.
    barred: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    submitted_by: Mapped[str] = mapped_column(String(128))
    stop_reason: Mapped[str | None] = mapped_column(String(255))
    # Stopped with kill: a running attempt's app is also force-stopped after a grace.
    stop_kill: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Each-device over all phones: phones that join while it is active get a task too.
    roster_grows: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (Index(None, "state"), Index(None, "after_batch_id"))


class PoolTask(Base):
    """One unit of work of a batch, with its counters and where it stands."""

    __tablename__ = "pool_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("pool_batches.id"))
    state: Mapped[TaskState] = mapped_column(str_enum(TaskState, "task_state"))
    target: Mapped[str | None] = mapped_column(String(TARGET_LENGTH))  # each-device only
    dedupe_key: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    params_json: Mapped[str] = mapped_column(Text)
    author_id: Mapped[str | None] = mapped_column(String(64))
    required: Mapped[int] = mapped_column(SmallInteger)  # successes needed (spread: N)
    succeeded_count: Mapped[int] = mapped_column(Integer, default=0)
    running_count: Mapped[int] = mapped_column(Integer, default=0)
    claim_count: Mapped[int] = mapped_column(Integer, default=0)  # numbers the attempts
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)  # spends max_attempts
    device_fails: Mapped[int] = mapped_column(Integer, default=0)  # free of the budget
    retry_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    stop_state: Mapped[TaskState | None] = mapped_column(str_enum(TaskState, "task_stop_state"))
    reason: Mapped[str | None] = mapped_column(String(512))
    last_error_class: Mapped[ErrorClass | None] = mapped_column(
        str_enum(ErrorClass, "task_error_class")
    )
    source_task_id: Mapped[int | None] = mapped_column(Integer)  # pipeline provenance
    source_run_id: Mapped[int | None] = mapped_column(Integer)
    item_key: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (
        Index(None, "batch_id", "state"),
        Index(None, "batch_id", "dedupe_key", unique=True),
        Index(None, "retry_at"),
        Index(None, "source_task_id"),
    )


class PoolReady(Base):
    """A claimable task: small, hot, claimed with SELECT ... FOR UPDATE SKIP LOCKED."""

    __tablename__ = "pool_ready"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(Integer, unique=True)
    batch_id: Mapped[int] = mapped_column(Integer)
    target: Mapped[str] = mapped_column(String(TARGET_LENGTH))
    priority: Mapped[int] = mapped_column(SmallInteger)
    slots_open: Mapped[int] = mapped_column(SmallInteger)  # spread: distinct accounts still open
    needs_account: Mapped[bool] = mapped_column(Boolean)
    restricted: Mapped[bool] = mapped_column(Boolean)  # only the batch's listed targets
    share_cap: Mapped[int] = mapped_column(Integer)
    # Some account is listed against the task (spread member or excluded): check it.
    listed: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())

    __table_args__ = (
        Index(None, "target", "priority", "id"),
        Index(None, "batch_id"),
    )


CLAIM_INDEX = "ix_pool_ready_target_priority_id"


class PoolTaskActor(Base):
    """An account (or phone) listed against a task: a spread member or an exclusion."""

    __tablename__ = "pool_task_actors"

    task_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(TARGET_LENGTH), primary_key=True)
    role: Mapped[ActorRole] = mapped_column(str_enum(ActorRole, "actor_role"))
    reason: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())

    # Led by actor: the claim's NOT EXISTS anti-join reads one actor's rows.
    __table_args__ = (Index(None, "actor", "task_id"),)


class PoolBatchBar(Base):
    """An account (or phone) barred from every task of a batch by a device-class failure."""

    __tablename__ = "pool_batch_bars"

    batch_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(TARGET_LENGTH), primary_key=True)
    reason: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())


class PoolBatchTarget(Base):
    """A phone or account a pool/spread batch is limited to (absent: any phone)."""

    __tablename__ = "pool_batch_targets"

    batch_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target: Mapped[str] = mapped_column(String(TARGET_LENGTH), primary_key=True)


class PoolShare(Base):
    """How many of a spread batch's tasks one account holds (running or succeeded)."""

    __tablename__ = "pool_shares"

    batch_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(TARGET_LENGTH), primary_key=True)
    taken: Mapped[int] = mapped_column(Integer)


class PoolRun(Base):
    """One attempt: the lease while it runs, the execution record forever after."""

    __tablename__ = "pool_runs"

    id: Mapped[int] = mapped_column(primary_key=True)  # the fencing token
    task_id: Mapped[int] = mapped_column(ForeignKey("pool_tasks.id"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("pool_batches.id"))
    flow: Mapped[str] = mapped_column(String(64))
    attempt_no: Mapped[int] = mapped_column(Integer)
    host_id: Mapped[int | None] = mapped_column(Integer)
    host_name: Mapped[str | None] = mapped_column(String(128))
    device_id: Mapped[int | None] = mapped_column(Integer)
    device_serial: Mapped[str | None] = mapped_column(String(64))
    account_id: Mapped[int | None] = mapped_column(Integer)
    account_uid: Mapped[str | None] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(TARGET_LENGTH))
    author_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[RunStatus] = mapped_column(str_enum(RunStatus, "run_status"))
    error_class: Mapped[ErrorClass | None] = mapped_column(str_enum(ErrorClass, "error_class"))
    error_code: Mapped[str | None] = mapped_column(String(64))  # e.g. device_lost
    error_message: Mapped[str | None] = mapped_column(String(1024))
    failed_step: Mapped[str | None] = mapped_column(String(128))
    stop_reason: Mapped[str | None] = mapped_column(String(255))
    lease_s: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())
    lease_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    deadline_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    # Set to task_id while a one-at-a-time task runs: a second claim fails at insert.
    exclusive_task_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    output_count: Mapped[int] = mapped_column(Integer, default=0)
    late_result: Mapped[str | None] = mapped_column(Text)  # reported after the lease was lost
    # JSON: the phone's network, front app, battery and the last driver calls at failure.
    failure_report: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index(None, "task_id", "attempt_no", unique=True),
        Index(None, "status", "lease_expires_at"),
        Index(None, "host_id", "status"),
        Index(None, "batch_id", "status"),
        Index(None, "account_uid"),
        Index(None, "author_id"),
        Index(None, "flow"),
        Index(None, "device_serial"),
        Index(None, "host_name"),
        Index(None, "started_at"),
        Index(None, "error_class"),  # the record viewer's "why it failed" filter
        Index(None, "error_code"),
    )


class PoolItem(Base):
    """One output item an attempt emitted (e.g. a collected video title)."""

    __tablename__ = "pool_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("pool_runs.id"))
    seq: Mapped[int] = mapped_column(Integer)
    task_id: Mapped[int] = mapped_column(Integer)
    batch_id: Mapped[int] = mapped_column(Integer)
    item_key: Mapped[str] = mapped_column(String(KEY_LENGTH))  # cut to 191 characters
    # The downstream tasks' de-duplication key, from the whole item key (None: older rows).
    dedupe_key: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    data_json: Mapped[str] = mapped_column(Text)
    late: Mapped[bool] = mapped_column(Boolean)  # emitted after the lease was lost
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=db_now())

    __table_args__ = (
        Index(None, "run_id", "seq", unique=True),
        Index(None, "batch_id", "item_key"),
    )
