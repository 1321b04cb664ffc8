"""The request layer: turn a request into a checked BatchSpec (flow, parameters, targets).

The console, the command line and the HTTP API all submit through these functions.
Parameters are validated against the flow's own schema here, above the pool (the
pool does not know flows); a bad field is refused with its name and nothing is
written. Errors are UserErrors with a code; each front end renders them its way.
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING, Any, Literal, Optional, get_args, get_origin

from pydantic import ValidationError, create_model

from app.errors import UserError
from db.pool.errors import PoolError
from db.pool.states import TargetKind
from db.pool.validation import check_spec
from db.pool.values import BatchSpec, Targets
from workers.flows.catalog import load_catalog
from workers.flows.registry import UnknownFlow
from workers.flows.sdk import InvalidParams, field_with_nul

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from app.settings import Settings
    from workers.flows.registry import FlowRegistry
    from workers.flows.sdk import Flow


def operator_name(host_name: str) -> str:
    """Who is acting, as recorded on batches and stops: user@host."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        user = "operator"
    return f"{user}@{host_name}"


def find_flow(registry: FlowRegistry, name: str) -> Flow:
    """The flow called ``name``, or a one-line error listing the known ones."""
    try:
        return registry.get(name)
    except UnknownFlow as exc:
        raise UserError(str(exc)) from None


def validated_params(
    flow: Flow, raw: Mapping[str, Any], mapped: Sequence[str] = ()
) -> dict[str, Any]:
    """Check parameters against the flow's schema; return them as stored.

    Parameters named in ``mapped`` come later, from upstream items: here they may be
    missing, but every other field must be right.
    """
    if not mapped:
        try:
            return flow.validate_params(raw).model_dump(mode="json")
        except InvalidParams as exc:
            raise UserError(str(exc)) from None
    nul = field_with_nul(raw)
    if nul is not None:
        raise UserError(f"{flow.name}: parameter {nul!r}: contains a NUL character (\\0)")
    unknown = [name for name in mapped if name not in flow.params.model_fields]
    if unknown:
        known = ", ".join(flow.params.model_fields)
        raise UserError(f"--map: {flow.name} has no parameter {unknown[0]!r} (it has: {known})")
    # The mapped fields become optional here, so every other field is checked and
    # converted (a "5" typed for a number is stored as 5).
    optional: dict[str, Any] = {
        name: (Optional[flow.params.model_fields[name].annotation], None)  # noqa: UP045
        for name in mapped
    }
    partial = create_model(f"{flow.params.__name__}Partial", __base__=flow.params, **optional)
    try:
        checked = partial.model_validate(dict(raw))
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(p) for p in error["loc"]) or "(parameters)"
        raise UserError(f"{flow.name}: parameter {field!r}: {error['msg']}") from None
    stored: dict[str, Any] = checked.model_dump(mode="json", exclude=set(mapped))
    return stored


def check_mapping(
    upstream: Flow, mapping: Mapping[str, str], downstream: Flow | None = None
) -> None:
    """Refuse a mapping whose item fields the upstream flow does not emit, or (given the
    downstream flow) whose field's type cannot fill its parameter: found at submit, not
    when every downstream task fails on its parameters."""
    fields = upstream.item_fields
    for field in mapping:
        if field not in fields:
            listing = ", ".join(fields) or "none: it emits no items"
            raise UserError(
                f"--map: {field!r} is not a field of {upstream.name}'s output items "
                f"(fields: {listing})"
            )
    if downstream is None or upstream.item is None:
        return
    for field, name in mapping.items():
        target = downstream.params.model_fields.get(name)
        if target is None:
            continue  # validated_params names an unknown parameter
        given = _kind(upstream.item.model_fields[field].annotation)
        wanted = _kind(target.annotation)
        if given and wanted and given != wanted and (given, wanted) != ("int", "float"):
            raise UserError(
                f"--map {field}={name}: {upstream.name}'s item field {field!r} is {given}, "
                f"but {downstream.name}'s parameter {name!r} takes {wanted}"
            )


def _kind(annotation: Any) -> str | None:
    """The plain type a field holds (str, int, float, bool, list), or None when unsure."""
    args = [arg for arg in get_args(annotation) if arg is not type(None)]
    origin = get_origin(annotation)
    if origin is Literal:
        kinds = {_kind(type(arg)) for arg in args}
        return kinds.pop() if len(kinds) == 1 else None
    if origin in (list, tuple, set):
        return "list"
    if args and origin is not None:  # Optional[X], Annotated[X, ...], X | None
        inner = {_kind(arg) for arg in args if not isinstance(arg, str)}
        return inner.pop() if len(inner) == 1 else None
    if isinstance(annotation, type) and annotation in (str, int, float, bool):
        return annotation.__name__
    return None


def targets_from(devices: Sequence[str] | None, accounts: Sequence[str] | None) -> Targets:
    """Targets from --devices / --accounts lists (neither: every phone)."""
    if devices and accounts:
        raise UserError("--devices and --accounts cannot be combined: choose one")
    if devices:
        return Targets(TargetKind.DEVICES, devices=tuple(devices))
    if accounts:
        return Targets(TargetKind.ACCOUNTS, accounts=tuple(accounts))
    return Targets()


def flow_spec_fields(flow: Flow) -> dict[str, Any]:
    """What a BatchSpec takes from the flow itself."""
    # Flows may declare that they need an account logged in; none of the built-in
    # ones does yet, and a flow that finds none fails with a device-class error.
    return {
        "needs_device": flow.needs_device,
        "needs_account": bool(getattr(flow, "needs_account", False)),
        "author_param": flow.author_field,
    }


def registry(settings: Settings) -> FlowRegistry:
    """The flows this FleetDeck can run: built-in, shipped YAML and the operator's own."""
    return load_catalog(settings.flows_dir, settings.profiles_dir).registry


def spec_for(flow: Flow, params: dict[str, Any], **options: Any) -> BatchSpec:
    """A BatchSpec for ``flow`` with the flow's own fields filled in."""
    return BatchSpec(flow=flow.name, params=params, **flow_spec_fields(flow), **options)


def checked_spec(spec: BatchSpec) -> BatchSpec:
    """The spec of a single batch, checked as far as it can be without the database, so
    a bad request is refused before a database is opened (the pool checks it again)."""
    try:
        check_spec(spec)
    except PoolError as exc:
        raise UserError(str(exc)) from None
    return spec
