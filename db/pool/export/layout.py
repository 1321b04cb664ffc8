"""Which columns an export writes, and the one table of texts their headers come from.

Every column has a stable id; its English header is ``TEXTS[id]``. The console passes
``ExportLayout.headers``, each English text in its own language (Qt's source text is
the key: ``ui/records/export_words.py``), so the data layer words nothing of its own. A
flow's parameter columns have the id ``param:NAME`` (header: the parameter's label) and
its item columns ``field:NAME`` (header: the field's name, which is data).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import tzinfo

# Column id -> English header. ``{zone}`` is the time zone the export's dates are in.
TEXTS: dict[str, str] = {
    "sheet.attempts": "Attempts",
    "attempt_id": "attempt id",
    "batch": "batch",
    "task": "task",
    "flow": "flow",
    "attempt": "attempt",
    "status": "status",
    "error_class": "error class",
    "error_message": "error message",
    "error_code": "error code",
    "step": "failing step",
    "account": "account",
    "device": "device",
    "host": "host",
    "author": "author",
    "started_at": "started at ({zone})",
    "finished_at": "finished at ({zone})",
    "collected_at": "collected at ({zone})",
    "duration_ms": "duration ms",
    "outputs": "outputs",
    "params": "params",
    "stop_reason": "stop reason",
    "artifacts": "artifacts",
    "late_result": "late result",
    "more_fields": "more fields",
    # Ends a cell cut at Excel's limit; {length} is the whole text's length.
    "cut_marker": " … [CUT: the full text has {length} characters, more than a cell holds]",
}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its stable id, its header, its width in characters."""

    id: str
    header: str
    width: float


@dataclass(frozen=True)
class FlowColumns:
    """What one flow's outputs sheet shows beside the attempt's own columns.

    Attributes:
        key_params: (parameter name, label) of the task's parameters that say what it
            worked on (e.g. creator and video title), written beside every item.
        fields: the output item's fields, in the flow's schema order.
    """

    key_params: tuple[tuple[str, str], ...] = ()
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportLayout:
    """How an export is laid out.

    Attributes:
        flows: each known flow's columns; a flow missing here (removed since, or a
            benchmark's) gets every parameter of its first task and the fields of its
            first item.
        time_zone: the zone dates are written in (None: this PC's zone).
        zone_name: how headers name that zone (e.g. ``Asia/Shanghai``).
        headers: English text -> the same in the console's language (sheet names,
            headers, the cut marker); a text missing here stays English.
    """

    flows: Mapping[str, FlowColumns] = field(default_factory=dict)
    time_zone: tzinfo | None = None
    zone_name: str = "local time"
    headers: Mapping[str, str] = field(default_factory=dict)

    def text(self, column_id: str, default: str | None = None) -> str:
        """The header (or other text) of ``column_id``, in the headers' language."""
        english = TEXTS.get(column_id, default if default is not None else column_id)
        return self.headers.get(english, english).replace("{zone}", self.zone_name)


# id, width; the attempts sheet in the order the columns appear.
ATTEMPT_COLUMNS: tuple[tuple[str, float], ...] = (
    ("attempt_id", 11),
    ("batch", 8),
    ("task", 9),
    ("flow", 18),
    ("attempt", 8),
    ("status", 11),
    ("error_class", 13),
    ("error_message", 44),
    ("error_code", 18),
    ("step", 18),
    ("account", 18),
    ("device", 18),
    ("host", 16),
    ("author", 18),
    ("started_at", 20),
    ("finished_at", 20),
    ("duration_ms", 12),
    ("outputs", 8),
    ("params", 44),
    ("stop_reason", 32),
    ("artifacts", 60),
    ("late_result", 32),
)
# Every outputs sheet starts with these, then the flow's key parameters and fields.
ITEM_LEAD_COLUMNS: tuple[tuple[str, float], ...] = (
    ("attempt_id", 11),
    ("batch", 8),
    ("task", 9),
    ("account", 16),
    ("device", 16),
    ("collected_at", 20),
)
MIN_WIDTH, MAX_WIDTH = 8, 60


def attempt_columns(layout: ExportLayout) -> list[Column]:
    """The attempts sheet's columns."""
    return [Column(cid, layout.text(cid), width) for cid, width in ATTEMPT_COLUMNS]


def flow_columns(
    layout: ExportLayout,
    flow: FlowColumns,
    first_item: Mapping[str, Any],
    params: Mapping[str, Any],
) -> list[Column]:
    """An outputs sheet's columns; widths fit the headers and the first row's values."""
    columns = [Column(cid, layout.text(cid), width) for cid, width in ITEM_LEAD_COLUMNS]
    for name, label in flow.key_params:
        column_id = f"param:{name}"
        columns.append(_fitted(column_id, layout.text(column_id, label), params.get(name)))
    for name in flow.fields:
        column_id = f"field:{name}"
        columns.append(_fitted(column_id, layout.text(column_id, name), first_item.get(name)))
    columns.append(Column("more_fields", layout.text("more_fields"), 24))
    return _unique_headers(columns)


def discovered_columns(first_item: Mapping[str, Any], params: Mapping[str, Any]) -> FlowColumns:
    """Columns for a flow the layout does not know: what its first task and item have."""
    return FlowColumns(tuple((name, name) for name in params), tuple(first_item))


def display_width(text: str) -> int:
    """Width of ``text`` in Excel's character units (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text[:MAX_WIDTH])


def _fitted(column_id: str, header: str, sample: Any) -> Column:
    sample_text = "" if sample is None else str(sample)
    width = max(display_width(header), display_width(sample_text)) + 2
    return Column(column_id, header, float(min(max(width, MIN_WIDTH), MAX_WIDTH)))


def _unique_headers(columns: list[Column]) -> list[Column]:
    """A parameter and an item field may share a header: number the later one."""
    seen: set[str] = set()
    unique = []
    for column in columns:
        header, n = column.header, 2
        while header.casefold() in seen:
            header, n = f"{column.header} ({n})", n + 1
        seen.add(header.casefold())
        unique.append(Column(column.id, header, column.width))
    return unique
