"""What each built-in flow needs of an app profile, checked when the profile loads.

A path names a profile section (``lists.videos``) or a part of one
(``lists.videos.fields.comment_count``). A profile lists the flows it supports
(``flows:``, every built-in app flow by default); one that lacks a path such a flow
needs is refused at load, naming the flow and the path.
"""

from __future__ import annotations

_OPEN = ("launch", "screens.home")
_CREATOR = (*_OPEN, "creator", "screens.creator")
_VIDEOS = ("lists.videos", "lists.videos.fields.title", "lists.videos.fields.comment_count")
_COMMENTS = (
    "screens.comments",
    "lists.comments",
    "lists.comments.fields.author",
    "lists.comments.fields.text",
    "lists.comments.fields.likes",
)
_REPLIES = (
    "lists.comments.fields.replies",
    "video.replies_open",
    "screens.replies",
    "lists.replies",
    "lists.replies.fields.author",
    "lists.replies.fields.text",
    "lists.replies.fields.likes",
)

FLOW_NEEDS: dict[str, tuple[str, ...]] = {
    "account.detect": ("launch", "screens.home", "account"),
    "collect.titles": (*_CREATOR, *_VIDEOS),
    "collect.comments": (*_CREATOR, *_VIDEOS, *_COMMENTS, *_REPLIES),
    "monitor.account": (*_CREATOR, *_VIDEOS, "lists.videos.fields.likes", *_COMMENTS),
    "monitor.keyword": (
        *_OPEN,
        "search",
        "keyword_search",
        "lists.search_videos",
        "lists.search_videos.fields.title",
        "lists.search_videos.fields.comment_count",
        "lists.search_videos.fields.likes",
        "lists.search_videos.fields.creator",
        "creator",
        "screens.creator",
        "lists.videos",
        *_COMMENTS,
    ),
    "monitor.post": (
        *_CREATOR,
        *_VIDEOS,
        "video.comment_total",
        "video.likes",
        *_COMMENTS,
        *_REPLIES,
    ),
}

APP_FLOWS = tuple(FLOW_NEEDS)
