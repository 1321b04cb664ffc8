"""SimVideo's screens: the base class, home, search results and the account page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from workers.sim.simvideo import PACKAGE, rid
from workers.sim.simvideo.widgets import (
    BAR_HEIGHT,
    BOTTOM,
    BRAND,
    GREY,
    TOP,
    WIDTH,
    ScrollList,
    button,
    label,
    tab_bar,
    top_bar,
)
from workers.sim.uitree import Node, Rect, Style

if TYPE_CHECKING:
    from datetime import datetime

    from workers.sim.apps import Account
    from workers.sim.simvideo.catalog import Catalog
    from workers.sim.simvideo.timeline import Timeline

CONTENT_TOP = TOP + BAR_HEIGHT


class AppState(Protocol):
    """What screens read from the app."""

    catalog: Catalog
    timeline: Timeline
    query: str
    focused: str | None

    def account(self) -> Account:
        """The logged-in account."""
        ...


class Screen:
    """One screen of the app; subclasses build nodes and scroll their list."""

    activity = ".MainActivity"
    name = "home"

    def build(self, app: AppState) -> list[Node]:
        """The screen's nodes inside the app area."""
        raise NotImplementedError

    def scroll(self, list_id: str, distance: int, app: AppState) -> bool:
        """Scroll the named list; True if it moved."""
        return False

    def describe(self) -> str:
        """The screen's name and what it shows."""
        return self.name


class HomeScreen(Screen):
    """Search box and button, popular creators, bottom tabs."""

    POPULAR = 4

    def build(self, app: AppState) -> list[Node]:
        """The home screen."""
        nodes = [
            *top_bar("SimVideo", with_back=False),
            self._search_box(app),
            button(
                (556, CONTENT_TOP + 24, 696, CONTENT_TOP + 104), "搜索", "search_button", "search"
            ),
            label(
                (24, CONTENT_TOP + 130, WIDTH - 24, CONTENT_TOP + 180),
                "热门创作者 · Popular",
                size=26,
                fg=GREY,
            ),
        ]
        for slot, creator in enumerate(app.catalog.creators[: self.POPULAR]):
            top = CONTENT_TOP + 190 + slot * 100
            row = label(
                (24, top, WIDTH - 24, top + 90),
                creator.name,
                "popular_creator",
                size=30,
                bg="#f8f9fa",
            )
            row.clickable, row.action = True, f"creator:{creator.id}"
            nodes.append(row)
        nodes.append(tab_bar("tab_home"))
        return nodes

    @staticmethod
    def _search_box(app: AppState) -> Node:
        focused = app.focused == rid("search_box")
        return Node(
            "android.widget.EditText",
            (24, CONTENT_TOP + 24, 540, CONTENT_TOP + 104),
            text=app.query,
            resource_id=rid("search_box"),
            package=PACKAGE,
            clickable=True,
            focusable=True,
            focused=focused,
            long_clickable=True,
            action="focus:search_box",
            style=Style(
                bg="#ffffff",
                border=BRAND if focused else GREY,
                size=28,
                hint="搜索创作者或视频 · Search",
            ),
        )


