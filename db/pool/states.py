"""The pool's vocabulary: distribution modes, error classes and the states of its rows."""

from __future__ import annotations

import enum


class Mode(enum.StrEnum):
    """How a batch's tasks are shared out over phones."""

    EACH_DEVICE = "each-device"  # one task per targeted device/account, each its own result
    POOL = "pool"  # M tasks, any free phone takes one
    SPREAD = "spread"  # tasks shared evenly over distinct accounts


class ErrorClass(enum.StrEnum):
    """Why an attempt failed; each class has its own retry rule."""

    RETRYABLE = "retryable"  # transient: back off with jitter, within the retry budget
    DEVICE = "device"  # this phone/account cannot do it: hand back, exclude, no retry cost
    FATAL = "fatal"  # bad input or target gone: no retry; downstream tasks cancelled
    TIMEOUT = "timeout"  # ran past the task's maximum run time
    CANCELLED = "cancelled"  # stopped by an operator
    LEASE_EXPIRED = "lease_expired"  # the worker stopped renewing its lease


# Classes that spend one attempt of the task's retry budget.
COSTED_CLASSES = frozenset({ErrorClass.RETRYABLE, ErrorClass.TIMEOUT, ErrorClass.LEASE_EXPIRED})


class BatchState(enum.StrEnum):
    """Where a batch stands as a whole."""

    WAITING = "waiting"  # runs --after another batch that has not completed yet
    ACTIVE = "active"  # its tasks may be claimed
    PAUSED = "paused"  # no new claims; running attempts finish
    STOPPED = "stopped"  # stopped by an operator (or its upstream failed): nothing more runs
    COMPLETED = "completed"  # every task reached a terminal state


OPEN_BATCH_STATES = frozenset({BatchState.WAITING, BatchState.ACTIVE, BatchState.PAUSED})


class TaskState(enum.StrEnum):
    """Where one task stands."""

    BLOCKED = "blocked"  # its batch waits for an upstream batch
    QUEUED = "queued"  # claimable now (it has a ready row)
    SCHEDULED = "scheduled"  # waits for its retry time
    HELD = "held"  # its batch is paused
    RUNNING = "running"  # at least one attempt runs
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


TERMINAL_TASK_STATES = frozenset({TaskState.SUCCEEDED, TaskState.FAILED, TaskState.CANCELLED})
OPEN_TASK_STATES = frozenset(set(TaskState) - TERMINAL_TASK_STATES)


class RunStatus(enum.StrEnum):
    """The outcome of one attempt (an execution record)."""

    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # error_class says why
    CANCELLED = "cancelled"  # error_class is "cancelled": an operator's stop reached it


class TargetKind(enum.StrEnum):
    """What a batch was aimed at."""

    ALL_DEVICES = "all-devices"
    DEVICES = "devices"
    ACCOUNTS = "accounts"


class ActorRole(enum.StrEnum):
    """Why an account (or phone) is listed against a task."""

    MEMBER = "member"  # took one of a spread task's distinct-account slots
    EXCLUDED = "excluded"  # failed it with a device-class error: never offered again


# Priorities: a lower number is more urgent and is claimed first, across every batch.
MOST_URGENT_PRIORITY = 0
LEAST_URGENT_PRIORITY = 9
DEFAULT_PRIORITY = 5
PRIORITY_NOTE = "0 is the most urgent, 9 the least"
