"""SimVideo's content screens: a creator's profile with its videos, and a video's comments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workers.sim.shown_time import absolute_date
from workers.sim.simvideo import PACKAGE, rid
from workers.sim.simvideo.screens import CONTENT_TOP, AppState, Screen
from workers.sim.simvideo.widgets import BOTTOM, BRAND, GREY, WIDTH, ScrollList, label, top_bar
from workers.sim.uitree import Node, Rect, Style

if TYPE_CHECKING:
    from datetime import datetime

    from workers.sim.simvideo.catalog import Comment, Creator, Reply, Video
    from workers.sim.simvideo.timeline import Timeline

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

    def __init__(self, creator: Creator, timeline: Timeline, moment: datetime) -> None:
        # What the app fetched when the profile opened (a list does not change under
        # a finger); new videos show on the next visit.
        self.creator, self.timeline, self.moment = creator, timeline, moment
        self.videos = timeline.videos(creator, moment)
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
        return [*nodes, self.list.build(self.VIEWPORT, len(self.videos), self._item)]

    def _header(self) -> list[Node]:
        creator, top = self.creator, CONTENT_TOP
        stats = f"{len(self.videos)} 个视频 · {creator.followers} 粉丝"
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
        return video_item(self.videos[index], box, self.timeline, self.moment)

    def scroll(self, list_id: str, distance: int, app: AppState) -> bool:
        """Scroll the video list (a restricted account has none)."""
        if list_id != rid("video_list") or app.account().restricted:
            return False
        return self.list.scroll(distance, len(self.videos), self.VIEWPORT)


class VideoScreen(Screen):
    """A video: title, player, the comment total, and the comment list."""

    activity = ".VideoActivity"
    name = "video"
    VIEWPORT: Rect = (0, CONTENT_TOP + 340, WIDTH, BOTTOM)

    def __init__(self, video: Video, timeline: Timeline, moment: datetime) -> None:
        self.video, self.timeline, self.moment = video, timeline, moment
        self.comments = timeline.comments(video, moment)
        self.total = timeline.comment_count(video, moment)
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
                str(self.total),
                "comment_total",
                size=30,
                bold=True,
                desc="comments",
            ),
            label((240, top + 280, 480, top + 330), "条评论 · comments", size=26, fg=GREY),
            label(
                (480, top + 280, WIDTH - 24, top + 330),
                str(video.likes_at(self.moment)),
                "video_likes",
                size=26,
                fg=GREY,
                align="right",
                desc="likes",
            ),
            self.list.build(self.VIEWPORT, len(self.comments), self._item),
        ]

    def describe(self) -> str:
        """'video KEY'."""
        return f"video {self.video.key}"

    def _item(self, index: int, box: Rect) -> Node:
        comment = self.comments[index]
        item = _item_node("comment_item", box, None, desc=comment.id)
        replies = self.timeline.reply_count(comment, self.moment)
        item.children = comment_rows(comment, box, replies)
        return item

    def scroll(self, list_id: str, distance: int, app: AppState) -> bool:
        """Scroll the comments."""
        if list_id != rid("comment_list"):
            return False
        return self.list.scroll(distance, len(self.comments), self.VIEWPORT)


class RepliesScreen(Screen):
    """The replies under one comment (盖楼), opened by tapping its "N replies" line."""

    activity = ".RepliesActivity"
    name = "replies"
    VIEWPORT: Rect = (0, CONTENT_TOP + 200, WIDTH, BOTTOM)

    def __init__(self, comment: Comment, timeline: Timeline, moment: datetime) -> None:
        self.comment = comment
        self.replies: list[Reply] = timeline.replies(comment, moment)
        self.list = ScrollList("reply_list", 160)

    def build(self, app: AppState) -> list[Node]:
        """The comment replied to, then its replies, oldest first."""
        top = CONTENT_TOP
        return [
            *top_bar(f"{len(self.replies)} 条回复 · replies", with_back=True),
            label(
                (24, top + 16, WIDTH - 24, top + 56),
                self.comment.author,
                "reply_parent_author",
                size=24,
                fg=GREY,
                bold=True,
            ),
            label(
                (24, top + 60, WIDTH - 24, top + 180),
                self.comment.text,
                "reply_parent_text",
                size=26,
                lines=3,
                desc=self.comment.id,
            ),
            self.list.build(self.VIEWPORT, len(self.replies), self._item),
        ]

    def describe(self) -> str:
        """'replies COMMENT_ID'."""
        return f"replies {self.comment.id}"

    def _item(self, index: int, box: Rect) -> Node:
        reply = self.replies[index]
        left, top, right, _bottom = box
        item = _item_node("reply_item", box, None, desc=reply.id)
        item.children = [
            label(
                (left + 48, top + 12, right - 200, top + 52),
                reply.author,
                "reply_author",
                size=24,
                fg=GREY,
                bold=True,
            ),
            label(
                (right - 200, top + 12, right - 24, top + 52),
                str(reply.likes),
                "reply_likes",
                size=24,
                fg=GREY,
                align="right",
                desc="likes",
            ),
            label(
                (left + 48, top + 56, right - 24, top + 140),
                reply.text,
                "reply_text",
                size=26,
                lines=2,
            ),
        ]
        return item

    def scroll(self, list_id: str, distance: int, app: AppState) -> bool:
        """Scroll the replies."""
        if list_id != rid("reply_list"):
            return False
        return self.list.scroll(distance, len(self.replies), self.VIEWPORT)


def video_item(video: Video, box: Rect, timeline: Timeline, moment: datetime) -> Node:
    """A video row: title, comment count and likes at ``moment``; its key in the desc."""
    left, top, right, bottom = box
    # Real apps often keep an item's id in its accessibility description.
    item = _item_node("video_item", box, f"video:{video.key}", desc=video.key)
    item.children = [
        label((left + 24, top + 16, right - 200, top + 66), video.title, "video_title", size=30),
        label(
            (right - 190, top + 16, right - 24, top + 66),
            absolute_date(video.posted_at, moment),
            "video_date",
            size=22,
            fg=GREY,
            align="right",
        ),
        label(
            (left + 24, top + 80, left + 300, bottom - 16),
            str(timeline.comment_count(video, moment)),
            "video_comment_count",
            size=24,
            fg=GREY,
            desc="comments",
        ),
        label(
            (left + 300, top + 80, left + 520, bottom - 16),
            str(video.likes_at(moment)),
            "video_likes",
            size=24,
            fg=GREY,
            desc="likes",
        ),
        label(
            (left + 520, top + 80, right - 24, bottom - 16),
            video.creator_id,
            "video_creator",
            size=24,
            fg=GREY,
            align="right",
        ),
    ]
    return item


def comment_rows(comment: Comment, box: Rect, replies: int) -> list[Node]:
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
    if replies:
        more = label(
            (left + 24, top + 146, right - 24, top + 186),
            f"{replies} replies",
            "comment_replies",
            size=22,
            fg=BRAND,
            desc=comment.id,
        )
        more.clickable, more.action = True, f"replies:{comment.id}"
        rows.append(more)
    return rows
