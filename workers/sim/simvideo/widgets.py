"""Building blocks of SimVideo's screens: text rows, bars, and scrolling lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workers.sim.apps import SCREEN_SIZE, STATUS_BAR_HEIGHT
from workers.sim.simvideo import PACKAGE, rid
from workers.sim.uitree import Node, Rect, Style

if TYPE_CHECKING:
    from collections.abc import Callable

WIDTH = SCREEN_SIZE[0]
BOTTOM = SCREEN_SIZE[1]
TOP = STATUS_BAR_HEIGHT
BAR_HEIGHT = 100
TAB_BAR_TOP = BOTTOM - 100
LIST_END_HEIGHT = 90
LIST_END_TEXT = "没有更多了 · No more"
BRAND = "#fe2c55"
GREY = "#80868b"
TEXT_VIEW = "android.widget.TextView"


def label(
    bounds: Rect,
    text: str,
    name: str = "",
    *,
    size: int = 28,
    fg: str = "#202124",
    bold: bool = False,
    lines: int = 1,
    align: str = "left",
    desc: str = "",
    bg: str | None = None,
) -> Node:
    """A TextView; name is the resource id's last part (empty: no id)."""
    return Node(
        TEXT_VIEW,
        bounds,
        text=text,
        resource_id=rid(name) if name else "",
        desc=desc,
        package=PACKAGE,
        style=Style(bg=bg, fg=fg, size=size, bold=bold, lines=lines, align=align),
    )


def button(bounds: Rect, text: str, name: str, action: str, *, bg: str = BRAND) -> Node:
    """A clickable Button that fires action when tapped."""
    return Node(
        "android.widget.Button",
        bounds,
        text=text,
        resource_id=rid(name),
        package=PACKAGE,
        clickable=True,
        focusable=True,
        action=action,
        style=Style(bg=bg, fg="#ffffff", size=28, align="center", bold=True),
    )


def top_bar(title: str, with_back: bool) -> list[Node]:
    """The red title bar; sub-screens get a back arrow that acts like the back key."""
    bar = label(
        (0, TOP, WIDTH, TOP + BAR_HEIGHT),
        title,
        "title_bar",
        size=34,
        fg="#ffffff",
        bold=True,
        bg=BRAND,
        align="center",
    )
    nodes = [bar]
    if with_back:
        nodes.append(
            Node(
                "android.widget.ImageButton",
                (0, TOP, 100, TOP + BAR_HEIGHT),
                text="←",
                desc="返回 · Back",
                resource_id=rid("back_button"),
                package=PACKAGE,
                clickable=True,
                focusable=True,
                action="back",
                style=Style(fg="#ffffff", size=40, align="center"),
            )
        )
    return nodes


def tab_bar(selected: str) -> Node:
    """The bottom tabs: home and account (the selected one is marked)."""
    tabs = []
    for index, (name, text) in enumerate((("tab_home", "首页 · Home"), ("tab_account", "我 · Me"))):
        left = index * WIDTH // 2
        chosen = name == selected
        tabs.append(
            Node(
                TEXT_VIEW,
                (left, TAB_BAR_TOP, left + WIDTH // 2, BOTTOM),
                text=text,
                resource_id=rid(name),
                package=PACKAGE,
                clickable=True,
                focusable=True,
                selected=chosen,
                action=f"tab:{name.removeprefix('tab_')}",
                style=Style(fg=BRAND if chosen else GREY, size=28, align="center", bold=chosen),
            )
        )
    return Node(
        "android.widget.LinearLayout",
        (0, TAB_BAR_TOP, WIDTH, BOTTOM),
        resource_id=rid("tab_bar"),
        package=PACKAGE,
        style=Style(bg="#f1f3f4"),
        children=tabs,
    )


@dataclass
class ScrollList:
    """A vertical list of equal-height items inside a viewport, scrolled by an offset.

    An item's node is in the tree only when the whole item is inside the viewport, so
    every listed item has all its rows; a swipe of at most (viewport - item height)
    never skips one. ``list_end`` follows the last item when it is fully visible.
    """

    name: str
    item_height: int
    offset: int = 0

    def content_height(self, count: int) -> int:
        """Pixels of all items plus the end marker."""
        return count * self.item_height + LIST_END_HEIGHT

    def scroll(self, distance: int, count: int, viewport: Rect) -> bool:
        """Move the content up by distance (down when negative), clamped; True if it moved."""
        height = viewport[3] - viewport[1]
        limit = max(0, self.content_height(count) - height)
        new = max(0, min(limit, self.offset + distance))
        moved = new != self.offset
        self.offset = new
        return moved

    def build(self, viewport: Rect, count: int, item: Callable[[int, Rect], Node]) -> Node:
        """The list node with the fully visible items (and list_end) as children."""
        left, top, right, bottom = viewport
        container = Node(
            "androidx.recyclerview.widget.RecyclerView",
            viewport,
            resource_id=rid(self.name),
            package=PACKAGE,
            scrollable=True,
            focusable=True,
        )
        first = self.offset // self.item_height
        last = min(count, (self.offset + bottom - top) // self.item_height + 1)
        for index in range(first, last):
            y = top + index * self.item_height - self.offset
            if y >= top and y + self.item_height <= bottom:
                container.children.append(item(index, (left, y, right, y + self.item_height)))
        end = top + count * self.item_height - self.offset
        if end >= top and end + LIST_END_HEIGHT <= bottom:
            container.children.append(
                label(
                    (left, end, right, end + LIST_END_HEIGHT),
                    LIST_END_TEXT,
                    "list_end",
                    size=24,
                    fg=GREY,
                    align="center",
                )
            )
        return container
