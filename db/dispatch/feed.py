"""The pull feed: every event body in id order, for reconciliation (GET /v1/events).

Ids are allocated at insert, not at commit: a reader at ``after=100`` could skip 99
for ever if 99 commits late. The feed therefore serves only events older than a
settling delay; clients dedupe by event id.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from db.clock import db_now_plus
from db.dispatch.sql import EVENTS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

SETTLE_S = 2.0


def list_events(
    session: Session,
    after: int,
    types: Sequence[str] | None = None,
    limit: int = 100,
    settle_s: float = SETTLE_S,
) -> list[dict[str, Any]]:
    """Events after the cursor ``after`` (a feed position), oldest first."""
    query = (
        select(EVENTS.c.id, EVENTS.c.event_id, EVENTS.c.body)
        .where(EVENTS.c.id > after, EVENTS.c.created_at < db_now_plus(-settle_s))
        .order_by(EVENTS.c.id)
        .limit(limit)
    )
    if types:
        query = query.where(EVENTS.c.type.in_(list(types)))
    return [
        {"position": int(row.id), "id": row.event_id, **json.loads(row.body)}
        for row in session.execute(query)
    ]
