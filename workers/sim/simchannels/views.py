"""SimChannels' widgets: obfuscated resource ids, text rows, and a lazily loading list.

Resource ids look like a release build's (``com.fleetdeck.simchannels:id/u7y``): short
codes with no meaning, so a profile cannot guess them. Tabs and discover rows share
one id each and differ only by text, as in many messengers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workers.sim.apps import SCREEN_SIZE, STATUS_BAR_HEIGHT
from workers.sim.simchannels import PACKAGE
from workers.sim.uitree import Node, Rect, Style

if TYPE_CHECKING:
    from collections.abc import Callable

WIDTH, BOTTOM = SCREEN_SIZE
TOP = STATUS_BAR_HEIGHT
GREEN = "#07c160"
GREY = "#888888"
DARK = "#111111"
TEXT_VIEW = "android.widget.TextView"

# What each view is, and the id the release build gave it.
IDS = {
    "tab": "a4k",
    "discover_row": "b2q",
    "back": "c0n",
    "search_icon": "h5e",
    "search_input": "cd7",
    "results": "m9r",
    "result": "n3a",
    "result_name": "o8x",
    "result_info": "p2l",
    "search_tab": "t1a",
    "video_results": "vr2",
    "video_creator": "f4k",
    "no_results": "bz1",
    "profile_name": "q6w",
    "profile_followers": "r1z",
    "video_list": "s4g",
    "video_item": "u7y",
    "video_title": "v2b",
    "video_duration": "w9c",
    "video_likes": "x5d",
    "video_comments": "y3e",
    "spinner": "z8f",
    "retry": "aa1",
    "end": "ab2",
    "restricted": "ac3",
    "player": "ad4",
    "player_title": "ae5",
    "player_creator": "af6",
    "player_likes": "ag7",
    "player_comments": "ah8",
    "removed": "ai9",
    "sheet": "aj0",
    "sheet_total": "ak1",
    "comment_list": "al2",
    "comment": "am3",
    "author": "an4",
    "text": "ao5",
    "likes": "ap6",
    "expand": "aq7",
    "time": "aq9",
    "video_time": "ba7",
    "reply_sheet": "ar8",
    "reply_list": "as9",
    "reply": "at0",
    "me_name": "au1",
    "me_id": "av2",
    "login": "aw3",
    "chat": "ax4",
}


def vid(name: str) -> str:
    """The obfuscated full resource id of a view."""
    return f"{PACKAGE}:id/{IDS[name]}"


def text_row(
    bounds: Rect,
    text: str,
    name: str = "",
    *,
    size: int = 26,
    fg: str = "#191919",
    bg: str | None = None,
    desc: str = "",
    action: str | None = None,
    lines: int = 1,
    align: str = "left",
) -> Node:
    """A TextView (clickable when it has an action)."""
    return Node(
        TEXT_VIEW,
        bounds,
        text=text,
        resource_id=vid(name) if name else "",
        desc=desc,
        package=PACKAGE,
        clickable=action is not None,
        focusable=action is not None,
        action=action,
        style=Style(bg=bg, fg=fg, size=size, lines=lines, align=align),
    )


def group(bounds: Rect, name: str, children: list[Node], *, action: str | None = None) -> Node:
    """A FrameLayout holding children (a list item, a sheet)."""
    return Node(
        "android.widget.FrameLayout",
        bounds,
        resource_id=vid(name),
        package=PACKAGE,
        clickable=action is not None,
        action=action,
        children=children,
    )


def back_button() -> Node:
    """The back arrow of a sub-page (an image: no text, a description)."""
    return Node(
        "android.widget.ImageView",
        (0, TOP, 96, TOP + 96),
        desc="返回",
        resource_id=vid("back"),
        package=PACKAGE,
        clickable=True,
        action="back",
        style=Style(fg="#191919", size=36, align="center"),
        text="",
    )


LOAD_SECONDS = 0.4  # how long the spinner shows before the next page is there
PAGE = 6  # items a page load brings
FOOTER = 90


@dataclass
class LazyList:
    """A list that loads PAGE items at a time behind a spinner; a page load may fail once.

    Only fully visible items are in the tree. ``fails(page)`` says whether loading a
    page fails the first time (the app then shows "tap to retry" instead of the spinner).
    """

    name: str
    item_height: int
    total: int
    fails: Callable[[int], bool] = lambda page: False
    loaded: int = 0
    offset: int = 0
    pending_since: float | None = None
    retried: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.loaded = min(PAGE, self.total)

    def scroll(self, distance: int, viewport: Rect) -> bool:
        """Move the content by distance (clamped to what is loaded); True if it moved."""
        height = viewport[3] - viewport[1]
        content = self.loaded * self.item_height + FOOTER
        new = max(0, min(max(0, content - height), self.offset + distance))
        moved, self.offset = new != self.offset, new
        return moved

    def retry(self) -> bool:
        """The "tap to retry" row: load the page again."""
        self.retried.add(self.loaded // PAGE)
        self.pending_since = time.monotonic()
        return True

    def build(self, viewport: Rect, item: Callable[[int, Rect], Node]) -> Node:
        """The list node: fully visible items, then the footer when it is in view."""
        left, top, right, bottom = viewport
        container = Node(
            "androidx.recyclerview.widget.RecyclerView",
            viewport,
            resource_id=vid(self.name),
            package=PACKAGE,
            scrollable=True,
            focusable=True,
        )
        footer_y = top + self.loaded * self.item_height - self.offset
        if footer_y + FOOTER <= bottom and self._load_more():
            footer_y = top + self.loaded * self.item_height - self.offset
        for index in range(self.offset // self.item_height, self.loaded):
            y = top + index * self.item_height - self.offset
            if y >= top and y + self.item_height <= bottom:
                container.children.append(item(index, (left, y, right, y + self.item_height)))
        if footer_y >= top and footer_y + FOOTER <= bottom:
            container.children.append(self._footer((left, footer_y, right, footer_y + FOOTER)))
        return container

    def _load_more(self) -> bool:
        """With the footer in view: start or finish loading; True when items arrived."""
        if self.loaded >= self.total or self._failing():
            return False
        now = time.monotonic()
        if self.pending_since is None:
            self.pending_since = now
            return False
        if now - self.pending_since < LOAD_SECONDS:
            return False
        self.loaded = min(self.total, self.loaded + PAGE)
        self.pending_since = None
        return True

    def _failing(self) -> bool:
        page = self.loaded // PAGE
        return self.fails(page) and page not in self.retried

    def _footer(self, box: Rect) -> Node:
        if self.loaded >= self.total:
            return text_row(box, "没有更多了", "end", fg=GREY, size=22, align="center")
        if self._failing():
            return text_row(
                box, "网络不给力，点击重试", "retry", fg="#576b95", action="retry", align="center"
            )
        return Node(
            "android.widget.ProgressBar",
            box,
            resource_id=vid("spinner"),
            package=PACKAGE,
            desc="正在加载",
            style=Style(fg=GREY, size=22, align="center"),
            text="",
        )
