"""SimChannels' screens: the messenger's tabs, the video feature's feed, search, a
creator's profile, the full-screen player, and the comment and reply bottom sheets."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from workers.sim.shown_time import relative_zh
from workers.sim.simchannels import PACKAGE
from workers.sim.simchannels.catalog import shown_count
from workers.sim.simchannels.views import (
    BOTTOM,
    DARK,
    GREEN,
    GREY,
    TOP,
    WIDTH,
    LazyList,
    back_button,
    group,
    text_row,
    vid,
)
from workers.sim.uitree import Node, Rect, Style

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from workers.sim.apps import Account
    from workers.sim.simchannels.catalog import Catalog, Comment, Creator, Reply, Video

TABS = ("微聊", "通讯录", "发现", "我")
DISCOVER = ("朋友圈", "视频号", "扫一扫", "搜一搜", "小程序")
RESTRICTED_TEXT = "由于账号受限，暂时无法查看该视频号的内容"
REMOVED_TEXT = "该内容已被作者删除"
LOGIN_TEXT = "登录后查看视频号"


class AppState(Protocol):
    """What screens read from the app."""

    catalog: Catalog
    seed: int
    query: str

    def account(self) -> Account:
        """The logged-in account."""
        ...

    def now(self) -> datetime:
        """The simulated time."""
        ...


def count_text(value: int, zero: str) -> str:
    """A count as the app writes it; ``zero`` when there is none."""
    return shown_count(value)[0] if value else zero


class Screen:
    """One screen; subclasses build nodes, and handle taps and scrolls."""

    activity = ".ui.LauncherUI"

    def build(self, app: AppState) -> list[Node]:
        """The screen's nodes."""
        raise NotImplementedError

    def describe(self) -> str:
        """A short name for tests and logs."""
        return type(self).__name__

    def scroll(self, resource_id: str, distance: int, app: AppState) -> bool:
        """Scroll one of the screen's lists; True if it moved."""
        return False


@dataclass
class MainScreen(Screen):
    """The messenger: chats, contacts, discover and me, with the tab bar at the bottom."""

    tab: str = "微聊"

    def build(self, app: AppState) -> list[Node]:
        """The chosen tab's content and the tab bar."""
        title = text_row((0, TOP, WIDTH, TOP + 96), self.tab, size=32, align="center", bg="#ededed")
        return [title, *self._content(app), *self._tab_bar()]

    def describe(self) -> str:
        """'tab 发现'."""
        return f"tab {self.tab}"

    def _content(self, app: AppState) -> list[Node]:
        top = TOP + 110
        if self.tab == "发现":
            return [
                text_row(
                    (0, top + i * 100, WIDTH, top + i * 100 + 96),
                    name,
                    "discover_row",
                    action=f"discover:{name}",
                    bg="#ffffff",
                )
                for i, name in enumerate(DISCOVER)
            ]
        if self.tab == "我":
            account = app.account()
            if not account.id:
                return [text_row((24, top, WIDTH - 24, top + 80), LOGIN_TEXT, "login")]
            return [
                text_row((160, top + 20, WIDTH - 24, top + 80), account.name, "me_name", size=32),
                text_row((160, top + 90, 300, top + 130), "微聊号：", size=24, fg=GREY),
                text_row(
                    (300, top + 90, WIDTH - 24, top + 130), account.id, "me_id", size=24, fg=GREY
                ),
            ]
        if self.tab == "微聊":
            chats = ("文件传输助手", "家人群", "工作群")
            return [
                text_row((0, top + i * 110, WIDTH, top + i * 110 + 104), name, "chat")
                for i, name in enumerate(chats)
            ]
        return [text_row((24, top, WIDTH - 24, top + 60), "新的朋友", fg=GREY)]

    def _tab_bar(self) -> list[Node]:
        width = WIDTH // len(TABS)
        return [
            text_row(
                (i * width, BOTTOM - 100, (i + 1) * width, BOTTOM),
                name,
                "tab",
                action=f"tab:{name}",
                fg=GREEN if name == self.tab else "#191919",
                align="center",
                bg="#f7f7f7",
            )
            for i, name in enumerate(TABS)
        ]


