"""Flow parameter fields as the console sees them, and how typed text becomes a value.

No widgets (only Qt's translation lookup, safe on any thread), so the new-batch form and
the spreadsheet import share one set of rules. The controller maps each flow's parameter
schema onto ``FieldSpec``s.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from ui.i18n import QT_TRANSLATE_NOOP

# Check a flow's parameters: (flow name, {field: value}) -> {field: message}; empty when
# valid. Pure and fast (a schema check, no database): the form calls it on the GUI thread
# as the operator types, the spreadsheet import calls it on a pool thread for each row.
ValidateParams = Callable[[str, Mapping[str, object]], dict[str, str]]

_TRUE_WORDS = frozenset({"1", "true", "yes", "y", "on", "是", "真"})
_FALSE_WORDS = frozenset({"0", "false", "no", "n", "off", "否", "假"})


class FieldType(enum.StrEnum):
    """The kinds of parameter a form can edit."""

    STR = "str"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    LIST = "list"  # a list of strings, typed comma- or newline-separated
    CHOICE = "choice"  # one of ``choices``


@dataclass(frozen=True)
class FieldSpec:
    """One parameter of a flow, as a form field.

    Attributes:
        name: the parameter's name (the key in the task's parameters).
        label: what the operator reads next to the field.
        type: the kind of value.
        help: one sentence shown under the field and as a tooltip.
        default: the value used when the field is left empty; None: no default.
        minimum: lowest number (INT, FLOAT) or shortest length (STR, LIST); None: no bound.
        maximum: highest number or longest length; None: no bound.
        required: the field must be filled (a default counts as filled).
        is_author_id: the parameter names whose content the flow works on.
        choices: the allowed values of a CHOICE field.
    """

    name: str
    label: str
    type: FieldType = FieldType.STR
    help: str = ""
    default: object = None
    minimum: float | None = None
    maximum: float | None = None
    required: bool = False
    is_author_id: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class FlowInfo:
    """A flow an operator can start.

    Attributes:
        name: the flow's registered name, e.g. ``collect.titles``.
        description: one line for operators.
        fields: its parameters, in form order.
        item_fields: the fields of the items it outputs (empty: it outputs none); a later
            batch can map them onto its own parameters.
        needs_device: False for flows that run on the host, not on a phone.
        runs_per_device: the flow is about the phone itself (health, install, account
            check): each-device by default; else (collecting a creator's content) pool.
    """

    name: str
    description: str
    fields: tuple[FieldSpec, ...] = ()
    item_fields: tuple[str, ...] = ()
    needs_device: bool = True
    runs_per_device: bool = True


class FieldValueError(ValueError):
    """Text that is not a valid value for a field; the message is for the operator."""


def parse_field_text(spec: FieldSpec, text: str) -> object:
    """Turn what was typed (or read from a cell) into the field's value; None when empty.

    Raises FieldValueError with a short message saying what is expected.
    """
    text = text.strip()
    if not text:
        return None
    parsers: dict[FieldType, Callable[[FieldSpec, str], object]] = {
        FieldType.STR: lambda _s, t: t,
        FieldType.INT: _parse_int,
        FieldType.FLOAT: _parse_float,
        FieldType.BOOL: _parse_bool,
        FieldType.LIST: lambda _s, t: [p.strip() for p in t.replace("\n", ",").split(",")],
        FieldType.CHOICE: _parse_choice,
    }
    value = parsers[spec.type](spec, text)
    if isinstance(value, list):
        value = [item for item in value if item]
    return value


def check_field_value(spec: FieldSpec, value: object) -> str | None:
    """Say what is wrong with a parsed value (None: empty), or None when it is acceptable."""
    if value is None:
        if spec.required and spec.default is None:
            return QCoreApplication.translate("FieldCheck", "required")
        return None
    if spec.type in (FieldType.INT, FieldType.FLOAT) and isinstance(value, int | float):
        return _check_bounds(
            value,
            spec.minimum,
            spec.maximum,
            QCoreApplication.translate("FieldCheck", "must be at least {limit}"),
            QCoreApplication.translate("FieldCheck", "must be at most {limit}"),
        )
    if isinstance(value, str | list):
        return _check_bounds(
            len(value),
            spec.minimum,
            spec.maximum,
            QCoreApplication.translate("FieldCheck", "must be at least length {limit}"),
            QCoreApplication.translate("FieldCheck", "must be at most length {limit}"),
        )
    return None


def value_as_text(spec: FieldSpec, value: object) -> str:
    """Show a value the way an operator would type it back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, float) and value.is_integer() and spec.type is FieldType.FLOAT:
        return str(int(value))
    return str(value)


