"""SimVideo's content over time: what is posted after the origin, deterministic per seed.

The base catalog is what the app shows at ``ORIGIN``. Every simulated hour after it
brings, from an rng seeded by (seed, hour): about three new videos per creator a day
(on top of the profile and in search), 15-45 new comments on the newest videos (on
top of the comment list) and 5-20 replies under recent comments; likes grow with a
video's age. So the content at any time is a pure function of (seed, time): phones
of any process, and ``sim catalog --at``, agree on it.
"""

from __future__ import annotations

import bisect
import functools
import random
import threading
from collections import defaultdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from workers.sim.clock import ORIGIN
from workers.sim.simvideo.catalog import (
    Video,
    catalog_for,
    make_title,
    new_comment,
    new_reply,
    origin_replies,
    peak_likes,
)

if TYPE_CHECKING:
    from workers.sim.simvideo.catalog import Catalog, Comment, Creator, Reply

HOUR = timedelta(hours=1)
NEW_VIDEO_CHANCE = 1 / 8  # per creator per hour: about three a day each
COMMENTED_VIDEOS = 4  # new comments land on a creator's newest videos
REPLIED_COMMENTS = 10  # replies land under the top comments of those videos


class Timeline:
    """The seed's content at any moment; events are generated hour by hour, on demand."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._lock = threading.Lock()
        self._hours = 0  # hours [0, _hours) after the origin are generated
        self._videos: dict[str, list[Video]] = defaultdict(list)  # creator -> oldest first
        self._by_key: dict[str, Video] = {}
        self._comments: dict[str, list[Comment]] = defaultdict(list)  # video -> oldest first
        self._replies: dict[str, list[Reply]] = defaultdict(list)  # comment -> oldest first
        self._origin_replies: dict[str, list[Reply]] = {}

    # ------------------------------------------------------------------ reading
    def videos(self, creator: Creator, moment: datetime) -> list[Video]:
        """A creator's videos posted by ``moment``, newest first (the profile's order)."""
        self._reach(moment)
        new = _until(self._videos.get(creator.id, []), moment)
        return [*reversed(new), *creator.videos]

    def video(self, key: str) -> Video | None:
        """Any video of the seed, old or new (new ones once generated)."""
        return self.catalog.video(key) or self._by_key.get(key)

    def comments(self, video: Video, moment: datetime) -> list[Comment]:
        """The comment list at ``moment``: new comments newest first, then the old ones."""
        self._reach(moment)
        new = _until(self._comments.get(video.key, []), moment)
        return [*reversed(new), *video.comments]

    def replies(self, comment: Comment, moment: datetime) -> list[Reply]:
        """The replies under a comment at ``moment``, oldest first."""
        self._reach(moment)
        old = self._old_replies(comment)
        return [*old, *_until(self._replies.get(comment.id, []), moment)]

    def reply_count(self, comment: Comment, moment: datetime) -> int:
        """How many replies a comment shows at ``moment``."""
        self._reach(moment)
        return comment.replies + len(_until(self._replies.get(comment.id, []), moment))

    def comment_count(self, video: Video, moment: datetime) -> int:
        """The count the app shows: listed comments plus all their replies."""
        comments = self.comments(video, moment)
        return len(comments) + sum(self.reply_count(c, moment) for c in comments)

    def search_videos(self, query: str, moment: datetime) -> list[Video]:
        """Videos whose title contains the query (case-insensitive), newest first.

        The search's ranking rule: posting time, newest first (the app's "latest"
        order); equal times by video key.
        """
        needle = query.strip().casefold()
        if not needle:
            return []
        found = [
            video
            for creator in self.catalog.creators
            for video in self.videos(creator, moment)
            if needle in video.title.casefold()
        ]
        return sorted(found, key=lambda v: (-v.posted_at.timestamp(), v.key))

    def to_json(self, moment: datetime) -> dict[str, Any]:
        """The catalog's documented shape as the phones show it at ``moment``."""
        doc: dict[str, Any] = {"seed": self.catalog.seed, "at": _iso(moment)}
        doc["creators"] = [
            {
                "id": c.id,
                "name": c.name,
                "followers": c.followers,
                "videos": [self._video_json(v, moment) for v in self.videos(c, moment)],
            }
            for c in self.catalog.creators
        ]
        doc["accounts"] = self.catalog.accounts_json()
        return doc

    def _video_json(self, video: Video, moment: datetime) -> dict[str, Any]:
        comments = self.comments(video, moment)
        return {
            "key": video.key,
            "title": video.title,
            "comment_count": self.comment_count(video, moment),
            "likes": video.likes_at(moment),
            "posted_at": _iso(video.posted_at),
            "comments": [self._comment_json(c, moment) for c in comments],
        }

    def _comment_json(self, comment: Comment, moment: datetime) -> dict[str, Any]:
        replies = self.replies(comment, moment)
        return {
            "id": comment.id,
            "author": comment.author,
            "text": comment.text,
            "likes": comment.likes,
            "replies": len(replies),
            "posted_at": _iso(comment.posted_at),
            "reply_list": [
                {"id": r.id, "author": r.author, "text": r.text, "likes": r.likes} for r in replies
            ],
        }

    def _old_replies(self, comment: Comment) -> list[Reply]:
        if not comment.replies:
            return []
        cached = self._origin_replies.get(comment.id)
        if cached is None:
            video = self.video(comment.id.rsplit("-", 1)[0])
            since = video.posted_at if video is not None else ORIGIN - timedelta(days=1)
            cached = origin_replies(comment, since)
            self._origin_replies[comment.id] = cached
        return cached

    # ------------------------------------------------------------------ generating
    def _reach(self, moment: datetime) -> None:
        """Generate every hour up to the one ``moment`` falls in."""
        needed = int((moment - ORIGIN) / HOUR) + 1
        if needed <= self._hours:
            return
        with self._lock:
            while self._hours < needed:
                self._generate(self._hours)
                self._hours += 1

    def _generate(self, hour: int) -> None:
        rng = random.Random(f"simvideo:{self.catalog.seed}:hour:{hour}")
        start = ORIGIN + hour * HOUR
        videos = [
            self._new_video(rng, creator, start)
            for creator in self.catalog.creators
            if rng.random() < NEW_VIDEO_CHANCE
        ]
        comments = self._new_comments(rng, start)
        replies = self._new_replies(rng, start)
        for video in sorted(videos, key=lambda v: v.posted_at):
            self._videos[video.creator_id].append(video)
            self._by_key[video.key] = video
        for key, comment in sorted(comments, key=lambda kc: kc[1].posted_at):
            self._comments[key].append(comment)
        for parent_id, reply in sorted(replies, key=lambda pr: pr[1].posted_at):
            self._replies[parent_id].append(reply)

    def _new_comments(self, rng: random.Random, start: datetime) -> list[tuple[str, Comment]]:
        made: list[tuple[str, Comment]] = []
        counts: dict[str, int] = defaultdict(int)
        for _ in range(rng.randint(15, 45)):
            key = self._pick_video(rng, start).key
            counts[key] += 1
            number = len(self._comments[key]) + counts[key]
            made.append((key, new_comment(rng, f"{key}-n{number}", _moment_in(rng, start))))
        return made

    def _new_replies(self, rng: random.Random, start: datetime) -> list[tuple[str, Reply]]:
        made: list[tuple[str, Reply]] = []
        counts: dict[str, int] = defaultdict(int)
        for _ in range(rng.randint(5, 20)):
            listed = self.comments_before(self._pick_video(rng, start), start)[:REPLIED_COMMENTS]
            if not listed:
                continue
            parent = rng.choice(listed)
            counts[parent.id] += 1
            number = parent.replies + len(self._replies.get(parent.id, [])) + counts[parent.id]
            reply = new_reply(rng, f"{parent.id}-r{number}", _moment_in(rng, start))
            made.append((parent.id, reply))
        return made

    def comments_before(self, video: Video, start: datetime) -> list[Comment]:
        """The comment list just before ``start`` (already generated hours only)."""
        new = [c for c in self._comments.get(video.key, []) if c.posted_at < start]
        return [*reversed(new), *video.comments]

    def _new_video(self, rng: random.Random, creator: Creator, start: datetime) -> Video:
        number = len(self._videos[creator.id]) + 1
        key = f"{creator.id}v{1000 + number}"
        return Video(
            key=key,
            title=make_title(rng, len(creator.videos) + number),
            creator_id=creator.id,
            comment_seed=f"simvideo:{self.catalog.seed}:{key}",
            listed=0,
            posted_at=_moment_in(rng, start),
            peak_likes=peak_likes(rng),
        )

    def _pick_video(self, rng: random.Random, start: datetime) -> Video:
        creator = rng.choice(self.catalog.creators)
        newest = [*reversed(self._videos.get(creator.id, [])), *creator.videos]
        return rng.choice(newest[:COMMENTED_VIDEOS])


def _until(items: list[Any], moment: datetime) -> list[Any]:
    """The leading items (sorted by posted_at) posted at or before ``moment``."""
    times = [item.posted_at for item in items]
    return items[: bisect.bisect_right(times, moment)]


def _moment_in(rng: random.Random, start: datetime) -> datetime:
    # Never at the hour's first second: the content at the origin is exactly the base.
    return start + timedelta(seconds=1 + rng.randrange(3599))


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@functools.lru_cache(maxsize=8)
def timeline_for(seed: int) -> Timeline:
    """The timeline of a seed (cached: every phone of a process shares it)."""
    return Timeline(catalog_for(seed))
