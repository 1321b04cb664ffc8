"""Errors the pool raises for requests it refuses; each message is one line for a person.

Each refusal also carries a stable ``code`` (a :class:`Refused`) and its ``details``
(the batch id, the state, the field...): the CLI and the API print the English
message, the console words the code in its own language (``ui/refusals.py``).
"""

from __future__ import annotations

import enum


class Refused(enum.StrEnum):
    """Why the pool refused a request; stable words the console translates."""

    UNSPECIFIED = "unspecified"  # a refusal no caller words specially
    NO_BATCH = "no_batch"  # {batch}
    NO_TASK = "no_task"  # {task}
    NO_PHONE = "no_phone"  # {serial}
    NO_ACCOUNT = "no_account"  # {account}
    BATCH_ALREADY = "batch_already"  # {batch} is already {state}
    TASK_ALREADY = "task_already"  # {task} is already {state}
    PHONE_CONNECTED = "phone_connected"  # {serial}: only an offline phone is removed
    NOT_PAUSABLE = "not_pausable"  # {batch} is {state}; only an active batch pauses
    NOT_PAUSED = "not_paused"  # {batch} is {state}, not paused
    NOT_EACH_DEVICE = "not_each_device"  # {batch} is a {mode} batch; only each-device grows
    NOT_EXTENDABLE = "not_extendable"  # {batch} is {state}
    NO_FAILED_TASKS = "no_failed_tasks"  # {batch} has no failed tasks
    NO_FAILED_OR_CANCELLED = "no_failed_or_cancelled"  # {batch}
    NO_TARGETS = "no_targets"  # no phone or account to run on
    NOBODY_ELIGIBLE = "nobody_eligible"  # spread: no phone or account is eligible
    TOO_FEW_ACCOUNTS = "too_few_accounts"  # {needed} distinct accounts, {eligible} eligible
    UPSTREAM_MISSING = "upstream_missing"  # {batch}
    UPSTREAM_STOPPED = "upstream_stopped"  # {batch}
    UPSTREAM_FAILED = "upstream_failed"  # {batch}
    OUT_OF_RANGE = "out_of_range"  # {field}: {value} not in {low} to {high}
    TOO_LONG = "too_long"  # {field}: at most {limit} characters
    TOO_LARGE = "too_large"  # {field}: more than {limit} bytes
    NOT_FOR_MODE = "not_for_mode"  # {field} does not fit mode {mode}
    EMPTY_LIST = "empty_list"  # {field}: the list is empty
    AMBIGUOUS_ACCOUNT = "ambiguous_account"  # {account} in several apps: {apps}
    HOST_FLOW = "host_flow"  # {flow} runs on a PC, not a phone
    FIELD_NEEDED = "field_needed"  # {field} must be given
    NOT_ONE_OF = "not_one_of"  # {field}: {value} is not one of {choices}
    NO_SCHEDULE = "no_schedule"  # {schedule}
    SCHEDULE_PAUSED = "schedule_paused"  # {schedule} is already paused
    SCHEDULE_NOT_PAUSED = "schedule_not_paused"  # {schedule}
    SLOT_TAKEN = "slot_taken"  # {schedule}: this slot already ran
    BAD_CRON = "bad_cron"  # {cron} is not a cron expression (or never matches)
    END_BEFORE_START = "end_before_start"  # a recurrence's end before its start


class PoolError(ValueError):
    """A request the pool refuses; nothing was written.

    Attributes:
        code: why, as a stable word (a Refused).
        details: the values the console fills into its own words for the code.
    """

    def __init__(
        self, message: str, code: Refused = Refused.UNSPECIFIED, **details: object
    ) -> None:
        super().__init__(message)
        self.code = code
        self.details = details


class NotFound(PoolError):
    """A batch, task, device or account that does not exist."""


class InvalidRequest(PoolError):
    """A request whose values do not fit; the message names the field."""


class Conflict(PoolError):
    """A valid request that clashes with what is stored (e.g. retrying a running task)."""
