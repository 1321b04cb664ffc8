"""``worker``: this PC's headless host: the same agent and workers as the console."""

from __future__ import annotations

import logging
import signal
import sys
from typing import TYPE_CHECKING, Any

from app.commands.arg_types import number, seed, whole
from app.commands.sim_time import add_sim_time_options, sim_clock
from app.errors import ErrorCode, UserError

if TYPE_CHECKING:
    import argparse

    from app.settings import Settings
    from workers.sim.fleet import SimFleet

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    """Add the ``worker`` command."""
    parser = sub.add_parser("worker", help="run this PC's phones headless (no window)")
    parser.add_argument(
        "--sim",
        type=whole(1, 200),  # as many as the console starts
        metavar="N",
        help="start N simulated phones in this process",
    )
    parser.add_argument(
        "--sim-seed",
        type=seed,
        default=1,
        metavar="S",
        help="seed of the simulated phones (default 1)",
    )
    parser.add_argument(
        "--sim-faults",
        default="",
        metavar="SPEC",
        help="faults of the simulated phones, e.g. offline=0.1,u2_crash=0.05",
    )
    add_sim_time_options(parser)
    parser.add_argument(
        "--devices",
        default="all",
        metavar="all|S1,S2",
        help="use only these phones (serials or adb serials)",
    )
    parser.add_argument(
        "--until-idle",
        action="store_true",
        help="exit 0 once nothing this PC could run is queued, running or retrying",
    )
    parser.add_argument(
        "--max-seconds",
        type=number(0, 365 * 24 * 3600, above_low=True),
        metavar="S",
        help="exit after this many seconds (stopping running attempts)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the host agent under a QCoreApplication until idle, timed out or interrupted."""
    devices = _device_filter(args.devices)
    fleet = _start_sim(args, settings) if args.sim else None
    from PySide6.QtCore import QCoreApplication, QTimer

    from app.database import connect
    from app.heap import freeze_startup_heap
    from app.host_runtime import HostRuntime

    engine = connect(settings)
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    runtime = HostRuntime(
        settings, engine, role="worker", devices=devices, report_idle=args.until_idle
    )
    if args.until_idle:
        runtime.agent.idle_reached.connect(app.quit)
    if args.max_seconds:
        QTimer.singleShot(int(args.max_seconds * 1000), app.quit)
    _quit_on_signals(app)
    runtime.agent.attempt_finished.connect(
        lambda label, run_id, result, seconds: log.info(
            "%s: run %s %s (%.1f s)", label, run_id, result, seconds
        )
    )
    try:
        runtime.start()
        freeze_startup_heap()
        app.exec()
    finally:
        runtime.shutdown()
        if fleet is not None:
            fleet.close()
        engine.dispose()
    return 0


def _device_filter(text: str) -> set[str] | None:
    if text.strip().lower() == "all":
        return None
    serials = {part.strip() for part in text.split(",") if part.strip()}
    if not serials:
        raise UserError("--devices: give 'all' or a comma-separated list of serials")
    return serials


def _start_sim(args: argparse.Namespace, settings: Settings) -> SimFleet:
    from workers.device.adb import AdbServer
    from workers.device.errors import DeviceError
    from workers.sim.faults import FaultSpecError, parse_faults
    from workers.sim.fleet import SimFleet

    try:
        faults = parse_faults(args.sim_faults)
    except FaultSpecError as exc:
        raise UserError(f"--sim-faults: {exc}") from None
    try:
        AdbServer(settings.adb_port, settings.adb_path).ensure_running()
    except DeviceError as exc:
        raise UserError(str(exc), ErrorCode.UNAVAILABLE) from None
    fleet = SimFleet(seed=args.sim_seed, faults=faults, clock=sim_clock(args)).start(count=args.sim)
    fleet.connect_adb(settings.adb_port)
    for info in fleet.phones():
        log.info("simulated phone %s at %s", info.serial, info.adb_serial)
    return fleet


def _quit_on_signals(app: Any) -> None:
    """Ctrl-C and SIGTERM end the worker cleanly (running attempts are recorded)."""
    from PySide6.QtCore import QTimer

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: app.quit())
    # Qt's loop does not return to Python on its own; a short timer lets the
    # interpreter run signal handlers.
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(200)
