"""The pool's reasons (why a task, batch or attempt stopped or failed): one table of them.

A reason is stored as English text (``status --json``, ``records --json`` and the CLI
print it; a contract), made from a template here by :func:`reason`. Each template has a
stable code, and :func:`parse_reason` gets the code and its values back from the stored
text, so the console can word the reason in its own language (``ui/reasons.py``)
without a code column beside every reason. A value that is itself a reason (the
``by`` of "stopped by ...", a failure's ``message``) is parsed in turn.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# code -> English template. Templates without values first: "stopped by operator" is
# its own reason, not "stopped by {by}" with an operator named "operator".
REASONS: dict[str, str] = {
    "stopped_by_operator": "stopped by operator",
    "stopped_at_shutdown": "stopped by shutdown",
    "stopped_by_worker": "stopped by its worker",
    "batch_stopped_plain": "batch stopped",
    "phone_stopped_plain": "phone stopped",
    "batch_id_stopped": "batch {batch} stopped",
    "task_id_stopped": "task {task} stopped",
    "timed_out": "ran past the task's maximum run time",
    "lease_lost": "the pool reassigned the task",
    "batch_stopped": "batch {batch} stopped by {by}",
    "task_stopped": "task {task} stopped by {by}",
    "phone_stopped": "phone {serial} stopped by {by}",
    "phone_removed": "phone {serial} removed while offline by {by}",
    "removed_offline": "removed while offline by {by}",
    "paused": "paused by {by}",
    "skipped": "skipped: {reason}",
    "upstream_failed": "upstream task {task} failed: {message}",
    "nobody_left_barred": (
        "no eligible account left: all {count} that could take it were barred "
        "after device errors (last: {message})"
    ),
    "nobody_left_excluded": (
        "no eligible account left: all {count} that could take it were excluded "
        "after device errors (last: {message})"
    ),
    "drained": "drained after {count} device-class failures across batches (last: {message})",
    "gave_up": "gave up after {count} failed {tries}: {message}",
    "ran_past": "ran past its maximum run time of {seconds} s",
    "stopped_by": "stopped by {by}",
}
# Values that may hold a reason of their own.
NESTED = ("by", "reason", "message")
_FIELD = re.compile(r"\{(\w+)\}")


def reason(code: str, **values: object) -> str:
    """The English text of reason ``code`` with its values."""
    return REASONS[code].format(**values)


def parse_reason(text: str | None) -> tuple[str, dict[str, Any]] | None:
    """The code and values of a stored reason; None for text no template made.

    Nested reasons come back as (code, values) tuples in place of their text. A reason
    cut to fit its column (ending in "…") still parses; its last value is cut.
    """
    if not text:
        return None
    for code, pattern in _patterns(text.endswith("…")):
        found = pattern.match(text)
        if found is None:
            continue
        values: dict[str, Any] = {}
        for name, value in found.groupdict().items():
            nested = parse_reason(value) if name in NESTED else None
            values[name] = nested if nested is not None else value
        return code, values
    return None


@cache
def _patterns(cut: bool) -> list[tuple[str, re.Pattern[str]]]:
    return [(code, _pattern(template, cut)) for code, template in REASONS.items()]


def _pattern(template: str, cut: bool) -> re.Pattern[str]:
    parts = _FIELD.split(template)  # literal, name, literal, name, ..., literal
    regex = ""
    for index, part in enumerate(parts):
        if index % 2:
            regex += f"(?P<{part}>.+?)"
        elif cut and index == len(parts) - 1 and len(parts) > 1:
            # A reason cut to fit its column lost its tail after the last value.
            regex += f"(?:{re.escape(part)})?" if part else ""
        else:
            regex += re.escape(part)
    return re.compile(regex + r"\Z", re.S)
