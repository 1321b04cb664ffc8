"""The seen-store on both backends: news once per value, fenced by the run, race-safe."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.monitor.seen import MarkedItem, SeenEntry, emit_new, look_up, remember, seen_values
from db.pool.sql import ITEMS
from db.pool.tx import run_transaction
from db.pool.values import OutputItem

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from tests.support.pool import Fleet

MONITOR = "monitor.account:abc:c001"


def _marked(key: str, value: str = "", label: str | None = None) -> MarkedItem:
    return MarkedItem(
        OutputItem(key, {"hit_key": key, "value": value}), SeenEntry(key, value, label)
    )


def _running_run(fleet: Fleet, count: int = 1) -> list[int]:
    fleet.submit(count=count)
    return [claim.run_id for claim in fleet.claim(range(count))]


def _stored(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(ITEMS.c.item_key).order_by(ITEMS.c.id)).scalars())


def test_an_item_is_news_once_per_value_across_runs(fleet: Fleet) -> None:
    first, second = _running_run(fleet, 2)
    items = [_marked("video:v1", label="标题 one"), _marked("counts:v1", "5/10")]
    assert run_transaction(fleet.engine, lambda s: emit_new(s, first, MONITOR, items, True)) == (
        True,
        2,
    )
    again = [_marked("video:v1"), _marked("counts:v1", "5/10"), _marked("counts:v2", "1/1")]
    assert run_transaction(fleet.engine, lambda s: emit_new(s, second, MONITOR, again, True)) == (
        True,
        1,
    )
    changed = [_marked("counts:v1", "6/12")]
    assert run_transaction(fleet.engine, lambda s: emit_new(s, second, MONITOR, changed, True))[1]
    assert _stored(fleet.engine) == ["video:v1", "counts:v1", "counts:v2", "counts:v1"]
    values = run_transaction(
        fleet.engine, lambda s: seen_values(s, MONITOR, ["video:v1", "counts:v1", "nope"])
    )
    assert values == {"video:v1": "", "counts:v1": "6/12"}
    found = run_transaction(fleet.engine, lambda s: look_up(s, "标题 one"))
    assert [(row.key, row.first_run) for row in found] == [("video:v1", first)]


def test_remembering_stores_no_item_and_a_finished_run_remembers_nothing(fleet: Fleet) -> None:
    (run,) = _running_run(fleet)
    entries = [SeenEntry("video:v1"), SeenEntry("video:v2")]
    assert run_transaction(fleet.engine, lambda s: remember(s, run, MONITOR, entries)) == 2
    assert run_transaction(fleet.engine, lambda s: remember(s, run, MONITOR, entries)) == 0
    assert _stored(fleet.engine) == []
    fleet.finish(run)
    late = [_marked("video:v3")]
    accepted, _stored_count = run_transaction(
        fleet.engine, lambda s: emit_new(s, run, MONITOR, late, True)
    )
    assert accepted is False
    assert run_transaction(fleet.engine, lambda s: seen_values(s, MONITOR, ["video:v3"])) == {}


def test_without_only_new_every_item_is_stored_and_still_remembered(fleet: Fleet) -> None:
    first, second = _running_run(fleet, 2)
    items = [_marked("c001v003")]
    for run in (first, second):
        run_transaction(fleet.engine, lambda s, r=run: emit_new(s, r, MONITOR, items, False))
    assert _stored(fleet.engine) == ["c001v003", "c001v003"]
    assert run_transaction(fleet.engine, lambda s: seen_values(s, MONITOR, ["c001v003"]))


@pytest.mark.mariadb
def test_two_runs_racing_over_the_same_news_store_it_once(mariadb_fleet: Fleet) -> None:
    fleet = mariadb_fleet
    first, second = _running_run(fleet, 2)
    result: list[Any] = []
    with Session(fleet.engine) as session:
        session.begin()
        assert emit_new(session, first, MONITOR, [_marked("video:v9")], True) == (True, 1)
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
        assert racer.is_alive()  # waits on the first run's uncommitted memory of it
        session.commit()
    racer.join(10)
    assert result == [(True, 0)]
    assert _stored(fleet.engine) == ["video:v9"]
