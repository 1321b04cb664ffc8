"""What the console remembers between runs (QSettings): geometry, tab, filters, tile size,
language."""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from ui.grid.phone_data import PhoneState
from ui.grid.phone_proxy import GridFilter
from ui.i18n import AUTO, CHOICES
from ui.pool.pool_data import NewBatchMemory
from ui.records.record_data import RecordFilter

log = logging.getLogger(__name__)

GEOMETRY = "main_window/geometry"
TAB = "main_window/tab"
GRID_FILTER = "grid/filter"
TILE_WIDTH = "grid/tile_width"
RECORD_FILTER = "records/filter"
LANGUAGE = "main_window/language"
NEW_BATCH = "pool/new_batch"


class WindowState:
    """Reads and writes the remembered state; bad or missing values give the defaults."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings()

    def geometry(self) -> QByteArray | None:
        """Return the saved window geometry."""
        value = self._settings.value(GEOMETRY)
        return value if isinstance(value, QByteArray) else None

    def save_geometry(self, geometry: QByteArray) -> None:
        """Remember the window geometry."""
        self._settings.setValue(GEOMETRY, geometry)

    def tab(self) -> int:
        """Return the tab shown last."""
        return _int(self._settings.value(TAB, 0), 0)

    def save_tab(self, index: int) -> None:
        """Remember the tab shown."""
        self._settings.setValue(TAB, index)

    def language(self) -> str:
        """Return the Language menu's last choice (``auto`` when none or unknown)."""
        value = self._settings.value(LANGUAGE, AUTO)
        return value if isinstance(value, str) and value in CHOICES else AUTO

    def save_language(self, choice: str) -> None:
        """Remember the Language menu's choice."""
        self._settings.setValue(LANGUAGE, choice)

    def tile_width(self, default: int) -> int:
        """Return the tile width chosen last."""
        return _int(self._settings.value(TILE_WIDTH, default), default)

    def save_tile_width(self, width: int) -> None:
        """Remember the tile width."""
        self._settings.setValue(TILE_WIDTH, width)

    def grid_filter(self) -> GridFilter:
        """Return the grid filter set last."""
        values = self._json(GRID_FILTER)
        try:
            states = frozenset(PhoneState(s) for s in values.get("states", []))
            return GridFilter(
                states=states,
                host=str(values.get("host", "")),
                account=str(values.get("account", "")),
                text=str(values.get("text", "")),
            )
        except (ValueError, TypeError):
            return GridFilter()

    def save_grid_filter(self, grid_filter: GridFilter) -> None:
        """Remember the grid filter."""
        values = {
            "states": sorted(state.value for state in grid_filter.states),
            "host": grid_filter.host,
            "account": grid_filter.account,
            "text": grid_filter.text,
        }
        self._settings.setValue(GRID_FILTER, json.dumps(values, ensure_ascii=False))

    def record_filter(self) -> RecordFilter:
        """Return the record filter searched last."""
        return RecordFilter.from_settings(self._json(RECORD_FILTER))

    def save_record_filter(self, record_filter: RecordFilter) -> None:
        """Remember the record filter."""
        text = json.dumps(record_filter.to_settings(), ensure_ascii=False)
        self._settings.setValue(RECORD_FILTER, text)

    def new_batch_memory(self) -> NewBatchMemory:
        """Return the new-batch dialog's last flow, and each flow's mode and parameters."""
        values = self._json(NEW_BATCH)
        modes, params = values.get("modes", {}), values.get("params", {})
        if not isinstance(modes, dict) or not isinstance(params, dict):
            return NewBatchMemory()
        return NewBatchMemory(
            last_flow=str(values.get("last_flow", "")),
            modes={str(k): str(v) for k, v in modes.items()},
            params={str(k): v for k, v in params.items() if isinstance(v, dict)},
        )

    def save_new_batch_memory(self, memory: NewBatchMemory) -> None:
        """Remember the new-batch dialog's choices."""
        values = {
            "last_flow": memory.last_flow,
            "modes": dict(memory.modes),
            "params": {flow: dict(params) for flow, params in memory.params.items()},
        }
        self._settings.setValue(NEW_BATCH, json.dumps(values, ensure_ascii=False, default=str))

    def _json(self, key: str) -> dict[str, Any]:
        raw = self._settings.value(key, "")
        if not isinstance(raw, str) or not raw:
            return {}
        try:
            values = json.loads(raw)
        except ValueError:
            log.warning("ignoring the unreadable remembered %s", key)
            return {}
        return values if isinstance(values, dict) else {}


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default
