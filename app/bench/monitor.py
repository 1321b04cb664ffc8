"""``bench monitor``: many schedules of monitor flows on simulated phones.

A fleet of simulated phones whose content evolves on a fast simulated clock, one
host agent firing schedules by that clock over a scratch database, and N schedules
(monitor.account, monitor.keyword and monitor.post in turn) every 15 simulated
minutes. Figures: slot-to-submit and slot-to-start delay (real seconds from a slot's
time to its batch, and to its attempt starting on a phone), hit latency (a video's
posting time in the app to its hit being recorded, in simulated minutes against the
period), and phone time per monitor run.
"""

from __future__ import annotations

import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import UserError

if TYPE_CHECKING:
    import argparse

    from sqlalchemy import Engine

    from app.settings import Settings
    from db.monitor.values import ScheduleSpec

PERIOD = timedelta(minutes=15)
FLOWS = ("monitor.account", "monitor.keyword", "monitor.post")
KEYWORDS = ("美食", "日常", "旅行", "测评", "教程", "开箱", "Budget", "cat")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--schedules, --phones, --periods, --speed, --db."""
    parser.add_argument("--schedules", type=int, default=100, help="schedules (default 100)")
    parser.add_argument("--phones", type=int, default=20, help="simulated phones (default 20)")
    parser.add_argument("--periods", type=int, default=4, help="15-minute periods (default 4)")
    parser.add_argument(
        "--speed", type=float, default=30.0, help="simulated seconds per second (default 30)"
    )
    parser.add_argument("--db", dest="bench_db", metavar="URL", help="scratch database URL")
    parser.add_argument("--seed", type=int, default=5, help="simulated content seed")
    parser.add_argument(
        "--stagger",
        action="store_true",
        help="spread the schedules' first slots over the period (default: all on the quarter)",
    )


def run(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """Run the schedules for --periods and return the figures."""
    if not 1 <= args.schedules <= 2000 or not 1 <= args.phones <= 200:
        raise UserError("--schedules must be 1..2000 and --phones 1..200")
    if not 2 <= args.periods <= 100 or not 1 <= args.speed <= 3600:
        raise UserError("--periods must be 2..100 and --speed 1..3600")
    with tempfile.TemporaryDirectory(prefix="fleetdeck-bench-") as scratch:
        return _run(args, settings, Path(scratch))


def _run(args: argparse.Namespace, settings: Settings, scratch: Path) -> dict[str, Any]:
    from PySide6.QtCore import QCoreApplication

    from app.database import connect
    from app.host_runtime import HostRuntime
    from workers.device.adb import AdbServer
    from workers.sim.adb_host import free_port
    from workers.sim.clock import ORIGIN, SimClock
    from workers.sim.fleet import SimFleet

    port = free_port()
    settings = settings.model_copy(
        update={
            "db": args.bench_db or f"sqlite:///{scratch}/bench.db",
            "data_dir": scratch,
            "host_name": "bench-pc",
            "heartbeat_seconds": 2.0,
            "adb_port": port,
        }
    )
    adb = AdbServer(port, settings.adb_path)
    adb.ensure_running()
    epoch = ORIGIN + timedelta(hours=8)
    clock = SimClock(epoch, speed=0)  # frozen until every phone is ready
    fleet = SimFleet(seed=args.seed, clock=clock).start(count=args.phones)
    engine = connect(settings)
    app = QCoreApplication.instance() or QCoreApplication([])
    runtime = HostRuntime(settings, engine, role="bench", schedule_clock=clock.now)
    try:
        fleet.connect_adb(port)
        runtime.start()
        phones = runtime.agent.phones
        _wait(
            app,
            lambda: sum(p.device_id is not None for p in phones.values()) >= args.phones,
            120,
            "phones to be ready",
        )
        _add_schedules(engine, fleet, args.schedules, epoch, args.stagger)
        wall0 = time.time()
        clock.set_speed(args.speed)
        end = (PERIOD * args.periods).total_seconds() / args.speed
        _wait(app, lambda: time.time() - wall0 > end, end + 60, "the periods")
        clock.set_speed(0)
        _wait(app, lambda: _open_runs(engine) == 0, 300, "the last runs")
        return _figures(engine, args, epoch, wall0)
    finally:
        runtime.shutdown()
        fleet.close()
        adb.kill()
        engine.dispose()


def _add_schedules(engine: Engine, fleet: Any, count: int, epoch: Any, stagger: bool) -> None:
    from app.scheduling import ScheduleRequest, schedule_request
    from workers.flows.catalog import load_catalog
    from workers.sim.simvideo.timeline import timeline_for

    registry = load_catalog().registry
    timeline = timeline_for(fleet.seed)
    creators = [c for c in timeline.catalog.creators if c.videos]
    before = epoch - timedelta(seconds=1)  # the first slot is the epoch itself
    for n in range(count):
        flow, creator = FLOWS[n % 3], creators[n % len(creators)]
        choices: dict[str, dict[str, Any]] = {
            "monitor.account": {"creators": creator.id, "scan_limit": 10, "recent": 2},
            "monitor.keyword": {"keywords": KEYWORDS[n % len(KEYWORDS)], "scan_limit": 20},
            "monitor.post": {"creator": creator.id, "key": creator.videos[0].key},
        }
        params = choices[flow]
        start = epoch + (PERIOD * n / count if stagger else timedelta(0))
        request = ScheduleRequest(
            flow=flow, params=params, every="15m", tz="UTC", start=start.isoformat(), lease_s=60
        )
        _store(engine, schedule_request(registry, request, "bench"), before)


def _store(engine: Engine, spec: ScheduleSpec, now: Any) -> None:
    from db.monitor.schedules import add_schedule
    from db.pool.tx import run_transaction

    run_transaction(engine, lambda s: add_schedule(s, spec, now=now))


def _open_runs(engine: Engine) -> int:
    from sqlalchemy import func, select

    from db.pool.sql import TASKS
    from db.pool.states import TaskState

    with engine.connect() as conn:
        open_states = [TaskState.QUEUED, TaskState.RUNNING, TaskState.SCHEDULED]
        return int(
            conn.execute(
                select(func.count()).select_from(TASKS).where(TASKS.c.state.in_(open_states))
            ).scalar_one()
        )


def _figures(engine: Engine, args: argparse.Namespace, epoch: Any, wall0: float) -> dict[str, Any]:
    import json

    from sqlalchemy import func, select

    from db.monitor.tables import SLOTS
    from db.pool.sql import BATCHES, ITEMS, RUNS
    from workers.sim.simvideo.timeline import timeline_for

    def wall(sim_moment: Any) -> float:
        return float(wall0 + (sim_moment - epoch).total_seconds() / args.speed)

    with engine.connect() as conn:
        slots = conn.execute(
            select(SLOTS.c.slot_at, SLOTS.c.outcome, BATCHES.c.created_at, BATCHES.c.id).join(
                BATCHES, BATCHES.c.id == SLOTS.c.batch_id, isouter=True
            )
        ).all()
        first_start = dict(
            conn.execute(
                select(RUNS.c.batch_id, func.min(RUNS.c.started_at)).group_by(RUNS.c.batch_id)
            ).all()
        )
        runs = conn.execute(select(RUNS.c.flow, RUNS.c.duration_ms, RUNS.c.status)).all()
        hits = conn.execute(
            select(ITEMS.c.data_json, ITEMS.c.created_at).where(ITEMS.c.late.is_(False))
        ).all()
    fired = [s for s in slots if s.id is not None]
    to_submit = [s.created_at.timestamp() - wall(s.slot_at) for s in fired]
    to_start = [
        first_start[s.id].timestamp() - wall(s.slot_at) for s in fired if s.id in first_start
    ]
    # The pool's own share: a stored batch to its first attempt on a phone (the rest of
    # slot-to-start is the scheduler's tick and, on a busy farm, waiting for a phone).
    submit_to_start = [
        first_start[s.id].timestamp() - s.created_at.timestamp()
        for s in fired
        if s.id in first_start
    ]
    timeline = timeline_for(args.seed)
    latency = []
    for row in hits:
        hit = json.loads(row.data_json)
        video = timeline.video(hit.get("video_key", ""))
        if hit.get("kind") == "video" and video is not None:
            recorded_sim = (row.created_at.timestamp() - wall0) * args.speed
            latency.append(recorded_sim - (video.posted_at - epoch).total_seconds())
    figures: dict[str, Any] = {
        "schedules": args.schedules,
        "phones": args.phones,
        "periods": args.periods,
        "speed": args.speed,
        "slots": len(slots),
        "slots_fired": len(fired),
        "slots_skipped": len(slots) - len(fired),
        "slot_to_submit_s_p50": _pct(to_submit, 50),
        "slot_to_submit_s_p99": _pct(to_submit, 99),
        "slot_to_start_s_p50": _pct(to_start, 50),
        "slot_to_start_s_p99": _pct(to_start, 99),
        "submit_to_start_s_p50": _pct(submit_to_start, 50),
        "submit_to_start_s_p99": _pct(submit_to_start, 99),
        "stagger": args.stagger,
        "video_hits": len(latency),
        "hit_latency_sim_min_p50": _pct([x / 60 for x in latency], 50),
        "hit_latency_sim_min_p99": _pct([x / 60 for x in latency], 99),
        "period_sim_min": PERIOD.total_seconds() / 60,
    }
    for flow in FLOWS:
        durations = [r.duration_ms / 1000 for r in runs if r.flow == flow and r.duration_ms]
        figures[f"{flow}_runs"] = len(durations)
        figures[f"{flow}_phone_s_p50"] = _pct(durations, 50)
        figures[f"{flow}_phone_s_p99"] = _pct(durations, 99)
    figures["runs_failed"] = sum(1 for r in runs if str(r.status) != "succeeded")
    return figures


def _pct(values: list[float], pct: int) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))], 3)


def _wait(app: Any, done: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise UserError(f"bench monitor: gave up waiting for {what} after {seconds:g} s")
        app.processEvents()
        time.sleep(0.02)
