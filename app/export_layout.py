"""How the Excel export lays out each flow's outputs, from the flows' own schemas."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.time_zones import zone_in_effect
from db.pool.export import ExportLayout, FlowColumns

if TYPE_CHECKING:
    from workers.flows.registry import FlowRegistry
    from workers.flows.sdk import Flow


def export_layout(registry: FlowRegistry, time_zone: str) -> ExportLayout:
    """The layout for every registered flow, dates in ``time_zone`` ("" = this PC's).

    Headers stay English; the console adds its language's words per export.
    """
    zone, zone_name = zone_in_effect(time_zone)
    flows = {name: flow_columns(registry.get(name)) for name in registry.names()}
    return ExportLayout(flows=flows, time_zone=zone, zone_name=zone_name)


def flow_columns(flow: Flow) -> FlowColumns:
    """A flow's item fields, and its key parameters: the author id and every parameter
    without a default (what the task is about, e.g. creator and video title; the
    others, such as limits, only tune how it runs)."""
    key = tuple(
        (name, field.title or name)
        for name, field in flow.params.model_fields.items()
        if name == flow.author_field or field.is_required()
    )
    return FlowColumns(key_params=key, fields=tuple(flow.item_fields))
