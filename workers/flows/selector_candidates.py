"""Candidate selectors for one node of a screen, ranked by how well they survive change.

The inspector offers these: a unique resource id first (apps keep ids across
releases), then description, then an id shared by several nodes together with the
node's text (the tabs of a bar), then text (texts change with language and content; a
text with digits is usually a count or a time and changes by the minute), then class
plus index (breaks when a view is added), then an xpath. Each candidate carries its
match count on the screen it was made from, counted the way uiautomator2 counts
(``d(**kwargs).count``, ``len(d.xpath(x).all())``): the device layer's matching is
exact for full resource ids and uses u2's xpath dialect (workers.device.hierarchy).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from workers.device.errors import DeviceError
from workers.flows.selectors import SelectorSpec

if TYPE_CHECKING:
    from workers.device.hierarchy import Node

_DIGIT = re.compile(r"\d")
_YAML_ORDER = ("id", "description", "text", "text_contains", "class", "xpath", "index")
_NAME_PART = re.compile(r"[^a-z0-9]+")


class CandidateKind(StrEnum):
    """How a candidate finds the node."""

    RESOURCE_ID = "resource_id"
    ID_TEXT = "id_text"
    DESCRIPTION = "description"
    TEXT = "text"
    CLASS_INDEX = "class_index"
    XPATH = "xpath"


# Lower is more robust; an index or a changing text costs robustness.
_BASE_SCORE = {
    CandidateKind.RESOURCE_ID: 0,
    CandidateKind.DESCRIPTION: 10,
    CandidateKind.ID_TEXT: 12,
    CandidateKind.TEXT: 20,
    CandidateKind.CLASS_INDEX: 60,
    CandidateKind.XPATH: 70,
}
_INDEX_PENALTY = 30
_CHANGING_TEXT_PENALTY = 15


@dataclass(frozen=True)
class Candidate:
    """One way to find a node, with its match count on the screen it was made from.

    Attributes:
        kind: what it matches on.
        spec: the selector as a flow or profile writes it (``index`` when needed).
        count: how many nodes the selector matches as written (1 when it picks one).
        total: how many nodes match without the index.
        score: lower is more robust.
        name: a name for the node in a profile's ``selectors:`` (from its id or class).
    """

    kind: CandidateKind
    spec: SelectorSpec
    count: int
    total: int
    score: int
    name: str = "element"

    def u2_kwargs(self) -> dict[str, Any]:
        """The ``d(**kwargs)`` of uiautomator2 that finds the same nodes (not for xpath)."""
        return u2_kwargs(self.spec)


def u2_kwargs(spec: SelectorSpec) -> dict[str, Any]:
    """uiautomator2 Selector keywords for a written-out selector without xpath."""
    names = {
        "text": "text",
        "text_contains": "textContains",
        "id": "resourceId",
        "description": "description",
        "class_name": "className",
    }
    kwargs = {u2: getattr(spec, ours) for ours, u2 in names.items() if getattr(spec, ours)}
    if spec.index or "index" in spec.model_fields_set:
        kwargs["instance"] = spec.index
    return kwargs


def match_count(root: Node, spec: SelectorSpec) -> int:
    """How many nodes of the screen ``spec`` finds (-1 for a broken xpath)."""
    try:
        return len(root.find_all(spec.to_selector()))
    except DeviceError:
        return -1


def candidates(node: Node) -> list[Candidate]:
    """Every way to find ``node`` on its screen, most robust first."""
    root = node.root
    found: list[Candidate] = []
    for kind, fields in _attribute_fields(node):
        found.append(_indexed(kind, SelectorSpec(**fields), node, root))
    if node.class_name:
        by_class = SelectorSpec(class_name=node.class_name)
        found.append(_indexed(CandidateKind.CLASS_INDEX, by_class, node, root))
    xpath = xpath_of(node)
    if xpath:
        spec = SelectorSpec(xpath=xpath)
        count = match_count(root, spec)
        found.append(Candidate(CandidateKind.XPATH, spec, count, count, _score_xpath(xpath)))
    name = entry_name(node)
    return sorted((replace(c, name=name) for c in found), key=lambda c: c.score)


def _attribute_fields(node: Node) -> list[tuple[CandidateKind, dict[str, str]]]:
    fields: list[tuple[CandidateKind, dict[str, str]]] = []
    if node.resource_id:
        fields.append((CandidateKind.RESOURCE_ID, {"id": node.resource_id}))
        shared = match_count(node.root, SelectorSpec(id=node.resource_id)) > 1
        if shared and node.text:  # tabs of one id told apart by their text
            fields.append((CandidateKind.ID_TEXT, {"id": node.resource_id, "text": node.text}))
    if node.description:
        fields.append((CandidateKind.DESCRIPTION, {"description": node.description}))
    if node.text:
        fields.append((CandidateKind.TEXT, {"text": node.text}))
    return fields


def _indexed(kind: CandidateKind, spec: SelectorSpec, node: Node, root: Node) -> Candidate:
    """The selector, with the node's index among its matches when it is not the only one."""
    matches = root.find_all(spec.to_selector())
    position = next(i for i, other in enumerate(matches) if other is node)
    score = _BASE_SCORE[kind]
    if kind in (CandidateKind.TEXT, CandidateKind.DESCRIPTION, CandidateKind.ID_TEXT):
        value = spec.text or spec.description or ""
        score += _CHANGING_TEXT_PENALTY if _DIGIT.search(value) else 0
    if len(matches) > 1 and kind is not CandidateKind.CLASS_INDEX:
        score += _INDEX_PENALTY
    if len(matches) > 1:  # written out even when 0: the step says it picks one of several
        spec = spec.model_copy(update={"index": position})
    count = match_count(root, spec)
    return Candidate(kind, spec, count, len(matches), score)


