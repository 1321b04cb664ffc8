"""SimVideo's screens: home, search results, creator profile, video page, account page."""

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
    from workers.sim.simvideo.catalog import Catalog, Creator, Video

CONTENT_TOP = TOP + BAR_HEIGHT
RESTRICTED_TEXT = "该账号受限，无法查看 · This account is restricted"


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
        focused = app.focused == rid("search_box")
        search_box = Node(
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
        nodes = [
            *top_bar("SimVideo", with_back=False),
            search_box,
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


class ProfileScreen(Screen):
    """A creator's header and video list (or the restricted notice)."""

    activity = ".ProfileActivity"
    name = "profile"
    HEADER = 210
    VIEWPORT: Rect = (0, CONTENT_TOP + HEADER, WIDTH, BOTTOM)

    def __init__(self, creator: Creator) -> None:
        self.creator = creator
        self.list = ScrollList("video_list", 150)

    def build(self, app: AppState) -> list[Node]:
        """Header, then the videos or the restricted notice."""
        creator = self.creator
        top = CONTENT_TOP
        nodes = [
            *top_bar("主页 · Profile", with_back=True),
            label(
                (24, top + 20, WIDTH - 24, top + 80),
                creator.name,
                "profile_name",
                size=36,
                bold=True,
            ),
            label(
                (24, top + 86, WIDTH - 24, top + 126), creator.id, "profile_id", size=24, fg=GREY
            ),
            label(
                (24, top + 132, WIDTH - 24, top + 180),
                f"{len(creator.videos)} 个视频 · {creator.followers} 粉丝",
                "profile_stats",
                size=24,
                fg=GREY,
            ),
        ]
        if app.account().restricted:
            nodes.append(
                label(
                    (24, top + self.HEADER + 20, WIDTH - 24, top + self.HEADER + 160),
                    RESTRICTED_TEXT,
                    "restricted_notice",
                    size=30,
                    fg=BRAND,
                    lines=2,
                    bg="#fce8e6",
                )
            )
            return nodes
        nodes.append(self.list.build(self.VIEWPORT, len(creator.videos), self._item))
        return nodes

    def describe(self) -> str:
        """'profile CREATOR_ID'."""
        return f"profile {self.creator.id}"

    def _item(self, index: int, box: Rect) -> Node:
        video = self.creator.videos[index]
        left, top, right, bottom = box
        item = Node(
            "android.widget.LinearLayout",
            box,
            resource_id=rid("video_item"),
            package=PACKAGE,
            clickable=True,
            focusable=True,
            action=f"video:{video.key}",
            style=Style(border="#e8eaed"),
        )
        item.children = [
            label((left + 24, top + 16, right - 24, top + 66), video.title, "video_title", size=30),
            label(
                (left + 24, top + 80, left + 300, bottom - 16),
                str(video.comment_count),
                "video_comment_count",
                size=24,
                fg=GREY,
                desc="comments",
            ),
        ]
        return item

    def scroll(self, list_id: str, distance: int, app: AppState) -> bool:
        """Scroll the video list (a restricted account has none)."""
        if list_id != rid("video_list") or app.account().restricted:
            return False
        return self.list.scroll(distance, len(self.creator.videos), self.VIEWPORT)


class VideoScreen(Screen):
    """A video: title, player, the comment total, and the comment list."""

    activity = ".VideoActivity"
    name = "video"
    LIST_TOP = CONTENT_TOP + 340
    VIEWPORT: Rect = (0, LIST_TOP, WIDTH, BOTTOM)

    def __init__(self, video: Video) -> None:
        self.video = video
        self.list = ScrollList("comment_list", 200)

    def build(self, app: AppState) -> list[Node]:
        """The video page."""
        video = self.video
        top = CONTENT_TOP
        return [
            *top_bar("视频 · Video", with_back=True),
            label((0, top, WIDTH, top + 80), video.title, "video_page_title", size=28, lines=2),
            label(
                (0, top + 80, WIDTH, top + 270),
                "▶",
                "player",
                size=72,
                fg="#ffffff",
                bg="#202124",
                align="center",
            ),
            label(
                (24, top + 280, 240, top + 330),
                str(video.comment_count),
                "comment_total",
                size=30,
                bold=True,
                desc="comments",
            ),
            label((240, top + 280, WIDTH - 24, top + 330), "条评论 · comments", size=26, fg=GREY),
            self.list.build(self.VIEWPORT, len(video.comments), self._item),
        ]

    def describe(self) -> str:
        """'video KEY'."""
        return f"video {self.video.key}"

    def _item(self, index: int, box: Rect) -> Node:
        comment = self.video.comments[index]
        left, top, right, _bottom = box
        item = Node(
            "android.widget.LinearLayout",
            box,
            resource_id=rid("comment_item"),
            package=PACKAGE,
            style=Style(border="#e8eaed"),
        )
        item.children = [
            label(
                (left + 24, top + 12, right - 200, top + 52),
                comment.author,
                "comment_author",
                size=24,
                fg=GREY,
                bold=True,
            ),
            label(
                (right - 200, top + 12, right - 24, top + 52),
                str(comment.likes),
                "comment_likes",
                size=24,
                fg=GREY,
                align="right",
                desc="likes",
            ),
            # The node carries the whole text; the two-line box clips what does not fit.
            label(
                (left + 24, top + 56, right - 24, top + 140),
                comment.text,
                "comment_text",
                size=26,
                lines=2,
            ),
        ]
        if comment.replies:
            item.children.append(
                label(
                    (left + 24, top + 146, right - 24, top + 186),
                    f"{comment.replies} replies",
                    "comment_replies",
                    size=22,
                    fg=BRAND,
                )
            )
        return item

    def scroll(self, list_id: str, distance: int, app: AppState) -> bool:
        """Scroll the comments."""
        if list_id != rid("comment_list"):
            return False
        return self.list.scroll(distance, len(self.video.comments), self.VIEWPORT)


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
