"""``seen TEXT``: was this title (or item key) already collected or seen by a monitor."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from app.errors import UserError
from app.pool_calls import open_pool, pool_call
from db.monitor.seen import look_up
from db.pool.values import iso

if TYPE_CHECKING:
    import argparse

    from app.settings import Settings


def register(sub: Any) -> None:
    """Add the ``seen`` command."""
    p = sub.add_parser("seen", help="was this title or item key already collected or seen")
    p.add_argument("text", metavar="TEXT", help="a video title or an item key (e.g. c003v017)")
    p.add_argument(
        "--monitor", metavar="PREFIX", help="only these monitors, e.g. collect.titles:simvideo:c003"
    )
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Print every seen-store row whose label or key is TEXT."""
    text: str = args.text
    if not text.strip() or len(text) > 1000:
        raise UserError("TEXT: give a title or key of 1 to 1000 characters")
    with open_pool(settings) as engine:
        rows = pool_call(engine, lambda s: look_up(s, text, args.monitor), read_only=True)
    if args.json:
        print(json.dumps([row.to_json() for row in rows], ensure_ascii=False))
        return 0
    if not rows:
        print(f"not seen: {text}")
        return 0
    for row in rows:
        print(
            f"{row.monitor}  {row.key}  first seen {iso(row.first_seen)} (batch "
            f"{row.first_batch}), last seen {iso(row.last_seen)}"
        )
    return 0
