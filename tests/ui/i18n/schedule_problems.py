"""Schedules the new-batch dialog would ask for with one field wrong each, refused by
the request layer ``schedule add`` uses, and what the console says of each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.controllers.schedules_controller import _worded
from app.errors import UserError
from app.scheduling import ScheduleRequest, schedule_request

if TYPE_CHECKING:
    from workers.flows.catalog import FlowCatalog

_FLOW = {"flow": "monitor.account", "params": {"creators": ["c001"]}}
# One wrong field each, and what the operator typed there (data, shown as typed).
BAD_SCHEDULES: dict[str, dict[str, object]] = {
    "every": {"every": "5x"},
    "every_range": {"every": "400d"},
    "cron": {"cron": "61 * * * *"},
    "tz": {"every": "15m", "tz": "Mars/Olympus"},
    "catch_up": {"every": "15m", "catch_up": "9d"},
    "catch_up_span": {"every": "15m", "catch_up": "soon"},
    "start": {"every": "15m", "start": "tomorrow"},
    "end": {"every": "15m", "start": "2026-12-08T08:00", "end": "2026-12-07T08:00"},
    "both": {"every": "15m", "cron": "* * * * *"},
}
TYPED = ("'5x'", "400 d", "366 d", "61 * * * *", "Mars/Olympus", "Asia/Shanghai", "UTC")
TYPED += ("9d", "'soon'", "'tomorrow'", "7 d", "1 s", "0 s", "Cron")


def schedule_problems(catalog: FlowCatalog) -> list[str]:
    """What the dialog shows for each refused schedule, without what was typed."""
    shown = []
    for fields in BAD_SCHEDULES.values():
        request = ScheduleRequest(**_FLOW, **fields)  # type: ignore[arg-type]
        try:
            schedule_request(catalog.registry, request, "ops@walk")
        except UserError as exc:
            shown.append(_worded(exc))
        else:
            raise AssertionError(f"not refused: {fields}")
    for word in sorted(TYPED, key=len, reverse=True):
        shown = [text.replace(word, " ") for text in shown]
    return shown
