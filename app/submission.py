"""The request layer: turn a request into a checked BatchSpec (flow, parameters, targets).

The console, the command line and the HTTP API all submit through these functions.
Parameters are validated against the flow's own schema here, above the pool (the
pool does not know flows); a bad field is refused with its name and nothing is
written. Errors are UserErrors with a code; each front end renders them its way.
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING, Any, Optional

from pydantic import ValidationError, create_model

from app.errors import UserError
from db.pool.states import TargetKind
from db.pool.values import BatchSpec, Targets
from workers.flows.catalog import load_catalog
from workers.flows.registry import UnknownFlow
from workers.flows.sdk import InvalidParams

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


def check_mapping(upstream: Flow, mapping: Mapping[str, str]) -> None:
    """Refuse a mapping whose item fields the upstream flow does not emit."""
    fields = upstream.item_fields
    for field in mapping:
        if field not in fields:
            listing = ", ".join(fields) or "none: it emits no items"
            raise UserError(
                f"--map: {field!r} is not a field of {upstream.name}'s output items "
                f"(fields: {listing})"
            )


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
