"""Every flow's parameters in the OpenAPI document, from the flows' own pydantic models.

FastAPI types a submitted task's ``params`` as an object, because each flow checks its
own. Here the document gains, per flow, ``FlowParams.<flow>`` (its parameter model as
JSON Schema) and ``Task.<flow>`` (a task of that flow), and a batch's ``tasks`` items
become a ``oneOf`` over them with ``flow`` as the discriminator: a generated client
then knows each flow's parameters. The same schemas are served by GET /v1/flows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workers.flows.registry import FlowRegistry

COMPONENTS = "#/components/schemas/"


def params_schema(model: type[Any], defs_prefix: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A parameter model's schema with its nested definitions lifted out (by name)."""
    template = COMPONENTS + defs_prefix + "{model}"
    schema: dict[str, Any] = model.model_json_schema(ref_template=template)
    defs = {defs_prefix + name: d for name, d in schema.pop("$defs", {}).items()}
    return schema, defs


def add_flow_schemas(document: dict[str, Any], registry: FlowRegistry) -> dict[str, Any]:
    """Add each flow's parameter and task schemas; type BatchIn's tasks by flow."""
    schemas: dict[str, Any] = document.setdefault("components", {}).setdefault("schemas", {})
    mapping: dict[str, str] = {}
    for name in registry.names():
        flow = registry.get(name)
        params, defs = params_schema(flow.params, f"FlowParams.{name}.")
        schemas.update(defs)
        params.setdefault("description", flow.description)
        schemas[f"FlowParams.{name}"] = params
        schemas[f"Task.{name}"] = {
            "title": f"Task of {name}",
            "allOf": [{"$ref": f"{COMPONENTS}TaskIn"}],
            "properties": {
                "flow": {"const": name},
                "params": {"$ref": f"{COMPONENTS}FlowParams.{name}"},
            },
            "required": ["client_task_id", "flow"] + (["params"] if "required" in params else []),
        }
        mapping[name] = f"{COMPONENTS}Task.{name}"
    tasks = schemas["BatchIn"]["properties"]["tasks"]
    tasks["items"] = {
        "oneOf": [{"$ref": ref} for ref in mapping.values()],
        "discriminator": {"propertyName": "flow", "mapping": mapping},
    }
    return document


# FastAPI's generated operationIds (route function, path, method): a renamed route
# fails add_links at once (KeyError) and the document's drift test.
BATCH_LINKS = {
    "GetBatch": ("get_batch_v1_batches__ref__get", "$response.body#/id"),
    "ListBatchTasks": ("list_tasks_v1_batches__ref__tasks_get", "$response.body#/id"),
    "PauseBatch": ("pause_v1_batches__ref__pause_post", "$response.body#/id"),
    "ResumeBatch": ("resume_v1_batches__ref__resume_post", "$response.body#/id"),
    "CancelBatch": ("cancel_batch_v1_batches__ref__cancel_post", "$response.body#/id"),
    "GetFirstTask": ("get_task_v1_tasks__ref__get", "$response.body#/tasks/0/id"),
    "FirstTaskAttempts": ("attempts_v1_tasks__ref__attempts_get", "$response.body#/tasks/0/id"),
    "FirstTaskOutputs": ("outputs_v1_tasks__ref__outputs_get", "$response.body#/tasks/0/id"),
    "CancelFirstTask": ("cancel_v1_tasks__ref__cancel_post", "$response.body#/tasks/0/id"),
    "RetryFirstTask": ("retry_v1_tasks__ref__retry_post", "$response.body#/tasks/0/id"),
}
TASK_LINKS = {
    "TaskAttempts": ("attempts_v1_tasks__ref__attempts_get", "$response.body#/id"),
    "TaskOutputs": ("outputs_v1_tasks__ref__outputs_get", "$response.body#/id"),
    "RetryTask": ("retry_v1_tasks__ref__retry_post", "$response.body#/id"),
}

# A schedule's answers carry its id as "schedule".
SCHEDULE_LINKS = {
    "GetSchedule": ("read_v1_schedules__schedule_id__get", "$response.body#/schedule"),
    "PauseSchedule": ("pause_v1_schedules__schedule_id__pause_post", "$response.body#/schedule"),
    "ResumeSchedule": (
        "resume_v1_schedules__schedule_id__resume_post",
        "$response.body#/schedule",
    ),
    "RunSchedule": ("run_now_v1_schedules__schedule_id__run_post", "$response.body#/schedule"),
    "RemoveSchedule": ("remove_v1_schedules__schedule_id__delete", "$response.body#/schedule"),
}


def add_links(document: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI links: what a submit's answer (and a task's, a schedule's) lets a client
    call next, with which id; generated clients and stateful testers follow them."""
    operations = {
        op.get("operationId"): op for item in document["paths"].values() for op in item.values()
    }
    schedule = ("schedule_id", SCHEDULE_LINKS)
    paused = ("schedule_id", {"ResumeSchedule": SCHEDULE_LINKS["ResumeSchedule"]})
    targets = [
        (operations["submit_batch_v1_batches_post"], ("200", "201"), "ref", BATCH_LINKS),
        (operations["get_task_v1_tasks__ref__get"], ("200",), "ref", TASK_LINKS),
        (operations["cancel_v1_tasks__ref__cancel_post"], ("202",), "ref", TASK_LINKS),
        (operations["create_v1_schedules_post"], ("201",), *schedule),
        (operations["pause_v1_schedules__schedule_id__pause_post"], ("200",), *paused),
    ]
    for operation, statuses, parameter, links in targets:
        for status in statuses:
            response = operation["responses"].setdefault(status, {"description": "OK"})
            response["links"] = {
                name: {"operationId": target, "parameters": {parameter: value}}
                for name, (target, value) in links.items()
            }
    return document
