"""The Monitoring view's data: hits per monitor, newest first, read marks shared by
every console of the farm (rows in the database, not settings of one PC)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.monitor.hits import list_hits, list_monitors, mark_all_read, mark_read
from db.monitor.seen import MarkedItem, SeenEntry, emit_new
from db.pool.tx import run_transaction
from db.pool.values import OutputItem

if TYPE_CHECKING:
    from tests.support.pool import Fleet

FLOW = "monitor.account"


def _hit(key: str) -> MarkedItem:
    return MarkedItem(OutputItem(key, {"hit_key": key, "kind": "video"}), SeenEntry(key))


def _run_with_hits(fleet: Fleet, keys: list[str]) -> None:
    fleet.submit(flow=FLOW, count=1)
    (claim,) = fleet.claim([0])
    items = [_hit(k) for k in keys]
    run_transaction(fleet.engine, lambda s: emit_new(s, claim.run_id, "m", items, True))
    fleet.finish(claim.run_id)


def test_hits_newest_first_and_read_marks_are_shared(fleet: Fleet) -> None:
    _run_with_hits(fleet, ["video:a", "video:b"])
    _run_with_hits(fleet, ["video:c"])
    (monitor,) = run_transaction(fleet.engine, lambda s: list_monitors(s, [FLOW, "other"]))
    assert (monitor.schedule_id, monitor.flow, monitor.hits, monitor.unread) == (None, FLOW, 3, 3)
    hits = run_transaction(fleet.engine, lambda s: list_hits(s, None, FLOW))
    assert [h.data["hit_key"] for h in hits] == ["video:c", "video:b", "video:a"]
    first = hits[0].item_id
    assert run_transaction(fleet.engine, lambda s: mark_read(s, [first], "pc-1 operator")) == 1
    assert run_transaction(fleet.engine, lambda s: mark_read(s, [first], "pc-2 operator")) == 0
    # Another console (its own session, as on another PC) sees the mark.
    again = run_transaction(fleet.engine, lambda s: list_hits(s, None, FLOW))
    assert [h.read for h in again] == [True, False, False]
    assert run_transaction(fleet.engine, lambda s: mark_all_read(s, None, FLOW, "pc-2")) == 2
    (after,) = run_transaction(fleet.engine, lambda s: list_monitors(s, [FLOW]))
    assert (after.hits, after.unread) == (3, 0)
    assert run_transaction(fleet.engine, lambda s: list_monitors(s, ["monitor.post"])) == []
