"""The flows FleetDeck ships with, and the default registry that holds them."""

from __future__ import annotations

from workers.flows.builtin import collect, device, monitor, watch
from workers.flows.registry import FlowRegistry


def default_registry() -> FlowRegistry:
    """A registry of every built-in flow."""
    return FlowRegistry([*device.FLOWS, *collect.FLOWS, *monitor.FLOWS, *watch.FLOWS])