def _score_xpath(xpath: str) -> int:
    # Anchored on an id or description it survives what happens outside the anchor;
    # a path from the top breaks with any change above the node.
    return _BASE_SCORE[CandidateKind.XPATH] + (-15 if xpath.startswith("//*[") else 10)


# ---------------------------------------------------------------------- xpath


def xpath_of(node: Node) -> str:
    """An xpath (uiautomator2's dialect) that finds exactly ``node``.

    From the nearest ancestor-or-self with a unique resource id or description, down by
    class names, with a position only where siblings share a class: the shape weditor
    and Appium Inspector give, short and independent of what lies outside the anchor.
    """
    root = node.root
    parents = _parents(root)
    steps: list[str] = []
    current: Node | None = node
    while current is not None and current is not root:
        anchor = _unique_anchor(current, root)
        if anchor:
            return anchor + "".join(f"/{step}" for step in reversed(steps))
        steps.append(_step(current, parents.get(current.order)))
        current = parents.get(current.order)
    return "/hierarchy" + "".join(f"/{step}" for step in reversed(steps)) if steps else ""


def _parents(root: Node) -> dict[int, Node]:
    return {child.order: parent for parent in root.iter() for child in parent.children}


def _unique_anchor(node: Node, root: Node) -> str:
    for attribute, value in (("resource-id", node.resource_id), ("content-desc", node.description)):
        if not value:
            continue
        xpath = f"//*[@{attribute}={xpath_literal(value)}]"
        if match_count(root, SelectorSpec(xpath=xpath)) == 1:
            return xpath
    return ""


def _step(node: Node, parent: Node | None) -> str:
    tag = node.class_name or "node"
    siblings = [c for c in parent.children if (c.class_name or "node") == tag] if parent else []
    if len(siblings) <= 1:
        return tag
    return f"{tag}[{next(i for i, c in enumerate(siblings) if c is node) + 1}]"


def xpath_literal(value: str) -> str:
    """A string literal for XPath 1.0 (which has no escapes): concat() when both quotes."""
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    parts = value.split('"')
    return "concat(" + ", '\"', ".join(f'"{part}"' for part in parts) + ")"


# ---------------------------------------------------------------------- YAML


def spec_fields(spec: SelectorSpec, package: str | None = None) -> dict[str, Any]:
    """The selector's fields as written in YAML; with ``package``, a short id."""
    dumped = spec.model_dump(by_alias=True, exclude_unset=True)
    fields = {key: dumped[key] for key in _YAML_ORDER if key in dumped}
    if package and spec.id and spec.id.startswith(f"{package}:id/"):
        fields["id"] = spec.id.removeprefix(f"{package}:id/")
    return fields


def flow_step(spec: SelectorSpec, action: str = "tapOn") -> str:
    """One YAML flow step line, e.g. ``- tapOn: {id: "com.app:id/search"}``."""
    return f"- {action}: {_flow_mapping(spec_fields(spec))}"


def input_step(spec: SelectorSpec, text: str) -> str:
    """The YAML step that types ``text`` into the element, e.g.
    ``- inputText: {into: {id: "com.app:id/q"}, text: "c011"}``."""
    into = _flow_mapping(spec_fields(spec))
    return f"- inputText: {{into: {into}, text: {json.dumps(text, ensure_ascii=False)}}}"


def profile_entry(name: str, spec: SelectorSpec, package: str | None = None) -> str:
    """One line under a profile's ``selectors:``, e.g. ``search: {id: "search"}``."""
    return f"{name}: {_flow_mapping(spec_fields(spec, package))}"


def entry_name(node: Node) -> str:
    """A profile name for the node: its id's last part, else its class, in snake_case."""
    base = node.resource_id.rpartition(":id/")[2] or node.class_name.rpartition(".")[2]
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", base).lower()
    return _NAME_PART.sub("_", words).strip("_") or "element"


def _flow_mapping(fields: dict[str, Any]) -> str:
    # JSON strings are YAML double-quoted scalars; Chinese stays readable.
    parts = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return "{" + ", ".join(parts) + "}"
