"""Monitoring flows: watch accounts, keywords and posts; emit only what is new.

Each flow remembers what it saw in the seen-store under a monitor name made of the
flow, its parameters and the watched thing (a creator, a keyword, a post), so memory
holds across batches, restarts and PCs. A monitor's first run is its first look: it
remembers what is there and reports nothing; every later run reports what appeared
since (hits, one output item each). New items are emitted oldest first, so a run cut
short leaves the newest unreported, and the next run, which reads from the top until
it meets a known item, still finds them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from pydantic import ConfigDict, field_validator, model_validator

from workers.flows.app_screens import open_creator, profile_for
from workers.flows.builtin.watch_screens import (
    PostedFields,
    comments,
    open_video_in,
    posted,
    profile_videos,
    replies_of,
    search_videos,
    video_counts,
)
from workers.flows.sdk import Flow, FlowContext, FlowParams, param, text_or_list

if TYPE_CHECKING:
    from collections.abc import Iterator

    from workers.flows.profiles import AppProfile

FIRST_LOOK = "@first-look"  # remembered once a monitor has looked
WATCHED = "watch-comments"  # a reported video's value: its comments are watched
POST_DEPTH = 500  # how far down a profile monitor.post looks for its video


def _split_text(field: str, max_items: int) -> Any:
    """A before-validator of ``field``: comma-separated text becomes a list."""
    return field_validator(field, mode="before", json_schema_input_type=text_or_list(max_items))(
        lambda cls, v: _split(v)
    )


def _split(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class AccountParams(FlowParams):
    """Parameters of ``monitor.account``."""

    app: str = param("simvideo", label="App", help="The app profile to watch.")
    creators: list[str] = param(
        label="Creators",
        help="Creator ids to watch (comma-separated on the command line).",
        min_length=1,
        max_length=200,
    )
    scan_limit: int = param(
        20, label="Videos to scan", help="Read at most this many newest videos.", ge=1, le=1000
    )
    recent: int = param(
        3,
        label="Recent videos",
        help="Report comment and like count changes of this many newest videos.",
        ge=0,
        le=100,
    )
    with_comments: bool = param(
        False, label="With comments", help="Also collect the new videos' comments."
    )

    _split_creators = _split_text("creators", 200)


class KeywordParams(FlowParams):
    """Parameters of ``monitor.keyword``."""

    app: str = param("simvideo", label="App", help="The app profile to search.")
    keywords: list[str] = param(
        label="Keywords",
        help="Words to search for (comma-separated on the command line).",
        min_length=1,
        max_length=100,
    )
    scan_limit: int = param(
        30, label="Results to scan", help="Read at most this many newest results.", ge=1, le=1000
    )
    with_comments: bool = param(
        False,
        label="With comments",
        help="Also report the new videos' comments that contain the keyword.",
    )

    _split_keywords = _split_text("keywords", 100)


class PostParams(FlowParams):
    """Parameters of ``monitor.post``."""

    # The API's documents say what _title_or_key checks: exactly one of them is text.
    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": [name], "properties": {name: {"type": "string"}}}
                for name in ("title", "key")
            ]
        }
    )

    app: str = param("simvideo", label="App", help="The app profile to watch.")
    creator: str = param(
        label="Creator", help="The post's creator id.", author_id=True, min_length=1, max_length=64
    )
    title: str | None = param(None, label="Title", help="The post's exact title (or give key).")
    key: str | None = param(None, label="Key", help="The post's item key, e.g. c003v017.")
    with_replies: bool = param(
        False, label="With replies", help="Also report new replies under its comments."
    )

    @model_validator(mode="after")
    def _title_or_key(self) -> PostParams:
        if (self.title is None) == (self.key is None):
            raise ValueError("give exactly one of title and key")
        return self


class WatchHit(PostedFields):
    """One hit: a new video, a comment, a reply, or a post's counts (with when a video,
    comment or reply was posted, where the app shows it: see ``PostedFields``)."""

    key_field = "hit_key"
    hit_key: str
    kind: str  # video | counts | comment | reply
    creator: str
    video_key: str
    title: str = ""
    comment_count: int | None = None
    likes: int | None = None
    previous_comment_count: int | None = None
    previous_likes: int | None = None
    keyword: str | None = None
    comment_id: str | None = None
    author: str | None = None
    text: str | None = None


def monitor_name(flow: str, params: FlowParams, watched: str) -> str:
    """A monitor's name in the seen-store: flow, a digest of its parameters, and what."""
    digest = hashlib.sha1(
        json.dumps(params.model_dump(mode="json"), sort_keys=True).encode(), usedforsecurity=False
    ).hexdigest()[:12]
    return f"{flow}:{digest}:{watched}"


