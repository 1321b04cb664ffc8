"""``submit FLOW ...`` and ``submit --pipeline FILE``: put work into the task pool."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.commands.arg_types import record_id
from app.commands.batch_options import add_batch_options, read_batch_options
from app.commands.cli_parsing import parse_pairs
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
from db.pool.states import PRIORITY_NOTE, Mode
from db.pool.status import batch_status, list_batches
from db.pool.submit import submit_batch, submit_pipeline

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
    add_batch_options(p)
    p.add_argument("--after", type=record_id, metavar="BATCH", help="run after this batch")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=PARAM",
        help="one task per upstream output item: item FIELD fills parameter PARAM",
    )
    p.add_argument(
        "--roster",
        choices=["fixed", "grow"],
        default="fixed",
        help="each-device over every phone: 'grow' also gives phones that join while the "
        "batch is open their task; 'fixed' (default) keeps the phones known at submit",
    )
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
    options = read_batch_options(args)
    mapping = parse_pairs("--map", args.map) or None
    if mapping is not None and args.after is None:
        raise UserError("--map needs --after BATCH, the batch whose output items it maps")
    params = validated_params(flow, options.params, list(mapping.values()) if mapping else [])
    return spec_for(
        flow,
        params,
        mode=Mode(options.mode),
        count=options.count,
        priority=options.priority,
        targets=targets_from(options.devices, options.accounts),
        successes=options.successes,
        per_account=options.per_account,
        max_attempts=options.max_attempts,
        timeout_s=options.timeout_s,
        lease_s=options.lease_s,
        after_batch_id=args.after,
        mapping=mapping,
        submitted_by=by,
        name=options.name,
        roster_grows=args.roster == "grow",
    )
