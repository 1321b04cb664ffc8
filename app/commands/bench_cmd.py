"""``bench NAME``: run one benchmark and print its figures."""

from __future__ import annotations

import argparse
import importlib
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType

    from app.settings import Settings

# Name, module and one-line help of each benchmark. A module is imported only when its
# benchmark is the command: some pull in the whole API server or Qt, and every other
# command (and every test that runs the CLI) would pay for them at start.
BENCHMARKS: list[tuple[str, str, str]] = [
    (
        "pool",
        "app.bench.pool",
        "claims per second, claim latency and slot idle time of the task pool",
    ),
    ("export", "app.bench.export", "export N execution records to Excel: seconds and memory"),
    (
        "sim",
        "app.bench.sim",
        "simulated phones: call latency, thumbnails/s and the fleet's CPU under load",
    ),
    (
        "flows",
        "app.bench.flows",
        "real flows on simulated phones: tasks/min, idle share, stop latency, overhead",
    ),
    (
        "grid",
        "app.bench.grid",
        "drive the phone grid with live tiles and measure GUI-thread latency",
    ),
    (
        "records",
        "app.bench.records",
        "the record viewer's pages and details on N records: milliseconds",
    ),
    (
        "api",
        "app.bench.api",
        "dispatch API: submit tasks/s, callback latency p50/p99, outage drain",
    ),
    (
        "artifacts",
        "app.bench.artifacts",
        "spool and upload the evidence of N phones failing at once: seconds, depth, MB/s",
    ),
    (
        "monitor",
        "app.bench.monitor",
        "schedules of monitor flows on simulated phones: slot-to-start, hit latency",
    ),
    (
        "soak",
        "app.bench.soak",
        "faults and load on MariaDB: nothing lost, nothing run twice, recovery times",
    ),
]


class _BenchParser(argparse.ArgumentParser):
    """A benchmark's parser that imports its module (and learns its options) when used."""

    module_name = ""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self.get_default("handler") is None:
            module = importlib.import_module(self.module_name)
            self.add_argument("--json", action="store_true", help="print the figures as JSON")
            module.add_arguments(self)
            self.set_defaults(handler=_runner(module))
        return super().parse_known_args(args, namespace)


def register(sub: Any) -> None:
    """Add the ``bench`` command group with one subcommand per benchmark."""
    parser = sub.add_parser("bench", help="run a benchmark and print its figures")
    names = parser.add_subparsers(
        dest="bench_name", metavar="NAME", required=True, parser_class=_BenchParser
    )
    for name, module_name, help_text in BENCHMARKS:
        bench = names.add_parser(name, help=help_text, description=help_text)
        bench.module_name = module_name


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
