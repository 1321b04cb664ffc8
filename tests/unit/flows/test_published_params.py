"""A flow's published parameter schema (the OpenAPI document, which the contract test
keeps equal to docs/openapi.json) refuses what its model refuses: a developer building
against the document gets no 422 it did not announce. Each case is checked both ways,
with jsonschema against the published schema and with the flow's model."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import Field, ValidationError, create_model

from app.api.application import openapi_document
from workers.flows.catalog import load_catalog
from workers.flows.sdk import Flow, FlowParams, InvalidParams, trimmed_at_least

DOCUMENT = openapi_document()
FLOWS = load_catalog().registry


def published(flow: str) -> Draft202012Validator:
    """A validator of the flow's parameters as the committed document publishes them."""
    root = {"$ref": f"#/components/schemas/FlowParams.{flow}", **DOCUMENT}
    return Draft202012Validator(root)


def model_accepts(flow: Flow, params: dict[str, Any]) -> bool:
    try:
        flow.validate_params(params)
    except InvalidParams:
        return False
    return True


CASES = [
    # (flow, params, allowed): both the schema and the model must agree on `allowed`.
    ("monitor.post", {"creator": "c001", "title": "Morning run"}, True),
    ("monitor.post", {"creator": "c001", "key": "c001v002", "title": None}, True),
    ("monitor.post", {"creator": " c001 ", "key": "c001v002"}, True),
    ("monitor.post", {"creator": "c001"}, False),
    ("monitor.post", {"creator": "c001", "title": "Morning run", "key": "c001v002"}, False),
    ("monitor.post", {"creator": "c001", "title": None, "key": None}, False),
    ("monitor.post", {"creator": "   ", "key": "c001v002"}, False),
    ("monitor.post", {"creator": "\u3000\t", "key": "c001v002"}, False),
    ("monitor.keyword", {"keywords": "日常, ,"}, True),
    ("monitor.keyword", {"keywords": ["日常"]}, True),
    ("monitor.keyword", {"keywords": ","}, False),
    ("monitor.keyword", {"keywords": " , \x1c"}, False),
    ("monitor.keyword", {"keywords": ""}, False),
    ("monitor.keyword", {"keywords": []}, False),
    ("monitor.keyword", {"keywords": ["k"] * 101}, False),
    ("monitor.keywords", {"batch": 1, "keywords": "refund,"}, True),
    ("monitor.keywords", {"batch": 1, "keywords": " "}, False),
    ("monitor.keywords", {"batch": 1, "keywords": []}, False),
    ("monitor.account", {"creators": "c001,c002"}, True),
    ("monitor.account", {"creators": ["c"] * 200}, True),
    ("monitor.account", {"creators": " ,, "}, False),
    ("monitor.account", {"creators": ["c"] * 201}, False),
]


@pytest.mark.parametrize(("name", "params", "allowed"), CASES)
def test_the_published_schema_and_the_model_agree(
    name: str, params: dict[str, Any], allowed: bool
) -> None:
    assert published(name).is_valid(params) is allowed
    assert model_accepts(FLOWS.get(name), params) is allowed


def text_fields() -> list[tuple[str, str, int]]:
    """(flow, field, minLength) of every flow's text parameter with a minimum length."""
    found = []
    for name in FLOWS.names():
        properties = DOCUMENT["components"]["schemas"][f"FlowParams.{name}"]["properties"]
        for field, schema in properties.items():
            if schema.get("type") == "string" and schema.get("minLength"):
                found.append((name, field, schema["minLength"]))
    return found


def test_text_parameters_with_a_minimum_length_exist() -> None:
    names = {name for name, _, _ in text_fields()}
    assert {"collect.comments", "monitor.post", "simvideo.titles", "app.install"} <= names


@pytest.mark.parametrize(("name", "field", "length"), text_fields())
def test_every_flow_publishes_that_its_text_is_trimmed(name: str, field: str, length: int) -> None:
    """Text is trimmed before its minimum length is checked, in every flow."""
    schema = DOCUMENT["components"]["schemas"][f"FlowParams.{name}"]["properties"][field]
    checker = Draft202012Validator(schema)
    short = " " + "x" * (length - 1) + " \u3000"
    enough = " " + "x" * length + " "
    assert not checker.is_valid(short)
    assert checker.is_valid(enough)
    assert field in model_complaints(FLOWS.get(name), {field: short})
    assert field not in model_complaints(FLOWS.get(name), {field: enough})


def model_complaints(flow: Flow, params: dict[str, Any]) -> set[str]:
    return model_complaints_of(flow.params, params)


def model_complaints_of(model: type[FlowParams], params: dict[str, Any]) -> set[str]:
    """The fields the model refuses (other required fields left out are among them)."""
    try:
        model.model_validate(params)
    except ValidationError as exc:
        return {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
    return set()


@pytest.mark.parametrize(
    ("text", "allowed"),
    [("ab", False), (" a\u3000b ", True), ("\ta\n\nb", True), ("a b", True), ("  a  ", False)],
)
def test_a_longer_minimum_length_counts_the_trimmed_text(text: str, allowed: bool) -> None:
    """A YAML flow may ask for 3 characters: the pattern counts from first to last
    non-blank character, as the model does once it trimmed the text."""
    checker = Draft202012Validator({"type": "string", "pattern": trimmed_at_least(3)})
    assert checker.is_valid(text) is allowed
    model = create_model("Three", __base__=FlowParams, text=(str, Field(min_length=3)))
    assert model.model_json_schema()["properties"]["text"]["pattern"] == trimmed_at_least(3)
    assert ("text" not in model_complaints_of(model, {"text": text})) is allowed
