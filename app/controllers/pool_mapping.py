"""Between the pool's values and the editor's: batch rows, new batches, pipeline graphs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.errors import UserError
from app.submission import spec_for, validated_params
from db.pool import values as pool
from db.pool.links import items_between, linked_batches
from db.pool.states import Mode, TargetKind
from db.pool.status import list_batches
from ui.pool import pool_data as ui

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workers.flows.catalog import FlowCatalog

_TARGET_KINDS = {
    ui.TargetKind.ALL: TargetKind.ALL_DEVICES,
    ui.TargetKind.PHONES: TargetKind.DEVICES,
    ui.TargetKind.ACCOUNTS: TargetKind.ACCOUNTS,
}


def batch_row(batch: pool.BatchStatus) -> ui.BatchRow:
    """One batch as the editor lists it."""
    tasks = batch.tasks
    return ui.BatchRow(
        batch_id=batch.id,
        name=batch.name or f"{batch.flow} #{batch.id}",
        flow=batch.flow,
        mode=ui.Mode(batch.mode.value),
        priority=batch.priority,
        state=ui.BatchState(batch.state.value),
        done=tasks.succeeded,
        failed=tasks.failed,
        cancelled=tasks.cancelled,  # stopped on purpose: never shown as failed (issue 9)
        params=dict(batch.params),
        running=tasks.running,
        queued=tasks.queued,  # the pool's "queued" is everything not started yet
        created_by=batch.submitted_by,
        created_at=batch.created_at,
        upstream=(batch.after,) if batch.after is not None else (),
        downstream=tuple(batch.downstream),
    )


def pool_spec(spec: ui.BatchSpec, catalog: FlowCatalog, operator: str) -> pool.BatchSpec:
    """The pool's batch for what the dialog asked; UserError names the first bad field."""
    try:
        flow = catalog.flow(spec.flow)
    except KeyError as exc:
        raise UserError(str(exc)) from None
    mapping = dict(spec.after.mapping) if spec.after else None
    given = {key: value for key, value in spec.params.items() if value is not None}
    params = validated_params(flow, given, list(mapping.values()) if mapping else ())
    rows = tuple(
        validated_params(flow, {k: v for k, v in row.items() if v is not None})
        for row in spec.task_params
    )
    mode = Mode(spec.mode.value)
    return spec_for(
        flow,
        params,
        mode=mode,
        count=max(spec.count, 1),
        priority=spec.priority,
        targets=_targets(spec.targets),
        max_attempts=spec.max_attempts,
        timeout_s=spec.timeout_s,
        after_batch_id=spec.after.upstream_batch_id if spec.after else None,
        mapping=mapping,
        submitted_by=operator,
        name=spec.name.strip() or None,
        task_params=rows,
        roster_grows=spec.roster_grows,
    )


def _targets(targets: ui.Targets) -> pool.Targets:
    return pool.Targets(
        kind=_TARGET_KINDS[targets.kind],
        devices=tuple(targets.serials) if targets.kind is ui.TargetKind.PHONES else (),
        accounts=tuple(targets.accounts) if targets.kind is ui.TargetKind.ACCOUNTS else (),
    )


def pipeline_graph(session: Session, batch_id: int) -> ui.PipelineGraph:
    """The pipeline around a batch: every batch linked to it, and items that flowed."""
    ids = linked_batches(session, batch_id)
    batches = {b.id: b for b in list_batches(session, batch_ids=sorted(ids), limit=len(ids))}
    stages = tuple(
        ui.PipelineStage(
            b.id,
            b.name or f"{b.flow} #{b.id}",
            b.flow,
            ui.BatchState(b.state.value),
            done=b.tasks.succeeded,
            failed=b.tasks.failed,
            total=b.tasks.total,
            cancelled=b.tasks.cancelled,
        )
        for b in sorted(batches.values(), key=lambda b: b.id)
    )
    links = tuple(
        ui.PipelineLink(
            b.after, b.id, items_between(session, b.after, b.id, mapped=bool(b.mapping))
        )
        for b in batches.values()
        if b.after is not None and b.after in batches
    )
    first = batches[min(batches)]
    title = first.pipeline or ""  # the operator's pipeline name; the view words a default
    return ui.PipelineGraph(stages, links, focus_batch_id=batch_id, title=title)
