"""Flow parameter fields as the console sees them, and how typed text becomes a value.

Plain Python (no Qt), so the new-batch form and the spreadsheet import share one set of
rules. The controller maps each flow's parameter schema onto ``FieldSpec``s.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

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
    """

    name: str
    description: str
    fields: tuple[FieldSpec, ...] = ()
    item_fields: tuple[str, ...] = ()
    needs_device: bool = True


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
            return "required"
        return None
    if spec.type in (FieldType.INT, FieldType.FLOAT) and isinstance(value, int | float):
        return _check_bounds(value, spec.minimum, spec.maximum, "at least", "at most")
    if isinstance(value, str | list):
        return _check_bounds(
            len(value), spec.minimum, spec.maximum, "at least length", "at most length"
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
        raise FieldValueError("enter a whole number") from None
    if not number.is_integer():
        raise FieldValueError("enter a whole number")
    return int(number)


def _parse_float(_spec: FieldSpec, text: str) -> float:
    try:
        number = float(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise FieldValueError("enter a number") from None
    if not math.isfinite(number):
        raise FieldValueError("enter a finite number")
    return number


def _parse_bool(_spec: FieldSpec, text: str) -> bool:
    word = text.lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise FieldValueError("enter yes or no")


def _parse_choice(spec: FieldSpec, text: str) -> str:
    for choice in spec.choices:
        if text.casefold() == choice.casefold():
            return choice
    raise FieldValueError("choose one of: " + ", ".join(spec.choices))


def _check_bounds(
    amount: float, low: float | None, high: float | None, low_word: str, high_word: str
) -> str | None:
    if low is not None and amount < low:
        return f"must be {low_word} {_number(low)}"
    if high is not None and amount > high:
        return f"must be {high_word} {_number(high)}"
    return None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
