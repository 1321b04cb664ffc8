"""Collection flows: a creator's video titles, then the comments of one video."""

from __future__ import annotations

from pydantic import Field

from workers.flows.sdk import Flow, FlowContext, FlowItem, FlowParams, param


class TitlesParams(FlowParams):
    """Parameters of ``collect.titles``."""

    creator: str = param(
        label="Creator",
        help="The creator's id in the app, as shown on their profile.",
        author_id=True,
        min_length=1,
        max_length=64,
    )
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


class TitleItem(FlowItem):
    """One collected video title."""

    key_field = "video_key"
    title: str
    comment_count: int = Field(ge=0)
    video_key: str


class CommentsParams(FlowParams):
    """Parameters of ``collect.comments``."""

    creator: str = param(
        label="Creator",
        help="The creator's id in the app.",
        author_id=True,
        min_length=1,
        max_length=64,
    )
    title: str = param(label="Video title", help="The exact title of the video.", min_length=1)
    scan_limit: int = param(
        50,
        label="Videos to scan",
        help="How many of the creator's videos to look through for the title.",
        ge=1,
        le=10_000,
    )
    max_comments: int = param(
        50, label="Comments", help="How many comments to collect at most.", ge=1, le=100_000
    )


class CommentItem(FlowItem):
    """One collected comment; ``position`` is its place in the app's list, from 1."""

    key_field = "position"
    author: str
    text: str
    likes: int = Field(ge=0)
    position: int = Field(ge=1)


def run_titles(ctx: FlowContext) -> None:
    """Collect video titles from a creator's profile."""
    raise NotImplementedError("collect.titles lands with the flow runtime (issue 5)")


def run_comments(ctx: FlowContext) -> None:
    """Collect the comments of one video."""
    raise NotImplementedError("collect.comments lands with the flow runtime (issue 5)")


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
