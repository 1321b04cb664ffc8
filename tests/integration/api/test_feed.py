"""The pull feed and the commit-order trap: an event whose id was allocated first but
committed late is still served to a reader that already moved past later ones."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest

from db.dispatch.outbox import add_event
from db.dispatch.states import EventType
from db.pool.tx import run_transaction
from tests.support.api import start_api

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine


@pytest.mark.mariadb
def test_an_event_committed_late_is_not_skipped_by_a_reader(
    mariadb_engine: Engine, tmp_path: Path
) -> None:
    api = start_api(mariadb_engine, tmp_path / "api", dispatcher=False)
    seen: list[str] = []
    cursor = 0
    try:
        with api.client() as client, mariadb_engine.connect() as slow:
            transaction = slow.begin()
            late = add_event(slow, EventType.PING, {"n": "late"})  # allocated first
            early = run_transaction(
                mariadb_engine, lambda s: add_event(s.connection(), EventType.PING, {"n": 1})
            )
            deadline = time.monotonic() + 10
            committed_at = time.monotonic() + 1.0
            while time.monotonic() < deadline and not {late, early} <= set(seen):
                if transaction.is_active and time.monotonic() >= committed_at:
                    transaction.commit()  # a whole second after the later event
                page = client.get("/v1/events", params={"after": cursor}).json()
                seen.extend(item["id"] for item in page["items"])
                cursor = page["next_after"]
                time.sleep(0.1)
    finally:
        api.stop.set()
        api.thread.join(timeout=15)
    assert seen == [late, early]  # in feed order, the late commit not skipped
