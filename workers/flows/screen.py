"""Read list items from the screen: one hierarchy dump per screen, fields read from each
item's descendants, and the list scrolled until its end."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from workers.device.errors import DeviceError, ErrorCode
from workers.flows.listing import read_list
from workers.flows.sdk import FatalFailure
from workers.flows.selectors import SelectorSpec

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from workers.device.hierarchy import Node, Selector
    from workers.flows.profiles import AppProfile
    from workers.flows.sdk import FlowContext

_DIGITS = re.compile(r"-?\d[\d,]*")
Attribute = Literal["text", "description", "resource_id"]
SCROLL_FRACTION = 0.6


def resolve_selector(ref: str | SelectorSpec, profile: AppProfile | None) -> Selector:
    """ "@name" from the app profile, plain text, or a written-out selector."""
    package = profile.package if profile else None
    if isinstance(ref, SelectorSpec):
        return ref.to_selector(package)
    if ref.startswith("@"):
        if profile is None:
            raise FatalFailure(f"selector {ref!r} needs an app profile", code="no_profile")
        try:
            return profile.selector(ref[1:])
        except KeyError as exc:
            raise FatalFailure(str(exc.args[0]), code="no_profile_selector") from None
    return SelectorSpec(text=ref).to_selector()


def appears(device: Any, selector: Selector, timeout: float) -> bool:
    """True when the element is on screen within ``timeout`` seconds."""
    if timeout <= 0:
        return bool(device.exists(selector))
    try:
        device.wait(selector, timeout=timeout)
    except DeviceError as exc:
        if exc.code is ErrorCode.UI_NOT_FOUND:
            return False
        raise
    return True


@dataclass(frozen=True)
class FieldRule:
    """Where one field of a list item is read: a descendant (or the item) and attribute."""

    selector: Selector | None
    attribute: Attribute = "text"
    as_int: bool = False
    optional: bool = False  # absent from a whole item on screen: None (e.g. "3 replies")


def read_field(item: Node, rule: FieldRule) -> Any | None:
    """A field's value, or None when that part of the item is not on screen."""
    node = item if rule.selector is None else item.find(rule.selector)
    if node is None:
        return None
    raw: str = getattr(node, rule.attribute)
    if not rule.as_int:
        return raw
    match = _DIGITS.search(raw)
    return int(match.group().replace(",", "")) if match else None


Placed = tuple[tuple[tuple[str, Any], ...], int]


def items_on_screen(
    root: Node, item: Selector, fields: Mapping[str, FieldRule], within: Selector | None
) -> list[Placed]:
    """Every item on screen whose fields are all visible, with its top edge."""
    container = root.find(within) if within is not None else root
    if container is None:
        return []
    found = []
    for node in container.find_all(item):
        values = {name: read_field(node, rule) for name, rule in fields.items()}
        if all(v is not None or fields[n].optional for n, v in values.items()):
            found.append((tuple(values.items()), node.bounds.top))
    return found


def read_items_while_scrolling(
    ctx: FlowContext,
    *,
    item: Selector,
    fields: Mapping[str, FieldRule],
    within: Selector | None = None,
    end: Selector | None = None,
    max_scrolls: int = 200,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(position, fields)`` of each list item once, in list order, scrolling down."""
    device = ctx.device
    last: list[Node] = []

    def read_screen() -> list[Placed]:
        root = device.hierarchy()
        last[:] = [root]
        return items_on_screen(root, item, fields, within)

    def at_end() -> bool:
        return end is not None and bool(last) and last[0].find(end) is not None

    def scroll() -> float | None:
        box = last[0].find(within) if within is not None and last else None
        device.scroll("down", within=box, fraction=SCROLL_FRACTION)
        if box is None:
            return None
        # The finger travels this far, and the list follows it.
        return float(int(box.bounds.height * SCROLL_FRACTION / 2) * 2)

    for position, values in read_list(
        read_screen, scroll, at_end=at_end, max_scrolls=max_scrolls, check_stop=ctx.check_stop
    ):
        yield position, dict(values)
