"""``--sim-epoch`` and ``--sim-speed``: which simulated time the simulated phones show."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from app.commands.records_cmd import parse_time
from app.errors import UserError

if TYPE_CHECKING:
    from datetime import datetime

    from workers.sim.clock import SimClock

MAX_SPEED = 1_000_000.0


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sim-speed must be a number, got {text!r}") from None
    if not 0 <= value <= MAX_SPEED:
        raise argparse.ArgumentTypeError(f"--sim-speed must be 0..{MAX_SPEED:g}, got {text}")
    return value


def add_sim_time_options(parser: Any) -> None:
    """Add --sim-epoch and --sim-speed to a command that starts simulated phones."""
    parser.add_argument(
        "--sim-epoch",
        metavar="TIME",
        help="simulated time the phones start at (ISO, local unless it has an offset; "
        "default the content origin 2026-01-01T00:00Z)",
    )
    parser.add_argument(
        "--sim-speed",
        type=_speed,
        default=1.0,
        metavar="X",
        help="simulated seconds per real second (default 1; 0 freezes the content)",
    )


def sim_moment(option: str, text: str | None) -> datetime:
    """A simulated time given on the command line (default: the content origin)."""
    from workers.sim.clock import ORIGIN

    if text is None:
        return ORIGIN
    moment = parse_time(option, text)
    if moment is None:  # pragma: no cover - parse_time returns None only for None
        raise UserError(f"{option}: give a time")
    return moment


def sim_clock(args: argparse.Namespace) -> SimClock:
    """The clock the options ask for."""
    from workers.sim.clock import SimClock

    return SimClock(sim_moment("--sim-epoch", args.sim_epoch), args.sim_speed)
