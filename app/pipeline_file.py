"""Read a pipeline YAML file into checked stages: every stage is validated before any write.

```yaml
name: alice-comments
stages:
  - name: titles
    flow: collect.titles
    params: {creator: alice, count: 20}
  - name: comments
    flow: collect.comments
    after: titles            # default: the stage before
    map: {title: title}      # each collected title becomes one task
    params: {creator: alice}
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.errors import UserError
from app.submission import (
    check_mapping,
    find_flow,
    spec_for,
    targets_from,
    validated_params,
)
from db.pool.states import DEFAULT_PRIORITY, Mode
from db.pool.values import PipelineStage
from workers.flows.yaml_source import YamlError, load_yaml

if TYPE_CHECKING:
    from pathlib import Path

    from workers.flows.registry import FlowRegistry
    from workers.flows.sdk import Flow


MAX_STAGES = 20  # a hand-written pipeline has a handful; more is a mistake or an attack


class StageFile(BaseModel):
    """One stage as written in the file."""

    model_config = ConfigDict(extra="forbid")

    flow: str
    name: str | None = None
    mode: Mode = Mode.POOL
    count: int = 1
    priority: int = DEFAULT_PRIORITY
    params: dict[str, Any] = Field(default_factory=dict)
    devices: list[str] | None = None
    accounts: list[str] | None = None
    after: str | None = None
    map: dict[str, str] | None = None
    successes: int = 1
    per_account: int | None = None
    max_attempts: int = 3
    timeout: int = 600
    lease: int = 60


class PipelineFile(BaseModel):
    """A pipeline file: a name and its stages in order."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    stages: list[StageFile] = Field(min_length=1, max_length=MAX_STAGES)


def read_pipeline(path: Path, registry: FlowRegistry, submitted_by: str) -> list[PipelineStage]:
    """Parse and check a pipeline file; a bad field is named with its stage."""
    try:
        doc = load_yaml(path)
    except YamlError as exc:
        raise UserError(f"--pipeline {exc}") from None
    data = doc.data
    try:
        pipeline = PipelineFile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = _location(error["loc"], data)
        line = doc.line_of(tuple(error["loc"]))
        at = f"{path}:{line}" if line else str(path)
        raise UserError(f"--pipeline {at}: {where}: {error['msg']}") from None
    stages: list[PipelineStage] = []
    flows: list[Flow] = []
    names = [stage.name for stage in pipeline.stages]
    for number, stage in enumerate(pipeline.stages, start=1):
        try:
            built = _stage(stage, number, names, flows, registry, submitted_by, pipeline.name)
        except UserError as exc:
            detail = str(exc).removeprefix(f"{stage.flow}: ")
            raise UserError(f"--pipeline {path}: stage {number} ({stage.flow}): {detail}") from None
        stages.append(built)
        flows.append(find_flow(registry, stage.flow))
    return stages


def _location(loc: tuple[Any, ...], data: Any) -> str:
    if len(loc) >= 2 and loc[0] == "stages" and isinstance(loc[1], int):
        field = ".".join(str(part) for part in loc[2:]) or "(stage)"
        return f"stage {loc[1] + 1}: field {field!r}"
    return f"field {'.'.join(str(part) for part in loc) or '(file)'!r}"


def _stage(
    stage: StageFile,
    number: int,
    names: list[str | None],
    flows: list[Flow],
    registry: FlowRegistry,
    submitted_by: str,
    pipeline: str | None,
) -> PipelineStage:
    flow = find_flow(registry, stage.flow)
    after = _after_index(stage, number, names)
    mapped = list(stage.map.values()) if stage.map else []
    if stage.map is not None:
        if after is None:
            raise UserError("'map' needs an earlier stage to take items from")
        check_mapping(flows[after], stage.map, flow)
    params = validated_params(flow, stage.params, mapped)
    spec = spec_for(
        flow,
        params,
        mode=stage.mode,
        count=stage.count,
        priority=stage.priority,
        targets=targets_from(stage.devices, stage.accounts),
        successes=stage.successes,
        per_account=stage.per_account,
        max_attempts=stage.max_attempts,
        timeout_s=stage.timeout,
        lease_s=stage.lease,
        mapping=stage.map,
        submitted_by=submitted_by,
        pipeline=pipeline,
        stage=stage.name or str(number),
    )
    return PipelineStage(spec, after_stage=after)


def _after_index(stage: StageFile, number: int, names: list[str | None]) -> int | None:
    if stage.after is None:
        return number - 2 if number > 1 else None  # the stage before
    earlier = names[: number - 1]
    if stage.after not in earlier:
        raise UserError(f"after: no earlier stage is named {stage.after!r}")
    return earlier.index(stage.after)
