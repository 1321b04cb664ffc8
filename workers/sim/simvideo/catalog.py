"""SimVideo's content, generated deterministically from a seed: creators, videos, comments.

The catalog of a seed is the ground truth tests compare collected data with
(``python main.py sim catalog --seed S --json``). Creators and videos are made up
front; a video's comments are made on first use from their own seed, so a fleet
only pays for what its phones show.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from workers.sim.apps import Account
from workers.sim.clock import ORIGIN
from workers.sim.simvideo import words

CREATOR_COUNT = 24
ACCOUNT_COUNT = 300
RESTRICTED_SHARE = 0.04
# Creators at these positions always have 60+ videos (long profile lists for every seed).
BIG_CREATORS = (2, 11)


@dataclass(frozen=True)
class Comment:
    """One top-level comment as the app lists it; replies count toward the video's total.

    ``replies`` counts the replies it had at the origin; ``id`` is unique in the seed
    (``c003v017-4``: the video's fourth comment; ``c003v017-n2``: its second new one).
    """

    author: str
    text: str
    likes: int
    replies: int
    id: str = ""
    posted_at: datetime = ORIGIN


@dataclass(frozen=True)
class Reply:
    """A reply under a comment (盖楼), listed oldest first."""

    id: str
    author: str
    text: str
    likes: int
    posted_at: datetime


@dataclass
class Video:
    """A video of a creator; its comments are generated lazily and then kept."""

    key: str
    title: str
    creator_id: str
    comment_seed: str
    listed: int  # how many top-level comments the list shows
    posted_at: datetime = ORIGIN
    peak_likes: int = 0  # likes approach this as the video ages
    _comments: list[Comment] | None = field(default=None, repr=False)

    @property
    def comments(self) -> list[Comment]:
        """The comments at the origin, in the app's list order."""
        if self._comments is None:
            self._comments = _make_comments(self.comment_seed, self.listed, self.key)
        return self._comments

    def likes_at(self, moment: datetime) -> int:
        """Likes shown at a moment: they grow with age, half the peak after a day."""
        age = max((moment - self.posted_at).total_seconds(), 0.0) / 3600
        return int(self.peak_likes * age / (age + 24))

    @property
    def comment_count(self) -> int:
        """The count the app shows: listed comments plus all their replies."""
        return self.listed + sum(c.replies for c in self.comments)


@dataclass(frozen=True)
class Creator:
    """A creator and their videos (newest first, as the profile lists them)."""

    id: str
    name: str
    followers: int
    videos: tuple[Video, ...]


@dataclass(frozen=True)
class Catalog:
    """Everything SimVideo shows for one seed."""

    seed: int
    creators: tuple[Creator, ...]
    accounts: tuple[Account, ...]

    @functools.cached_property
    def _creators_by_id(self) -> dict[str, Creator]:
        return {c.id: c for c in self.creators}

    @functools.cached_property
    def _videos_by_key(self) -> dict[str, Video]:
        return {v.key: v for c in self.creators for v in c.videos}

    def creator(self, creator_id: str) -> Creator | None:
        """The creator with this id."""
        return self._creators_by_id.get(creator_id)

    def video(self, key: str) -> Video | None:
        """The video with this key."""
        return self._videos_by_key.get(key)

    def account(self, index: int) -> Account:
        """The account phone index (0-based) of a fleet is logged in as."""
        return self.accounts[index % len(self.accounts)]

    def search(self, query: str) -> list[Creator]:
        """Creators whose id equals, or whose name contains, the query (case-insensitive)."""
        needle = query.strip().casefold()
        if not needle:
            return []
        return [c for c in self.creators if c.id == needle or needle in c.name.casefold()]

    def to_json(self) -> dict[str, Any]:
        """The whole catalog in the documented shape, as the phones show it at the origin."""
        from workers.sim.simvideo.timeline import timeline_for  # the timeline builds on this

        return timeline_for(self.seed).to_json(ORIGIN)

    def accounts_json(self) -> list[dict[str, Any]]:
        """The accounts in the documented shape."""
        return [{"id": a.id, "name": a.name, "restricted": a.restricted} for a in self.accounts]


@functools.lru_cache(maxsize=8)
def catalog_for(seed: int) -> Catalog:
    """The catalog of a seed (cached: every phone of a fleet shares it)."""
    rng = random.Random(f"simvideo:{seed}")
    names: set[str] = set()
    creators = tuple(_make_creator(rng, seed, i, names) for i in range(CREATOR_COUNT))
    return Catalog(seed, creators, _make_accounts(seed))


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate.casefold() in taken:
        candidate, n = f"{name}{n}", n + 1
    taken.add(candidate.casefold())
    return candidate


def _creator_name(rng: random.Random) -> str:
    style = rng.randrange(4)
    if style == 0:
        return rng.choice(words.CN_PREFIXES) + rng.choice(words.CN_NOUNS)
    if style == 1:
        return f"{rng.choice(words.EN_NAMES)} {rng.choice(words.CN_NOUNS)}"
    if style == 2:
        return f"{rng.choice(words.EN_NAMES)}_{rng.choice(words.EN_HANDLES)}"
    return rng.choice(words.CN_NOUNS) + rng.choice(words.EN_NAMES)


def _video_count(rng: random.Random, position: int) -> int:
    if position in BIG_CREATORS:
        return rng.randint(60, 90)
    roll = rng.random()
    return rng.randint(3, 20) if roll < 0.75 else rng.randint(21, 45)


def _listed_count(rng: random.Random, creator: int, video: int) -> int:
    if creator == 0 and video == 1:
        return 0  # every seed has a video without comments...
    if creator == 0 and video == 2:
        return rng.randint(200, 240)  # ...and one with a long comment list
    roll = rng.random()
    if roll < 0.12:
        return 0
    if roll < 0.82:
        return rng.randint(1, 40)
    if roll < 0.96:
        return rng.randint(41, 120)
    return rng.randint(200, 260)


def make_title(rng: random.Random, number: int) -> str:
    """A video title in one of the app's usual styles."""
    return _title(rng, number)


def _title(rng: random.Random, number: int) -> str:
    topic = rng.choice(words.TOPICS)
    style = rng.randrange(6)
    if style == 0:
        return f"{topic}｜{rng.choice(words.CN_PHRASES)} {rng.choice(words.EMOJI)}"
    if style == 1:
        return f"{rng.choice(words.EN_PHRASES)} {rng.choice(words.EMOJI)}"
    if style == 2:
        return f"第{number}期：{rng.choice(words.CN_PHRASES)}"
    if style == 3:
        return f"{rng.choice(words.CN_PHRASES)} | {rng.choice(words.EN_PHRASES)} #{topic}"
    if style == 4:
        return f"【{topic}】{rng.choice(words.CN_PHRASES)}，{rng.choice(words.CN_PHRASES)}！"
    return f"{rng.choice(words.EN_PHRASES)} (part {number})"


def _make_creator(rng: random.Random, seed: int, position: int, names: set[str]) -> Creator:
    creator_id = f"c{position + 1:03d}"
    count = _video_count(rng, position)
    titles: set[str] = set()
    videos = []
    for v in range(count):
        key = f"{creator_id}v{v + 1:03d}"
        videos.append(
            Video(
                key=key,
                title=_unique(_title(rng, count - v), titles),
                creator_id=creator_id,
                comment_seed=f"simvideo:{seed}:{key}",
                listed=_listed_count(rng, position, v),
            )
        )
    followers = int(rng.paretovariate(1.1) * 800)
    _date_videos(seed, creator_id, videos)
    return Creator(creator_id, _unique(_creator_name(rng), names), followers, tuple(videos))


def _date_videos(seed: int, creator_id: str, videos: list[Video]) -> None:
    """Posting times before the origin, newest first, from an rng of their own."""
    rng = random.Random(f"simvideo:{seed}:{creator_id}:dates")
    gap_hours = rng.uniform(6, 72)
    moment = ORIGIN
    for video in videos:
        moment -= timedelta(hours=gap_hours * rng.uniform(0.3, 1.7))
        video.posted_at = moment.replace(microsecond=0)
        video.peak_likes = peak_likes(rng)


def peak_likes(rng: random.Random) -> int:
    """How many likes a video ends up with."""
    return min(2_000_000, int(rng.paretovariate(1.05) * 60))


def _author(rng: random.Random) -> str:
    return rng.choice(words.AUTHOR_STYLES).format(
        n=rng.randint(100, 99999),
        cn=rng.choice(words.CN_PREFIXES),
        noun=rng.choice(words.CN_NOUNS),
        en=rng.choice(words.EN_NAMES),
        emoji=rng.choice(words.EMOJI),
    )


def _comment_text(rng: random.Random, authors: list[str]) -> str:
    roll = rng.random()
    if roll < 0.06:
        text = rng.choice(words.FORMULA_COMMENTS)
        return text.format(author=rng.choice(authors) if authors else "SimVideo")
    if roll < 0.10:  # a very long line, longer than any screen shows
        parts = [
            rng.choice(words.CN_COMMENTS + words.EN_COMMENTS) for _ in range(rng.randint(12, 20))
        ]
        return "，".join(parts) + rng.choice(words.EMOJI)
    if roll < 0.16:
        return "".join(rng.choice(words.EMOJI) for _ in range(rng.randint(1, 6)))
    if roll < 0.55:
        return rng.choice(words.CN_COMMENTS) + rng.choice(("", "！", "～", rng.choice(words.EMOJI)))
    if roll < 0.85:
        return rng.choice(words.EN_COMMENTS) + rng.choice(("", "!", " " + rng.choice(words.EMOJI)))
    return f"{rng.choice(words.CN_COMMENTS)} {rng.choice(words.EN_COMMENTS)}"


def _replies(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.7:
        return 0
    return rng.randint(1, 5) if roll < 0.92 else rng.randint(6, 40)


def _make_comments(seed: str, count: int, key: str = "") -> list[Comment]:
    rng = random.Random(seed)
    comments: list[Comment] = []
    authors: list[str] = []
    for number in range(1, count + 1):
        author = _author(rng)
        likes = min(99_999, int((rng.paretovariate(1.2) - 1) * 40))
        text = _comment_text(rng, authors)
        comments.append(Comment(author, text, likes, _replies(rng), f"{key}-{number}"))
        authors.append(author)
    return comments


def new_comment(rng: random.Random, comment_id: str, at: datetime) -> Comment:
    """A comment posted after the origin (no replies yet)."""
    likes = min(999, int((rng.paretovariate(1.5) - 1) * 10))
    return Comment(_author(rng), _comment_text(rng, []), likes, 0, comment_id, at)


def new_reply(rng: random.Random, reply_id: str, at: datetime) -> Reply:
    """One reply; replies are short and often quote the thread."""
    text = _comment_text(rng, [])
    if rng.random() < 0.2:
        text = "回复 " + text
    return Reply(reply_id, _author(rng), text, min(999, int((rng.paretovariate(1.6) - 1) * 6)), at)


def origin_replies(comment: Comment, posted_after: datetime) -> list[Reply]:
    """The replies a comment had at the origin, oldest first."""
    rng = random.Random(f"simvideo-replies:{comment.id}")
    span = max((ORIGIN - posted_after).total_seconds(), 60.0)
    moments = sorted(rng.uniform(0, span) for _ in range(comment.replies))
    return [
        new_reply(
            rng, f"{comment.id}-r{n}", (posted_after + timedelta(seconds=s)).replace(microsecond=0)
        )
        for n, s in enumerate(moments, start=1)
    ]


def _make_accounts(seed: int) -> tuple[Account, ...]:
    rng = random.Random(f"simvideo-accounts:{seed}")
    taken: set[str] = set()
    accounts = [
        Account(
            f"u{i + 1:04d}",
            _unique(_creator_name(rng), taken),
            rng.random() < RESTRICTED_SHARE,
        )
        for i in range(ACCOUNT_COUNT)
    ]
    if not any(a.restricted for a in accounts[:256]):
        accounts[13] = Account(accounts[13].id, accounts[13].name, True)
    return tuple(accounts)
