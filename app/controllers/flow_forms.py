"""The console's view of flows: each flow's parameter schema as form fields, and a
validator that names every bad field (the new-batch form checks as the operator types)."""

from __future__ import annotations

import types
import typing
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin

import annotated_types
from pydantic import ValidationError
from pydantic_core import PydanticUndefined

from ui.flow_fields import FieldSpec, FieldType, FlowInfo, schema_problem

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pydantic.fields import FieldInfo

    from workers.flows.catalog import FlowCatalog
    from workers.flows.sdk import Flow

_SIMPLE = {str: FieldType.STR, int: FieldType.INT, float: FieldType.FLOAT, bool: FieldType.BOOL}


def flow_infos(catalog: FlowCatalog) -> list[FlowInfo]:
    """Every flow of the catalog as the new-batch dialog offers it, by name."""
    return [flow_info(catalog.flow(name)) for name in catalog.registry.names()]


def flow_info(flow: Flow) -> FlowInfo:
    """One flow: its description, its parameters as fields, its items' fields."""
    fields = tuple(
        field_spec(name, info, name == flow.author_field)
        for name, info in flow.params.model_fields.items()
    )
    return FlowInfo(
        name=flow.name,
        description=flow.description,
        fields=fields,
        item_fields=tuple(flow.item_fields),
        needs_device=flow.needs_device,
        # A flow that works on someone's content (it names an author) collects: any free
        # phone may take each task. One about the phone itself runs once on each.
        runs_per_device=flow.needs_device and flow.author_field is None,
    )


def field_spec(name: str, info: FieldInfo, is_author: bool) -> FieldSpec:
    """A pydantic field as a form field: kind, bounds, default, label and help."""
    kind, choices = _kind(info.annotation)
    low, high = _bounds(info)
    default = None if info.default is PydanticUndefined else info.default
    return FieldSpec(
        name=name,
        label=info.title or name.replace("_", " ").capitalize(),
        type=kind,
        help=info.description or "",
        default=default,
        minimum=low,
        maximum=high,
        required=info.is_required(),
        is_author_id=is_author,
        choices=choices,
    )


def _kind(annotation: Any) -> tuple[FieldType, tuple[str, ...]]:
    origin = get_origin(annotation)
    if origin is Literal:
        return FieldType.CHOICE, tuple(str(value) for value in get_args(annotation))
    if origin in (list, tuple, set):
        return FieldType.LIST, ()
    if origin in (typing.Union, types.UnionType):  # Optional[X]: the X
        inner = [arg for arg in get_args(annotation) if arg is not type(None)]
        return _kind(inner[0]) if len(inner) == 1 else (FieldType.STR, ())
    return _SIMPLE.get(annotation, FieldType.STR), ()


def _bounds(info: FieldInfo) -> tuple[float | None, float | None]:
    low = high = None
    for rule in info.metadata:
        if isinstance(rule, annotated_types.Ge | annotated_types.Gt):
            low = float(getattr(rule, "ge", getattr(rule, "gt", 0)))
        elif isinstance(rule, annotated_types.Le | annotated_types.Lt):
            high = float(getattr(rule, "le", getattr(rule, "lt", 0)))
        elif isinstance(rule, annotated_types.MinLen):
            low = float(rule.min_length)
        elif isinstance(rule, annotated_types.MaxLen):
            high = float(rule.max_length)
    return low, high


def make_validator(catalog: FlowCatalog) -> Any:
    """validate(flow, values) -> {field: message}, every bad field at once; pure and fast.

    Messages are worded from pydantic's stable error codes by ``schema_problem`` (in the
    console's language); a code it does not know keeps pydantic's English message.
    """

    def validate(flow_name: str, values: Mapping[str, object]) -> dict[str, str]:
        try:
            flow = catalog.flow(flow_name)
        except KeyError:
            return {"": schema_problem("unknown_flow", {"flow": repr(flow_name)}, flow_name)}
        given = {key: value for key, value in values.items() if value is not None}
        try:
            flow.params.model_validate(given)
        except ValidationError as exc:
            problems: dict[str, str] = {}
            for error in exc.errors():
                field = str(error["loc"][0]) if error["loc"] else ""
                fallback = error["msg"].removeprefix("Value error, ")
                problems.setdefault(
                    field, schema_problem(error["type"], error.get("ctx") or {}, fallback)
                )
            return problems
        return {}

    return validate
