"""The console's words for codes that come from below the UI: states, modes, error classes.

The pool, the workers and the controllers hand the UI stable codes (``running``,
``each-device``, ``device``...); these tables turn each code into the word an operator
reads, in the language installed now. A code without an entry is shown as it is.
``QT_TRANSLATE_NOOP`` marks the words for lupdate; ``translate`` looks them up at paint
time, so a language switch needs only a repaint.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.i18n import QT_TRANSLATE_NOOP

PHONE_STATES = {
    "idle": QT_TRANSLATE_NOOP("PhoneState", "idle"),
    "running": QT_TRANSLATE_NOOP("PhoneState", "running"),
    "stopping": QT_TRANSLATE_NOOP("PhoneState", "stopping"),
    "stopped": QT_TRANSLATE_NOOP("PhoneState", "stopped"),
    "draining": QT_TRANSLATE_NOOP("PhoneState", "draining"),
    "offline": QT_TRANSLATE_NOOP("PhoneState", "offline"),
    "unauthorized": QT_TRANSLATE_NOOP("PhoneState", "unauthorized"),
    "error": QT_TRANSLATE_NOOP("PhoneState", "error"),
}
BATCH_STATES = {
    "waiting": QT_TRANSLATE_NOOP("BatchState", "waiting"),
    "active": QT_TRANSLATE_NOOP("BatchState", "active"),
    "paused": QT_TRANSLATE_NOOP("BatchState", "paused"),
    "stopped": QT_TRANSLATE_NOOP("BatchState", "stopped"),
    "completed": QT_TRANSLATE_NOOP("BatchState", "completed"),
    "cancelled": QT_TRANSLATE_NOOP("BatchState", "cancelled"),
    "failed": QT_TRANSLATE_NOOP("BatchState", "failed"),
}
MODES = {
    "each-device": QT_TRANSLATE_NOOP("Mode", "each-device"),
    "pool": QT_TRANSLATE_NOOP("Mode", "pool"),
    "spread": QT_TRANSLATE_NOOP("Mode", "spread"),
}
ERROR_CLASSES = {
    "retryable": QT_TRANSLATE_NOOP("ErrorClass", "retryable"),
    "device": QT_TRANSLATE_NOOP("ErrorClass", "device"),
    "fatal": QT_TRANSLATE_NOOP("ErrorClass", "fatal"),
    "timeout": QT_TRANSLATE_NOOP("ErrorClass", "timeout"),
    "cancelled": QT_TRANSLATE_NOOP("ErrorClass", "cancelled"),
    "lease_expired": QT_TRANSLATE_NOOP("ErrorClass", "lease expired"),
}
OUTCOMES = {
    "running": QT_TRANSLATE_NOOP("Outcome", "running"),
    "succeeded": QT_TRANSLATE_NOOP("Outcome", "succeeded"),
    "failed": QT_TRANSLATE_NOOP("Outcome", "failed"),
    "cancelled": QT_TRANSLATE_NOOP("Outcome", "cancelled"),
    "timeout": QT_TRANSLATE_NOOP("Outcome", "timeout"),
}
_TABLES = {
    "PhoneState": PHONE_STATES,
    "BatchState": BATCH_STATES,
    "Mode": MODES,
    "ErrorClass": ERROR_CLASSES,
    "Outcome": OUTCOMES,
}


def word(table: str, code: str) -> str:
    """The operator's word for ``code`` in ``table`` (e.g. "PhoneState", "running")."""
    source = _TABLES[table].get(code)
    return QCoreApplication.translate(table, source) if source else code


def phone_state(code: str) -> str:
    """A phone state's word, e.g. running -> 运行中."""
    return word("PhoneState", code)


def batch_state(code: str) -> str:
    """A batch state's word."""
    return word("BatchState", code)


def mode(code: str) -> str:
    """A distribution mode's word."""
    return word("Mode", code)


def error_class(code: str) -> str:
    """An error class's word (the record viewer's "why it failed")."""
    return word("ErrorClass", code)


def outcome(code: str) -> str:
    """An attempt's outcome word."""
    return word("Outcome", code)
