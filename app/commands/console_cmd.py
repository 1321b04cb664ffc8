"""``console`` (the default command): open the FleetDeck window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.commands.arg_types import number, seed, whole
from app.commands.sim_time import add_sim_time_options, sim_clock
from app.errors import UserError

if TYPE_CHECKING:
    import argparse

    from app.settings import Settings


def register(sub: Any) -> None:
    """Add the ``console`` command."""
    parser = sub.add_parser("console", help="open the console window (the default)")
    parser.add_argument(
        "--exit-after",
        type=number(0, 7 * 24 * 3600, above_low=True),
        metavar="SECONDS",
        help="close the window after this many seconds (for checks and screenshots)",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE.png",
        help="save a picture of the window just before --exit-after closes it",
    )
    parser.add_argument(
        "--sim", type=whole(1, 200), metavar="N", help="start N simulated phones at once (a demo)"
    )
    parser.add_argument("--sim-seed", type=seed, default=1, metavar="S", help="their seed")
    add_sim_time_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Connect to the database, then hand over to the Qt event loop."""
    from app.console import run_console

    if args.sim is not None and not 1 <= args.sim <= 200:
        raise UserError("--sim: give 1 to 200 phones")
    return run_console(
        settings,
        exit_after=args.exit_after,
        screenshot=args.screenshot,
        sim=(args.sim, args.sim_seed) if args.sim else None,
        sim_clock=sim_clock(args) if args.sim else None,
    )