def player_nodes(video: Video, app: AppState, area: Rect) -> list[Node]:
    """A full-screen player: title and creator over the video, likes and comments at the side."""
    left, top, right, bottom = area
    if video.removed:
        return [
            text_row(
                (left + 24, top + 300, right - 24, top + 400),
                REMOVED_TEXT,
                "removed",
                align="center",
                fg=GREY,
            )
        ]
    total = app.catalog.comment_total(video, app.now())
    children = [
        text_row(
            (left + 24, bottom - 260, right - 140, bottom - 200),
            video.creator,
            "player_creator",
            fg="#ffffff",
            size=28,
        ),
        text_row(
            (left + 24, bottom - 190, right - 140, bottom - 110),
            video.title,
            "player_title",
            fg="#ffffff",
            lines=2,
        ),
        text_row(
            (right - 120, top + 120, right, top + 200),
            count_text(video.likes, "赞"),
            "player_likes",
            fg="#ffffff",
            align="center",
            desc="喜欢",
        ),
        text_row(
            (right - 120, top + 220, right, top + 300),
            count_text(total, "评论"),
            "player_comments",
            fg="#ffffff",
            align="center",
            desc="评论",
            action="comments",
        ),
    ]
    node = group(area, "player", children)
    node.style = Style(bg=DARK)
    node.scrollable = True
    return [node]


@dataclass
class FeedScreen(Screen):
    """The video feature's home: a full-screen vertical feed and a search icon."""

    activity = ".plugin.finder.ui.FinderHomeUI"
    index: int = 0

    def build(self, app: AppState) -> list[Node]:
        """The current feed video, full screen, with back and search over it."""
        videos = [c.videos[0] for c in app.catalog.creators if c.videos]
        video = videos[self.index % len(videos)]
        search = Node(
            "android.widget.ImageView",
            (WIDTH - 96, TOP, WIDTH, TOP + 96),
            desc="搜索",
            resource_id=vid("search_icon"),
            package=PACKAGE,
            clickable=True,
            action="search",
            style=Style(fg="#ffffff", size=36),
        )
        return [*player_nodes(video, app, (0, TOP, WIDTH, BOTTOM)), back_button(), search]

    def scroll(self, resource_id: str, distance: int, app: AppState) -> bool:
        """A swipe up shows the next video."""
        if resource_id != vid("player") or abs(distance) < 100:
            return False
        self.index += 1 if distance > 0 else -1
        return True

    def describe(self) -> str:
        """'feed'."""
        return "feed"


@dataclass
class SearchScreen(Screen):
    """Search: an input (submitted with the keyboard's search key), then two tabs:
    the creators found (账号) and the videos whose title has the words (视频, newest first)."""

    activity = ".plugin.finder.search.FinderSearchUI"
    submitted: str | None = None
    tab: str = "账号"
    found: list[Video] = field(default_factory=list)
    offset: int = 0
    ITEM = 170
    VIEWPORT: Rect = (0, TOP + 190, WIDTH, BOTTOM)

    def submit(self, query: str, app: AppState) -> bool:
        """Search now: the results as they are at this moment."""
        self.submitted, self.offset = query, 0
        self.found = app.catalog.search_videos(query, app.now())
        return True

    def build(self, app: AppState) -> list[Node]:
        """The input, and the results once submitted."""
        box = Node(
            "android.widget.EditText",
            (96, TOP + 12, WIDTH - 24, TOP + 84),
            text=app.query,
            resource_id=vid("search_input"),
            package=PACKAGE,
            clickable=True,
            focusable=True,
            focused=True,
            style=Style(bg="#f0f0f0", hint="搜索", size=28),
        )
        nodes = [back_button(), box]
        if self.submitted is None:
            return nodes
        tabs = [
            text_row(
                (i * 180, TOP + 100, (i + 1) * 180, TOP + 170),
                name,
                "search_tab",
                action=f"search_tab:{name}",
                fg=GREEN if name == self.tab else GREY,
                align="center",
            )
            for i, name in enumerate(("账号", "视频"))
        ]
        if self.tab == "视频":
            return [*nodes, *tabs, self._videos(app)]
        return [*nodes, *tabs, self._creators(app)]

    def _creators(self, app: AppState) -> Node:
        assert self.submitted is not None
        rows = []
        for i, creator in enumerate(app.catalog.search(self.submitted)[:7]):
            top = TOP + 190 + i * 140
            info = f"视频号 · {count_text(creator.followers, '0')}人关注"
            rows.append(
                group(
                    (0, top, WIDTH, top + 130),
                    "result",
                    [
                        text_row(
                            (24, top + 10, WIDTH - 24, top + 60),
                            creator.name,
                            "result_name",
                            size=30,
                        ),
                        text_row(
                            (24, top + 70, WIDTH - 24, top + 110),
                            info,
                            "result_info",
                            fg=GREY,
                            size=22,
                        ),
                    ],
                    action=f"creator:{creator.name}",
                )
            )
        if not rows:
            return text_row((24, TOP + 220, WIDTH - 24, TOP + 280), "无结果", "no_results")
        return group((0, TOP + 180, WIDTH, BOTTOM), "results", rows)

    def _videos(self, app: AppState) -> Node:
        if not self.found:
            return text_row((24, TOP + 220, WIDTH - 24, TOP + 280), "无结果", "no_results")
        return _rows_list(
            "video_results",
            self.VIEWPORT,
            self.offset,
            self.ITEM,
            len(self.found),
            lambda i, box: video_node(self.found[i], box, app, i, with_creator=True),
        )

    def show_tab(self, tab: str) -> bool:
        """Switch between 账号 and 视频."""
        moved, self.tab, self.offset = tab != self.tab, tab, 0
        return moved

    def scroll(self, resource_id: str, distance: int, app: AppState) -> bool:
        """Scroll the videos tab."""
        if resource_id != vid("video_results") or self.tab != "视频":
            return False
        height = self.VIEWPORT[3] - self.VIEWPORT[1]
        new = _clamp(self.offset + distance, len(self.found), self.ITEM, height)
        moved, self.offset = new != self.offset, new
        return moved

    def describe(self) -> str:
        """'search QUERY'."""
        return f"search {self.submitted or ''}"


