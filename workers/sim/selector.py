"""UiSelector matching over the phone's UI tree, as uiautomator2's Selector JSON asks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from workers.sim.uitree import Node


class BadSelector(ValueError):
    """The selector JSON is malformed (a field of the wrong type, a bad regex)."""


@dataclass(frozen=True)
class Placed:
    """A node with where it sits: its parent (None for a window root) and sibling index."""

    node: Node
    parent: Node | None
    index: int


def _flatten(windows: list[Node]) -> list[Placed]:
    placed: list[Placed] = []

    def visit(node: Node, parent: Node | None, index: int) -> None:
        placed.append(Placed(node, parent, index))
        for child_index, child in enumerate(node.children):
            visit(child, node, child_index)

    for index, root in enumerate(windows):
        visit(root, None, index)
    return placed


def _regex(pattern: Any) -> re.Pattern[str]:
    try:
        return re.compile(str(pattern), re.DOTALL)
    except re.error as exc:
        raise BadSelector(f"bad regular expression {pattern!r}: {exc}") from None


def _text_test(field_name: str, value: Any) -> Callable[[str], bool]:
    value_str = str(value)
    if field_name.endswith("Contains"):
        return lambda s: value_str in s
    if field_name.endswith("StartsWith"):
        return lambda s: s.startswith(value_str)
    if field_name.endswith("Matches"):
        pattern = _regex(value)
        return lambda s: pattern.fullmatch(s) is not None
    return lambda s: s == value_str


_STRING_FIELDS: dict[str, Callable[[Node], str]] = {
    "text": lambda n: n.text,
    "description": lambda n: n.desc,
    "className": lambda n: n.cls,
    "packageName": lambda n: n.package,
    "resourceId": lambda n: n.resource_id,
}
_BOOL_FIELDS: dict[str, Callable[[Node], bool]] = {
    "checkable": lambda n: n.checkable,
    "checked": lambda n: n.checked,
    "clickable": lambda n: n.clickable,
    "longClickable": lambda n: n.long_clickable,
    "scrollable": lambda n: n.scrollable,
    "enabled": lambda n: n.enabled,
    "focusable": lambda n: n.focusable,
    "focused": lambda n: n.focused,
    "selected": lambda n: n.selected,
}
_BASES = sorted(_STRING_FIELDS, key=len, reverse=True)
_SUFFIXES = {"", "Contains", "StartsWith", "Matches"}
_IGNORED = {"mask", "childOrSibling", "childOrSiblingSelector", "instance"}


def _field_test(key: str, value: Any) -> Callable[[Placed], bool]:
    if key in _BOOL_FIELDS:
        flag_of, wanted = _BOOL_FIELDS[key], bool(value)
        return lambda p: flag_of(p.node) == wanted
    if key == "index":
        try:
            position = int(value)
        except (TypeError, ValueError):
            raise BadSelector(f"index must be an integer, got {value!r}") from None
        return lambda p: p.index == position
    base = next((b for b in _BASES if key.startswith(b)), None)
    test = _text_test(key, value) if base and key[len(base) :] in _SUFFIXES else None
    if base is None or test is None:
        raise BadSelector(f"unknown selector field {key!r}")
    string_of = _STRING_FIELDS[base]
    return lambda p: test(string_of(p.node))


def _predicate(selector: dict[str, Any]) -> Callable[[Placed], bool]:
    tests = [_field_test(k, v) for k, v in selector.items() if k not in _IGNORED]
    return lambda p: all(test(p) for test in tests)


def _check(selector: Any) -> dict[str, Any]:
    if not isinstance(selector, dict):
        raise BadSelector(f"a selector must be an object, got {type(selector).__name__}")
    return selector


def find_all(windows: list[Node], selector: Any) -> list[Node]:
    """Every node the selector matches, in document order (child/sibling steps applied)."""
    selector = _check(selector)
    placed = _flatten(windows)
    parent_of = {id(p.node): p.parent for p in placed}
    current = _nth(selector, [p for p in placed if _predicate(selector)(p)])
    kinds = selector.get("childOrSibling") or []
    subs = selector.get("childOrSiblingSelector") or []
    for kind, sub in zip(kinds, subs, strict=False):
        sub = _check(sub)
        current = _nth(sub, _step(placed, parent_of, current, str(kind), _predicate(sub)))
    return [p.node for p in current]


def _nth(selector: dict[str, Any], matches: list[Placed]) -> list[Placed]:
    if "instance" not in selector:
        return matches
    position = int(selector["instance"])
    return matches[position : position + 1] if position >= 0 else []


def _step(
    placed: list[Placed],
    parent_of: dict[int, Node | None],
    current: list[Placed],
    kind: str,
    predicate: Callable[[Placed], bool],
) -> list[Placed]:
    anchors = {id(p.node) for p in current}
    if kind == "sibling":
        parents = {id(p.parent) for p in current if p.parent is not None}
        return [
            p
            for p in placed
            if p.parent is not None
            and id(p.parent) in parents
            and id(p.node) not in anchors
            and predicate(p)
        ]
    result = []
    for p in placed:
        ancestor = parent_of.get(id(p.node))
        while ancestor is not None and id(ancestor) not in anchors:
            ancestor = parent_of.get(id(ancestor))
        if ancestor is not None and predicate(p):
            result.append(p)
    return result


def find_first(windows: list[Node], selector: Any) -> Node | None:
    """The first match, or None."""
    found = find_all(windows, selector)
    return found[0] if found else None


def describe(selector: Any) -> str:
    """A short 'UiSelector[TEXT=...]' text for error messages."""
    if not isinstance(selector, dict):
        return "UiSelector[]"
    parts = [
        f"{k.upper()}={v}"
        for k, v in selector.items()
        if k not in {"mask", "childOrSibling", "childOrSiblingSelector"}
    ]
    return "UiSelector[" + ", ".join(parts) + "]"
