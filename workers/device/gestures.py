"""Turning screen nodes into input: scroll swipes, swipe steps, and u2 selectors for a node."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import uiautomator2 as u2

from workers.device.errors import DeviceError, ErrorCode

if TYPE_CHECKING:
    from workers.device.hierarchy import Bounds, Node, Selector

Direction = Literal["up", "down", "left", "right"]
SWIPE_STEPS_PER_SECOND = 200  # uiautomator injects one move event per 5 ms step


def swipe_steps(duration: float) -> int:
    """uiautomator's step count for a swipe lasting ``duration`` seconds (at least 2)."""
    return max(2, int(duration * SWIPE_STEPS_PER_SECOND))


def scroll_swipe(bounds: Bounds, direction: str, fraction: float) -> tuple[int, int, int, int]:
    """The finger's (from x, from y, to x, to y) that scrolls ``bounds`` to show ``direction``.

    "down" shows what is below: the finger moves up by ``fraction`` of the height,
    centred in the rectangle so it starts and ends inside it.
    """
    if not 0 < fraction <= 0.9:
        raise DeviceError(ErrorCode.INVALID_ARGUMENT, f"scroll fraction {fraction} not in (0, 0.9]")
    cx, cy = bounds.center
    dx, dy = int(bounds.width * fraction / 2), int(bounds.height * fraction / 2)
    moves = {
        "down": (cx, cy + dy, cx, cy - dy),
        "up": (cx, cy - dy, cx, cy + dy),
        "right": (cx + dx, cy, cx - dx, cy),
        "left": (cx - dx, cy, cx + dx, cy),
    }
    if direction not in moves:
        raise DeviceError(ErrorCode.INVALID_ARGUMENT, f"scroll direction {direction!r} unknown")
    return moves[direction]


def content_key(root: Node, within: Selector) -> tuple[tuple[str, str, str], ...]:
    """What a scrollable container shows (to tell whether a scroll moved it)."""
    container = root.find(within)
    if container is None:
        return ()
    return tuple((n.text, n.description, n.resource_id) for n in container.iter())


def ui_selector_for(node: Node) -> Any:
    """A uiautomator UiSelector that picks exactly this node on the phone.

    Class and package (and the resource id when it has one), plus the node's instance
    number among the screen's nodes with those attributes.
    """
    keys: dict[str, str] = {"className": node.class_name, "packageName": node.package}
    if node.resource_id:
        keys["resourceId"] = node.resource_id
    same = [
        other
        for other in node.root.iter()
        if other.class_name == node.class_name
        and other.package == node.package
        and (not node.resource_id or other.resource_id == node.resource_id)
    ]
    return u2.Selector(**keys, instance=same.index(node))
