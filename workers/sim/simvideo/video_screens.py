"""SimVideo's content screens: a creator's profile with its videos, and a video's comments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workers.sim.simvideo import PACKAGE, rid
from workers.sim.simvideo.screens import CONTENT_TOP, AppState, Screen
from workers.sim.simvideo.widgets import BOTTOM, BRAND, GREY, WIDTH, ScrollList, label, top_bar
from workers.sim.uitree import Node, Rect, Style

if TYPE_CHECKING:
    from workers.sim.simvideo.catalog import Comment, Creator, Video

RESTRICTED_TEXT = "该账号受限，无法查看 · This account is restricted"
ITEM_BORDER = Style(border="#e8eaed")


def _item_node(name: str, box: Rect, action: str | None, desc: str = "") -> Node:
    return Node(
        "android.widget.LinearLayout",
        box,
        resource_id=rid(name),
        package=PACKAGE,
        desc=desc,
        clickable=action is not None,
        focusable=action is not None,
        action=action,
        style=ITEM_BORDER,
    )


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
        nodes = [*top_bar("主页 · Profile", with_back=True), *self._header()]
        if app.account().restricted:
            top = self.VIEWPORT[1]
            notice = label(
                (24, top + 20, WIDTH - 24, top + 160),
                RESTRICTED_TEXT,
                "restricted_notice",
                size=30,
                fg=BRAND,
                lines=2,
                bg="#fce8e6",
            )
            return [*nodes, notice]
        return [*nodes, self.list.build(self.VIEWPORT, len(self.creator.videos), self._item)]

    def _header(self) -> list[Node]:
        creator, top = self.creator, CONTENT_TOP
        stats = f"{len(creator.videos)} 个视频 · {creator.followers} 粉丝"
        return [
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
            label((24, top + 132, WIDTH - 24, top + 180), stats, "profile_stats", size=24, fg=GREY),
        ]

    def describe(self) -> str:
        """'profile CREATOR_ID'."""
        return f"profile {self.creator.id}"

    def _item(self, index: int, box: Rect) -> Node:
        video = self.creator.videos[index]
        left, top, right, bottom = box
        # Real apps often keep an item's id in its accessibility description.
        item = _item_node("video_item", box, f"video:{video.key}", desc=video.key)
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
    VIEWPORT: Rect = (0, CONTENT_TOP + 340, WIDTH, BOTTOM)

    def __init__(self, video: Video) -> None:
        self.video = video
        self.list = ScrollList("comment_list", 200)

    def build(self, app: AppState) -> list[Node]:
        """The video page."""
        video, top = self.video, CONTENT_TOP
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
        item = _item_node("comment_item", box, None)
        item.children = comment_rows(self.video.comments[index], box)
        return item

    def scroll(self, list_id: str, distance: int, app: AppState) -> bool:
        """Scroll the comments."""
        if list_id != rid("comment_list"):
            return False
        return self.list.scroll(distance, len(self.video.comments), self.VIEWPORT)


def comment_rows(comment: Comment, box: Rect) -> list[Node]:
    """Author and likes, the text (two lines drawn, all of it in the node), replies."""
    left, top, right, _bottom = box
    rows = [
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
        label(
            (left + 24, top + 56, right - 24, top + 140),
            comment.text,
            "comment_text",
            size=26,
            lines=2,
        ),
    ]
    if comment.replies:
        rows.append(
            label(
                (left + 24, top + 146, right - 24, top + 186),
                f"{comment.replies} replies",
                "comment_replies",
                size=22,
                fg=BRAND,
            )
        )
    return rows
