"""/v1/flows: every flow with its parameters as JSON Schema (the flows' own models)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from app.api import service
from app.api.auth import context, require
from app.api.problems import problem_responses
from db.dispatch.states import Scope

router = APIRouter(prefix="/v1/flows", tags=["flows"])
READ = Depends(require(Scope.TASKS_READ))


@router.get("", responses=problem_responses(401, 403, 429, 503))
def list_flows(request: Request, caller: service.Caller = READ) -> dict[str, Any]:
    """Every flow this farm runs, its description, parameters and output item fields."""
    registry = context(request).registry
    flows = []
    for name in registry.names():
        flow = registry.get(name)
        flows.append(
            {
                "name": flow.name,
                "description": flow.description,
                "runs_on": "phone" if flow.needs_device else "pc",
                "params": flow.params.model_json_schema(),
                "item_fields": flow.item_fields,
            }
        )
    return {"items": flows}
