"""``schedule add|list|show|pause|resume|run-now|remove``: recurring batches."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from app.commands.arg_types import record_id
from app.commands.batch_options import add_batch_options, read_batch_options
from app.pool_calls import open_pool, pool_call
from app.scheduling import (
    Control,
    ScheduleRequest,
    control_schedule,
    schedule_request,
    store_schedule,
)
from app.submission import operator_name, registry
from db.monitor.schedules import list_schedules, show_schedule
from db.pool.values import iso

if TYPE_CHECKING:
    import argparse

    from app.settings import Settings
    from db.monitor.values import ScheduleInfo


def register(sub: Any) -> None:
    """Add the ``schedule`` command group."""
    parser = sub.add_parser("schedule", help="recurring batches: add, list, show, pause, ...")
    actions = parser.add_subparsers(dest="schedule_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="submit FLOW on a recurrence (every N, or cron)")
    add.add_argument("flow", metavar="FLOW", help="flow name, e.g. monitor.account")
    when = add.add_mutually_exclusive_group(required=True)
    when.add_argument("--every", metavar="SPAN", help="e.g. 15m, 1h, 30s")
    when.add_argument("--cron", metavar="EXPR", help='five fields, e.g. "*/15 8-22 * * *"')
    add.add_argument("--tz", metavar="ZONE", help="time zone of the slots (default this PC's)")
    add.add_argument("--overlap", choices=["skip", "allow", "cancel"], default="skip")
    add.add_argument(
        "--catch-up", metavar="SPAN", help="fire one missed slot if this young (default 5m)"
    )
    add.add_argument("--start", metavar="T", help="no slot before (ISO, local unless offset)")
    add.add_argument("--end", metavar="T", help="no slot after (ISO, local unless offset)")
    add_batch_options(add)
    add.add_argument("--json", action="store_true", help="print the result as JSON")
    add.set_defaults(handler=run_add)
    listing = actions.add_parser("list", help="every schedule, its next and last run")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)
    show = actions.add_parser("show", help="one schedule and its slots")
    show.add_argument("schedule", type=record_id, metavar="ID")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)
    for action, text in (
        ("pause", "fire no slot until resumed"),
        ("resume", "fire again from the next slot"),
        ("run-now", "fire a slot now (the overlap policy applies)"),
        ("remove", "fire no more; slots stay on record"),
    ):
        p = actions.add_parser(action, help=text)
        p.add_argument("schedule", type=record_id, metavar="ID")
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=run_control, action=action)


def run_add(args: argparse.Namespace, settings: Settings) -> int:
    """Check everything, then store the schedule."""
    by = operator_name(settings.host_name)
    request = ScheduleRequest(
        flow=args.flow,
        every=args.every,
        cron=args.cron,
        tz=args.tz,
        overlap=args.overlap,
        catch_up=args.catch_up,
        start=args.start,
        end=args.end,
        **asdict(read_batch_options(args)),
    )
    spec = schedule_request(registry(settings), request, by)
    with open_pool(settings) as engine:
        info = store_schedule(engine, spec)
    if args.json:
        print(json.dumps({"schedule": info.id, "next_run": iso(info.next_run)}))
    else:
        print(f"schedule {info.id} added: {info.flow}, {_when(info)}, next run {_at(info)}")
    return 0


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    """Print every schedule."""
    with open_pool(settings) as engine:
        infos = pool_call(engine, list_schedules, read_only=True)
    if args.json:
        print(json.dumps({"schedules": [i.to_json() for i in infos]}, ensure_ascii=False))
        return 0
    if not infos:
        print("no schedules")
    for info in infos:
        last = info.last_slot
        result = "never ran" if last is None else f"last {iso(last.slot_at)} {last.outcome.value}"
        print(
            f"{info.id:>4}  {info.flow:<18} {_when(info):<22} {info.state.value:<7} "
            f"next {_at(info)}  {result}"
        )
    return 0


def run_show(args: argparse.Namespace, settings: Settings) -> int:
    """Print one schedule and its slots (newest first)."""
    with open_pool(settings) as engine:
        info = pool_call(engine, lambda s: show_schedule(s, args.schedule), read_only=True)
    if args.json:
        print(json.dumps(info.to_json(with_slots=True), ensure_ascii=False))
        return 0
    print(f"schedule {info.id}: {info.flow} {json.dumps(info.params, ensure_ascii=False)}")
    print(
        f"  {_when(info)} in {info.tz}, overlap {info.overlap.value}, "
        f"catch-up {info.catch_up_s} s, {info.state.value}, next run {_at(info)}"
    )
    for slot in info.slots:
        batch = f"batch {slot.batch_id}" if slot.batch_id is not None else "no batch"
        why = f" ({slot.reason})" if slot.reason else ""
        print(f"  {iso(slot.slot_at)}  {slot.kind.value:<9} {slot.outcome.value:<7} {batch}{why}")
    return 0


def run_control(args: argparse.Namespace, settings: Settings) -> int:
    """Pause, resume, run now or remove one schedule."""
    by = operator_name(settings.host_name)
    schedule_id: int = args.schedule
    with open_pool(settings) as engine:
        slot = control_schedule(engine, schedule_id, Control(args.action), by)
    if slot is not None:
        if args.json:
            print(json.dumps(slot.to_json()))
        else:
            done = f"batch {slot.batch_id}" if slot.batch_id else f"skipped ({slot.reason})"
            print(f"schedule {schedule_id} run now: {done}")
        return 0
    if args.json:
        print(json.dumps({"schedule": schedule_id, "action": args.action}))
    else:
        print(f"schedule {schedule_id}: {args.action} done")
    return 0


def _when(info: ScheduleInfo) -> str:
    return f"cron {info.cron}" if info.cron else f"every {info.every_s} s"


def _at(info: ScheduleInfo) -> str:
    return iso(info.next_run) or "none"
