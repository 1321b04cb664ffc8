"""A simulated day of monitoring on six simulated phones, driven by schedules.

Three schedules (monitor.account, monitor.keyword, monitor.post) fire every 15
simulated minutes; the test freezes SimVideo's clock at each slot, lets the host
agent fire the slot and run the batches on the phones, and then compares the hits
with the ground truth (the timeline at the slot times): every new item between
consecutive runs is reported once, nothing old is reported as new. Mid-day the
worker is restarted and a phone goes offline in the middle of a run.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from app.host_runtime import HostRuntime
from app.scheduling import ScheduleRequest, schedule_request
from app.settings import Settings
from db.monitor.schedules import add_schedule, show_schedule
from db.monitor.tables import SLOTS
from db.pool.sql import BATCHES, ITEMS
from db.pool.tx import run_transaction
from workers.flows.catalog import load_catalog
from workers.sim.clock import ORIGIN, SimClock
from workers.sim.fleet import SimFleet
from workers.sim.simvideo.timeline import timeline_for

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot
    from sqlalchemy import Engine

    from workers.sim.adb_host import AdbServer

SEED = 13
PERIOD = timedelta(minutes=15)
# The suite runs three hours (12 slots, about 40 s: the suite's 12 minutes are shared);
# MONITOR_DAY_SLOTS=96 (and --timeout 900) runs the whole day (about 5.6 minutes).
SLOTS_IN_A_DAY = int(os.environ.get("MONITOR_DAY_SLOTS", "12"))
CREATORS = ["c001", "c002", "c005"]
KEYWORD = "日常"
POST = ("c002", None)  # the creator; the post is its newest video at the first slot
T0 = ORIGIN + timedelta(hours=6)


@pytest.fixture
def day_fleet(sim_adb_server: AdbServer) -> Iterator[SimFleet]:
    """Six phones of their own seed, on a frozen clock the test moves."""
    fleet = SimFleet(seed=SEED, clock=SimClock(T0, speed=0)).start(count=6)
    try:
        fleet.connect_adb(sim_adb_server)
        yield fleet
    finally:
        fleet.close()


def _host(engine: Engine, fleet: SimFleet, adb: AdbServer, tmp: Path) -> HostRuntime:
    settings = Settings(
        db=engine.url.render_as_string(hide_password=False),
        data_dir=tmp / "pc-1",
        adb_port=adb.port,
        host_name="pc-1",
        heartbeat_seconds=1.0,
    )
    serials = {info.serial for info in fleet.phones()}
    runtime = HostRuntime(
        settings, engine, role="test", devices=serials, schedule_clock=fleet.clock.now
    )
    runtime.start()
    return runtime


def _schedules(engine: Engine, post_key: str) -> dict[str, int]:
    registry = load_catalog().registry
    requests = {
        "monitor.account": {"creators": ",".join(CREATORS), "scan_limit": "15", "recent": "2"},
        "monitor.keyword": {"keywords": KEYWORD, "scan_limit": "40"},
        "monitor.post": {"creator": POST[0], "key": post_key, "with_replies": "true"},
    }
    ids = {}
    start = T0 - timedelta(seconds=1)  # the first slot is T0 itself
    for flow, params in requests.items():
        request = ScheduleRequest(
            flow=flow, params=params, every="15m", tz="UTC", start=T0.isoformat(), lease_s=30
        )
        spec = schedule_request(registry, request, "e2e")
        ids[flow] = run_transaction(engine, lambda s, spec=spec: add_schedule(s, spec, now=start))
    return ids


def _slot_batches(engine: Engine, schedule_id: int) -> list[tuple[Any, int | None]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(SLOTS.c.slot_at, SLOTS.c.batch_id)
            .where(SLOTS.c.schedule_id == schedule_id)
            .order_by(SLOTS.c.slot_at)
        ).all()
    return [(r.slot_at, r.batch_id) for r in rows]


def _finished(engine: Engine, batch_ids: list[int]) -> bool:
    with engine.connect() as conn:
        rows = conn.execute(select(BATCHES.c.finished_at).where(BATCHES.c.id.in_(batch_ids))).all()
    return len(rows) == len(batch_ids) and all(r.finished_at is not None for r in rows)


def _hits(engine: Engine, batch_id: int) -> list[dict[str, Any]]:
    """The batch's hits, each with the attempt (run) that emitted it."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(ITEMS.c.data_json, ITEMS.c.run_id).where(
                ITEMS.c.batch_id == batch_id, ITEMS.c.late.is_(False)
            )
        ).all()
    return [{**json.loads(r.data_json), "run": r.run_id} for r in rows]


