"""collect.titles with skip_collected: three batches, racing on three phones, never
collect a title twice, and each still fills its count with new titles."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.submission import spec_for
from db.models import Device
from db.monitor.seen import look_up
from db.pool.sql import BATCHES, ITEMS
from db.pool.submit import submit_batch
from db.pool.tx import run_transaction
from workers.flows.catalog import load_catalog

if TYPE_CHECKING:
    from collections.abc import Callable

    from pytestqt.qtbot import QtBot
    from sqlalchemy import Engine

    from workers.sim.fleet import PhoneInfo
    from workers.sim.simvideo.catalog import Catalog

COUNT = 5


def _submit(engine: Engine, params: dict[str, Any]) -> int:
    flow = load_catalog().flow("collect.titles")
    spec = spec_for(flow, flow.validate_params(params).model_dump(), submitted_by="e2e")
    return int(run_transaction(engine, lambda s: submit_batch(s, spec)))


def _titles(engine: Engine, batch: int) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(select(ITEMS.c.data_json).where(ITEMS.c.batch_id == batch)).all()
    return [json.loads(r.data_json)["title"] for r in rows]


def _done(engine: Engine, batches: list[int]) -> bool:
    with engine.connect() as conn:
        ends = conn.execute(select(BATCHES.c.finished_at).where(BATCHES.c.id.in_(batches))).all()
    return all(end.finished_at is not None for end in ends)


def test_skip_collected_never_collects_a_title_twice(
    engine: Engine,
    sim_catalog: Catalog,
    sim_phone_factory: Callable[..., PhoneInfo],
    start_host: Callable[..., Any],
    qtbot: QtBot,
) -> None:
    phones = [sim_phone_factory() for _ in range(3)]
    start_host(engine, devices={p.serial for p in phones})
    qtbot.waitUntil(
        lambda: len(run_transaction(engine, lambda s: s.scalars(select(Device.id)).all())) == 3,
        timeout=30_000,
    )
    creator = next(c for c in sim_catalog.creators if len(c.videos) >= 60)
    params = {"creator": creator.id, "count": COUNT, "skip_collected": True}
    batches = [_submit(engine, params) for _ in range(3)]  # all three run at once
    qtbot.waitUntil(lambda: _done(engine, batches), timeout=120_000)
    collected = [title for batch in batches for title in _titles(engine, batch)]
    assert len(collected) == len(set(collected)) == 3 * COUNT
    assert set(collected) == {v.title for v in creator.videos[: 3 * COUNT]}

    plain = _submit(engine, {"creator": creator.id, "count": COUNT})
    qtbot.waitUntil(lambda: _done(engine, [plain]), timeout=60_000)
    assert _titles(engine, plain) == [v.title for v in creator.videos[:COUNT]]
    first = creator.videos[0].title
    found = run_transaction(engine, lambda s: look_up(s, first, "collect.titles:"))
    assert len(found) == 1
    assert found[0].first_batch in batches
