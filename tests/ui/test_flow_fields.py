"""Typed text becomes a field's value, with a short message when it cannot."""

from __future__ import annotations

import pytest

from ui.flow_fields import (
    FieldSpec,
    FieldType,
    FieldValueError,
    check_field_value,
    parse_field_text,
    value_as_text,
)


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        (FieldType.STR, "  猫咪 ", "猫咪"),
        (FieldType.INT, "1,200", 1200),
        (FieldType.INT, "12.0", 12),
        (FieldType.FLOAT, "0.5", 0.5),
        (FieldType.BOOL, "Yes", True),
        (FieldType.BOOL, "否", False),
        (FieldType.LIST, "a, b,,c\nd", ["a", "b", "c", "d"]),
        (FieldType.STR, "   ", None),
    ],
)
def test_parse(kind, text, value):
    assert parse_field_text(FieldSpec("f", "F", kind), text) == value


@pytest.mark.parametrize(
    ("spec", "text", "message"),
    [
        (FieldSpec("f", "F", FieldType.INT), "1.5", "whole number"),
        (FieldSpec("f", "F", FieldType.FLOAT), "nan", "finite"),
        (FieldSpec("f", "F", FieldType.BOOL), "perhaps", "yes or no"),
        (FieldSpec("f", "F", FieldType.CHOICE, choices=("red", "blue")), "green", "red, blue"),
    ],
)
def test_unreadable_text(spec, text, message):
    with pytest.raises(FieldValueError, match=message):
        parse_field_text(spec, text)


def test_checks_use_bounds_and_required():
    count = FieldSpec("n", "N", FieldType.INT, minimum=1, maximum=10)
    assert check_field_value(count, 0) == "must be at least 1"
    assert check_field_value(count, 11) == "must be at most 10"
    assert check_field_value(count, None) is None
    name = FieldSpec("s", "S", required=True, maximum=3)
    assert check_field_value(name, None) == "required"
    assert check_field_value(name, "abcd") == "must be at most length 3"
    with_default = FieldSpec("s", "S", required=True, default="x")
    assert check_field_value(with_default, None) is None


def test_values_show_as_they_would_be_typed():
    assert value_as_text(FieldSpec("l", "L", FieldType.LIST), ["a", "b"]) == "a, b"
    assert value_as_text(FieldSpec("b", "B", FieldType.BOOL), True) == "true"
    assert value_as_text(FieldSpec("f", "F", FieldType.FLOAT), 2.0) == "2"
    assert parse_field_text(FieldSpec("c", "C", FieldType.CHOICE, choices=("Red",)), "red") == "Red"
