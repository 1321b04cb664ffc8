"""Table handles of monitoring's models, for Core statements."""

from __future__ import annotations

from sqlalchemy import Table

from db.monitor.models import MonitorHitRead, MonitorSchedule, MonitorSeen, MonitorSlot


def _table(model: type) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


SCHEDULES = _table(MonitorSchedule)
SLOTS = _table(MonitorSlot)
SEEN = _table(MonitorSeen)
HIT_READS = _table(MonitorHitRead)
