"""The ground truth of both simulated apps in one shape, for tests parametrised over apps.

Each app's catalog says what its phones show; ``AppTruth`` gives, for either app, a
creator's videos and a video's comments as the flows should collect them: the video
key by the app's documented rule (SimVideo's key; SimChannels' hash of title,
creator and duration), counts as the number the app writes ("1.2万" is 12,000, "10万+"
at least 100,000).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from workers.sim.clock import ORIGIN
from workers.sim.simchannels.catalog import catalog_for as channels_catalog
from workers.sim.simchannels.catalog import shown_count
from workers.sim.simvideo.catalog import catalog_for as video_catalog
from workers.sim.simvideo.timeline import timeline_for

APPS = ("simvideo", "simchannels")


@dataclass(frozen=True)
class TruthVideo:
    """A video as the flows should read it."""

    title: str
    key: str
    comment_count: int  # the number the app shows (a lower bound when capped)
    capped: bool
    likes: int
    comments: tuple[dict[str, Any], ...]  # author, text, likes, posted_at, replies: [...]
    removed: bool = False
    posted_at: datetime | None = None


def hashed_key(*parts: str) -> str:
    """The documented identity rule: NFKC, case-folded, spaces collapsed, U+001F, SHA-1."""
    norm = [" ".join(unicodedata.normalize("NFKC", p).casefold().split()) for p in parts]
    return hashlib.sha1("\x1f".join(norm).encode(), usedforsecurity=False).hexdigest()[:16]


class AppTruth:
    """One simulated app's content for a seed, at a moment."""

    def __init__(self, app: str, seed: int) -> None:
        self.app, self.seed = app, seed

    def creators(self) -> list[str]:
        """The creator parameter of each creator (SimVideo's id, SimChannels' name)."""
        if self.app == "simvideo":
            return [c.id for c in video_catalog(self.seed).creators]
        return [c.name for c in channels_catalog(self.seed).creators]

    def restricted(self, index: int) -> bool:
        """Whether phone ``index`` is logged in to this app as a restricted account."""
        return self._accounts_catalog().account(index).restricted

    def account(self, index: int) -> tuple[str, str]:
        """(id, name) of phone ``index``'s login."""
        account = self._accounts_catalog().account(index)
        return account.id, account.name

    def _accounts_catalog(self) -> Any:
        if self.app == "simvideo":
            return video_catalog(self.seed)
        return channels_catalog(self.seed)

    def search(self, keyword: str, moment: datetime) -> list[tuple[str, str]]:
        """(key, title) of the videos the app's search finds, newest first."""
        if self.app == "simvideo":
            return [
                (v.key, v.title) for v in timeline_for(self.seed).search_videos(keyword, moment)
            ]
        return [
            (hashed_key(v.title, v.creator, v.duration_text), v.title)
            for v in channels_catalog(self.seed).search_videos(keyword, moment)
        ]

    def videos(self, creator: str, moment: datetime = ORIGIN) -> list[TruthVideo]:
        """The creator's videos, newest first."""
        if self.app == "simvideo":
            return self._simvideo(creator, moment)
        return self._simchannels(creator, moment)

    def _simvideo(self, creator_id: str, moment: datetime) -> list[TruthVideo]:
        timeline = timeline_for(self.seed)
        creator = timeline.catalog.creator(creator_id)
        assert creator is not None
        out = []
        for video in timeline.videos(creator, moment):
            comments = tuple(
                {
                    "author": c.author,
                    "text": c.text,
                    "likes": c.likes,
                    "posted_at": c.posted_at,
                    "replies": [
                        {"author": r.author, "text": r.text, "likes": r.likes}
                        for r in timeline.replies(c, moment)
                    ],
                }
                for c in timeline.comments(video, moment)
            )
            count = timeline.comment_count(video, moment)
            likes = video.likes_at(moment)
            out.append(
                TruthVideo(
                    video.title, video.key, count, False, likes, comments, False, video.posted_at
                )
            )
        return out

    def _simchannels(self, name: str, moment: datetime) -> list[TruthVideo]:
        catalog = channels_catalog(self.seed)
        creator = catalog.creator(name)
        assert creator is not None
        out = []
        for video in catalog.videos_at(creator, moment):
            _text, count, capped = shown_count(catalog.comment_total(video, moment))
            comments = tuple(
                {
                    "author": c.author,
                    "text": c.text,
                    "likes": shown_count(c.likes)[1],
                    "posted_at": c.posted_at,
                    "replies": [
                        {"author": r.author, "text": r.text, "likes": shown_count(r.likes)[1]}
                        for r in c.replies
                    ],
                }
                for c in catalog.comments_at(video, moment)
            )
            key = hashed_key(video.title, video.creator, video.duration_text)
            likes = shown_count(video.likes)[1]
            out.append(
                TruthVideo(
                    video.title, key, count, capped, likes, comments, video.removed, video.posted_at
                )
            )
        return out
