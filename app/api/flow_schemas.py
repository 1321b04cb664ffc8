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