def _parse_int(_spec: FieldSpec, text: str) -> int:
    try:
        number = float(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise FieldValueError(
            QCoreApplication.translate("FieldCheck", "enter a whole number")
        ) from None
    if not number.is_integer():
        raise FieldValueError(QCoreApplication.translate("FieldCheck", "enter a whole number"))
    return int(number)


def _parse_float(_spec: FieldSpec, text: str) -> float:
    try:
        number = float(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise FieldValueError(QCoreApplication.translate("FieldCheck", "enter a number")) from None
    if not math.isfinite(number):
        raise FieldValueError(QCoreApplication.translate("FieldCheck", "enter a finite number"))
    return number


def _parse_bool(_spec: FieldSpec, text: str) -> bool:
    word = text.lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise FieldValueError(QCoreApplication.translate("FieldCheck", "enter yes or no"))


def _parse_choice(spec: FieldSpec, text: str) -> str:
    for choice in spec.choices:
        if text.casefold() == choice.casefold():
            return choice
    raise FieldValueError(
        QCoreApplication.translate("FieldCheck", "choose one of: {choices}").format(
            choices=", ".join(spec.choices)
        )
    )


def _check_bounds(
    amount: float, low: float | None, high: float | None, too_low: str, too_high: str
) -> str | None:
    if low is not None and amount < low:
        return too_low.format(limit=_number(low))
    if high is not None and amount > high:
        return too_high.format(limit=_number(high))
    return None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# A schema checker's problem codes (pydantic's error types) and how to say each; ``{…}``
# names the checker's own context values. A code not listed shows the checker's message.
_SCHEMA_PROBLEMS = {
    "missing": QT_TRANSLATE_NOOP("FieldCheck", "required"),
    "greater_than_equal": QT_TRANSLATE_NOOP("FieldCheck", "must be at least {ge}"),
    "greater_than": QT_TRANSLATE_NOOP("FieldCheck", "must be more than {gt}"),
    "less_than_equal": QT_TRANSLATE_NOOP("FieldCheck", "must be at most {le}"),
    "less_than": QT_TRANSLATE_NOOP("FieldCheck", "must be less than {lt}"),
    "string_too_short": QT_TRANSLATE_NOOP("FieldCheck", "must be at least length {min_length}"),
    "string_too_long": QT_TRANSLATE_NOOP("FieldCheck", "must be at most length {max_length}"),
    "too_short": QT_TRANSLATE_NOOP("FieldCheck", "must be at least length {min_length}"),
    "too_long": QT_TRANSLATE_NOOP("FieldCheck", "must be at most length {max_length}"),
    "int_parsing": QT_TRANSLATE_NOOP("FieldCheck", "enter a whole number"),
    "int_type": QT_TRANSLATE_NOOP("FieldCheck", "enter a whole number"),
    "int_from_float": QT_TRANSLATE_NOOP("FieldCheck", "enter a whole number"),
    "float_parsing": QT_TRANSLATE_NOOP("FieldCheck", "enter a number"),
    "float_type": QT_TRANSLATE_NOOP("FieldCheck", "enter a number"),
    "bool_parsing": QT_TRANSLATE_NOOP("FieldCheck", "enter yes or no"),
    "literal_error": QT_TRANSLATE_NOOP("FieldCheck", "choose one of: {expected}"),
    "list_type": QT_TRANSLATE_NOOP("FieldCheck", "enter a list, comma-separated"),
    "unknown_flow": QT_TRANSLATE_NOOP("FieldCheck", "unknown flow {flow}"),
}


def schema_problem(code: str, context: Mapping[str, object], fallback: str) -> str:
    """Say a schema checker's problem ``code`` (with its ``context``) in the current language."""
    template = _SCHEMA_PROBLEMS.get(code)
    if template is None:
        return fallback
    values = {key: _number(v) if isinstance(v, int | float) else v for key, v in context.items()}
    try:
        return QCoreApplication.translate("FieldCheck", template).format(**values)
    except (KeyError, IndexError):
        return fallback
