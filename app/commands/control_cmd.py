"""``stop``, ``drain``, ``resume`` and ``pause``: the operator's brakes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.commands.arg_types import record_id
from app.errors import UserError
from app.pool_calls import open_pool, pool_call
from app.submission import operator_name
from db.pool.stop import (
    drain_device,
    pause_batch,
    resume_batch,
    resume_device,
    run_despite_health,
    stop_batch,
    stop_device,
    stop_task,
)

if TYPE_CHECKING:
    import argparse

    from sqlalchemy.orm import Session

    from app.settings import Settings


def register(sub: Any) -> None:
    """Add the ``stop``, ``drain``, ``resume`` and ``pause`` commands."""
    stop = sub.add_parser("stop", help="stop a batch, a task (--task) or a phone (--device)")
    stop.add_argument("batch", nargs="?", type=record_id, metavar="BATCH")
    stop.add_argument("--task", type=record_id, metavar="ID", help="stop one task")
    stop.add_argument("--device", metavar="SERIAL", help="stop one phone")
    stop.add_argument(
        "--skip",
        action="store_true",
        help="with --device: cancel the phone's each-device tasks instead of holding them",
    )
    stop.set_defaults(handler=run_stop)
    drain = sub.add_parser("drain", help="let a phone finish its attempt, then take no more")
    drain.add_argument("--device", required=True, metavar="SERIAL")
    drain.set_defaults(handler=run_drain)
    resume = sub.add_parser("resume", help="resume a paused batch, or a stopped/drained phone")
    resume.add_argument("batch", nargs="?", type=record_id, metavar="BATCH")
    resume.add_argument("--device", metavar="SERIAL")
    resume.add_argument(
        "--ignore-health",
        action="store_true",
        help="with --device: the phone takes work although too hot or low on battery, "
        "until it recovers",
    )
    resume.set_defaults(handler=run_resume)
    pause = sub.add_parser("pause", help="take no new claims for a batch; running ones finish")
    pause.add_argument("batch", type=record_id, metavar="BATCH")
    pause.set_defaults(handler=run_pause)


def _one_target(args: argparse.Namespace, *names: str) -> str:
    given = [name for name in names if getattr(args, name) is not None]
    if len(given) != 1:
        options = " | ".join("BATCH" if n == "batch" else f"--{n}" for n in names)
        raise UserError(f"give exactly one of {options}")
    return given[0]


def run_stop(args: argparse.Namespace, settings: Settings) -> int:
    """Stop one batch, task or phone."""
    which = _one_target(args, "batch", "task", "device")
    if args.skip and which != "device":
        raise UserError("--skip goes with --device")
    by = operator_name(settings.host_name)
    with open_pool(settings) as engine:
        if which == "batch":
            stopped = pool_call(engine, lambda s: stop_batch(s, args.batch, by))
            also = [b for b in stopped if b != args.batch]
            extra = f" (and waiting batch(es) {', '.join(map(str, also))})" if also else ""
            print(f"batch {args.batch} stopped{extra}; running attempts are told to stop")
        elif which == "task":
            state = pool_call(engine, lambda s: stop_task(s, args.task, by))
            print(f"task {args.task} stopped ({state.value})")
        else:
            skipped = pool_call(
                engine, lambda s: stop_device(s, args.device, by, skip_each_device=args.skip)
            )
            what = (
                f"{skipped} each-device task(s) skipped"
                if args.skip
                else ("its each-device tasks wait for it")
            )
            print(f"phone {args.device} stopped; its pool work goes back to the pool; {what}")
    return 0


def run_drain(args: argparse.Namespace, settings: Settings) -> int:
    """Drain one phone."""
    by = operator_name(settings.host_name)
    with open_pool(settings) as engine:
        pool_call(engine, lambda s: drain_device(s, args.device, by))
    print(f"phone {args.device} draining: it finishes its current attempt and takes no more")
    return 0


def run_resume(args: argparse.Namespace, settings: Settings) -> int:
    """Resume a paused batch or a stopped/draining phone."""
    which = _one_target(args, "batch", "device")
    if args.ignore_health and which != "device":
        raise UserError("--ignore-health: it applies to a phone (--device SERIAL)")
    by = operator_name(settings.host_name)
    with open_pool(settings) as engine:
        if which == "batch":
            state = pool_call(engine, lambda s: resume_batch(s, args.batch))
            print(f"batch {args.batch} resumed ({state.value})")
        elif args.ignore_health:
            pool_call(engine, lambda s: _resume_ignoring_health(s, args.device, by))
            print(f"phone {args.device} takes work again, whatever its temperature and battery")
        else:
            pool_call(engine, lambda s: resume_device(s, args.device, by))
            print(f"phone {args.device} takes work again")
    return 0


def _resume_ignoring_health(session: Session, serial: str, by: str) -> None:
    resume_device(session, serial, by)
    run_despite_health(session, serial)


def run_pause(args: argparse.Namespace, settings: Settings) -> int:
    """Pause one batch."""
    by = operator_name(settings.host_name)
    with open_pool(settings) as engine:
        pool_call(engine, lambda s: pause_batch(s, args.batch, by))
    print(f"batch {args.batch} paused: no new claims; running attempts finish")
    return 0
