"""The dispatch API's vocabulary: event types, delivery states, token scopes."""

from __future__ import annotations

import enum


class EventType(enum.StrEnum):
    """What a callback says happened."""

    ATTEMPT_FINISHED = "attempt.finished"
    TASK_FINISHED = "task.finished"  # exactly once per task
    BATCH_FINISHED = "batch.finished"  # exactly once per batch
    TASK_CANCELLED = "task.cancelled"
    DEVICE_STOPPED = "device.stopped"
    MONITOR_HIT = "monitor.hit"  # exactly once per hit a monitor stores
    ALERT_RAISED = "alert.raised"  # something needs a person (issue 12), once per alert
    PING = "ping"


class DeliveryState(enum.StrEnum):
    """Where one event's delivery to one endpoint stands."""

    PENDING = "pending"  # due at next_attempt_at
    DELIVERING = "delivering"  # claimed by a dispatcher until lease_until
    DELIVERED = "delivered"  # the receiver answered 2xx
    DEAD = "dead"  # the receiver rejected it until the schedule ran out; replayable


class Scope(enum.StrEnum):
    """What a token may do."""

    TASKS_READ = "tasks:read"
    TASKS_WRITE = "tasks:write"
    DEVICES_READ = "devices:read"
    DEVICES_STOP = "devices:stop"
    CALLBACKS_MANAGE = "callbacks:manage"


ALL_SCOPES = tuple(Scope)
