"""Table handles of the dispatch API's models, and its id prefixes."""

from __future__ import annotations

from sqlalchemy import Table

from db.dispatch.models import (
    ApiAudit,
    ApiBatch,
    ApiDelivery,
    ApiEndpoint,
    ApiEvent,
    ApiTask,
    ApiToken,
)


def _table(model: type) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


TOKENS = _table(ApiToken)
API_BATCHES = _table(ApiBatch)
API_TASKS = _table(ApiTask)
EVENTS = _table(ApiEvent)
ENDPOINTS = _table(ApiEndpoint)
DELIVERIES = _table(ApiDelivery)
AUDIT = _table(ApiAudit)

# FleetDeck's own ids carry a prefix a client id may not start with, so one path
# segment can take either (the spec's /v1/tasks/{ref}).
BATCH_PREFIX = "bat_"
TASK_PREFIX = "tsk_"
RUN_PREFIX = "run_"
EVENT_PREFIX = "evt_"
RESERVED_PREFIXES = (BATCH_PREFIX, TASK_PREFIX, RUN_PREFIX, EVENT_PREFIX)


def own_id(prefix: str, ref: str) -> int | None:
    """The number in ``bat_12`` style ids, or None when ``ref`` is not one."""
    if ref.startswith(prefix) and ref[len(prefix) :].isdigit():
        return int(ref[len(prefix) :])
    return None
