"""``bench grid``: drive the phone grid with many live tiles; measure GUI-thread latency.

Registering this benchmark must not import Qt (every command line start registers it),
so the measuring itself lives in ``app.bench.grid_meter``, imported when it runs.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

WARM_UP_S = 1.0

if TYPE_CHECKING:
    import argparse

    from app.settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the benchmark's options."""
    parser.add_argument("--phones", type=int, default=200, help="tiles in the grid (200)")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long to run (20)")
    parser.add_argument(
        "--tile-width", type=int, default=240, help="tile width in pixels (240, as shipped)"
    )
    parser.add_argument(
        "--window", default="1600x1000", help="window size WIDTHxHEIGHT (1600x1000)"
    )


def run(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """Run the grid for ``--seconds`` and return latency and frame figures."""
    from app.errors import UserError

    if args.phones < 1 or args.seconds <= WARM_UP_S:
        raise UserError(f"--phones must be at least 1 and --seconds more than {WARM_UP_S:g}")
    try:
        width, height = (int(part) for part in args.window.lower().split("x"))
    except ValueError:
        raise UserError(f"--window: expected WIDTHxHEIGHT, got {args.window!r}") from None
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.bench.grid_meter import measure_grid

    return measure_grid(
        phones=args.phones,
        seconds=args.seconds,
        warm_up=WARM_UP_S,
        tile_width=args.tile_width,
        window=(width, height),
        settings=settings,
    )
