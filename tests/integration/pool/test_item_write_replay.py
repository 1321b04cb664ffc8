"""A flow's item write whose COMMIT answer is lost is tried again without storing the
items twice. On SQLite and MariaDB.

The link failing between the database's commit and its answer cannot be caused on
cue, so the store's transaction runner is wrapped: the real transaction runs (and
commits, or not), then the client sees the error a lost link gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from db.pool.sql import ITEMS, RUNS
from db.pool.tx import run_transaction
from workers import pool_store
from workers.attempt import SeenItem
from workers.lease_book import LeaseBook
from workers.pool_store import PoolAttemptStore

if TYPE_CHECKING:
    from tests.support.pool import Fleet

LOST = OperationalError("COMMIT", {}, Exception(2013, "Lost connection to server during query"))


def _link_fails_once(monkeypatch: pytest.MonkeyPatch, *, after_commit: bool) -> list[int]:
    calls: list[int] = []

    def flaky(engine: Any, work: Any, **options: Any) -> Any:
        calls.append(1)
        if len(calls) > 1:
            return run_transaction(engine, work, **options)
        if not after_commit:
            raise LOST  # nothing reached the database
        run_transaction(engine, work, **options)
        raise LOST  # committed, but the answer never came

    monkeypatch.setattr(pool_store, "run_transaction", flaky)
    return calls


def _store(fleet: Fleet) -> tuple[PoolAttemptStore, int]:
    fleet.submit(count=1)
    (claim,) = fleet.claim([0])
    leases = LeaseBook()
    leases.granted(claim.run_id, claim.lease_s)
    return PoolAttemptStore(fleet.engine, leases), claim.run_id


def _stored(fleet: Fleet, run_id: int) -> tuple[list[tuple[int, str]], int]:
    def read(session: Any) -> tuple[list[tuple[int, str]], int]:
        items = session.execute(
            select(ITEMS.c.seq, ITEMS.c.item_key).where(ITEMS.c.run_id == run_id)
        ).all()
        count = session.execute(select(RUNS.c.output_count).where(RUNS.c.id == run_id)).scalar()
        return sorted((int(seq), key) for seq, key in items), int(count)

    return fleet.tx(read)  # type: ignore[no-any-return]


@pytest.mark.parametrize("after_commit", [True, False], ids=["answer-lost", "commit-lost"])
def test_items_are_stored_once_when_the_link_fails_at_commit(
    fleet: Fleet, monkeypatch: pytest.MonkeyPatch, after_commit: bool
) -> None:
    store, run_id = _store(fleet)
    assert store.emit_items(run_id, [("video:1", {"title": "a"})])
    calls = _link_fails_once(monkeypatch, after_commit=after_commit)

    assert store.emit_items(run_id, [("video:2", {"title": "b"}), ("video:3", {"title": "c"})])

    assert len(calls) == 2  # the write was tried again
    assert _stored(fleet, run_id) == ([(1, "video:1"), (2, "video:2"), (3, "video:3")], 3)
    assert store.emit_items(run_id, [("video:4", {"title": "d"})])  # numbering goes on
    assert _stored(fleet, run_id)[0][-1] == (4, "video:4")


def test_a_monitors_findings_are_stored_once_when_the_commit_answer_is_lost(
    fleet: Fleet, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, run_id = _store(fleet)
    _link_fails_once(monkeypatch, after_commit=True)
    found: list[SeenItem] = [
        ("post:1", {"text": "x"}, "v1", None),
        ("post:2", {"text": "y"}, "v1", None),
    ]
    assert store.emit_new(run_id, "brand-watch", found, only_new=False) == (True, 2)
    assert _stored(fleet, run_id) == ([(1, "post:1"), (2, "post:2")], 2)
