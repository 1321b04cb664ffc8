"""``sim start`` and ``sim catalog``: run simulated phones; print a simulated app's content."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from typing import TYPE_CHECKING, Any

from app.commands.sim_time import add_sim_time_options, sim_clock, sim_moment
from app.errors import UserError

SIM_APPS = ("simvideo", "simchannels")  # every simulated phone has both installed

if TYPE_CHECKING:
    from datetime import datetime

    from app.settings import Settings
    from workers.sim.fleet import PhoneInfo
    from workers.sim.simvideo.timeline import Timeline

MAX_PHONES = 500


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--count must be a whole number, got {text!r}") from None
    if not 1 <= value <= MAX_PHONES:
        raise argparse.ArgumentTypeError(f"--count must be 1..{MAX_PHONES}, got {value}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seed must be a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"--seed must not be negative, got {value}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--adb-port must be a port number, got {text!r}"
        ) from None
    if not 1024 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"--adb-port must be 1024..65535, got {value}")
    return value


def register(sub: Any) -> None:
    """Add the ``sim`` command group."""
    parser = sub.add_parser("sim", help="simulated phones: run a fleet, print a catalog")
    actions = parser.add_subparsers(dest="sim_action", metavar="ACTION", required=True)
    start = actions.add_parser("start", help="run simulated phones in the foreground until Ctrl-C")
    start.add_argument("--count", type=_count, required=True, help="how many phones")
    start.add_argument("--seed", type=_seed, default=1, help="content and serials (default 1)")
    start.add_argument(
        "--faults",
        default="",
        help="e.g. latency_ms=40,offline=0.1,u2_crash=0.05,missing=0.02,overheat=0.05 "
        "(chances per phone per minute of activity)",
    )
    start.add_argument(
        "--adb-port", type=_port, help="adb server to connect the phones to (default: adb_port)"
    )
    start.add_argument("--no-adb", action="store_true", help="do not adb connect the phones")
    start.add_argument(
        "--no-preseed", action="store_true", help="phones start without u2.jar (u2 pushes it)"
    )
    add_sim_time_options(start)
    start.set_defaults(handler=run_start)
    catalog = actions.add_parser(
        "catalog", help="print a simulated app's creators, videos, accounts"
    )
    catalog.add_argument(
        "--app",
        choices=SIM_APPS,
        default="simvideo",
        help="which simulated app (every simulated phone has both; default simvideo)",
    )
    catalog.add_argument("--seed", type=_seed, default=1, help="the fleet's seed (default 1)")
    catalog.add_argument(
        "--at",
        metavar="TIME",
        help="what the phones show at this simulated time (ISO; default the origin "
        "2026-01-01T00:00Z)",
    )
    catalog.add_argument("--json", action="store_true", help="the whole catalog as JSON")
    catalog.set_defaults(handler=run_catalog)


def run_start(args: argparse.Namespace, settings: Settings) -> int:
    """Start the phones, adb connect them, and serve until interrupted."""
    from workers.sim.adb_host import AdbServer, AdbSetupError
    from workers.sim.faults import FaultSpecError, parse_faults
    from workers.sim.fleet import SimFleet

    try:
        faults = parse_faults(args.faults)
    except FaultSpecError as exc:
        raise UserError(str(exc)) from None
    clock = sim_clock(args)
    fleet = SimFleet(seed=args.seed, faults=faults, preseed_u2=not args.no_preseed, clock=clock)
    if not args.no_adb:
        port = args.adb_port or settings.adb_port
        try:
            adb = AdbServer(port, settings.adb_path)
            adb.start()
        except AdbSetupError as exc:
            raise UserError(str(exc)) from None
        fleet.adb = adb
        print(f"adb server on port {port} ({adb.adb_path})", flush=True)
    print(
        f"seed {args.seed}, faults: {faults.describe()}, simulated time "
        f"{clock.now():%Y-%m-%dT%H:%M:%SZ} x{clock.speed:g}; Ctrl-C stops",
        flush=True,
    )

    def announce(info: PhoneInfo) -> None:
        print(f"{info.serial}  {info.adb_serial}  {info.model}", flush=True)

    try:
        asyncio.run(fleet.serve(args.count, announce))
    except KeyboardInterrupt:
        print(f"stopped {args.count} simulated phones", flush=True)
    return 0


def run_catalog(args: argparse.Namespace, settings: Settings) -> int:
    """Print the catalog of a seed: a summary, or everything as JSON."""
    from workers.sim.simvideo.timeline import timeline_for

    moment = sim_moment("--at", args.at)
    try:
        if args.app == "simchannels":
            _print_channels(args.seed, moment, args.json)
        else:
            _print_catalog(timeline_for(args.seed), moment, args.json)
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early: not an error. Keep Python's flush at
        # exit from failing again on the closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _print_catalog(timeline: Timeline, moment: datetime, as_json: bool) -> None:
    if as_json:
        print(json.dumps(timeline.to_json(moment), ensure_ascii=False))
    else:
        _print_summary(timeline, moment)


def _print_channels(seed: int, moment: datetime, as_json: bool) -> None:
    from workers.sim.simchannels.catalog import catalog_for

    catalog = catalog_for(seed)
    if as_json:
        print(json.dumps(catalog.to_json(moment), ensure_ascii=False))
        return
    print(f"SimChannels catalog, seed {seed}, at {moment:%Y-%m-%dT%H:%M:%SZ}")
    for creator in catalog.creators:
        videos = catalog.videos_at(creator, moment)
        comments = sum(catalog.comment_total(v, moment) for v in videos)
        print(f"  {creator.name:<28} {len(videos):>3} videos {comments:>7} comments")
    restricted = [a.id for a in catalog.accounts if a.restricted]
    print(
        f"  {len(catalog.accounts)} accounts (phone i is logged in as account i, 0-based); "
        f"restricted: {', '.join(restricted) or 'none'}"
    )


def _print_summary(timeline: Timeline, moment: datetime) -> None:
    catalog = timeline.catalog
    print(f"SimVideo catalog, seed {catalog.seed}, at {moment:%Y-%m-%dT%H:%M:%SZ}")
    for creator in catalog.creators:
        videos = timeline.videos(creator, moment)
        comments = sum(timeline.comment_count(v, moment) for v in videos)
        print(f"  {creator.id}  {creator.name:<24} {len(videos):>3} videos {comments:>6} comments")
    restricted = [a.id for a in catalog.accounts if a.restricted]
    print(
        f"  {len(catalog.accounts)} accounts (phone i is logged in as account i, 0-based); "
        f"restricted: {', '.join(restricted) or 'none'}"
    )
