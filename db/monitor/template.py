"""A schedule's batch template: a BatchSpec stored as JSON, and read back."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from db.pool.errors import InvalidRequest, Refused
from db.pool.states import Mode, TargetKind
from db.pool.validation import check_spec
from db.pool.values import BatchSpec, Targets

_NOT_STORED = ("after_batch_id", "mapping", "pipeline", "stage")


def check_template(spec: BatchSpec) -> None:
    """A template must be a plain batch: no pipeline, no --after."""
    if spec.after_batch_id is not None or spec.mapping is not None:
        raise InvalidRequest(
            "after: a schedule submits plain batches; --after is not allowed",
            Refused.NOT_FOR_MODE,
            field="after",
            mode="schedule",
        )
    check_spec(spec)


def template_json(spec: BatchSpec) -> str:
    """The template as JSON text."""
    data = asdict(spec)
    for name in _NOT_STORED:
        data.pop(name)
    data["mode"] = spec.mode.value
    data["targets"] = {
        "kind": spec.targets.kind.value,
        "devices": list(spec.targets.devices),
        "accounts": list(spec.targets.accounts),
    }
    data["task_params"] = list(spec.task_params)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def template_from_json(text: str) -> BatchSpec:
    """The BatchSpec a template's JSON describes."""
    data: dict[str, Any] = json.loads(text)
    targets = data.pop("targets")
    return BatchSpec(
        **{
            **data,
            "mode": Mode(data["mode"]),
            "targets": Targets(
                TargetKind(targets["kind"]),
                devices=tuple(targets["devices"]),
                accounts=tuple(targets["accounts"]),
            ),
            "task_params": tuple(data.get("task_params", ())),
        }
    )
