"""What the collection and monitor flows read from an app, through its profile: video
lists with their counts, search results, a video's comments and a comment's replies.

Rows come back as plain dicts with the flows' own names (``video_key``, ``title``,
``comment_count``, ``likes``, ``comment_id``, ``reply_id``, ...), whatever the app
calls them; ``row`` keeps the list item as read, to tap it while it is on screen.
A list's ``time`` field comes as shown (``time``) and read back against the phone's
clock (``posted_at``, ``posted_precision``, ``posted_earliest``, ``posted_latest``;
null when the list shows no time or the text cannot be read).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workers.flows.app_screens import (
    SCREEN_TIMEOUT,
    Row,
    open_app,
    read_rows,
    screen_count,
    search,
    tap_in,
    tap_ref,
    wait_any,
    wait_screen,
)
from workers.flows.sdk import FatalFailure, FlowItem

if TYPE_CHECKING:
    from collections.abc import Iterator

    from workers.flows.profiles import AppProfile
    from workers.flows.sdk import FlowContext

Video = dict[str, Any]


class PostedFields(FlowItem):
    """When an item was posted: the text the app shows, read back against the phone's clock.

    ``posted_at`` is the UTC moment the text states; the true moment lies between
    ``posted_earliest`` and ``posted_latest`` (inclusive); ``posted_precision`` is the
    text's unit (minute, hour, day, ...). All null when the app shows no time there or
    the profile cannot read the text (the text is kept).
    """

    time: str | None = None
    posted_at: str | None = None
    posted_precision: str | None = None
    posted_earliest: str | None = None
    posted_latest: str | None = None


def posted(row: dict[str, Any]) -> dict[str, Any]:
    """The posted fields of a row read through ``watch_screens``."""
    return {name: row.get(name) for name in PostedFields.model_fields}


def _video(profile: AppProfile, row: Row, creator: str | None) -> Video:
    return {
        **row.posted(profile.times),
        "video_key": row.key,
        "title": row.text("title"),
        "comment_count": row.number("comment_count"),
        "comment_count_at_least": row.count("comment_count").at_least,
        "likes": row.number("likes"),
        "creator": row.text("creator") or creator or "",
        "row": row,
    }


def profile_videos(
    ctx: FlowContext, profile: AppProfile, creator: str
) -> Iterator[tuple[int, Video]]:
    """The open creator's videos, newest first, with their counts."""
    for row in read_rows(ctx, profile, "videos", creator):
        yield row.position, _video(profile, row, creator)


def search_videos(
    ctx: FlowContext, profile: AppProfile, keyword: str
) -> Iterator[tuple[int, Video]]:
    """Search the app for videos with the keyword; the results, newest first."""
    spec = profile.keyword_search
    if spec is None:
        raise FatalFailure("the profile has no keyword search", code="profile_incomplete")
    open_app(ctx, profile)
    ctx.step(f"search videos: {keyword}")
    search(ctx, profile, keyword)
    if spec.tab is not None:
        tap_ref(ctx, profile, spec.tab)
    results = profile.resolve(profile.list_spec("search_videos").container)
    empty = profile.resolve(spec.empty)
    _root, shown = wait_any(ctx, profile, [results, empty], "the search results", SCREEN_TIMEOUT)
    if shown == 1:
        return iter(())
    return (
        (row.position, _video(profile, row, None))
        for row in read_rows(ctx, profile, "search_videos")
    )


def open_video_in(
    ctx: FlowContext,
    profile: AppProfile,
    videos: Iterator[tuple[int, Video]],
    match: dict[str, Any],
    depth: int,
) -> Video:
    """Scroll a list until the video (by key or title) shows, open it, show its comments."""
    for position, video in videos:
        if position > depth:
            break
        if video["video_key"] == match.get("video_key") or video["title"] == match.get("title"):
            tap_in(ctx, profile, video["row"], profile.list_spec("videos").open)
            open_comments(ctx, profile)
            return video
    wanted = match.get("video_key") or match.get("title")
    raise FatalFailure(
        f"video not found: {wanted!r} is not among the first {depth} videos",
        code="video_not_found",
    )


def open_comments(ctx: FlowContext, profile: AppProfile) -> None:
    """On a video's page: show its comments (a tap on the comment button, if the app needs one)."""
    wait_screen(ctx, profile, "video")
    if profile.video.comments_open is not None:
        tap_ref(ctx, profile, profile.video.comments_open)
    wait_screen(ctx, profile, "comments")


def video_counts(ctx: FlowContext, profile: AppProfile) -> tuple[int, int]:
    """The open video's comment total and likes (lower bounds when the app caps them)."""
    total = screen_count(ctx, profile, profile.video.comment_total)
    likes = screen_count(ctx, profile, profile.video.likes)
    return total.value, likes.value


def comments(ctx: FlowContext, profile: AppProfile) -> Iterator[tuple[int, dict[str, Any]]]:
    """The open video's comments in list order: id, author, text, likes, replies."""
    for row in read_rows(ctx, profile, "comments"):
        yield (
            row.position,
            {
                **row.posted(profile.times),
                "comment_id": row.key,
                "author": row.text("author"),
                "text": row.text("text"),
                "likes": row.number("likes"),
                "replies": row.number("replies"),
                "row": row,
            },
        )


def replies_of(
    ctx: FlowContext, profile: AppProfile, comment: dict[str, Any]
) -> list[dict[str, Any]]:
    """Open a comment's replies (while it is on screen), read them all, and go back."""
    tap_in(ctx, profile, comment["row"], profile.video.replies_open)
    wait_screen(ctx, profile, "replies")
    found = [
        {
            **row.posted(profile.times),
            "reply_id": row.key,
            "author": row.text("author"),
            "text": row.text("text"),
            "likes": row.number("likes"),
        }
        for row in read_rows(ctx, profile, "replies")
    ]
    ctx.device.press("back")
    wait_screen(ctx, profile, "comments")
    return found
