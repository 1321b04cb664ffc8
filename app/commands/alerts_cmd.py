"""``alerts``: what needs a person (list, newest first) and ``alerts ack ID...``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from app.commands.arg_types import whole
from app.errors import ErrorCode, UserError
from app.pool_calls import open_pool, pool_call
from db.alerts.alerts import acknowledge, list_alerts
from db.alerts.models import AlertKind

if TYPE_CHECKING:
    import argparse

    from app.settings import Settings

KINDS = [kind.value for kind in AlertKind]


def register(sub: Any) -> None:
    """Add the ``alerts`` command and its ``ack`` verb."""
    parser = sub.add_parser("alerts", help="alerts that need a person; ack them")
    parser.add_argument("--json", action="store_true", help="one JSON array")
    parser.add_argument("--open", action="store_true", help="only those not acknowledged")
    parser.add_argument("--kind", choices=KINDS, action="append", metavar="KIND",
                        help=f"only this kind (repeatable): {', '.join(KINDS)}")  # fmt: skip
    parser.add_argument("--limit", type=whole(1, 1000), default=100, metavar="N",
                        help="at most N alerts (1-1000, default 100)")  # fmt: skip
    parser.set_defaults(handler=run_list)
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    ack = verbs.add_parser("ack", help="acknowledge alerts by id")
    ack.add_argument("ids", nargs="+", type=whole(1, 2**31 - 1), metavar="ID")
    ack.add_argument("--by", default="", metavar="NAME", help="who (default: this PC)")
    ack.set_defaults(handler=run_ack)


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    """Print the alerts, newest first."""
    kinds = [AlertKind(k) for k in args.kind] if args.kind else None
    with open_pool(settings) as engine:
        alerts = pool_call(
            engine,
            lambda s: list_alerts(s, kinds=kinds, open_only=args.open, limit=args.limit),
            read_only=True,
        )
    if args.json:
        print(json.dumps([a.to_json() for a in alerts], ensure_ascii=False))
        return 0
    if not alerts:
        print("no alerts")
        return 0
    for alert in alerts:
        state = "open" if alert.acknowledged_at is None else f"ack by {alert.acknowledged_by}"
        details = " ".join(f"{k}={v}" for k, v in sorted(alert.details.items()) if v is not None)
        print(
            f"{alert.id:>6}  {alert.raised_at:%Y-%m-%d %H:%M:%S}Z  {alert.kind:<20} "
            f"{alert.subject}  x{alert.count}  [{state}]  {details}"
        )
    return 0


def run_ack(args: argparse.Namespace, settings: Settings) -> int:
    """Acknowledge the alerts; an id that does not exist is an error naming it."""
    by = args.by.strip() or settings.host_name
    with open_pool(settings) as engine:
        found = pool_call(engine, lambda s: acknowledge(s, args.ids, by))
    missing = sorted(set(args.ids) - set(found))
    if found:
        print(f"acknowledged {len(found)} alert(s): {' '.join(map(str, found))}")
    if missing:
        raise UserError(f"ID: no alert {' '.join(map(str, missing))}", ErrorCode.NOT_FOUND)
    return 0
