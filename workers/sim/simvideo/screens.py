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
    from workers.sim.apps import Account
    from workers.sim.simvideo.catalog import Catalog

CONTENT_TOP = TOP + BAR_HEIGHT


class AppState(Protocol):
    """What screens read from the app."""

    catalog: Catalog
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
                hint="搜索创作者 · Search creators",
            ),
        )


class SearchScreen(Screen):
    """Creators matching the query, as a scrolling list of creator_item rows."""

    activity = ".SearchActivity"
    name = "search"
    VIEWPORT: Rect = (0, CONTENT_TOP, WIDTH, BOTTOM)

    def __init__(self, query: str, catalog: Catalog) -> None:
        self.query = query
        self.results = catalog.search(query)
        self.list = ScrollList("search_results", 130)

    def build(self, app: AppState) -> list[Node]:
        """The results, or a 'no results' line."""
        nodes = top_bar(f"搜索 · {self.query}", with_back=True)
        if not self.results:
            nodes.append(
                label(
                    (24, CONTENT_TOP + 40, WIDTH - 24, CONTENT_TOP + 120),
                    "没有找到相关创作者 · No results",
                    "search_empty",
                    fg=GREY,
                )
            )
            return nodes
        nodes.append(self.list.build(self.VIEWPORT, len(self.results), self._item))
        return nodes

    def describe(self) -> str:
        """'search QUERY'."""
        return f"search {self.query}"

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
        """Scroll the results."""
        if list_id != rid("search_results"):
            return False
        return self.list.scroll(distance, len(self.results), self.VIEWPORT)


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