@dataclass(frozen=True)
class Look:
    """One watched thing (a creator, a keyword, a post) on this run: its monitor name in
    the seen-store, and whether this is the monitor's first look (remember, report nothing)."""

    watched: str
    monitor: str
    first: bool


def look_at(ctx: FlowContext, flow: str, params: FlowParams, watched: str) -> Look:
    monitor = monitor_name(flow, params, watched)
    return Look(watched, monitor, FIRST_LOOK not in ctx.seen(monitor, [FIRST_LOOK]))


def _fresh(
    ctx: FlowContext,
    monitor: str,
    videos: Iterator[tuple[int, dict[str, Any]]],
    scan: int,
    depth: int,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(videos not seen before, newest first; the newest ``depth`` videos)."""
    fresh: list[dict[str, Any]] = []
    newest: list[dict[str, Any]] = []
    met_known = False
    for position, video in videos:
        if position <= depth:
            newest.append(video)
        if not met_known and position <= scan:
            if ctx.seen(monitor, [f"video:{video['video_key']}"]):
                met_known = True
            else:
                fresh.append(video)
        if (met_known or position >= scan) and position >= depth:
            break
    return fresh, newest


def _video_hit(video: dict[str, Any], creator: str, keyword: str | None = None) -> WatchHit:
    return WatchHit(
        hit_key=f"video:{video['video_key']}",
        kind="video",
        creator=creator,
        video_key=video["video_key"],
        title=video["title"],
        comment_count=video["comment_count"],
        likes=video["likes"],
        keyword=keyword,
        **posted(video),
    )


def _report_new_videos(
    ctx: FlowContext,
    look: Look,
    videos: Iterator[tuple[int, dict[str, Any]]],
    *,
    scan: int,
    depth: int,
    counted: int = 0,
    keyword: str | None = None,
    watch_comments: bool = False,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | None:
    """Read a newest-first list until a video the monitor has seen (or ``scan`` deep; at
    least ``depth`` deep) and report the new ones, oldest first. On a first look remember
    them (and the counts of the newest ``counted``) and return None; else return (new
    videos, newest first; the ``depth`` newest videos). A video reported with
    ``watch_comments`` is marked so that later runs watch its comments."""
    fresh, listed = _fresh(ctx, look.monitor, videos, scan, depth)
    if look.first:
        _remember_videos(ctx, look.monitor, fresh, listed[:counted])
        ctx.log(f"{look.watched}: first look, {len(fresh)} videos remembered")
        return None
    value = WATCHED if watch_comments else ""
    for video in reversed(fresh):
        hit = _video_hit(video, video["creator"], keyword)
        ctx.emit_new(hit, monitor=look.monitor, value=value, label=video["title"])
    return fresh, listed


def run_account(ctx: FlowContext) -> None:
    """For each creator: new videos since the last run, and count changes of the newest."""
    params = cast(AccountParams, ctx.params)
    profile = profile_for(ctx, params.app, "monitor.account")
    for creator in params.creators:
        look = look_at(ctx, "monitor.account", params, creator)
        open_creator(ctx, profile, creator)
        ctx.step(f"read {creator}'s newest videos")
        videos = profile_videos(ctx, profile, creator)
        found = _report_new_videos(
            ctx,
            look,
            videos,
            scan=params.scan_limit,
            depth=params.scan_limit if params.with_comments else params.recent,
            counted=params.recent,
            watch_comments=params.with_comments,
        )
        if found is None:
            continue
        fresh, listed = found
        fresh_keys = {v["video_key"] for v in fresh}
        _count_changes(ctx, look.monitor, creator, listed[: params.recent], fresh_keys)
        if params.with_comments:
            _watch_comments(ctx, profile, look.monitor, listed, None)


def _remember_videos(
    ctx: FlowContext, monitor: str, fresh: list[dict[str, Any]], newest: list[dict[str, Any]]
) -> None:
    entries: list[tuple[str, str, str | None]] = [
        (f"video:{v['video_key']}", "", v["title"]) for v in fresh
    ]
    entries += [(f"counts:{v['video_key']}", _counts(v), None) for v in newest]
    ctx.remember(monitor, [*entries, (FIRST_LOOK, "", None)])


def _counts(video: dict[str, Any]) -> str:
    return f"{video['comment_count']}/{video['likes']}"


def _count_changes(
    ctx: FlowContext, monitor: str, creator: str, newest: list[dict[str, Any]], fresh: set[str]
) -> None:
    for video in newest:
        key = f"counts:{video['video_key']}"
        before = ctx.seen(monitor, [key]).get(key)
        if before is None or video["video_key"] in fresh:
            ctx.remember(monitor, [(key, _counts(video), None)])
            continue
        if before == _counts(video):
            continue
        comments_before, likes_before = (int(part) for part in before.split("/"))
        hit = WatchHit(
            hit_key=f"{key}:{_counts(video)}",
            kind="counts",
            creator=creator,
            video_key=video["video_key"],
            title=video["title"],
            comment_count=video["comment_count"],
            likes=video["likes"],
            previous_comment_count=comments_before,
            previous_likes=likes_before,
        )
        if ctx.emit_new(hit, monitor=monitor, only_new=False):
            ctx.remember(monitor, [(key, _counts(video), None)])


def _watch_comments(
    ctx: FlowContext,
    profile: AppProfile,
    monitor: str,
    listed: list[dict[str, Any]],
    keyword: str | None,
) -> None:
    """Report the comments not seen yet under the listed videos this monitor reported
    (oldest video first): a new one's all, an earlier one's when its comment count moved
    since they were last read (a video is opened only then)."""
    keys = [f"{kind}:{v['video_key']}" for v in listed for kind in ("video", "comments")]
    known = ctx.seen(monitor, keys)
    for video in reversed(listed):
        key = video["video_key"]
        if known.get(f"video:{key}") != WATCHED:
            continue  # a video of the first look, or reported without comments
        count = str(video["comment_count"])
        if known.get(f"comments:{key}") == count:
            continue
        _comment_hits(ctx, profile, monitor, video["creator"], video, keyword)
        ctx.remember(monitor, [(f"comments:{key}", count, None)])


def _comment_hits(
    ctx: FlowContext,
    profile: AppProfile,
    monitor: str,
    creator: str,
    video: dict[str, Any],
    keyword: str | None,
) -> None:
    """Open a video (from its creator's profile) and report its comments not seen yet."""
    open_creator(ctx, profile, creator)
    ctx.step(f"read the comments of {video['video_key']}")
    open_video_in(ctx, profile, profile_videos(ctx, profile, creator), video, POST_DEPTH)
    needle = keyword.casefold() if keyword else None
    listed = [c for _p, c in comments(ctx, profile)]
    wanted = [c for c in listed if needle is None or needle in c["text"].casefold()]
    _emit_unseen(ctx, monitor, [_comment_hit(c, creator, video, keyword) for c in wanted])


def _emit_unseen(ctx: FlowContext, monitor: str, hits: list[WatchHit]) -> None:
    """Emit the hits whose keys the monitor has not seen (one look-up for all)."""
    known = ctx.seen(monitor, [hit.hit_key for hit in hits])
    for hit in hits:
        if hit.hit_key not in known:
            ctx.emit_new(hit, monitor=monitor)


def _comment_hit(
    comment: dict[str, Any], creator: str, video: dict[str, Any], keyword: str | None = None
) -> WatchHit:
    return WatchHit(
        hit_key=f"comment:{comment['comment_id']}",
        kind="comment",
        creator=creator,
        video_key=video["video_key"],
        title=video.get("title", ""),
        likes=comment["likes"],
        keyword=keyword,
        comment_id=comment["comment_id"],
        author=comment["author"],
        text=comment["text"],
        **posted(comment),
    )


def run_keyword(ctx: FlowContext) -> None:
    """For each keyword: videos found by the app's search since the last run."""
    params = cast(KeywordParams, ctx.params)
    profile = profile_for(ctx, params.app, "monitor.keyword")
    for keyword in params.keywords:
        look = look_at(ctx, "monitor.keyword", params, keyword)
        videos = search_videos(ctx, profile, keyword)
        found = _report_new_videos(
            ctx,
            look,
            videos,
            scan=params.scan_limit,
            depth=params.scan_limit if params.with_comments else 0,
            keyword=keyword,
            watch_comments=params.with_comments,
        )
        if found is not None and params.with_comments:
            _watch_comments(ctx, profile, look.monitor, found[1], keyword)


def run_post(ctx: FlowContext) -> None:
    """A post's counts every run, and its comments (and replies) new since the last run."""
    params = cast(PostParams, ctx.params)
    profile = profile_for(ctx, params.app, "monitor.post")
    look = look_at(ctx, "monitor.post", params, params.key or params.title or "")
    monitor, first = look.monitor, look.first
    open_creator(ctx, profile, params.creator)
    ctx.step("find the post")
    match = {"video_key": params.key, "title": params.title}
    videos = profile_videos(ctx, profile, params.creator)
    video = open_video_in(ctx, profile, videos, match, POST_DEPTH)
    total, likes = video_counts(ctx, profile)
    ctx.emit_new(  # every run's counts are a hit (and a monitor.hit event)
        WatchHit(
            hit_key=f"counts:{video['video_key']}",
            kind="counts",
            creator=params.creator,
            video_key=video["video_key"],
            title=video["title"],
            comment_count=total,
            likes=likes,
        ),
        monitor=monitor,
        value=f"{total}/{likes}",
        only_new=False,
    )
    ctx.step("read the comments")
    listed: list[dict[str, Any]] = []
    reply_entries: list[tuple[str, str, str | None]] = []
    for _position, comment in comments(ctx, profile):
        listed.append(comment)
        # A comment's "N replies" line can be tapped only while it is on screen: now.
        if params.with_replies and comment["replies"]:
            if first:
                rows = replies_of(ctx, profile, comment)
                reply_entries += [(f"reply:{r['reply_id']}", "", None) for r in rows]
            else:
                _new_replies(ctx, profile, monitor, params.creator, video, comment)
    if first:
        entries: list[tuple[str, str, str | None]] = [
            (f"comment:{c['comment_id']}", "", None) for c in listed
        ]
        if params.with_replies:
            entries += [
                (f"replies:{c['comment_id']}", str(c["replies"] or 0), None) for c in listed
            ]
        ctx.remember(monitor, [*entries, *reply_entries, (FIRST_LOOK, "", None)])
        return
    _emit_unseen(ctx, monitor, [_comment_hit(c, params.creator, video) for c in reversed(listed)])


def _new_replies(
    ctx: FlowContext,
    profile: AppProfile,
    monitor: str,
    creator: str,
    video: dict[str, Any],
    comment: dict[str, Any],
) -> None:
    """If the comment's reply count changed since the last run, report its new replies."""
    key = f"replies:{comment['comment_id']}"
    count = str(comment["replies"] or 0)
    if ctx.seen(monitor, [key]).get(key, "0") == count:
        return
    hits = [
        WatchHit(
            hit_key=f"reply:{reply['reply_id']}",
            kind="reply",
            creator=creator,
            video_key=video["video_key"],
            title=video["title"],
            likes=reply["likes"],
            comment_id=comment["comment_id"],
            author=reply["author"],
            text=reply["text"],
            **posted(reply),
        )
        for reply in replies_of(ctx, profile, comment)
    ]
    _emit_unseen(ctx, monitor, hits)
    ctx.remember(monitor, [(key, count, None)])


FLOWS = [
    Flow(
        name="monitor.account",
        description="Watch creators: their new videos, and count changes of the newest.",
        params=AccountParams,
        item=WatchHit,
        run=run_account,
    ),
    Flow(
        name="monitor.keyword",
        description="Watch the app's search for keywords: new matching videos.",
        params=KeywordParams,
        item=WatchHit,
        run=run_keyword,
    ),
    Flow(
        name="monitor.post",
        description="Watch one post: its counts each run, and new comments and replies.",
        params=PostParams,
        item=WatchHit,
        run=run_post,
    ),
]
