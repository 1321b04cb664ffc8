"""Collection flows: a creator's video titles, then the comments of one video."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from pydantic import Field

from workers.flows.builtin.navigation import SCREEN_TIMEOUT, open_creator, profile_with
from workers.flows.builtin.watch_screens import REPLY_FIELDS, replies_of
from workers.flows.screen import FieldRule, read_items_while_scrolling
from workers.flows.sdk import FatalFailure, Flow, FlowContext, FlowItem, FlowParams, param

if TYPE_CHECKING:
    from collections.abc import Iterator

    from workers.flows.profiles import AppProfile

MAX_SCROLLS = 2_000
_NAVIGATION = ("search_box", "search_button", "creator_id", "video_list", "restricted_notice")
_VIDEOS = ("video_item", "video_title", "video_comment_count", "list_end")
TITLES_SELECTORS = _NAVIGATION + _VIDEOS
COMMENTS_SELECTORS = TITLES_SELECTORS + (
    "comment_list",
    "comment_item",
    "comment_author",
    "comment_text",
    "comment_likes",
)
REPLY_SELECTORS = ("comment_replies", *REPLY_FIELDS)


class CreatorParams(FlowParams):
    """Which app, and whose content: the fields every collection flow starts with."""

    app: str = param("simvideo", label="App", help="The app profile to collect from.")
    creator: str = param(
        label="Creator",
        help="The creator's id in the app, as shown on their profile.",
        author_id=True,
        min_length=1,
        max_length=64,
    )


class TitlesParams(CreatorParams):
    """Parameters of ``collect.titles``."""

    count: int = param(
        20, label="Titles", help="How many qualifying titles to collect.", ge=1, le=10_000
    )
    min_comments: int = param(
        0,
        label="Minimum comments",
        help="Only videos with at least 10% more comments than this (the visible count "
        "includes replies); 0 = every video.",
        ge=0,
    )
    skip_collected: bool = param(
        False,
        label="Skip collected",
        help="Skip titles any earlier batch collected for this creator; the count fills "
        "with new ones.",
    )


class TitleItem(FlowItem):
    """One collected video title; ``position`` is its place in the creator's list, from 1.

    ``collect.comments`` takes ``position`` (mapped on by name) so that it looks for the
    video as deep as it was found, whatever its own ``scan_limit``.
    """

    key_field = "video_key"
    title: str
    comment_count: int = Field(ge=0)
    video_key: str
    position: int = Field(ge=1)


class CommentsParams(CreatorParams):
    """Parameters of ``collect.comments``."""

    title: str = param(label="Video title", help="The exact title of the video.", min_length=1)
    scan_limit: int = param(
        50,
        label="Videos to scan",
        help="How many of the creator's videos to look through for the title (beyond "
        "Position, when it is given).",
        ge=1,
        le=10_000,
    )
    position: int = param(
        0,
        label="Position",
        help="Where collect.titles found the video in the creator's list (0 = unknown): "
        "the search goes that deep plus the videos to scan, so newer videos pushing it "
        "down do not hide it.",
        ge=0,
        le=1_000_000,
    )
    max_comments: int = param(
        50, label="Comments", help="How many comments to collect at most.", ge=1, le=100_000
    )
    include_replies: bool = param(
        False,
        label="Include replies",
        help="Also open each comment's replies (盖楼) and collect them after it.",
    )


class CommentItem(FlowItem):
    """One collected comment; ``position`` is its place in the app's list, from 1.

    A reply carries its comment's position and ``reply`` (its place under it, from 1);
    the key is "12" for a comment and "12.3" for its third reply.
    """

    key_field = "comment_key"
    comment_key: str
    author: str
    text: str
    likes: int = Field(ge=0)
    position: int = Field(ge=1)
    reply: int | None = Field(default=None, ge=1)


def run_titles(ctx: FlowContext) -> None:
    """Collect qualifying video titles from a creator's profile, in the app's order."""
    params = cast(TitlesParams, ctx.params)
    profile = profile_with(ctx, params.app, TITLES_SELECTORS)
    open_creator(ctx, profile, params.creator)
    ctx.step("read the video list")
    collected = 0
    memory = collected_memory(params.app, params.creator)
    for position, video in _videos(ctx, profile):
        if not qualifies(video["comment_count"], params.min_comments):
            continue
        if params.skip_collected and ctx.seen(memory, [video["video_key"]]):
            continue
        # Every collected title is remembered, so a later skip_collected batch knows it;
        # with skip_collected, a title another batch stored meanwhile is not stored twice.
        item = TitleItem(position=position, **video)
        only_new = params.skip_collected
        if not ctx.emit_new(item, monitor=memory, label=video["title"], only_new=only_new):
            continue
        collected += 1
        if collected >= params.count:
            return
    ctx.log(f"the list ended after {collected} qualifying titles of {params.count} asked")


def qualifies(comment_count: int, min_comments: int) -> bool:
    """True when a video's visible count is at least 10% above ``min_comments``.

    The visible count includes replies, hence the operators' 10% margin. Whole numbers
    only: ``min_comments * 1.1`` in floating point is 110.00000000000001 for 100, so a
    video with exactly 110 comments failed.
    """
    return comment_count * 10 >= min_comments * 11


def run_comments(ctx: FlowContext) -> None:
    """Find a video by title among the creator's first videos and collect its comments."""
    params = cast(CommentsParams, ctx.params)
    needed = COMMENTS_SELECTORS + (REPLY_SELECTORS if params.include_replies else ())
    profile = profile_with(ctx, params.app, needed)
    open_creator(ctx, profile, params.creator)
    ctx.step("find the video")
    _open_video(ctx, profile, params.title, params.position + params.scan_limit)
    ctx.step("read the comments")
    fields = {
        "author": FieldRule(profile.selector("comment_author")),
        "text": FieldRule(profile.selector("comment_text")),
        "likes": FieldRule(profile.selector("comment_likes"), as_int=True),
    }
    if params.include_replies:
        fields["comment_id"] = FieldRule(None, attribute="description")
        fields["replies"] = FieldRule(
            profile.selector("comment_replies"), as_int=True, optional=True
        )
    comments = read_items_while_scrolling(
        ctx,
        item=profile.selector("comment_item"),
        fields=fields,
        within=profile.selector("comment_list"),
        end=profile.selector("list_end"),
        max_scrolls=MAX_SCROLLS,
    )
    for position, comment in comments:
        replies, comment_id = comment.pop("replies", None), comment.pop("comment_id", "")
        ctx.emit(CommentItem(comment_key=str(position), position=position, **comment))
        if params.include_replies and replies:
            _emit_replies(ctx, profile, position, comment_id)
        if position >= params.max_comments:
            return