def video_node(
    video: Video, box: Rect, app: AppState, index: int, *, with_creator: bool = False
) -> Node:
    """A video in a list: cover, title, duration, likes, comments (and its creator)."""
    left, top, right, bottom = box
    total = app.catalog.comment_total(video, app.now())
    children = [
        Node(
            "android.widget.ImageView",
            (left + 16, top + 10, left + 136, bottom - 10),
            package=PACKAGE,
            style=Style(bg="#333333"),
        ),
        text_row((left + 150, top + 14, right - 24, top + 70), video.title, "video_title"),
        text_row(
            (left + 150, top + 80, left + 260, top + 120),
            video.duration_text,
            "video_duration",
            fg=GREY,
            size=22,
        ),
        text_row(
            (left + 270, top + 80, left + 440, top + 120),
            f"♡ {count_text(video.likes, '赞')}",
            "video_likes",
            fg=GREY,
            size=22,
        ),
        text_row(
            (left + 450, top + 80, right - 24, top + 120),
            f"💬 {shown_count(total)[0]}" if total else "评论",
            "video_comments",
            fg=GREY,
            size=22,
        ),
    ]
    children.append(
        text_row(
            (right - 260, top + 126, right - 24, top + 160),
            relative_zh(video.posted_at, app.now()),
            "video_time",
            fg=GREY,
            size=20,
            align="right",
        )
    )
    if with_creator:
        children.append(
            text_row(
                (left + 150, top + 126, right - 280, top + 160),
                video.creator,
                "video_creator",
                fg=GREY,
                size=20,
            )
        )
    return group(box, "video_item", children, action=f"video:{index}")


def _fails(seed: int, creator: str, page: int) -> bool:
    """Whether loading this page of a creator's videos fails the first time (1 in 3)."""
    digest = hashlib.sha256(f"simchannels:{seed}:{creator}:{page}".encode()).digest()
    return page > 0 and digest[0] % 3 == 0


