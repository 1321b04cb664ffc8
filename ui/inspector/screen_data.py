"""What the inspector shows of one phone's screen: the picture, the node tree, and the
candidate selectors of a node. Plain values handed over by the inspector controller."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

Rect = tuple[int, int, int, int]  # left, top, right, bottom in phone pixels


@dataclass(frozen=True, eq=False)
class ScreenNode:
    """One node of the hierarchy; ``order`` is its place in screen (document) order."""

    order: int
    class_name: str
    text: str
    resource_id: str
    description: str
    package: str
    bounds: Rect
    clickable: bool = False
    scrollable: bool = False
    enabled: bool = True
    selected: bool = False
    focused: bool = False
    children: tuple[ScreenNode, ...] = field(default=(), repr=False)

    def contains(self, x: int, y: int) -> bool:
        """True when the point lies inside (right and bottom exclusive, as Android)."""
        left, top, right, bottom = self.bounds
        return left <= x < right and top <= y < bottom

    def walk(self) -> list[ScreenNode]:
        """This node and all below it, in screen order."""
        out: list[ScreenNode] = []
        stack = [self]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out

    @property
    def short_class(self) -> str:
        """``TextView`` for ``android.widget.TextView``."""
        return self.class_name.rpartition(".")[2] or "node"


@dataclass(frozen=True)
class Screen:
    """A screenshot and the hierarchy read with it."""

    adb_serial: str
    image: QImage
    root: ScreenNode
    nodes: dict[int, ScreenNode]
    parents: dict[int, int]

    @classmethod
    def of(cls, adb_serial: str, image: QImage, root: ScreenNode) -> Screen:
        """Index the tree by order, and each node's parent."""
        nodes = {node.order: node for node in root.walk()}
        parents = {child.order: node.order for node in nodes.values() for child in node.children}
        return cls(adb_serial, image, root, nodes, parents)

    @property
    def size(self) -> tuple[int, int]:
        """The screen in phone pixels, as the hierarchy's windows span it (a screenshot
        may be scaled; its picture is fitted to this), else the picture's size."""
        right = max((window.bounds[2] for window in self.root.children), default=0)
        bottom = max((window.bounds[3] for window in self.root.children), default=0)
        if right > 0 and bottom > 0:
            return right, bottom
        return self.image.width(), self.image.height()

    def node_at(self, x: int, y: int) -> ScreenNode | None:
        """The node drawn on top at a point: in the first window (a dump lists windows
        from the top) that holds the point, the last node in screen order that does."""
        for window in self.root.children:
            if window.contains(x, y):
                return [node for node in window.walk() if node.contains(x, y)][-1]
        return None


class Robustness(enum.IntEnum):
    """How well a selector survives app updates and changing content (best first)."""

    BEST = 0
    GOOD = 1
    FAIR = 2
    FRAGILE = 3


@dataclass(frozen=True)
class CandidateRow:
    """One candidate selector of the selected node, as the inspector lists it.

    Attributes:
        kind: resource_id, description, text, class_index or xpath.
        selector: the selector as YAML writes it (``{id: "..."}``) or the xpath.
        count: nodes it matches on the screen now, as written (-1: not valid).
        total: nodes matching without its index.
        robustness: how robust it is.
        flow_step: the YAML flow step that taps it.
        profile_entry: the line for a profile's ``selectors:``.
    """

    kind: str
    selector: str
    count: int
    total: int
    robustness: Robustness
    flow_step: str
    profile_entry: str
