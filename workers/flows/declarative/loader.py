"""Load a declarative flow file into a registered Flow, or reject it whole with its
file, line and field. Nothing of a rejected file is registered."""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from workers.flows.declarative.runner import run_declarative
from workers.flows.declarative.steps import ACTIONS, TEMPLATE, DeclarativeFlow, RepeatArg, Step
from workers.flows.sdk import Flow, FlowItem, FlowParams, param
from workers.flows.yaml_source import (
    Loc,
    YamlDocument,
    load_yaml,
    parse_yaml,
    reason,
    schema_reason,
)

if TYPE_CHECKING:
    from pathlib import Path

    from workers.flows.profiles import ProfileSet

_TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool, "list": list[str]}


class ParamDecl(BaseModel):
    """One parameter of a declarative flow."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    type: Literal["str", "int", "float", "bool", "list"] = "str"
    label: str = Field(min_length=1)
    help: str = ""
    default: Any = None
    required: bool | None = None
    author_id: bool = False
    min: float | None = None
    max: float | None = None
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=1)
    choices: list[Any] | None = None


class OutputDecl(BaseModel):
    """The items a declarative flow emits."""

    model_config = ConfigDict(extra="forbid")

    key: str
    fields: dict[str, Literal["str", "int", "float", "bool"]] = Field(min_length=1)


class FlowFile(BaseModel):
    """The top level of a flow file."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
    description: str = Field(min_length=1, max_length=200)
    app: str | None = None
    needs_device: bool = True
    params: dict[str, ParamDecl] = Field(default_factory=dict)
    output: OutputDecl | None = None
    steps: list[dict[str, Any]] = Field(min_length=1)


def load_flow_file(path: Path, profiles: ProfileSet) -> tuple[Flow, DeclarativeFlow]:
    """Validate a flow file completely, then build its Flow; raise YamlError otherwise."""
    return _load(load_yaml(path), profiles)


def load_flow_text(text: str, path: Path, profiles: ProfileSet) -> tuple[Flow, DeclarativeFlow]:
    """Validate a flow being edited (``path`` names it in errors), as a file would be."""
    return _load(parse_yaml(text, path), profiles)


def _load(doc: YamlDocument, profiles: ProfileSet) -> tuple[Flow, DeclarativeFlow]:
    path = doc.path
    header = doc.validate(FlowFile)
    params_model = _params_model(doc, header)
    item_model = _item_model(doc, header)
    compiler = _StepCompiler(doc, header, profiles)
    steps = compiler.compile_list(header.steps, ("steps",))
    compiled = DeclarativeFlow(
        source=str(path),
        name=header.name,
        steps=steps,
        profile=compiler.profile,
        profiles=profiles,
    )
    flow = Flow(
        name=header.name,
        description=header.description,
        params=params_model,
        item=item_model,
        run=partial(run_declarative, compiled),
        needs_device=header.needs_device,
    )
    return flow, compiled


def _params_model(doc: YamlDocument, header: FlowFile) -> type[FlowParams]:
    fields: dict[str, Any] = {}
    authors = [name for name, decl in header.params.items() if decl.author_id]
    if len(authors) > 1:
        raise doc.error(("params", authors[1], "author_id"), "one_author")
    for name, decl in header.params.items():
        if not name.isidentifier() or name.startswith("_"):
            raise doc.error(("params", name), "param_name")
        annotation: Any = _TYPES[decl.type]
        if decl.choices:
            annotation = Literal[tuple(decl.choices)]
        required = decl.required if decl.required is not None else decl.default is None
        default = ... if required else decl.default
        constraints = {
            key: value
            for key, value in (
                ("ge", decl.min),
                ("le", decl.max),
                ("min_length", decl.min_length),
                ("max_length", decl.max_length),
            )
            if value is not None
        }
        fields[name] = (
            annotation,
            param(
                default, label=decl.label, help=decl.help, author_id=decl.author_id, **constraints
            ),
        )
    try:
        model = create_model(_model_name(header.name, "Params"), __base__=FlowParams, **fields)
    except (TypeError, ValueError) as exc:
        raise doc.error(("params",), "params_decl", problem=str(exc)) from None
    _check_defaults(doc, header, model)
    return model


