"""Every flow a FleetDeck process can run: the built-in Python flows plus the YAML flows
in ``resources/flows/`` and the operator's own flows folder.

A malformed file is rejected whole and reported; the others still load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from workers.flows.builtin import default_registry
from workers.flows.declarative.loader import load_flow_file
from workers.flows.profiles import AppProfile, ProfileSet, load_profiles
from workers.flows.yaml_source import YamlError

if TYPE_CHECKING:
    from workers.flows.declarative.steps import DeclarativeFlow
    from workers.flows.registry import FlowRegistry
    from workers.flows.sdk import Flow

BUILTIN_FLOWS = Path(__file__).resolve().parents[2] / "resources" / "flows"


@dataclass
class FlowCatalog:
    """The registry of runnable flows, the app profiles, and what failed to load."""

    registry: FlowRegistry
    profiles: ProfileSet
    declarative: dict[str, DeclarativeFlow] = field(default_factory=dict)
    errors: list[YamlError] = field(default_factory=list)

    def flow(self, name: str) -> Flow:
        """The flow called ``name`` (UnknownFlow, a KeyError, when there is none)."""
        return self.registry.get(name)

    def profile(self, name: str) -> AppProfile | None:
        """The app profile called ``name`` (or with that package), or None."""
        return self.profiles.get(name)


def load_catalog(flows_dir: Path | None = None, profiles_dir: Path | None = None) -> FlowCatalog:
    """Load built-in and user flows and profiles."""
    profiles = load_profiles(profiles_dir)
    catalog = FlowCatalog(
        registry=default_registry(), profiles=profiles, errors=list(profiles.errors)
    )
    for folder in (BUILTIN_FLOWS, flows_dir):
        if folder is not None and folder.is_dir():
            for path in sorted(folder.glob("*.y*ml")):
                _add_flow_file(catalog, path)
    _drop_broken_references(catalog)
    return catalog


def _add_flow_file(catalog: FlowCatalog, path: Path) -> None:
    try:
        flow, compiled = load_flow_file(path, catalog.profiles)
    except YamlError as exc:
        catalog.errors.append(exc)
        return
    if flow.name in catalog.registry:
        catalog.errors.append(YamlError(path, 1, "name", f"flow {flow.name!r} already exists"))
        return
    catalog.registry.register(flow)
    catalog.declarative[flow.name] = compiled


def _drop_broken_references(catalog: FlowCatalog) -> None:
    """Reject YAML flows whose runFlow names a flow that does not exist (repeat until stable)."""
    changed = True
    while changed:
        changed = False
        for name, compiled in list(catalog.declarative.items()):
            missing = _missing_reference(compiled, catalog.registry)
            if missing is not None:
                line, target = missing
                catalog.errors.append(
                    YamlError(compiled.source, line, "runFlow", f"no flow named {target!r}")
                )
                catalog.registry.unregister(name)
                del catalog.declarative[name]
                changed = True


def _missing_reference(compiled: DeclarativeFlow, registry: FlowRegistry) -> tuple[int, str] | None:
    stack = list(compiled.steps)
    while stack:
        step = stack.pop()
        stack.extend(step.children)
        if step.action == "runFlow" and step.arg.flow not in registry:
            return step.line, step.arg.flow
    return None
