"""The console's words for what was refused or failed below the UI: a code plus details.

The pool refuses a request with a stable code (``db.pool.errors.Refused``) and the
values it names (batch, state, field...); the database executor and the simulated-phone
starter hand such codes up too. This module words them in the language installed now;
the CLI and the API keep printing the pool's English message, which is a contract.
A code without an entry is worded as a generic refusal: never the raw English.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ui.i18n import QT_TRANSLATE_NOOP
from ui.words import batch_state, mode, outcome

if TYPE_CHECKING:
    from collections.abc import Mapping

CONTEXT = "Refusal"

# Keyed by the pool's Refused values (tests/ui/i18n/test_pool_words.py checks that every
# code has its words), plus the executor's and the simulator's own codes.
REFUSALS: dict[str, str] = {
    "unspecified": QT_TRANSLATE_NOOP("Refusal", "the pool refused it (the log says why)"),
    "no_batch": QT_TRANSLATE_NOOP("Refusal", "there is no batch #{batch}"),
    "no_task": QT_TRANSLATE_NOOP("Refusal", "there is no task #{task}"),
    "no_phone": QT_TRANSLATE_NOOP("Refusal", "no phone {serial} is known"),
    "no_account": QT_TRANSLATE_NOOP("Refusal", "no account {account} is known"),
    "batch_already": QT_TRANSLATE_NOOP("Refusal", "batch #{batch} is already {state}"),
    "task_already": QT_TRANSLATE_NOOP("Refusal", "task #{task} is already {state}"),
    "phone_connected": QT_TRANSLATE_NOOP(
        "Refusal", "phone {serial} is connected; only an offline phone is removed"
    ),
    "not_pausable": QT_TRANSLATE_NOOP(
        "Refusal", "batch #{batch} is {state}; only an active batch pauses"
    ),
    "not_paused": QT_TRANSLATE_NOOP("Refusal", "batch #{batch} is {state}, not paused"),
    "not_each_device": QT_TRANSLATE_NOOP(
        "Refusal", "batch #{batch} is a {mode} batch; only an each-device batch grows"
    ),
    "not_extendable": QT_TRANSLATE_NOOP(
        "Refusal", "batch #{batch} is {state}; it cannot be extended"
    ),
    "no_failed_tasks": QT_TRANSLATE_NOOP("Refusal", "batch #{batch} has no failed tasks"),
    "no_failed_or_cancelled": QT_TRANSLATE_NOOP(
        "Refusal", "batch #{batch} has no failed or cancelled tasks"
    ),
    "no_targets": QT_TRANSLATE_NOOP("Refusal", "no phone or account to run on"),
    "nobody_eligible": QT_TRANSLATE_NOOP(
        "Refusal", "no phone or account is eligible to take the tasks"
    ),
    "too_few_accounts": QT_TRANSLATE_NOOP(
        "Refusal", "each task needs {needed} different accounts, but only {eligible} can take it"
    ),
    "upstream_missing": QT_TRANSLATE_NOOP("Refusal", "the upstream batch #{batch} does not exist"),
    "upstream_stopped": QT_TRANSLATE_NOOP(
        "Refusal", "the upstream batch #{batch} was stopped; it will never complete"
    ),
    "upstream_failed": QT_TRANSLATE_NOOP(
        "Refusal", "a task of the upstream batch #{batch} failed fatally; this one would stop"
    ),
    "out_of_range": QT_TRANSLATE_NOOP("Refusal", "{field}: {value} is not within {low} to {high}"),
    "too_long": QT_TRANSLATE_NOOP("Refusal", "{field}: at most {limit} characters"),
    "too_large": QT_TRANSLATE_NOOP("Refusal", "{field}: larger than {limit} bytes"),
    "not_for_mode": QT_TRANSLATE_NOOP("Refusal", "{field} does not fit a {mode} batch"),
    "empty_list": QT_TRANSLATE_NOOP("Refusal", "{field}: the list is empty"),
    "ambiguous_account": QT_TRANSLATE_NOOP(
        "Refusal", "account {account} exists in several apps ({apps}); write it as APP:{account}"
    ),
    "host_flow": QT_TRANSLATE_NOOP(
        "Refusal", "{flow} runs on a PC, not a phone: choose mode pool without targets"
    ),
    "field_needed": QT_TRANSLATE_NOOP("Refusal", "{field} must be given"),
    "not_one_of": QT_TRANSLATE_NOOP("Refusal", "{field}: {value} is not one of {choices}"),
    "no_schedule": QT_TRANSLATE_NOOP("Refusal", "there is no schedule #{schedule}"),
    "schedule_paused": QT_TRANSLATE_NOOP("Refusal", "schedule #{schedule} is already paused"),
    "schedule_not_paused": QT_TRANSLATE_NOOP("Refusal", "schedule #{schedule} is not paused"),
    "slot_taken": QT_TRANSLATE_NOOP(
        "Refusal", "schedule #{schedule} already ran at this time; try again in a moment"
    ),
    "bad_cron": QT_TRANSLATE_NOOP("Refusal", "{cron} is not a cron expression that ever matches"),
    "end_before_start": QT_TRANSLATE_NOOP("Refusal", "the end must come after the start"),
    # the schedule request layer's own checks (app/scheduling.py)
    "bad_span": QT_TRANSLATE_NOOP("Refusal", "{value} is not a span of time"),
    "bad_time": QT_TRANSLATE_NOOP("Refusal", "{value} is not a date and time"),
    # the console's own checks before the pool is asked
    "bad_params": QT_TRANSLATE_NOOP(
        "Refusal", "the parameters do not fit the flow (the log says which)"
    ),
    # the console's database thread
    "database_unavailable": QT_TRANSLATE_NOOP(
        "Refusal", "the database cannot be reached (the log says why)"
    ),
    "database_failed": QT_TRANSLATE_NOOP(
        "Refusal", "the database could not do it (the log says why)"
    ),
    # simulated phones started from the grid
    "sim_adb_unavailable": QT_TRANSLATE_NOOP(
        "Refusal", "this PC's adb server could not be started on port {port}"
    ),
    "sim_start_failed": QT_TRANSLATE_NOOP(
        "Refusal", "the simulated phones could not start (the log says why)"
    ),
    "sim_count": QT_TRANSLATE_NOOP("Refusal", "the number of phones must be 1 to {limit}"),
}

# The pool's field names, as the console's forms call them.
FIELDS: dict[str, str] = {
    "count": QT_TRANSLATE_NOOP("RefusalField", "Count"),
    "priority": QT_TRANSLATE_NOOP("RefusalField", "Priority"),
    "max_attempts": QT_TRANSLATE_NOOP("RefusalField", "Attempts"),
    "timeout": QT_TRANSLATE_NOOP("RefusalField", "Time limit"),
    "lease": QT_TRANSLATE_NOOP("RefusalField", "Lease"),
    "retry_delay": QT_TRANSLATE_NOOP("RefusalField", "Retry delay"),
    "successes": QT_TRANSLATE_NOOP("RefusalField", "Successes"),
    "per_account": QT_TRANSLATE_NOOP("RefusalField", "Per account"),
    "name": QT_TRANSLATE_NOOP("RefusalField", "Name"),
    "flow": QT_TRANSLATE_NOOP("RefusalField", "Flow"),
    "devices": QT_TRANSLATE_NOOP("RefusalField", "Phones"),
    "accounts": QT_TRANSLATE_NOOP("RefusalField", "Accounts"),
    "targets": QT_TRANSLATE_NOOP("RefusalField", "Run on"),
    "after": QT_TRANSLATE_NOOP("RefusalField", "After batch"),
    "map": QT_TRANSLATE_NOOP("RefusalField", "Mapping"),
    "task_params": QT_TRANSLATE_NOOP("RefusalField", "Imported rows"),
    "submitted_by": QT_TRANSLATE_NOOP("RefusalField", "Operator"),
    "status": QT_TRANSLATE_NOOP("RefusalField", "Result"),
    "catch_up": QT_TRANSLATE_NOOP("RefusalField", "Catch up"),
    "every": QT_TRANSLATE_NOOP("RefusalField", "Every"),
    "tz": QT_TRANSLATE_NOOP("RefusalField", "Time zone"),
    "recurrence": QT_TRANSLATE_NOOP("RefusalField", "Every or cron"),
    "cron": QT_TRANSLATE_NOOP("RefusalField", "Cron"),
    "start": QT_TRANSLATE_NOOP("RefusalField", "First run"),
    "end": QT_TRANSLATE_NOOP("RefusalField", "End"),
    "overlap": QT_TRANSLATE_NOOP("RefusalField", "Overlap"),
    "mode": QT_TRANSLATE_NOOP("RefusalField", "Mode"),
}


def refusal_text(code: str, details: Mapping[str, object] | None = None) -> str:
    """The refusal ``code`` with its ``details`` in the console's language."""
    source = REFUSALS.get(code) or REFUSALS["unspecified"]
    values = {key: _worded(key, value) for key, value in (details or {}).items()}
    try:
        return QCoreApplication.translate(CONTEXT, source).format(**values)
    except (KeyError, IndexError):  # a detail missing: the words without it
        return QCoreApplication.translate(CONTEXT, REFUSALS["unspecified"])


def _worded(key: str, value: object) -> str:
    """A detail as the operator reads it: states, modes and fields in their words."""
    text = str(value)
    if key == "state":
        worded = batch_state(text)
        return worded if worded != text else outcome(text)  # tasks end in outcomes
    if key == "mode":
        return mode(text)
    if key == "field":
        source = FIELDS.get(text)
        return QCoreApplication.translate("RefusalField", source) if source else text
    return text