def _check_defaults(doc: YamlDocument, header: FlowFile, model: type[FlowParams]) -> None:
    """Each default must be a valid value of its own parameter: found at load, not when
    a batch that leaves the field out fails on every phone."""
    blank = model.model_construct()
    for name, decl in header.params.items():
        if decl.default is None:
            continue
        try:
            model.__pydantic_validator__.validate_assignment(blank, name, decl.default)
        except ValidationError as exc:
            problem = schema_reason(exc.errors()[0])
            raise doc.error(
                ("params", name, "default"),
                "default_unfit",
                default=repr(decl.default),
                reason=problem,
            ) from None


def _item_model(doc: YamlDocument, header: FlowFile) -> type[FlowItem] | None:
    output = header.output
    if output is None:
        return None
    if output.key not in output.fields:
        raise doc.error(("output", "key"), "output_key", key=repr(output.key))
    fields: dict[str, Any] = {name: (_TYPES[kind], ...) for name, kind in output.fields.items()}
    model = create_model(_model_name(header.name, "Item"), __base__=FlowItem, **fields)
    model.key_field = output.key
    return model


def _model_name(flow_name: str, suffix: str) -> str:
    return "".join(part.title() for part in re.split(r"[._]", flow_name)) + suffix


class _StepCompiler:
    """Validates steps one by one, so an error points at the exact step and line."""

    def __init__(self, doc: YamlDocument, header: FlowFile, profiles: ProfileSet) -> None:
        self.doc = doc
        self.header = header
        self.profile = profiles.get(header.app) if header.app else None
        if header.app and self.profile is None:
            known = ", ".join(sorted(profiles.profiles)) or "none"
            raise doc.error(("app",), "no_profile", app=repr(header.app), known=known)

    def compile_list(self, raw_steps: list[dict[str, Any]], loc: Loc) -> tuple[Step, ...]:
        return tuple(self.compile_step(raw, (*loc, index)) for index, raw in enumerate(raw_steps))

    def compile_step(self, raw: Any, loc: Loc) -> Step:
        if not isinstance(raw, dict):
            raise self.doc.error(loc, "step_not_mapping")
        actions = [key for key in raw if key != "name"]
        if len(actions) != 1 or actions[0] not in ACTIONS:
            known = ", ".join(ACTIONS)
            found = ", ".join(map(str, actions)) or reason("nothing")
            raise self.doc.error(loc, "one_action", known=known, found=found)
        action = actions[0]
        try:
            arg = ACTIONS[action].model_validate(raw[action])
        except ValidationError as exc:
            raise self.doc.from_validation(exc, (*loc, action)) from None
        self._check_references(raw[action], (*loc, action))
        children: tuple[Step, ...] = ()
        if isinstance(arg, RepeatArg):
            children = self.compile_list(arg.steps, (*loc, action, "steps"))
        name = raw.get("name") or _default_name(action, raw[action])
        line = self.doc.line_of(loc)
        return Step(
            action=action, arg=arg, raw=raw[action], name=str(name), line=line, children=children
        )

    def _check_references(self, value: Any, loc: Loc) -> None:
        """Every ${param} is declared and every "@selector" is in the app profile."""
        if isinstance(value, dict):
            for key, inner in value.items():
                if key != "steps":  # nested steps are checked when compiled
                    self._check_references(inner, (*loc, key))
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                self._check_references(inner, (*loc, index))
        elif isinstance(value, str):
            for name in TEMPLATE.findall(value):
                if name not in self.header.params:
                    raise self.doc.error(loc, "undeclared_param", name=name)
            if value.startswith("@"):
                self._check_profile_selector(value[1:], loc)

    def _check_profile_selector(self, name: str, loc: Loc) -> None:
        if self.profile is None:
            raise self.doc.error(loc, "needs_profile", name=name)
        if name not in self.profile.selectors:
            app = repr(self.profile.app)
            raise self.doc.error(loc, "no_profile_selector", app=app, name=repr(name))


def _default_name(action: str, raw_arg: Any) -> str:
    if isinstance(raw_arg, str):
        return f"{action} {raw_arg}"
    if isinstance(raw_arg, dict):
        for key in ("element", "app", "flow", "items", "text", "direction"):
            if isinstance(raw_arg.get(key), str):
                return f"{action} {raw_arg[key]}"
    return action