def _emit_replies(ctx: FlowContext, profile: AppProfile, position: int, comment_id: str) -> None:
    for number, reply in enumerate(replies_of(ctx, profile, comment_id), start=1):
        ctx.emit(
            CommentItem(
                comment_key=f"{position}.{number}",
                author=reply["author"],
                text=reply["text"],
                likes=reply["likes"],
                position=position,
                reply=number,
            )
        )


def collected_memory(app: str, creator: str) -> str:
    """The seen-store name under which collect.titles remembers a creator's titles."""
    return f"collect.titles:{app}:{creator}"


def _videos(ctx: FlowContext, profile: AppProfile) -> Iterator[tuple[int, dict[str, Any]]]:
    return read_items_while_scrolling(
        ctx,
        item=profile.selector("video_item"),
        fields={
            "title": FieldRule(profile.selector("video_title")),
            "comment_count": FieldRule(profile.selector("video_comment_count"), as_int=True),
            # The app keeps each video's id in the list item's description.
            "video_key": FieldRule(None, attribute="description"),
        },
        within=profile.selector("video_list"),
        end=profile.selector("list_end"),
        max_scrolls=MAX_SCROLLS,
    )


def _open_video(ctx: FlowContext, profile: AppProfile, title: str, scan_limit: int) -> None:
    for position, video in _videos(ctx, profile):
        if position > scan_limit:
            break
        if video["title"] == title:
            target = replace(profile.selector("video_title"), text=title)
            ctx.device.click(target, timeout=SCREEN_TIMEOUT)
            ctx.device.wait(profile.selector("comment_list"), timeout=SCREEN_TIMEOUT)
            return
    raise FatalFailure(
        f"video not found: {title!r} is not among the first {scan_limit} videos",
        code="video_not_found",
    )


FLOWS = [
    Flow(
        name="collect.titles",
        description="Collect a creator's video titles with their comment counts.",
        params=TitlesParams,
        item=TitleItem,
        run=run_titles,
    ),
    Flow(
        name="collect.comments",
        description="Collect the comments of one of a creator's videos.",
        params=CommentsParams,
        item=CommentItem,
        run=run_comments,
    ),
]