@dataclass
class ProfileScreen(Screen):
    """A creator: name and followers, then their videos, loaded a page at a time."""

    activity = ".plugin.finder.ui.FinderProfileUI"
    creator: Creator | None = None
    videos: list[Video] = field(default_factory=list)
    lazy: LazyList | None = None
    ITEM = 170
    VIEWPORT: Rect = (0, TOP + 220, WIDTH, BOTTOM)

    @classmethod
    def open(cls, creator: Creator, app: AppState) -> ProfileScreen:
        """The profile as fetched now (a list does not change under a finger)."""
        videos = app.catalog.videos_at(creator, app.now())
        seed = app.seed
        lazy = LazyList(
            "video_list", cls.ITEM, len(videos), lambda p: _fails(seed, creator.name, p)
        )
        return cls(creator, videos, lazy)

    def build(self, app: AppState) -> list[Node]:
        """Header; the list, or the restricted notice."""
        assert self.creator is not None
        assert self.lazy is not None
        header = [
            back_button(),
            text_row(
                (24, TOP + 100, WIDTH - 24, TOP + 160), self.creator.name, "profile_name", size=34
            ),
            text_row(
                (24, TOP + 166, WIDTH - 24, TOP + 206),
                f"{count_text(self.creator.followers, '0')}人关注",
                "profile_followers",
                fg=GREY,
                size=22,
            ),
        ]
        if app.account().restricted:
            top = self.VIEWPORT[1]
            return [
                *header,
                text_row(
                    (24, top + 40, WIDTH - 24, top + 160),
                    RESTRICTED_TEXT,
                    "restricted",
                    lines=2,
                    fg="#fa5151",
                ),
            ]
        return [*header, self.lazy.build(self.VIEWPORT, lambda i, box: self._item(i, box, app))]

    def _item(self, index: int, box: Rect, app: AppState) -> Node:
        return video_node(self.videos[index], box, app, index)

    def scroll(self, resource_id: str, distance: int, app: AppState) -> bool:
        """Scroll the videos (a restricted account has none)."""
        if resource_id != vid("video_list") or app.account().restricted or self.lazy is None:
            return False
        return self.lazy.scroll(distance, self.VIEWPORT)

    def describe(self) -> str:
        """'profile NAME'."""
        return f"profile {self.creator.name if self.creator else ''}"


@dataclass
class PlayerScreen(Screen):
    """A creator's videos as a full-screen vertical feed, from the one tapped."""

    activity = ".plugin.finder.feed.ui.FinderShareFeedRelUI"
    videos: list[Video] = field(default_factory=list)
    index: int = 0

    @property
    def video(self) -> Video:
        """The video on screen."""
        return self.videos[self.index]

    def build(self, app: AppState) -> list[Node]:
        """The player and the back arrow."""
        return [*player_nodes(self.video, app, (0, TOP, WIDTH, BOTTOM)), back_button()]

    def scroll(self, resource_id: str, distance: int, app: AppState) -> bool:
        """A swipe up shows the creator's next video, down the previous one."""
        if resource_id != vid("player") or abs(distance) < 100:
            return False
        new = max(0, min(len(self.videos) - 1, self.index + (1 if distance > 0 else -1)))
        moved, self.index = new != self.index, new
        return moved

    def describe(self) -> str:
        """'player TITLE'."""
        return f"player {self.video.title}"


SHEET_TOP = TOP + 360


@dataclass
class CommentSheet(Screen):
    """The comments, in a bottom sheet over the player; "展开N条回复" opens a reply sheet."""

    player: PlayerScreen | None = None
    comments: list[Comment] = field(default_factory=list)
    total: int = 0
    offset: int = 0
    ITEM = 210

    def build(self, app: AppState) -> list[Node]:
        """The player above, the sheet below."""
        assert self.player is not None
        behind = player_nodes(self.player.video, app, (0, TOP, WIDTH, SHEET_TOP))
        header = text_row(
            (0, SHEET_TOP, WIDTH, SHEET_TOP + 80),
            f"{count_text(self.total, '暂无')}条评论",
            "sheet_total",
            align="center",
            bg="#ffffff",
        )
        listing = _rows_list(
            "comment_list",
            (0, SHEET_TOP + 80, WIDTH, BOTTOM),
            self.offset,
            self.ITEM,
            len(self.comments),
            lambda i, box: comment_node(self.comments[i], box, app, i),
        )
        sheet = group((0, SHEET_TOP, WIDTH, BOTTOM), "sheet", [header, listing])
        sheet.style = Style(bg="#ffffff")
        return [*behind, sheet]

    def scroll(self, resource_id: str, distance: int, app: AppState) -> bool:
        """Scroll the comments."""
        if resource_id != vid("comment_list"):
            return False
        new = _clamp(self.offset + distance, len(self.comments), self.ITEM, BOTTOM - SHEET_TOP - 80)
        moved, self.offset = new != self.offset, new
        return moved

    def describe(self) -> str:
        """'comments TITLE'."""
        return f"comments {self.player.video.title if self.player else ''}"


