"""The console's words for the pool's reasons: why a task, batch or attempt stopped or failed.

The pool stores each reason as English text made from a template with a stable code
(``db/pool/reasons.py``); the controllers hand the UI the code and its values, and
this module words them in the language installed now. A value that is a reason of its
own arrives as a (code, values) pair and is worded in turn; anything else (an operator's
name, a worker's own message) is data and shown as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ui.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from collections.abc import Mapping

CONTEXT = "Reason"
#: A reason as the controllers hand it up: its code and its values.
Said = tuple[str, "Mapping[str, object]"]

# Keyed by the codes of db/pool/reasons.py (tests/ui/i18n/test_pool_words.py checks both
# tables hold the same codes and the same values).
REASON_WORDS: dict[str, str] = {
    "stopped_by_operator": QT_TRANSLATE_NOOP("Reason", "stopped by an operator"),
    "stopped_at_shutdown": QT_TRANSLATE_NOOP("Reason", "stopped as the worker shut down"),
    "stopped_by_worker": QT_TRANSLATE_NOOP("Reason", "stopped by its worker"),
    "batch_stopped_plain": QT_TRANSLATE_NOOP("Reason", "the batch was stopped"),
    "phone_stopped_plain": QT_TRANSLATE_NOOP("Reason", "the phone was stopped"),
    "batch_id_stopped": QT_TRANSLATE_NOOP("Reason", "batch #{batch} was stopped"),
    "task_id_stopped": QT_TRANSLATE_NOOP("Reason", "task #{task} was stopped"),
    "timed_out": QT_TRANSLATE_NOOP("Reason", "ran past the task's time limit"),
    "lease_lost": QT_TRANSLATE_NOOP("Reason", "the pool gave the task to another phone"),
    "batch_stopped": QT_TRANSLATE_NOOP("Reason", "batch #{batch} stopped by {by}"),
    "task_stopped": QT_TRANSLATE_NOOP("Reason", "task #{task} stopped by {by}"),
    "phone_stopped": QT_TRANSLATE_NOOP("Reason", "phone {serial} stopped by {by}"),
    "phone_removed": QT_TRANSLATE_NOOP("Reason", "phone {serial} removed while offline by {by}"),
    "removed_offline": QT_TRANSLATE_NOOP("Reason", "removed while offline by {by}"),
    "paused": QT_TRANSLATE_NOOP("Reason", "paused by {by}"),
    "skipped": QT_TRANSLATE_NOOP("Reason", "skipped: {reason}"),
    "upstream_failed": QT_TRANSLATE_NOOP("Reason", "upstream task #{task} failed: {message}"),
    "nobody_left_barred": QT_TRANSLATE_NOOP(
        "Reason",
        "no eligible account left: all {count} were barred after device errors (last: {message})",
    ),
    "nobody_left_excluded": QT_TRANSLATE_NOOP(
        "Reason",
        "no eligible account left: all {count} were excluded after device errors (last: {message})",
    ),
    "drained": QT_TRANSLATE_NOOP(
        "Reason", "drained after {count} device failures across batches (last: {message})"
    ),
    "gave_up": QT_TRANSLATE_NOOP("Reason", "gave up after {count} failed tries: {message}"),
    "ran_past": QT_TRANSLATE_NOOP("Reason", "ran past its time limit of {seconds} s"),
    "stopped_by": QT_TRANSLATE_NOOP("Reason", "stopped by {by}"),
}


def reason_text(said: Said) -> str:
    """A reason (code and values) in the console's language; nested reasons too."""
    code, values = said
    source = REASON_WORDS.get(code)
    if source is None:  # a code newer than this console: its values are all it has
        return " · ".join(_value(value) for value in values.values())
    words = {key: _value(value) for key, value in values.items()}
    try:
        return QCoreApplication.translate(CONTEXT, source).format(**words)
    except (KeyError, IndexError):
        return " · ".join(words.values())


def _value(value: object) -> str:
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        return reason_text(value)
    return str(value)
