"""What the monitor flows read from a short-video app: video lists with their counts,
search results, a video's comments and a comment's replies (through an app profile)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from workers.flows.builtin.navigation import SCREEN_TIMEOUT, open_app
from workers.flows.screen import FieldRule, first_of, read_items_while_scrolling
from workers.flows.sdk import FatalFailure

if TYPE_CHECKING:
    from collections.abc import Iterator

    from workers.flows.profiles import AppProfile
    from workers.flows.sdk import FlowContext

MAX_SCROLLS = 2_000
VIDEO_FIELDS = ("video_item", "video_title", "video_comment_count", "video_likes", "list_end")
SEARCH_FIELDS: tuple[str, ...] = ("search_box", "search_button", "search_tab_videos")
SEARCH_FIELDS += ("video_results", "search_empty", "video_creator")
COMMENT_FIELDS: tuple[str, ...] = ("comment_list", "comment_item", "comment_author")
COMMENT_FIELDS += ("comment_text", "comment_likes", "comment_replies", "comment_total")
REPLY_FIELDS = ("reply_list", "reply_item", "reply_author", "reply_text", "reply_likes")

Row = dict[str, Any]


def _video_rules(profile: AppProfile, with_creator: bool) -> dict[str, FieldRule]:
    rules = {
        "title": FieldRule(profile.selector("video_title")),
        "comment_count": FieldRule(profile.selector("video_comment_count"), as_int=True),
        "likes": FieldRule(profile.selector("video_likes"), as_int=True),
        "video_key": FieldRule(None, attribute="description"),  # the item keeps its id there
    }
    if with_creator:
        rules["creator"] = FieldRule(profile.selector("video_creator"))
    return rules


def profile_videos(ctx: FlowContext, profile: AppProfile) -> Iterator[tuple[int, Row]]:
    """The open profile's videos, newest first, with their counts."""
    return read_items_while_scrolling(
        ctx,
        item=profile.selector("video_item"),
        fields=_video_rules(profile, with_creator=False),
        within=profile.selector("video_list"),
        end=profile.selector("list_end"),
        max_scrolls=MAX_SCROLLS,
    )


def search_videos(ctx: FlowContext, profile: AppProfile, keyword: str) -> Iterator[tuple[int, Row]]:
    """Search the app for videos with the keyword; the results, newest first."""
    open_app(ctx, profile)
    device = ctx.device
    ctx.step(f"search videos: {keyword}")
    device.set_text(profile.selector("search_box"), keyword, timeout=SCREEN_TIMEOUT)
    device.click(profile.selector("search_button"), timeout=SCREEN_TIMEOUT)
    device.click(profile.selector("search_tab_videos"), timeout=SCREEN_TIMEOUT)
    shown = first_of(
        device,
        [profile.selector("video_results"), profile.selector("search_empty")],
        timeout=SCREEN_TIMEOUT,
    )
    if shown == profile.selector("search_empty"):
        return iter(())
    return read_items_while_scrolling(
        ctx,
        item=profile.selector("video_item"),
        fields=_video_rules(profile, with_creator=True),
        within=profile.selector("video_results"),
        end=profile.selector("list_end"),
        max_scrolls=MAX_SCROLLS,
    )


def open_video_in(
    ctx: FlowContext, profile: AppProfile, videos: Iterator[tuple[int, Row]], match: Row, depth: int
) -> Row:
    """Scroll a list until the video (by key or title) shows, and open it."""
    for position, video in videos:
        if position > depth:
            break
        if video["video_key"] == match.get("video_key") or video["title"] == match.get("title"):
            target = replace(profile.selector("video_item"), description=video["video_key"])
            ctx.device.click(target, timeout=SCREEN_TIMEOUT)
            ctx.device.wait(profile.selector("comment_list"), timeout=SCREEN_TIMEOUT)
            return video
    wanted = match.get("video_key") or match.get("title")
    raise FatalFailure(
        f"video not found: {wanted!r} is not among the first {depth} videos",
        code="video_not_found",
    )


def video_counts(ctx: FlowContext, profile: AppProfile) -> tuple[int, int]:
    """The open video's comment total and likes."""
    root = ctx.device.hierarchy()
    total = root.find(profile.selector("comment_total"))
    likes = root.find(profile.selector("video_likes"))
    if total is None or likes is None:
        raise FatalFailure("the video page shows no counts", code="profile_incomplete")
    return _int(total.text), _int(likes.text)


def _int(text: str) -> int:
    digits = "".join(ch for ch in text if ch.isdigit())
    return int(digits) if digits else 0


def comments(ctx: FlowContext, profile: AppProfile) -> Iterator[tuple[int, Row]]:
    """The open video's comments in list order: id, author, text, likes, replies."""
    return read_items_while_scrolling(
        ctx,
        item=profile.selector("comment_item"),
        fields={
            "comment_id": FieldRule(None, attribute="description"),
            "author": FieldRule(profile.selector("comment_author")),
            "text": FieldRule(profile.selector("comment_text")),
            "likes": FieldRule(profile.selector("comment_likes"), as_int=True),
            "replies": FieldRule(profile.selector("comment_replies"), as_int=True, optional=True),
        },
        within=profile.selector("comment_list"),
        end=profile.selector("list_end"),
        max_scrolls=MAX_SCROLLS,
    )


def replies_of(ctx: FlowContext, profile: AppProfile, comment_id: str) -> list[Row]:
    """Open a comment's replies (its "N replies" line), read them all, and go back."""
    device = ctx.device
    line = replace(profile.selector("comment_replies"), description=comment_id)
    device.click(line, timeout=SCREEN_TIMEOUT)
    device.wait(profile.selector("reply_list"), timeout=SCREEN_TIMEOUT)
    found = [
        row
        for _position, row in read_items_while_scrolling(
            ctx,
            item=profile.selector("reply_item"),
            fields={
                "reply_id": FieldRule(None, attribute="description"),
                "author": FieldRule(profile.selector("reply_author")),
                "text": FieldRule(profile.selector("reply_text")),
                "likes": FieldRule(profile.selector("reply_likes"), as_int=True),
            },
            within=profile.selector("reply_list"),
            end=profile.selector("list_end"),
            max_scrolls=MAX_SCROLLS,
        )
    ]
    device.press("back")
    device.wait(profile.selector("comment_list"), timeout=SCREEN_TIMEOUT)
    return found