@dataclass
class ReplySheet(Screen):
    """A comment's replies, in a sheet over the comment sheet."""

    comment: Comment | None = None
    offset: int = 0
    ITEM = 150

    def build(self, app: AppState) -> list[Node]:
        """The replies."""
        assert self.comment is not None
        replies = self.comment.replies
        top = TOP + 200
        header = text_row(
            (0, top, WIDTH, top + 80), f"{len(replies)}条回复", align="center", bg="#ffffff"
        )
        listing = _rows_list(
            "reply_list",
            (0, top + 80, WIDTH, BOTTOM),
            self.offset,
            self.ITEM,
            len(replies),
            lambda i, box: reply_node(replies[i], box),
        )
        sheet = group((0, top, WIDTH, BOTTOM), "reply_sheet", [header, listing])
        sheet.style = Style(bg="#ffffff")
        return [sheet]

    def scroll(self, resource_id: str, distance: int, app: AppState) -> bool:
        """Scroll the replies."""
        if resource_id != vid("reply_list") or self.comment is None:
            return False
        new = _clamp(
            self.offset + distance, len(self.comment.replies), self.ITEM, BOTTOM - TOP - 280
        )
        moved, self.offset = new != self.offset, new
        return moved

    def describe(self) -> str:
        """'replies AUTHOR'."""
        return f"replies {self.comment.author if self.comment else ''}"


def _clamp(offset: int, count: int, item: int, height: int) -> int:
    return max(0, min(max(0, count * item + 90 - height), offset))


def _rows_list(
    name: str,
    viewport: Rect,
    offset: int,
    item_height: int,
    count: int,
    item: Callable[[int, Rect], Node],
) -> Node:
    left, top, right, bottom = viewport
    container = Node(
        "androidx.recyclerview.widget.RecyclerView",
        viewport,
        resource_id=vid(name),
        package=PACKAGE,
        scrollable=True,
        focusable=True,
    )
    for index in range(offset // item_height, count):
        y = top + index * item_height - offset
        if y + item_height > bottom:
            break
        if y >= top:
            container.children.append(item(index, (left, y, right, y + item_height)))
    end = top + count * item_height - offset
    if end >= top and end + 90 <= bottom:
        container.children.append(
            text_row(
                (left, end, right, end + 90), "没有更多了", "end", fg=GREY, size=22, align="center"
            )
        )
    return container


def comment_node(comment: Comment, box: Rect, app: AppState, index: int) -> Node:
    """A comment: author, likes, text, time, and "展开N条回复" when it has replies."""
    left, top, right, _bottom = box
    rows = [
        text_row(
            (left + 24, top + 10, right - 200, top + 50), comment.author, "author", fg=GREY, size=22
        ),
        text_row(
            (right - 180, top + 10, right - 24, top + 50),
            count_text(comment.likes, "赞"),
            "likes",
            fg=GREY,
            size=22,
            align="right",
        ),
        text_row((left + 24, top + 56, right - 24, top + 130), comment.text, "text", lines=2),
        text_row(
            (left + 24, top + 136, left + 240, top + 170),
            relative_zh(comment.posted_at, app.now()),
            "time",
            fg=GREY,
            size=20,
        ),
    ]
    if comment.replies:
        rows.append(
            text_row(
                (left + 250, top + 136, right - 24, top + 176),
                f"展开{len(comment.replies)}条回复",
                "expand",
                fg="#576b95",
                size=22,
                action=f"replies:{index}",
            )
        )
    return group(box, "comment", rows)


def reply_node(reply: Reply, box: Rect) -> Node:
    """A reply: author, likes, text."""
    left, top, right, _bottom = box
    author, text, likes = reply.author, reply.text, reply.likes
    return group(
        box,
        "reply",
        [
            text_row(
                (left + 60, top + 10, right - 200, top + 50), author, "author", fg=GREY, size=22
            ),
            text_row(
                (right - 180, top + 10, right - 24, top + 50),
                count_text(likes, "赞"),
                "likes",
                fg=GREY,
                size=22,
                align="right",
            ),
            text_row((left + 60, top + 56, right - 24, top + 140), text, "text", lines=2),
        ],
    )
