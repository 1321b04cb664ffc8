"""monitor.hit: one outbox event per stored hit, in the transaction that stores it."""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.dispatch.endpoints import set_endpoint
from db.dispatch.sql import DELIVERIES, EVENTS
from db.monitor.seen import MarkedItem, SeenEntry, emit_new
from db.pool.tx import run_transaction
from db.pool.values import OutputItem

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from tests.support.pool import Fleet

MONITOR = "monitor.keyword:abc:日常"


def _marked(key: str, value: str = "") -> MarkedItem:
    data = {"hit_key": key, "kind": "video", "title": f"title of {key}", "value": value}
    return MarkedItem(OutputItem(key, data), SeenEntry(key, value))


def _runs(fleet: Fleet, count: int) -> list[int]:
    fleet.submit(count=count)
    return [claim.run_id for claim in fleet.claim(range(count))]


def _subscribe(engine: Engine, events: list[str]) -> None:
    run_transaction(
        engine,
        lambda s: set_endpoint(
            s, "https://127.0.0.1:9/hook", events, "x", allow_http=False, ca_bundle=None
        ),
    )


def _hit_events(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(EVENTS.c.body).where(EVENTS.c.type == "monitor.hit").order_by(EVENTS.c.id)
        ).scalars()
        return [json.loads(body)["data"] for body in rows]


def _deliveries(engine: Engine) -> int:
    with engine.connect() as conn:
        return len(conn.execute(select(DELIVERIES.c.id)).all())


def test_each_new_hit_is_one_event_and_a_repeat_is_none(fleet: Fleet) -> None:
    _subscribe(fleet.engine, ["monitor.hit"])
    first, second = _runs(fleet, 2)
    items = [_marked("video:v1"), _marked("video:v2")]
    run_transaction(fleet.engine, lambda s: emit_new(s, first, MONITOR, items, True))
    again = [_marked("video:v2"), _marked("video:v3"), _marked("counts:v1", "5/9")]
    run_transaction(fleet.engine, lambda s: emit_new(s, second, MONITOR, again, True))
    events = _hit_events(fleet.engine)
    assert [e["hit"]["key"] for e in events] == ["video:v1", "video:v2", "video:v3", "counts:v1"]
    assert [e["attempt"]["id"] for e in events] == [f"run_{first}"] * 2 + [f"run_{second}"] * 2
    assert {e["monitor"] for e in events} == {MONITOR}
    assert events[2]["hit"]["title"] == "title of video:v3"
    assert events[3]["hit"]["value"] == "5/9"
    assert _deliveries(fleet.engine) == 4  # one per event for the subscribed endpoint


def test_a_late_report_and_an_endpoint_without_the_type_send_nothing(fleet: Fleet) -> None:
    _subscribe(fleet.engine, ["task.finished"])
    (run,) = _runs(fleet, 1)
    run_transaction(fleet.engine, lambda s: emit_new(s, run, MONITOR, [_marked("video:a")], True))
    assert len(_hit_events(fleet.engine)) == 1  # on the pull feed
    assert _deliveries(fleet.engine) == 0  # not pushed: the endpoint did not ask
    fleet.finish(run)
    run_transaction(fleet.engine, lambda s: emit_new(s, run, MONITOR, [_marked("video:b")], True))
    assert [e["hit"]["key"] for e in _hit_events(fleet.engine)] == ["video:a"]


@pytest.mark.mariadb
def test_two_runs_racing_over_the_same_hit_send_one_event(mariadb_fleet: Fleet) -> None:
    fleet = mariadb_fleet
    first, second = _runs(fleet, 2)
    result: list[Any] = []
    with Session(fleet.engine) as session:
        session.begin()
        emit_new(session, first, MONITOR, [_marked("video:v9")], True)
        racer = threading.Thread(
            target=lambda: result.append(
                run_transaction(
                    fleet.engine,
                    lambda s: emit_new(s, second, MONITOR, [_marked("video:v9")], True),
                )
            )
        )
        racer.start()
        racer.join(0.5)
        assert racer.is_alive()
        assert _hit_events(fleet.engine) == []  # not visible before the items commit
        session.commit()
    racer.join(10)
    assert result == [(True, 0)]
    assert [e["attempt"]["id"] for e in _hit_events(fleet.engine)] == [f"run_{first}"]
