"""The options that describe one batch, shared by ``submit`` and ``schedule add``.

A schedule's template is a batch: the issue asks for "the same options as submit",
so both commands declare them here and read them back with one reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.commands.arg_types import whole
from app.commands.cli_parsing import parse_pairs, read_params_file, split_list
from db.pool.states import (
    DEFAULT_PRIORITY,
    LEAST_URGENT_PRIORITY,
    MOST_URGENT_PRIORITY,
    PRIORITY_NOTE,
    Mode,
)
from db.pool.validation import MAX_TASKS, WEEK_S

if TYPE_CHECKING:
    import argparse


@dataclass(frozen=True)
class BatchOptions:
    """One batch's options as typed (parameters not yet checked against the flow)."""

    params: dict[str, Any]
    mode: str
    count: int
    priority: int
    devices: list[str] | None
    accounts: list[str] | None
    successes: int
    per_account: int | None
    max_attempts: int
    timeout_s: int
    lease_s: int
    name: str | None


def add_batch_options(parser: Any) -> None:
    """Declare --mode, --count, --param(s-file), --priority, targets and limits, --name."""
    parser.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.POOL.value)
    parser.add_argument(
        "--count", type=whole(1, MAX_TASKS), default=1, metavar="M", help="tasks (pool, spread)"
    )
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--params-file", type=Path, metavar="FILE", help="JSON or YAML parameters")
    parser.add_argument(
        "--priority",
        type=whole(MOST_URGENT_PRIORITY, LEAST_URGENT_PRIORITY),
        default=DEFAULT_PRIORITY,
        metavar="P",
        help=PRIORITY_NOTE,
    )
    parser.add_argument("--devices", metavar="S1,S2", help="only these phones (serials)")
    parser.add_argument("--accounts", metavar="A1,A2", help="only these accounts (uid or app:uid)")
    parser.add_argument("--max-attempts", type=whole(1, 100), default=3, metavar="N")
    parser.add_argument(
        "--timeout", type=whole(1, WEEK_S), default=600, metavar="SECONDS", help="max run time"
    )
    parser.add_argument(
        "--lease", type=whole(1, 24 * 3600), default=60, metavar="SECONDS", help="lease length"
    )
    parser.add_argument(
        "--successes",
        type=whole(1, 1000),
        default=1,
        metavar="N",
        help="spread: successes each task needs, from N distinct accounts",
    )
    parser.add_argument(
        "--per-account",
        type=whole(1, MAX_TASKS),
        metavar="K",
        help="spread: most tasks one account takes (default: an even share)",
    )
    parser.add_argument("--name", help="a name (the console shows it)")


def read_batch_options(args: argparse.Namespace) -> BatchOptions:
    """The options back from parsed arguments; a malformed value names its option."""
    params: dict[str, Any] = read_params_file(args.params_file) if args.params_file else {}
    params.update(parse_pairs("--param", args.param))
    name = args.name.strip() if args.name and args.name.strip() else None
    return BatchOptions(
        params=params,
        mode=args.mode,
        count=args.count,
        priority=args.priority,
        devices=split_list("--devices", args.devices),
        accounts=split_list("--accounts", args.accounts),
        successes=args.successes,
        per_account=args.per_account,
        max_attempts=args.max_attempts,
        timeout_s=args.timeout,
        lease_s=args.lease,
        name=name,
    )
