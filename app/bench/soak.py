"""``bench soak``: the pool under faults and load loses nothing, runs nothing twice.

Three worker processes with 50 simulated phones (faults on: offline, u2 crash, slow
phones, restricted accounts) work through at least 10,000 tasks of all three modes
and a pipeline on a MariaDB the soak starts itself (its own data directory, a free
port; never a server someone uses), while a fault schedule kills that MariaDB and
starts it again, hangs it (SIGSTOP, then SIGCONT), cuts one worker's path to it
through a loopback proxy (drop, blackhole, slow), SIGKILLs a worker and starts a new
one, and takes phones offline and unauthorized. Then it checks the invariants and
times each fault's recovery. ``--small`` is the same in about two minutes.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from app.errors import UserError

if TYPE_CHECKING:
    import argparse

    from sqlalchemy import Engine

    from app.bench.soak_rig import SoakRig
    from app.bench.soak_work import SoakWork
    from app.settings import Settings

NAME = "soak"
HELP = "faults and load on MariaDB: nothing lost, nothing run twice, recovery times"
log = logging.getLogger(__name__)

FULL_TASKS = 10_000
SMALL_TASKS = 600
DRAIN_TIMEOUT_S = {True: 240.0, False: 1200.0}  # small, full: after the last fault


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--small, --tasks, --phones, --workers, --seed, --keep."""
    parser.add_argument("--small", action="store_true", help="the two-minute variant")
    parser.add_argument("--tasks", type=int, help="tasks to submit (default 10000; small 600)")
    parser.add_argument("--phones", type=int, default=50, help="simulated phones (default 50)")
    parser.add_argument("--workers", type=int, default=3, help="worker processes (default 3)")
    parser.add_argument("--seed", type=int, default=5, help="simulated content seed")
    parser.add_argument(
        "--keep", metavar="DIR", type=Path, help="keep the workers' logs and MariaDB's here"
    )


def run(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """Run the soak and return its figures."""
    tasks = args.tasks or (SMALL_TASKS if args.small else FULL_TASKS)
    if not 1 <= tasks <= 100_000 or not 2 <= args.workers <= 10:
        raise UserError("bench soak: --tasks must be 1..100000 and --workers 2..10")
    if not args.workers <= args.phones <= 200:
        raise UserError("bench soak: --phones must be at least --workers and at most 200")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        return _Soak(args, settings, args.keep, tasks).run()
    with tempfile.TemporaryDirectory(prefix="fleetdeck-soak-") as scratch:
        return _Soak(args, settings, Path(scratch), tasks).run()


class _Soak:
    def __init__(self, args: argparse.Namespace, settings: Settings, scratch: Path, tasks: int):
        from app.bench.soak_rig import SoakRig

        self.args, self.settings, self.tasks = args, settings, tasks
        self.small: bool = args.small
        self.rig: SoakRig = SoakRig(scratch, args.phones, args.workers, args.seed)

    def run(self) -> dict[str, Any]:
        from db.engine import open_engine

        try:
            engine = self._prepare(open_engine)
            try:
                return self._soak(engine)
            finally:
                engine.dispose()
        finally:
            self.rig.close()

    def _prepare(self, open_engine: Any) -> Engine:
        from sqlalchemy.engine import make_url

        from db.migrate import upgrade

        log.info("soak: starting MariaDB in %s", self.rig.db.root)
        self.rig.start_database()
        url = make_url(self.rig.db_url)
        engine: Engine = open_engine(url)
        upgrade(engine)
        log.info("soak: starting %d simulated phones", self.args.phones)
        self.rig.start_phones(self.settings.adb_path)
        self.rig.start_workers(url)
        return engine

    def _soak(self, engine: Engine) -> dict[str, Any]:
        from app.bench.soak_checks import invariants, recoveries
        from app.bench.soak_faults import FaultRunner, schedule
        from app.bench.soak_rig import wait_for
        from app.bench.soak_work import SoakWork

        wait_for(lambda: _known_phones(engine) >= self.args.phones, 180, "every phone registered")
        work = SoakWork(engine, self.args.seed, self.small)
        started = time.monotonic()
        work.first_wave(self.tasks)
        log.info("soak: %d tasks submitted; faults begin", work.count_tasks())
        runner = FaultRunner(self.rig, started, lambda: _top_up(work))
        runner.run(schedule(self.small))
        log.info("soak: last fault over at %.0f s; waiting for the pool to drain", _since(started))
        _drain(work, DRAIN_TIMEOUT_S[self.small])
        elapsed = _since(started)
        for worker in self.rig.workers:
            worker.stop()  # their last lines are in the logs before they are read
        logs = [path for worker in self.rig.workers for path in worker.logs]
        figures = invariants(engine, work.pipelines, logs)
        figures["faults"] = recoveries(engine, runner.applied)
        log.info(
            "soak: %d tasks in %.0f s (%.0f tasks/min) with %d faults",
            figures["tasks"],
            elapsed,
            figures["tasks"] / elapsed * 60,
            len(runner.applied),
        )
        return figures


def _since(started: float) -> float:
    return time.monotonic() - started


def _top_up(work: SoakWork) -> None:
    try:
        if work.top_up():
            log.info("soak: the pool ran low while faults remain; added more work")
    except SQLAlchemyError as exc:  # the database may be the fault just now
        log.debug("soak: top-up skipped: %s", exc)


def _drain(work: SoakWork, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if work.open_tasks() == 0:
                return
        except SQLAlchemyError as exc:
            log.debug("soak: drain check failed: %s", exc)
        time.sleep(1.0)
    log.warning("soak: tasks still open after %.0f s; counted as left unfinished", timeout_s)


def _known_phones(engine: Engine) -> int:
    from sqlalchemy import func, select

    from db.pool.sql import DEVICES
    from db.pool.tx import run_transaction

    return int(
        run_transaction(
            engine,
            lambda s: s.execute(select(func.count()).select_from(DEVICES)).scalar_one(),
            read_only=True,
        )
    )
