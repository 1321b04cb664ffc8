"""The pool's vocabulary: distribution modes and error classes."""

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