class SearchScreen(Screen):
    """Search results in two tabs: creators (the default) and videos.

    Creators: id equal to the query or name containing it. Videos: title containing
    it, newest first (``Timeline.search_videos``), as fetched when the search ran.
    """

    activity = ".SearchActivity"
    name = "search"
    TABS = 80
    VIEWPORT: Rect = (0, CONTENT_TOP + TABS, WIDTH, BOTTOM)

    def __init__(self, query: str, catalog: Catalog, timeline: Timeline, moment: datetime) -> None:
        self.query, self.timeline, self.moment = query, timeline, moment
        self.results = catalog.search(query)
        self.videos = timeline.search_videos(query, moment)
        self.tab = "users"
        self.list = ScrollList("search_results", 130)
        self.video_list = ScrollList("video_results", 150)

    def build(self, app: AppState) -> list[Node]:
        """The tabs, then the results of the chosen one, or a 'no results' line."""
        nodes = [*top_bar(f"搜索 · {self.query}", with_back=True), *self._tabs()]
        count = len(self.results) if self.tab == "users" else len(self.videos)
        if not count:
            nodes.append(
                label(
                    (24, CONTENT_TOP + self.TABS + 40, WIDTH - 24, CONTENT_TOP + self.TABS + 120),
                    "没有找到相关结果 · No results",
                    "search_empty",
                    fg=GREY,
                )
            )
        elif self.tab == "users":
            nodes.append(self.list.build(self.VIEWPORT, count, self._item))
        else:
            nodes.append(self.video_list.build(self.VIEWPORT, count, self._video))
        return nodes

    def _tabs(self) -> list[Node]:
        tabs = []
        for index, (tab, text) in enumerate(
            (("users", "用户 · Users"), ("videos", "视频 · Videos"))
        ):
            left = index * WIDTH // 2
            chosen = tab == self.tab
            node = label(
                (left, CONTENT_TOP, left + WIDTH // 2, CONTENT_TOP + self.TABS),
                text,
                f"search_tab_{tab}",
                size=28,
                fg=BRAND if chosen else GREY,
                bold=chosen,
                align="center",
            )
            node.clickable, node.selected, node.action = True, chosen, f"search_tab:{tab}"
            tabs.append(node)
        return tabs

    def show_tab(self, tab: str) -> bool:
        """Switch between the creators and the videos found."""
        if tab not in ("users", "videos") or tab == self.tab:
            return False
        self.tab = tab
        return True

    def describe(self) -> str:
        """'search QUERY', or 'search videos QUERY' on the videos tab."""
        return f"search {self.query}" if self.tab == "users" else f"search videos {self.query}"

    def _video(self, index: int, box: Rect) -> Node:
        from workers.sim.simvideo.video_screens import video_item

        return video_item(self.videos[index], box, self.timeline, self.moment)

    def _item(self, index: int, box: Rect) -> Node:
        creator = self.results[index]
        left, top, right, bottom = box
        item = Node(
            "android.widget.LinearLayout",
            box,
            resource_id=rid("creator_item"),
            package=PACKAGE,
            clickable=True,
            focusable=True,
            action=f"creator:{creator.id}",
            style=Style(border="#e8eaed"),
        )
        item.children = [
            label(
                (left + 24, top + 14, right - 24, top + 66),
                creator.name,
                "creator_name",
                size=32,
                bold=True,
            ),
            label(
                (left + 24, top + 72, right - 24, bottom - 14),
                creator.id,
                "creator_id",
                size=24,
                fg=GREY,
            ),
        ]
        return item

    def scroll(self, list_id: str, distance: int, app: AppState) -> bool:
        """Scroll the results of the tab shown."""
        if list_id == rid("search_results") and self.tab == "users":
            return self.list.scroll(distance, len(self.results), self.VIEWPORT)
        if list_id == rid("video_results") and self.tab == "videos":
            return self.video_list.scroll(distance, len(self.videos), self.VIEWPORT)
        return False


class AccountScreen(Screen):
    """The logged-in account."""

    activity = ".AccountActivity"
    name = "account"

    def build(self, app: AppState) -> list[Node]:
        """Name, id and status of the account."""
        account = app.account()
        top = CONTENT_TOP
        status = "受限 · Restricted" if account.restricted else "正常 · Active"
        return [
            *top_bar("我 · Me", with_back=False),
            label(
                (24, top + 40, WIDTH - 24, top + 110),
                account.name,
                "account_name",
                size=38,
                bold=True,
            ),
            label(
                (24, top + 120, WIDTH - 24, top + 170), account.id, "account_id", size=28, fg=GREY
            ),
            label(
                (24, top + 180, WIDTH - 24, top + 230),
                status,
                "account_status",
                size=26,
                fg=BRAND if account.restricted else GREY,
            ),
            tab_bar("tab_account"),
        ]
