"""Collection flows: a creator's video titles, then the comments of one video."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from pydantic import Field

from workers.flows.app_screens import open_creator, profile_for
from workers.flows.builtin.watch_screens import (
    PostedFields,
    open_video_in,
    posted,
    profile_videos,
    replies_of,
)
from workers.flows.builtin.watch_screens import comments as read_comments
from workers.flows.counts import Count
from workers.flows.sdk import Flow, FlowContext, FlowParams, param

if TYPE_CHECKING:
    from workers.flows.profiles import AppProfile


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


class TitleItem(PostedFields):
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


class CommentItem(PostedFields):
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
    profile = profile_for(ctx, params.app, "collect.titles")
    open_creator(ctx, profile, params.creator)
    ctx.step("read the video list")
    collected = 0
    memory = collected_memory(params.app, params.creator)
    for position, video in profile_videos(ctx, profile, params.creator):
        shown = Count(video["comment_count"], video["comment_count_at_least"])
        if not qualifies(shown, params.min_comments):
            continue
        if params.skip_collected and ctx.seen(memory, [video["video_key"]]):
            continue
        # Every collected title is remembered, so a later skip_collected batch knows it;
        # with skip_collected, a title another batch stored meanwhile is not stored twice.
        item = TitleItem(
            title=video["title"],
            comment_count=video["comment_count"],
            video_key=video["video_key"],
            position=position,
            **posted(video),
        )
        only_new = params.skip_collected
        if not ctx.emit_new(item, monitor=memory, label=video["title"], only_new=only_new):
            continue
        collected += 1
        if collected >= params.count:
            return
    ctx.log(f"the list ended after {collected} qualifying titles of {params.count} asked")


def qualifies(comment_count: Count | int, min_comments: int) -> bool:
    """True when a video's visible count is certainly at least 10% above ``min_comments``.

    The visible count includes replies, hence the operators' 10% margin. A capped count
    ("10万+") is a lower bound: it qualifies when the bound does, since the true count
    is at least that; when the bound falls short, the app cannot tell, and the video
    is left out rather than reported on a guess. Whole numbers only:
    ``min_comments * 1.1`` in floating point is 110.00000000000001 for 100, so a video
    with exactly 110 comments failed.
    """
    shown = comment_count if isinstance(comment_count, Count) else Count(comment_count)
    return shown.reaches(min_comments * 11)


def run_comments(ctx: FlowContext) -> None:
    """Find a video by title among the creator's first videos and collect its comments."""
    params = cast(CommentsParams, ctx.params)
    profile = profile_for(ctx, params.app, "collect.comments")
    open_creator(ctx, profile, params.creator)
    ctx.step("find the video")
    depth = params.position + params.scan_limit
    videos = profile_videos(ctx, profile, params.creator)
    open_video_in(ctx, profile, videos, {"title": params.title}, depth)
    ctx.step("read the comments")
    for position, comment in read_comments(ctx, profile):
        ctx.emit(
            CommentItem(
                comment_key=str(position),
                author=comment["author"],
                text=comment["text"],
                likes=comment["likes"],
                position=position,
                **posted(comment),
            )
        )
        if params.include_replies and comment["replies"]:
            _emit_replies(ctx, profile, position, comment)
        if position >= params.max_comments:
            return


def _emit_replies(
    ctx: FlowContext, profile: AppProfile, position: int, comment: dict[str, Any]
) -> None:
    for number, reply in enumerate(replies_of(ctx, profile, comment), start=1):
        ctx.emit(
            CommentItem(
                comment_key=f"{position}.{number}",
                author=reply["author"],
                text=reply["text"],
                likes=reply["likes"],
                position=position,
                reply=number,
                **posted(reply),
            )
        )


def collected_memory(app: str, creator: str) -> str:
    """The seen-store name under which collect.titles remembers a creator's titles."""
    return f"collect.titles:{app}:{creator}"


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
