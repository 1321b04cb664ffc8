"""Every flow a FleetDeck process can run: the built-in Python flows plus the YAML flows
in ``resources/flows/`` and the operator's own flows folder.

A malformed file is rejected whole and reported; the others still load.
"""

from __future__ import annotations

import re
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
    _drop_cycles(catalog)
    _drop_broken_references(catalog)  # after: a flow calling one in a cycle goes too
    return catalog


def _add_flow_file(catalog: FlowCatalog, path: Path) -> None:
    try:
        flow, compiled = load_flow_file(path, catalog.profiles)
    except YamlError as exc:
        catalog.errors.append(exc)
        for name in _names_of_broken_file(path):
            catalog.registry.mark_broken(name, str(exc))
        return
    if flow.name in catalog.registry:
        catalog.errors.append(YamlError(path, 1, "name", f"flow {flow.name!r} already exists"))
        return  # the flow of that name stays: it is not broken
    catalog.registry.register(flow)
    catalog.declarative[flow.name] = compiled


def _names_of_broken_file(path: Path) -> set[str]:
    """The names an operator may ask for a rejected file by: its stem and its `name:`.

    The name is looked for in the first lines only, as plain text: the file did not
    parse, and reading it again must stay cheap.
    """
    names = {path.name.rsplit(".", 1)[0]}
    try:
        with path.open("rb") as file:
            head = file.read(4096).decode("utf-8", "replace")
    except OSError:
        return names
    match = _NAME_LINE.search(head)
    if match:
        names.add(match.group(1))
    return names


_NAME_LINE = re.compile(r"^name:\s*[\"']?([a-z][a-z0-9_.]*)[\"']?\s*(?:#.*)?$", re.MULTILINE)


def _drop_broken_references(catalog: FlowCatalog) -> None:
    """Reject YAML flows whose runFlow names a flow that does not exist (repeat until stable)."""
    changed = True
    while changed:
        changed = False
        for name, compiled in list(catalog.declarative.items()):
            missing = _missing_reference(compiled, catalog.registry)
            if missing is not None:
                line, target = missing
                _reject(
                    catalog,
                    name,
                    YamlError(compiled.source, line, "runFlow", f"no flow named {target!r}"),
                )
                changed = True


def _reject(catalog: FlowCatalog, name: str, error: YamlError) -> None:
    catalog.errors.append(error)
    catalog.registry.unregister(name)
    catalog.registry.mark_broken(name, str(error))
    del catalog.declarative[name]


def _drop_cycles(catalog: FlowCatalog) -> None:
    """Reject every YAML flow that can reach itself through runFlow steps.

    Found at load, so the operator reads FILE:LINE when the flows folder is read, not a
    flow_loop failure on a phone after the cycle ran MAX_FLOW_DEPTH levels deep.
    """
    calls = {name: _run_flow_steps(compiled) for name, compiled in catalog.declarative.items()}
    for name in sorted(calls):
        path = _cycle_from(name, calls)
        if path is not None:
            line = next(line for line, target in calls[name] if target == path[1])
            chain = " -> ".join(path)
            source = catalog.declarative[name].source
            _reject(catalog, name, YamlError(source, line, "runFlow", f"a cycle: {chain}"))


def _cycle_from(start: str, calls: dict[str, list[tuple[int, str]]]) -> list[str] | None:
    """A path start -> ... -> start through runFlow calls, or None."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        name, path = stack.pop()
        for _line, target in calls.get(name, []):
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return None


def _run_flow_steps(compiled: DeclarativeFlow) -> list[tuple[int, str]]:
    """(line, target) of every runFlow step, nested ones included."""
    found = []
    stack = list(compiled.steps)
    while stack:
        step = stack.pop()
        stack.extend(step.children)
        if step.action == "runFlow":
            found.append((step.line, step.arg.flow))
    return sorted(found)


def _missing_reference(compiled: DeclarativeFlow, registry: FlowRegistry) -> tuple[int, str] | None:
    stack = list(compiled.steps)
    while stack:
        step = stack.pop()
        stack.extend(step.children)
        if step.action == "runFlow" and step.arg.flow not in registry:
            return step.line, step.arg.flow
    return None
