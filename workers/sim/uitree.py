"""The UI tree of a phone's screen, and what uiautomator reads from it: XML and ObjInfo."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

Rect = tuple[int, int, int, int]  # left, top, right, bottom

XML_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\r\n"


@dataclass(frozen=True)
class Style:
    """How the renderer draws a node (the tree itself carries no pixels)."""

    bg: str | None = None
    fg: str = "#202124"
    size: int = 28
    lines: int = 1
    align: str = "left"  # left | center | right
    hint: str = ""  # drawn in grey while an input is empty
    border: str | None = None
    bold: bool = False


@dataclass
class Node:
    """One accessibility node: the attributes uiautomator dumps, plus drawing and tap hints.

    Attributes:
        action: what a tap on this node does, interpreted by the app that built it.
    """

    cls: str
    bounds: Rect
    text: str = ""
    resource_id: str = ""
    desc: str = ""
    package: str = ""
    clickable: bool = False
    scrollable: bool = False
    focusable: bool = False
    focused: bool = False
    checkable: bool = False
    checked: bool = False
    enabled: bool = True
    long_clickable: bool = False
    selected: bool = False
    password: bool = False
    style: Style | None = None
    action: str | None = None
    children: list[Node] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        """This node and every descendant, in document order."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def contains(self, x: float, y: float) -> bool:
        """True when the point lies inside the node's bounds."""
        left, top, right, bottom = self.bounds
        return left <= x < right and top <= y < bottom

    def center(self) -> tuple[int, int]:
        """The middle of the node (where u2 clicks)."""
        left, top, right, bottom = self.bounds
        return (left + right) // 2, (top + bottom) // 2


def _escape(value: str) -> str:
    out = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = out.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
    # Characters XML 1.0 forbids would break the client's lxml parser.
    return "".join(c for c in out if c >= " " or c == "\t")


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _node_xml(node: Node, index: int, depth: int, out: list[str]) -> None:
    left, top, right, bottom = node.bounds
    pad = "  " * depth
    attrs = (
        f'index="{index}" text="{_escape(node.text)}" resource-id="{_escape(node.resource_id)}" '
        f'class="{node.cls}" package="{node.package}" content-desc="{_escape(node.desc)}" '
        f'checkable="{_bool(node.checkable)}" checked="{_bool(node.checked)}" '
        f'clickable="{_bool(node.clickable)}" enabled="{_bool(node.enabled)}" '
        f'focusable="{_bool(node.focusable)}" focused="{_bool(node.focused)}" '
        f'scrollable="{_bool(node.scrollable)}" long-clickable="{_bool(node.long_clickable)}" '
        f'password="{_bool(node.password)}" selected="{_bool(node.selected)}" '
        f'bounds="[{left},{top}][{right},{bottom}]"'
    )
    if not node.children:
        out.append(f"{pad}<node {attrs} />")
        return
    out.append(f"{pad}<node {attrs}>")
    for child_index, child in enumerate(node.children):
        _node_xml(child, child_index, depth + 1, out)
    out.append(f"{pad}</node>")


def hierarchy_xml(windows: list[Node], rotation: int = 0) -> str:
    """The dump uiautomator's AccessibilityNodeInfoDumper would write for these windows."""
    out = [f'{XML_HEAD}<hierarchy rotation="{rotation}">']
    for index, root in enumerate(windows):
        _node_xml(root, index, 1, out)
    out.append("</hierarchy>")
    return "\n".join(out)


def _rect_json(rect: Rect) -> dict[str, int]:
    left, top, right, bottom = rect
    return {"left": left, "top": top, "right": right, "bottom": bottom}


def obj_info(node: Node) -> dict[str, Any]:
    """The ObjInfo JSON of the on-device server (Jackson getters of ObjInfo.java)."""
    return {
        "bounds": _rect_json(node.bounds),
        "visibleBounds": _rect_json(node.bounds),
        "childCount": len(node.children),
        "className": node.cls,
        "contentDescription": node.desc or None,
        "packageName": node.package,
        "resourceName": node.resource_id or None,
        "text": node.text,
        "checkable": node.checkable,
        "checked": node.checked,
        "clickable": node.clickable,
        "enabled": node.enabled,
        "focusable": node.focusable,
        "focused": node.focused,
        "longClickable": node.long_clickable,
        "scrollable": node.scrollable,
        "selected": node.selected,
    }
