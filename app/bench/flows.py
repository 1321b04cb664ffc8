"""``bench flows``: real flows on simulated phones through the host agent.

A fleet of simulated phones on a dedicated adb server, one host agent over a scratch
database, and a batch of short ``collect.titles`` tasks: tasks per minute, the share
of phone time spent idle between tasks while work was queued, and the agent's
overhead per task outside the flow. Then one long task per phone is stopped, and the
time from the stop's commit to the flow being told (and to the attempt being
recorded cancelled) gives the stop latency.

The cost of evidence: with ``--frame-ring both`` (the default) the short batch runs
twice, first without and then with the frame ring (the seconds before a failure,
setting ``failure_frames``), and both runs report tasks per minute, the process's CPU
share (this includes the simulated phones, which render the frames a real phone would)
and the frame rings' own CPU time, measured in their threads.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import UserError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from sqlalchemy import Engine

    from app.settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--phones, --tasks, --db."""
    parser.add_argument("--phones", type=int, default=20, help="simulated phones (default 20)")
    parser.add_argument("--tasks", type=int, default=200, help="short tasks (default 200)")
    parser.add_argument("--db", dest="bench_db", metavar="URL", help="scratch database URL")
    parser.add_argument("--seed", type=int, default=3, help="simulated content seed")
    parser.add_argument(
        "--frame-ring",
        choices=("both", "on", "off"),
        default="both",
        help="run the short batch without and with the frame ring (both), or once",
    )