def _truth_videos(creators: list[str], before: Any, now: Any) -> set[str]:
    timeline = timeline_for(SEED)
    found = set()
    for creator in timeline.catalog.creators:
        if creator.id in creators:
            found |= {v.key for v in timeline.videos(creator, now) if before < v.posted_at <= now}
    return found


def _truth_keyword(before: Any, now: Any) -> set[str]:
    return {
        v.key for v in timeline_for(SEED).search_videos(KEYWORD, now) if before < v.posted_at <= now
    }


def _truth_post(key: str, before: Any, now: Any) -> tuple[set[str], set[str]]:
    timeline = timeline_for(SEED)
    video = timeline.video(key)
    assert video is not None
    listed = timeline.comments(video, now)
    old = {c.id for c in timeline.comments(video, before)}
    comments = {c.id for c in listed} - old
    replies = set()
    for comment in listed:
        replies |= {r.id for r in timeline.replies(comment, now)} - {
            r.id for r in timeline.replies(comment, before)
        }
    return comments, replies


@pytest.mark.mariadb
def test_a_day_of_monitoring_reports_exactly_what_is_new(
    mariadb_engine: Engine,
    day_fleet: SimFleet,
    sim_adb_server: AdbServer,
    qapp: Any,
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    engine = mariadb_engine
    timeline = timeline_for(SEED)
    post = timeline.videos(timeline.catalog.creator(POST[0]), T0)[0].key  # type: ignore[arg-type]
    schedules = _schedules(engine, post)
    host = _host(engine, day_fleet, sim_adb_server, tmp_path)
    offline_done = threading.Event()

    def phone_offline_mid_run(label: str, run_id: int, step: str) -> None:
        if (
            step == "read the comments"
            and fired == SLOTS_IN_A_DAY // 3
            and not offline_done.is_set()
        ):
            offline_done.set()
            by_adb = {p.adb_serial: p for p in day_fleet.phones()}
            day_fleet.set_offline(by_adb[label].index, seconds=3)

    host.agent.step_changed.connect(phone_offline_mid_run)
    seen: Counter[str] = Counter()
    fired = 0
    try:
        for k in range(SLOTS_IN_A_DAY):
            slot = T0 + k * PERIOD
            day_fleet.clock.set(slot + timedelta(seconds=1))
            fired = k
            if k == SLOTS_IN_A_DAY // 2:  # the worker restarts between two slots
                host.shutdown()
                host = _host(engine, day_fleet, sim_adb_server, tmp_path)
                host.agent.step_changed.connect(phone_offline_mid_run)

            def slot_done(k: int = k) -> bool:
                batches = [
                    b for s in schedules.values() for at, b in _slot_batches(engine, s)[k : k + 1]
                ]
                return len(batches) == 3 and all(batches) and _finished(engine, batches)  # type: ignore[arg-type]

            qtbot.waitUntil(slot_done, timeout=120_000)
            if k == 0:
                continue
            before, now = slot - PERIOD + timedelta(seconds=1), slot + timedelta(seconds=1)
            by_flow = {
                flow: _hits(engine, _slot_batches(engine, s)[k][1])  # type: ignore[arg-type]
                for flow, s in schedules.items()
            }
            for hits in by_flow.values():
                for hit in hits:
                    if hit["kind"] != "counts":
                        seen[f"{hit['hit_key']}@{hit.get('keyword')}"] += 1
            account = {h["video_key"] for h in by_flow["monitor.account"] if h["kind"] == "video"}
            assert account == _truth_videos(CREATORS, before, now), slot
            keyword = {h["video_key"] for h in by_flow["monitor.keyword"] if h["kind"] == "video"}
            assert keyword == _truth_keyword(before, now), slot
            comments, replies = _truth_post(post, before, now)
            post_hits = by_flow["monitor.post"]
            assert {h["comment_id"] for h in post_hits if h["kind"] == "comment"} == comments
            assert {h["hit_key"][6:] for h in post_hits if h["kind"] == "reply"} == replies
            # Every attempt reads the counts; a retried one (the phone went offline) twice.
            last_run = max(h["run"] for h in post_hits)
            counts = [h for h in post_hits if h["kind"] == "counts" and h["run"] == last_run]
            video = timeline.video(post)
            assert video is not None
            assert [(h["comment_count"], h["likes"]) for h in counts] == [
                (timeline.comment_count(video, now), video.likes_at(now))
            ]
    finally:
        host.shutdown()
    assert offline_done.is_set() or SLOTS_IN_A_DAY < 3
    assert seen
    assert max(seen.values()) == 1  # nothing reported twice
    for schedule_id in schedules.values():
        info = run_transaction(engine, lambda s, i=schedule_id: show_schedule(s, i))
        assert [s.outcome.value for s in info.slots] == ["fired"] * SLOTS_IN_A_DAY
