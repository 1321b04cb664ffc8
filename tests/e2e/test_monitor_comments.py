"""Comments added later under an already reported video, over simulated time.

monitor.account and monitor.keyword with ``with_comments`` report every comment of a
new video, and keep watching the videos they reported while those stay within the
scan window: a later run reports the comments added since the run before. The test
freezes SimVideo's clock at each run, runs both monitors on two simulated phones and
compares their comment hits with the timeline's ground truth: nothing missed, nothing
reported twice, nothing of the first look reported.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from app.submission import spec_for
from db.pool.sql import BATCHES, ITEMS
from db.pool.submit import submit_batch
from db.pool.tx import run_transaction
from workers.flows.catalog import load_catalog
from workers.sim.clock import ORIGIN, SimClock
from workers.sim.fleet import SimFleet
from workers.sim.simvideo.timeline import timeline_for

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from datetime import datetime

    from pytestqt.qtbot import QtBot
    from sqlalchemy import Engine

    from workers.sim.adb_host import AdbServer
    from workers.sim.simvideo.timeline import Timeline

SEED = 13
CREATORS = ["c001", "c002"]
SCAN = 6
KEYWORD = "日常"
KEYWORD_SCAN = 8
T0 = ORIGIN + timedelta(hours=6)
PERIOD = timedelta(hours=3)
RUNS = 5


@pytest.fixture
def frozen_fleet(sim_adb_server: AdbServer) -> Iterator[SimFleet]:
    fleet = SimFleet(seed=SEED, clock=SimClock(T0, speed=0)).start(count=2)
    try:
        fleet.connect_adb(sim_adb_server)
        yield fleet
    finally:
        fleet.close()


def _submit(engine: Engine, flow_name: str, params: dict[str, Any]) -> int:
    flow = load_catalog().flow(flow_name)
    spec = spec_for(flow, flow.validate_params(params).model_dump(), submitted_by="e2e")
    return int(run_transaction(engine, lambda s: submit_batch(s, spec)))


def _finished(engine: Engine, batches: list[int]) -> bool:
    with engine.connect() as conn:
        ends = conn.execute(select(BATCHES.c.finished_at).where(BATCHES.c.id.in_(batches))).all()
    return len(ends) == len(batches) and all(end.finished_at is not None for end in ends)


def _comment_hits(engine: Engine, batch: int) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(select(ITEMS.c.data_json).where(ITEMS.c.batch_id == batch)).all()
    hits = [json.loads(r.data_json) for r in rows]
    return [h["comment_id"] for h in hits if h["kind"] == "comment"]


def _new_comments(
    timeline: Timeline, videos: list[Any], before: datetime, now: datetime
) -> set[str]:
    found: set[str] = set()
    for video in videos:
        old = {c.id for c in timeline.comments(video, before)}
        found |= {c.id for c in timeline.comments(video, now)} - old
    return found


def _truth_account(timeline: Timeline, before: datetime, now: datetime) -> set[str]:
    """New comments under the reported videos (posted after the first look) in the window."""
    found: set[str] = set()
    for creator_id in CREATORS:
        creator = timeline.catalog.creator(creator_id)
        assert creator is not None
        window = timeline.videos(creator, now)[:SCAN]
        found |= _new_comments(timeline, [v for v in window if v.posted_at > T0], before, now)
    return found


def _truth_keyword(timeline: Timeline, before: datetime, now: datetime) -> set[str]:
    window = timeline.search_videos(KEYWORD, now)[:KEYWORD_SCAN]
    reported = [v for v in window if v.posted_at > T0]
    new = _new_comments(timeline, reported, before, now)
    texts = {c.id: c.text for v in reported for c in timeline.comments(v, now) if c.id in new}
    return {cid for cid, text in texts.items() if KEYWORD.casefold() in text.casefold()}


@pytest.mark.slow
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_comments_added_later_under_reported_videos_are_reported_once(
    engine: Engine,
    frozen_fleet: SimFleet,
    start_host: Callable[..., Any],
    qtbot: QtBot,
) -> None:
    timeline = timeline_for(SEED)
    start_host(engine, devices={p.serial for p in frozen_fleet.phones()})
    account = {"creators": ",".join(CREATORS), "scan_limit": SCAN, "recent": 1}
    keyword = {"keywords": KEYWORD, "scan_limit": KEYWORD_SCAN}
    reported: Counter[str] = Counter()
    later = 0  # comments reported under a video reported by an earlier run
    for k in range(RUNS):
        now = T0 + k * PERIOD
        frozen_fleet.clock.set(now)
        batches = [
            _submit(engine, "monitor.account", {**account, "with_comments": True}),
            _submit(engine, "monitor.keyword", {**keyword, "with_comments": True}),
        ]
        qtbot.waitUntil(lambda b=batches: _finished(engine, b), timeout=120_000)
        by_account, by_keyword = (_comment_hits(engine, b) for b in batches)
        reported.update(f"a:{c}" for c in by_account)
        reported.update(f"k:{c}" for c in by_keyword)
        if k == 0:
            assert by_account == by_keyword == []  # the first look reports nothing
            continue
        before = now - PERIOD
        assert set(by_account) == _truth_account(timeline, before, now), now
        assert set(by_keyword) == _truth_keyword(timeline, before, now), now
        old_videos = {v.key for v in _videos_before(timeline, before)}
        later += sum(1 for c in by_account if c.split("-n")[0] in old_videos)
    assert max(reported.values()) == 1  # nothing reported twice
    assert later > 0  # the case this test is about did happen


def _videos_before(timeline: Timeline, moment: datetime) -> list[Any]:
    found = []
    for creator_id in CREATORS:
        creator = timeline.catalog.creator(creator_id)
        assert creator is not None
        found += [v for v in timeline.videos(creator, moment) if T0 < v.posted_at <= moment]
    return found
