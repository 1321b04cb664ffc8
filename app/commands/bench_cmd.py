"""``bench NAME``: run one benchmark and print its figures."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse
    from types import ModuleType

    from app.settings import Settings


def _benchmarks() -> list[ModuleType]:
    # One line per benchmark module; imported lazily so --help stays fast.
    from app.bench import (
        api,
        artifacts,
        export,
        flows,
        grid,
        monitor,
        pool,
        records,
        sim,
        soak,
    )

    return [pool, export, sim, flows, grid, records, api, artifacts, monitor, soak]


def register(sub: Any) -> None:
    """Add the ``bench`` command group with one subcommand per benchmark."""
    parser = sub.add_parser("bench", help="run a benchmark and print its figures")
    names = parser.add_subparsers(dest="bench_name", metavar="NAME", required=True)
    for module in _benchmarks():
        bench = names.add_parser(module.NAME, help=module.HELP)
        bench.add_argument("--json", action="store_true", help="print the figures as JSON")
        module.add_arguments(bench)
        bench.set_defaults(handler=_runner(module))


def _runner(module: ModuleType) -> Any:
    def run(args: argparse.Namespace, settings: Settings) -> int:
        figures: dict[str, Any] = module.run(args, settings)
        if args.json:
            print(json.dumps(figures, indent=2, default=str))
        else:
            for key, value in figures.items():
                print(f"{key:<24} {value}")
        return 0

    return run
