"""``submit FLOW ...`` and ``submit --pipeline FILE``: put work into the task pool."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.commands.arg_types import record_id, whole
from app.commands.cli_parsing import parse_pairs, read_params_file, split_list
from app.errors import UserError
from app.pipeline_file import read_pipeline
from app.pool_calls import open_pool, pool_call
from app.submission import (
    check_mapping,
    checked_spec,
    find_flow,
    operator_name,
    registry,
    spec_for,
    targets_from,
    validated_params,
)
from db.pool.states import (
    DEFAULT_PRIORITY,
    LEAST_URGENT_PRIORITY,
    MOST_URGENT_PRIORITY,
    PRIORITY_NOTE,
    Mode,
)
from db.pool.status import batch_status, list_batches
from db.pool.submit import submit_batch, submit_pipeline
from db.pool.validation import MAX_TASKS, WEEK_S

if TYPE_CHECKING:
    import argparse

    from sqlalchemy import Engine

    from app.settings import Settings
    from db.pool.values import BatchSpec


def register(sub: Any) -> None:
    """Add the ``submit`` command."""
    p = sub.add_parser(
        "submit",
        help="submit a batch of a flow (or a pipeline file) to the task pool",
        description=f"Submit work. Priority: {PRIORITY_NOTE}.",
    )
    p.add_argument("flow", nargs="?", metavar="FLOW", help="flow name, e.g. collect.titles")
    p.add_argument(
        "--pipeline", metavar="FILE", type=Path, help="submit every stage of a YAML file"
    )
    p.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.POOL.value)
    p.add_argument(
        "--count", type=whole(1, MAX_TASKS), default=1, metavar="M", help="tasks (pool, spread)"
    )
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--params-file", type=Path, metavar="FILE", help="JSON or YAML parameters")
    p.add_argument(
        "--priority",
        type=whole(MOST_URGENT_PRIORITY, LEAST_URGENT_PRIORITY),
        default=DEFAULT_PRIORITY,
        metavar="P",
        help=PRIORITY_NOTE,
    )
    p.add_argument("--devices", metavar="S1,S2", help="only these phones (serials)")
    p.add_argument("--accounts", metavar="A1,A2", help="only these accounts (uid or app:uid)")
    p.add_argument("--after", type=record_id, metavar="BATCH", help="run after this batch")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=PARAM",
        help="one task per upstream output item: item FIELD fills parameter PARAM",
    )
    p.add_argument("--max-attempts", type=whole(1, 100), default=3, metavar="N")
    p.add_argument(
        "--timeout", type=whole(1, WEEK_S), default=600, metavar="SECONDS", help="max run time"
    )
    p.add_argument(
        "--lease", type=whole(1, 24 * 3600), default=60, metavar="SECONDS", help="lease length"
    )
    p.add_argument(
        "--successes",
        type=whole(1, 1000),
        default=1,
        metavar="N",
        help="spread: successes each task needs, from N distinct accounts",
    )
    p.add_argument(
        "--per-account",
        type=whole(1, MAX_TASKS),
        metavar="K",
        help="spread: most tasks one account takes (default: an even share)",
    )
    p.add_argument("--name", help="a name for the batch (the console shows it)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Validate everything, then submit in one transaction."""
    by = operator_name(settings.host_name)
    if args.pipeline is not None:
        if args.flow is not None:
            raise UserError("give either FLOW or --pipeline FILE, not both")
        stages = read_pipeline(args.pipeline, registry(settings), by)
        with open_pool(settings) as engine:
            ids = pool_call(engine, lambda s: submit_pipeline(s, stages))
            statuses = pool_call(engine, lambda s: list_batches(s, batch_ids=ids))
        statuses.sort(key=lambda status: ids.index(status.id))
        if args.json:
            pipeline = stages[0].spec.pipeline
            doc = {"batches": ids, "pipeline": pipeline, "stages": [s.to_json() for s in statuses]}
            print(json.dumps(doc, ensure_ascii=False))
        else:
            for status in statuses:
                print(
                    _summary(
                        status.id,
                        status.flow,
                        status.mode.value,
                        status.tasks.total,
                        status.priority,
                        status.state.value,
                    )
                )
        return 0
    if args.flow is None:
        raise UserError("name a FLOW to submit, or give --pipeline FILE")
    spec = checked_spec(_spec(args, by, settings))  # before the database is even opened
    with open_pool(settings) as engine:
        if spec.mapping is not None:
            _check_upstream(engine, spec, settings)
        batch_id = pool_call(engine, lambda s: submit_batch(s, spec))
        status = pool_call(engine, lambda s: batch_status(s, batch_id))
    if args.json:
        print(json.dumps(status.to_json(), ensure_ascii=False))
    else:
        print(
            _summary(
                batch_id,
                status.flow,
                status.mode.value,
                status.tasks.total,
                status.priority,
                status.state.value,
            )
        )
    return 0


def _summary(batch_id: int, flow: str, mode: str, tasks: int, priority: int, state: str) -> str:
    return (
        f"batch {batch_id} submitted: {flow}, {mode}, {tasks} task(s), "
        f"priority {priority} ({PRIORITY_NOTE}), {state}"
    )


def _check_upstream(engine: Engine, spec: BatchSpec, settings: Settings) -> None:
    assert spec.after_batch_id is not None
    assert spec.mapping is not None
    after = spec.after_batch_id
    upstream = pool_call(engine, lambda s: batch_status(s, after))
    flows = registry(settings)
    check_mapping(find_flow(flows, upstream.flow), spec.mapping, find_flow(flows, spec.flow))


def _spec(args: argparse.Namespace, by: str, settings: Settings) -> BatchSpec:
    flow = find_flow(registry(settings), args.flow)
    raw: dict[str, Any] = read_params_file(args.params_file) if args.params_file else {}
    raw.update(parse_pairs("--param", args.param))
    mapping = parse_pairs("--map", args.map) or None
    if mapping is not None and args.after is None:
        raise UserError("--map needs --after BATCH, the batch whose output items it maps")
    params = validated_params(flow, raw, list(mapping.values()) if mapping else [])
    return spec_for(
        flow,
        params,
        mode=Mode(args.mode),
        count=args.count,
        priority=args.priority,
        targets=targets_from(
            split_list("--devices", args.devices), split_list("--accounts", args.accounts)
        ),
        successes=args.successes,
        per_account=args.per_account,
        max_attempts=args.max_attempts,
        timeout_s=args.timeout,
        lease_s=args.lease,
        after_batch_id=args.after,
        mapping=mapping,
        submitted_by=by,
        name=args.name.strip() if args.name and args.name.strip() else None,
    )
