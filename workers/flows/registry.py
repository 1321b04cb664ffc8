"""The flow registry: every flow FleetDeck can run, by name."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from workers.flows.sdk import Flow


class UnknownFlow(KeyError):
    """No flow by that name; the message lists the known ones."""

    def __str__(self) -> str:
        return str(self.args[0])


class FlowRegistry:
    """Flows by name. Registering the same name twice is a programming error."""

    def __init__(self, flows: Iterable[Flow] = ()) -> None:
        self._flows: dict[str, Flow] = {}
        self._broken: dict[str, str] = {}  # name -> why its file did not load
        for flow in flows:
            self.register(flow)

    def register(self, flow: Flow) -> None:
        """Add a flow."""
        if flow.name in self._flows:
            raise ValueError(f"flow {flow.name!r} registered twice")
        self._flows[flow.name] = flow

    def unregister(self, name: str) -> None:
        """Remove a flow (used when a YAML flow turns out to be unusable)."""
        self._flows.pop(name, None)

    def mark_broken(self, name: str, reason: str) -> None:
        """Remember that the file of flow ``name`` was rejected, and why."""
        self._broken.setdefault(name, reason)

    def get(self, name: str) -> Flow:
        """The flow called ``name``, or UnknownFlow saying why its file did not load, or
        listing what exists."""
        try:
            return self._flows[name]
        except KeyError:
            if name in self._broken:
                raise UnknownFlow(f"flow {name!r} did not load: {self._broken[name]}") from None
            known = ", ".join(sorted(self._flows)) or "none"
            raise UnknownFlow(f"unknown flow {name!r} (known flows: {known})") from None

    def names(self) -> list[str]:
        """Every registered name, sorted."""
        return sorted(self._flows)

    def __contains__(self, name: object) -> bool:
        return name in self._flows
