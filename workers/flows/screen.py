"""Read what a screen shows from one hierarchy dump: selectors become XPath over the
dump, so a whole list screen costs one round trip to the phone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from lxml import etree

from workers.flows.listing import read_list
from workers.flows.sdk import FatalFailure
from workers.flows.selectors import SelectorSpec

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from workers.flows.profiles import AppProfile
    from workers.flows.sdk import FlowContext

_BOUNDS = re.compile(r"\[(-?\d+),(-?\d+)\]\[(-?\d+),(-?\d+)\]")
_DIGITS = re.compile(r"-?\d[\d,]*")
Attribute = Literal["text", "description", "resource_id"]
_ATTRS: dict[str, str] = {
    "text": "text",
    "description": "content-desc",
    "resource_id": "resource-id",
}


def resolve_selector(ref: str | SelectorSpec, profile: AppProfile | None) -> SelectorSpec:
    """ "@name" from the app profile, plain text, or a written-out selector."""
    package = profile.package if profile else None
    if isinstance(ref, SelectorSpec):
        return ref.with_package(package)
    if ref.startswith("@"):
        if profile is None:
            raise FatalFailure(f"selector {ref!r} needs an app profile", code="no_profile")
        try:
            return profile.selector(ref[1:])
        except KeyError as exc:
            raise FatalFailure(str(exc.args[0]), code="no_profile_selector") from None
    return SelectorSpec(text=ref)


def xpath_literal(text: str) -> str:
    """Quote any text for XPath 1.0, which has no escape character."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ', "\'", '.join(f"'{part}'" for part in text.split("'")) + ")"


def to_xpath(selector: SelectorSpec, relative: bool = False) -> str:
    """The XPath that finds ``selector``'s nodes in a hierarchy dump."""
    if selector.xpath:
        return selector.xpath
    tests = []
    if selector.text is not None:
        tests.append(f"@text={xpath_literal(selector.text)}")
    if selector.text_contains is not None:
        tests.append(f"contains(@text, {xpath_literal(selector.text_contains)})")
    if selector.id is not None:
        tests.append(f"@resource-id={xpath_literal(selector.id)}")
    if selector.description is not None:
        tests.append(f"@content-desc={xpath_literal(selector.description)}")
    if selector.class_name is not None:
        tests.append(f"@class={xpath_literal(selector.class_name)}")
    prefix = ".//node" if relative else "//node"
    return prefix + "".join(f"[{test}]" for test in tests)


@dataclass(frozen=True)
class Bounds:
    """A node's rectangle on screen, in pixels."""

    left: int
    top: int
    right: int
    bottom: int

    @classmethod
    def parse(cls, text: str) -> Bounds:
        match = _BOUNDS.fullmatch(text or "")
        if not match:
            return cls(0, 0, 0, 0)
        return cls(*(int(n) for n in match.groups()))


class Screen:
    """One hierarchy dump, queried with selectors."""

    def __init__(self, xml: str) -> None:
        self.root = etree.fromstring(xml.encode("utf-8"))

    def find_all(self, selector: SelectorSpec, within: Any = None) -> list[Any]:
        nodes = (within if within is not None else self.root).xpath(
            to_xpath(selector, relative=within is not None)
        )
        return list(nodes)

    def find(self, selector: SelectorSpec, within: Any = None) -> Any | None:
        nodes = self.find_all(selector, within)
        return nodes[selector.index] if len(nodes) > selector.index else None

    def exists(self, selector: SelectorSpec) -> bool:
        return self.find(selector) is not None


@dataclass(frozen=True)
class FieldRule:
    """Where one field of a list item is read: a descendant (or the item) and attribute."""

    selector: SelectorSpec | None
    attribute: Attribute = "text"
    as_int: bool = False


def read_field(screen: Screen, item: Any, rule: FieldRule) -> Any | None:
    """A field's value, or None when this part of the item is not on screen."""
    node = item if rule.selector is None else screen.find(rule.selector, within=item)
    if node is None:
        return None
    raw = node.get(_ATTRS[rule.attribute], "")
    if not rule.as_int:
        return raw
    match = _DIGITS.search(raw)
    return int(match.group().replace(",", "")) if match else None


def items_on_screen(
    screen: Screen, item: SelectorSpec, fields: Mapping[str, FieldRule], within: SelectorSpec | None
) -> list[tuple[tuple[tuple[str, Any], ...], int]]:
    """Every item on screen whose fields are all visible, with its top edge."""
    container = screen.find(within) if within is not None else None
    if within is not None and container is None:
        return []
    found = []
    for node in screen.find_all(item, within=container):
        values = {name: read_field(screen, node, rule) for name, rule in fields.items()}
        if all(value is not None for value in values.values()):
            found.append((tuple(values.items()), Bounds.parse(node.get("bounds", "")).top))
    return found


def read_items_while_scrolling(
    ctx: FlowContext,
    *,
    item: SelectorSpec,
    fields: Mapping[str, FieldRule],
    within: SelectorSpec | None = None,
    end: SelectorSpec | None = None,
    max_scrolls: int = 200,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(position, fields)`` of each list item once, in list order, scrolling down."""
    last: list[Screen] = []

    def read_screen() -> list[tuple[tuple[tuple[str, Any], ...], int]]:
        screen = Screen(ctx.device.hierarchy_xml())
        last[:] = [screen]
        return items_on_screen(screen, item, fields, within)

    def at_end() -> bool:
        return end is not None and bool(last) and last[0].exists(end)

    def scroll() -> float | None:
        moved: float | None = ctx.device.scroll("down", within=within)
        return moved

    for position, values in read_list(
        read_screen, scroll, at_end=at_end, max_scrolls=max_scrolls, check_stop=ctx.check_stop
    ):
        yield position, dict(values)