def run(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """Run both phases and return the figures."""
    if not 1 <= args.phones <= 200 or not 1 <= args.tasks <= 100_000:
        raise UserError("--phones must be 1..200 and --tasks 1..100000")
    with tempfile.TemporaryDirectory(prefix="fleetdeck-bench-") as scratch:
        return _Bench(args, settings, Path(scratch)).run()


class _Bench:
    def __init__(self, args: argparse.Namespace, settings: Settings, scratch: Path) -> None:
        self.args, self.scratch = args, scratch
        self.settings = settings.model_copy(
            update={
                "db": args.bench_db or f"sqlite:///{scratch}/bench.db",
                "data_dir": scratch,
                "host_name": "bench-pc",
                "heartbeat_seconds": 2.0,
            }
        )
        self.started: dict[int, tuple[str, float]] = {}
        self.finished: dict[int, tuple[str, float, float]] = {}
        self.delivered: dict[int, float] = {}
        self.batches: dict[int, int] = {}

    def run(self) -> dict[str, Any]:
        from PySide6.QtCore import QCoreApplication

        from app.database import connect
        from app.host_runtime import HostRuntime
        from workers.device.adb import AdbServer
        from workers.sim.adb_host import free_port
        from workers.sim.fleet import SimFleet

        port = free_port()
        adb = AdbServer(port, self.settings.adb_path)
        adb.ensure_running()
        fleet = SimFleet(seed=self.args.seed).start(count=self.args.phones)
        self.settings = self.settings.model_copy(update={"adb_port": port})
        engine = connect(self.settings)
        app = QCoreApplication.instance() or QCoreApplication([])
        self.app = app
        runtime = HostRuntime(self.settings, engine, role="bench")
        agent = runtime.agent
        agent.attempt_started.connect(self._on_started)
        agent.attempt_finished.connect(self._on_finished)
        agent.stop_delivered.connect(lambda run_id: self.delivered.setdefault(run_id, _now()))
        try:
            fleet.connect_adb(port)
            runtime.start()
            self._wait(lambda: len(agent.phones) > self.args.phones, 60, "phones to connect")
            self._wait(lambda: _identified(agent) >= self.args.phones, 120, "phones to be ready")
            # The top-level figures are those of the last run (ring on unless --frame-ring
            # off, as the setting's default); "frame_ring" holds each run's.
            figures: dict[str, Any] = {"phones": self.args.phones}
            runs: dict[str, Any] = {}
            modes = {"both": (False, True), "on": (True,), "off": (False,)}
            for ring in modes[self.args.frame_ring]:
                for phone in agent.phones.values():
                    phone.worker.record_frames = ring
                runs["on" if ring else "off"] = self._throughput(engine, fleet, agent)
                figures.update(runs["on" if ring else "off"])
            figures["frame_ring"] = runs
            figures.update(self._stops(engine, fleet))
            return figures
        finally:
            runtime.shutdown()
            fleet.close()
            adb.kill()
            engine.dispose()

    # ------------------------------------------------------------------ phases

    def _throughput(self, engine: Engine, fleet: Any, agent: Any) -> dict[str, Any]:
        creator = next(c.id for c in fleet.catalog.creators if len(c.videos) >= 5)
        workers = [phone.worker for phone in agent.phones.values()]
        frames0 = sum(w.frames_captured for w in workers)
        ring_cpu0 = sum(w.frames_cpu_s for w in workers)
        cpu0 = _cpu()
        t0 = _now()
        batch = _submit(
            engine, "collect.titles", {"creator": creator, "count": 3}, count=self.args.tasks
        )
        self._wait(lambda: len(self._runs_of(batch)) >= self.args.tasks, 1800, "the tasks")
        elapsed = _now() - t0
        cpu = _cpu() - cpu0
        frames = sum(w.frames_captured for w in workers) - frames0
        ring_cpu = sum(w.frames_cpu_s for w in workers) - ring_cpu0
        runs = self._runs_of(batch)
        idle = _idle_share(runs, self.started, self.finished, self.args.phones, t0)
        overhead = [(self.finished[r][1] - self.started[r][1]) - self.finished[r][2] for r in runs]
        flow_seconds = [self.finished[r][2] for r in runs]
        return {
            "tasks": len(runs),
            "succeeded": sum(1 for r in runs if self.finished[r][0] == "succeeded"),
            "seconds": round(elapsed, 2),
            "tasks_per_minute": round(len(runs) / elapsed * 60, 1),
            "flow_seconds_median": round(statistics.median(flow_seconds), 3),
            "idle_between_tasks_share": round(idle, 4),
            "overhead_per_task_ms_p50": round(_pct(overhead, 50) * 1000, 1),
            "overhead_per_task_ms_p99": round(_pct(overhead, 99) * 1000, 1),
            "process_cpu_share_of_one_core": round(cpu / elapsed, 3),
            "frames_captured": frames,
            "frames_per_second": round(frames / elapsed, 1),
            "frame_ring_cpu_share_of_one_core": round(ring_cpu / elapsed, 4),
        }

    def _stops(self, engine: Engine, fleet: Any) -> dict[str, Any]:
        from db.pool.stop import stop_batch
        from db.pool.tx import run_transaction

        creator, title = _long_video(fleet.catalog)
        params = {"creator": creator, "title": title, "max_comments": 100_000, "scan_limit": 10}
        batch = _submit(engine, "collect.comments", params, count=self.args.phones)
        # Every phone that can (a restricted account cannot) takes one long task.
        self._wait(lambda: bool(self._running_of(batch)), 120, "long tasks")
        self._settle(lambda: len(self._running_of(batch)), seconds=2.0)
        running = self._running_of(batch)
        asked = _now()
        run_transaction(engine, lambda s: stop_batch(s, batch, by="bench"))
        self._wait(lambda: all(r in self.finished for r in running), 60, "the stops")
        told = [self.delivered.get(r, asked) - asked for r in running]
        ended = [self.finished[r][1] - asked for r in running]
        return {
            "stopped": len(running),
            "stop_to_flow_ms_p50": round(_pct(told, 50) * 1000, 1),
            "stop_to_flow_ms_p99": round(_pct(told, 99) * 1000, 1),
            "stop_to_cancelled_ms_p50": round(_pct(ended, 50) * 1000, 1),
            "stop_to_cancelled_ms_p99": round(_pct(ended, 99) * 1000, 1),
        }

    # ------------------------------------------------------------------ plumbing

    def _on_started(self, label: str, run_id: int, flow: str, batch_id: int) -> None:
        self.started[run_id] = (label, _now())
        self.batches[run_id] = batch_id

    def _on_finished(self, label: str, run_id: int, result: str, seconds: float) -> None:
        self.finished[run_id] = (result, _now(), seconds)

    def _runs_of(self, batch: int) -> list[int]:
        return [r for r, b in self.batches.items() if b == batch and r in self.finished]

    def _running_of(self, batch: int) -> list[int]:
        return [r for r, b in self.batches.items() if b == batch and r not in self.finished]

    def _settle(self, count: Callable[[], int], seconds: float) -> None:
        """Wait until ``count()`` has not changed for ``seconds``."""
        last, since = count(), _now()
        while _now() - since < seconds:
            self.app.processEvents()
            time.sleep(0.02)
            if count() != last:
                last, since = count(), _now()

    def _wait(self, done: Callable[[], bool], seconds: float, what: str) -> None:
        deadline = _now() + seconds
        while not done():
            if _now() > deadline:
                raise UserError(f"bench flows: gave up waiting for {what} after {seconds:g} s")
            self.app.processEvents()
            time.sleep(0.005)


def _now() -> float:
    return time.monotonic()


def _cpu() -> float:
    """CPU seconds of this process (all its threads) so far."""
    times = os.times()
    return times.user + times.system


def _identified(agent: Any) -> int:
    return sum(1 for phone in agent.phones.values() if phone.device_id is not None)


def _submit(engine: Engine, flow: str, params: dict[str, Any], count: int) -> int:
    from app.submission import spec_for
    from db.pool.submit import submit_batch
    from db.pool.tx import run_transaction
    from workers.flows.catalog import load_catalog

    spec = spec_for(load_catalog().flow(flow), params, count=count, submitted_by="bench")
    return int(run_transaction(engine, lambda s: submit_batch(s, spec)))


def _long_video(catalog: Any) -> tuple[str, str]:
    creator, video = max(
        ((c, v) for c in catalog.creators for v in c.videos[:10]),
        key=lambda cv: cv[1].comment_count,
    )
    return creator.id, video.title


def _idle_share(
    runs: list[int],
    started: dict[int, tuple[str, float]],
    finished: dict[int, tuple[str, float, float]],
    phones: int,
    t0: float,
) -> float:
    """Phone time between one task's end and the next one's start, over all phone time."""
    by_phone: dict[str, list[tuple[float, float]]] = {}
    for run in runs:
        label, begin = started[run]
        by_phone.setdefault(label, []).append((begin, finished[run][1]))
    # Work was queued until the last task started; gaps are counted up to then.
    last_start = max(started[run][1] for run in runs)
    gaps = 0.0
    for spans in by_phone.values():
        spans.sort()
        for (_, end), (begin, _) in zip(spans, spans[1:], strict=False):
            gaps += max(begin - end, 0.0)
    busy_window = (last_start - t0) * phones
    return gaps / busy_window if busy_window > 0 else 0.0


def _pct(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]
