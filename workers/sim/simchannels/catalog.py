"""SimChannels' content, deterministic from a seed, and how it changes over time.

The ground truth for tests (``python main.py sim catalog --app simchannels --json``).
Unlike SimVideo, nothing here has an id the app shows: creators are known by their
names, videos by title, duration and creator, comments by author and text (unique
within a video). Counts are shown abbreviated (``shown_count``); a few videos have
more than 100,000 comments and show "10万+". After the origin, every simulated hour
may bring a creator a new video and a video new comments (``videos_at``,
``comments_at``): a pure function of (seed, time).
"""

from __future__ import annotations

import dataclasses
import functools
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from workers.sim.apps import Account
from workers.sim.clock import ORIGIN
from workers.sim.simvideo import words

CREATOR_COUNT = 12
ACCOUNT_COUNT = 300
RESTRICTED_PHONE = 5  # every seed: phone 5's account is restricted
HOUR = timedelta(hours=1)
NEW_VIDEO_CHANCE = 1 / 6  # per creator per hour
COMMENTED_VIDEOS = 2  # new comments land on a creator's newest videos
CAP = 100_000  # counts from here on show as "10万+"


@dataclass(frozen=True)
class Reply:
    """A reply under a comment, oldest first."""

    author: str
    text: str
    likes: int


@dataclass(frozen=True)
class Comment:
    """A top-level comment; (author, text) is unique within its video."""

    author: str
    text: str
    likes: int
    replies: tuple[Reply, ...]
    posted_at: datetime = ORIGIN


@dataclass(frozen=True)
class Video:
    """A video: no id anywhere on screen; ``removed`` ones say so when opened."""

    title: str
    creator: str  # the creator's name
    duration: int  # seconds
    likes: int
    hidden_comments: int  # counted in the total, not listed (deleted, folded, capped)
    comment_seed: str
    posted_at: datetime
    removed: bool = False

    @property
    def duration_text(self) -> str:
        """ "03:12" as the list shows it."""
        return f"{self.duration // 60:02d}:{self.duration % 60:02d}"


@dataclass(frozen=True)
class Creator:
    """A creator: name (unique), followers, videos newest first at the origin."""

    name: str
    followers: int
    videos: tuple[Video, ...]


def shown_count(value: int) -> tuple[str, int, bool]:
    """How the app writes a count: (text, the number it states, is it a lower bound).

    Below 10,000 with a thousands comma ("3,456"); then 万 with one decimal, truncated
    ("1.2万" for 12,345); from 100,000 on: "10万+".
    """
    if value >= CAP:
        return "10万+", CAP, True
    if value >= 10_000:
        tenths = value // 1_000
        text = f"{tenths // 10}.{tenths % 10}万" if tenths % 10 else f"{tenths // 10}万"
        return text, tenths * 1_000, False
    return f"{value:,}", value, False


@dataclass(frozen=True)
class Catalog:
    """Everything SimChannels shows for one seed at the origin, plus its accounts."""

    seed: int
    creators: tuple[Creator, ...]
    accounts: tuple[Account, ...]

    def creator(self, name: str) -> Creator | None:
        """The creator with this exact name."""
        return next((c for c in self.creators if c.name == name), None)

    def search(self, query: str) -> list[Creator]:
        """Creators whose name contains the query (case-insensitive)."""
        needle = query.strip().casefold()
        return [c for c in self.creators if needle and needle in c.name.casefold()]

    def account(self, index: int) -> Account:
        """The account phone ``index`` (0-based) is logged in as."""
        return self.accounts[index % len(self.accounts)]

    def search_videos(self, query: str, moment: datetime) -> list[Video]:
        """Videos whose title contains the query (case-insensitive), newest first."""
        needle = query.strip().casefold()
        found = [
            video
            for creator in self.creators
            for video in self.videos_at(creator, moment)
            if needle and needle in video.title.casefold()
        ]
        return sorted(found, key=lambda v: (v.posted_at, v.creator, v.title), reverse=True)

    def videos_at(self, creator: Creator, moment: datetime) -> list[Video]:
        """A creator's videos posted by ``moment``, newest first."""
        hours = _hours(moment)
        new = [v for h in range(hours, 0, -1) for v in self._new_video(creator, h)]
        return [v for v in new if v.posted_at <= moment] + list(creator.videos)

    def comments_at(self, video: Video, moment: datetime) -> list[Comment]:
        """The comment list at ``moment``: new comments newest first, then the origin's."""
        news = [
            c
            for h in range(_hours(moment), 0, -1)
            for c in reversed(self._new_comments(video, h))
            if c.posted_at <= moment
        ]
        return news + _dated(video)

    def comment_total(self, video: Video, moment: datetime) -> int:
        """The count the app shows: listed comments, their replies and hidden ones."""
        listed = self.comments_at(video, moment)
        return len(listed) + sum(len(c.replies) for c in listed) + video.hidden_comments

    def _new_video(self, creator: Creator, hour: int) -> tuple[Video, ...]:
        return _new_video(self.seed, creator.name, hour)

    def _new_comments(self, video: Video, hour: int) -> tuple[Comment, ...]:
        if hour * HOUR + ORIGIN <= video.posted_at:
            return ()
        if video.title not in _newest_titles(self.seed, video.creator, hour):
            return ()
        return _new_comments(self.seed, video.comment_seed, hour)

    def to_json(self, moment: datetime = ORIGIN) -> dict[str, Any]:
        """The content at ``moment`` in the documented shape (counts as shown and as numbers)."""
        return {
            "app": "simchannels",
            "seed": self.seed,
            "at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "creators": [self._creator_json(c, moment) for c in self.creators],
            "accounts": [
                {"id": a.id, "name": a.name, "restricted": a.restricted} for a in self.accounts
            ],
        }

    def _creator_json(self, creator: Creator, moment: datetime) -> dict[str, Any]:
        return {
            "name": creator.name,
            "followers": creator.followers,
            "videos": [self.video_json(v, moment) for v in self.videos_at(creator, moment)],
        }

    def video_json(self, video: Video, moment: datetime) -> dict[str, Any]:
        """One video as JSON: its counts as numbers and as the app writes them."""
        total = self.comment_total(video, moment)
        return {
            "title": video.title,
            "creator": video.creator,
            "duration": video.duration_text,
            "posted_at": video.posted_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "removed": video.removed,
            "likes": video.likes,
            "likes_shown": shown_count(video.likes)[0],
            "comment_count": total,
            "comment_count_shown": shown_count(total)[0],
            "comments": [
                {
                    "author": c.author,
                    "text": c.text,
                    "likes": c.likes,
                    "replies": [vars(r) for r in c.replies],
                    "posted_at": c.posted_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                }
                for c in self.comments_at(video, moment)
            ],
        }


def _hours(moment: datetime) -> int:
    return max(int((moment - ORIGIN) / HOUR), 0)


@functools.lru_cache(maxsize=8)
def catalog_for(seed: int) -> Catalog:
    """The catalog of a seed (cached: every phone of a fleet shares it)."""
    rng = random.Random(f"simchannels:{seed}")
    taken: set[str] = set()
    creators = tuple(_make_creator(rng, seed, i, taken) for i in range(CREATOR_COUNT))
    return Catalog(seed, creators, _make_accounts(seed))


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate.casefold() in taken:
        candidate, n = f"{name}{n}", n + 1
    taken.add(candidate.casefold())
    return candidate


def _name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(words.CN_PREFIXES) + rng.choice(words.CN_NOUNS) + "的视频号"
    return f"{rng.choice(words.EN_NAMES)}{rng.choice(words.CN_NOUNS)}"


def _title(rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return f"{rng.choice(words.CN_PHRASES)} #{rng.choice(words.TOPICS)}"
    if style == 1:
        return f"{rng.choice(words.EN_PHRASES)} {rng.choice(words.EMOJI)}"
    return f"{rng.choice(words.TOPICS)}·{rng.choice(words.CN_PHRASES)}"


def _likes(rng: random.Random) -> int:
    return min(3_000_000, int(rng.paretovariate(0.9) * 40))


def _make_creator(rng: random.Random, seed: int, position: int, taken: set[str]) -> Creator:
    name = _unique(_name(rng), taken)
    count = rng.randint(25, 40) if position in (1, 6) else rng.randint(4, 16)
    titles: set[str] = set()
    videos = []
    moment = ORIGIN
    for number in range(count):
        moment -= timedelta(hours=rng.uniform(5, 60))
        capped = number == 2 and position in (0, 1)  # "10万+" comments on every seed
        hidden = rng.randint(0, 30)
        if capped:
            hidden = rng.randint(100_000, 400_000)
        elif number == 1 and position < 3:  # and "1.2万"-style ones
            hidden = rng.randint(10_000, 99_000)
        videos.append(
            Video(
                title=_unique(_title(rng), titles),
                creator=name,
                duration=rng.randint(8, 900),
                likes=_likes(rng),
                hidden_comments=hidden,
                comment_seed=f"simchannels:{seed}:{name}:{number}",
                posted_at=moment.replace(microsecond=0),
                removed=position == 0 and number == count - 1,
            )
        )
    followers = int(rng.paretovariate(1.0) * 900)
    return Creator(name, followers, tuple(videos))


def _author(rng: random.Random) -> str:
    return rng.choice(words.AUTHOR_STYLES).format(
        n=rng.randint(10, 9999),
        cn=rng.choice(words.CN_PREFIXES),
        noun=rng.choice(words.CN_NOUNS),
        en=rng.choice(words.EN_NAMES),
        emoji=rng.choice(words.EMOJI),
    )


def _text(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(words.CN_COMMENTS) + rng.choice(("", "！", rng.choice(words.EMOJI)))
    return rng.choice(words.EN_COMMENTS)


def _comment(rng: random.Random, taken: set[tuple[str, str]], at: datetime) -> Comment:
    author, text = _author(rng), _text(rng)
    while (author, text) in taken:  # the app shows no ids: author and text tell them apart
        text += rng.choice(words.EMOJI)
    taken.add((author, text))
    replies = tuple(
        Reply(_author(rng), _text(rng), int(rng.paretovariate(1.5)) - 1)
        for _ in range(rng.choice((0, 0, 0, 1, 2, 4)))
    )
    likes = min(150_000, int((rng.paretovariate(0.8) - 1) * 30))
    return Comment(author, text, likes, replies, at)


def _dated(video: Video) -> list[Comment]:
    """The origin's comments of a video, posted between the video and the origin, the
    first one newest (the list is newest first); a video posted later has them at once."""
    comments = _comments(video.comment_seed)
    if video.posted_at >= ORIGIN:
        return [dataclasses.replace(c, posted_at=video.posted_at) for c in comments]
    rng = random.Random(f"{video.comment_seed}:times")  # apart from the texts' draws
    window = (ORIGIN - video.posted_at).total_seconds()
    ages = sorted(rng.uniform(0, window) for _ in comments)
    return [
        dataclasses.replace(c, posted_at=(ORIGIN - timedelta(seconds=age)).replace(microsecond=0))
        for c, age in zip(comments, ages, strict=True)
    ]


@functools.lru_cache(maxsize=4096)
def _comments(seed: str) -> tuple[Comment, ...]:
    rng = random.Random(seed)
    count = rng.choice((0, 3, 8, 12, 20, 30))
    taken: set[tuple[str, str]] = set()
    return tuple(_comment(rng, taken, ORIGIN) for _ in range(count))


@functools.lru_cache(maxsize=65536)
def _newest_titles(seed: int, creator_name: str, hour: int) -> tuple[str, ...]:
    """The titles of a creator's newest videos at that hour: the ones new comments land on."""
    catalog = catalog_for(seed)
    creator = catalog.creator(creator_name)
    if creator is None:
        return ()
    newest = catalog.videos_at(creator, ORIGIN + hour * HOUR)[:COMMENTED_VIDEOS]
    return tuple(v.title for v in newest)


@functools.lru_cache(maxsize=65536)
def _new_video(seed: int, creator: str, hour: int) -> tuple[Video, ...]:
    rng = random.Random(f"simchannels:{seed}:{creator}:hour{hour}")
    if rng.random() >= NEW_VIDEO_CHANCE:
        return ()
    at = ORIGIN + (hour - 1) * HOUR + timedelta(minutes=rng.randint(0, 59))
    title = f"{_title(rng)} ({at:%m-%d %H:%M})"  # unique: one video an hour at most
    seed_text = f"simchannels:{seed}:{creator}:new{hour}"
    return (Video(title, creator, rng.randint(8, 600), _likes(rng), 0, seed_text, at),)


@functools.lru_cache(maxsize=65536)
def _new_comments(seed: int, comment_seed: str, hour: int) -> tuple[Comment, ...]:
    rng = random.Random(f"{comment_seed}:hour{hour}")
    taken = {(c.author, c.text) for c in _comments(comment_seed)}
    start = ORIGIN + (hour - 1) * HOUR
    moments = sorted(rng.randint(0, 3599) for _ in range(rng.randint(0, 3)))
    made = []
    for second in moments:
        text_rng = random.Random(f"{comment_seed}:hour{hour}:{second}")
        comment = _comment(text_rng, taken, start + timedelta(seconds=second))
        made.append(
            Comment(comment.author, comment.text, comment.likes % 50, (), comment.posted_at)
        )
    return tuple(made)


def _make_accounts(seed: int) -> tuple[Account, ...]:
    rng = random.Random(f"simchannels-accounts:{seed}")
    taken: set[str] = set()
    accounts = [
        Account(f"wx_{rng.randrange(16**6):06x}", _unique(_name(rng), taken), rng.random() < 0.03)
        for _ in range(ACCOUNT_COUNT)
    ]
    fixed = accounts[RESTRICTED_PHONE]
    accounts[RESTRICTED_PHONE] = Account(fixed.id, fixed.name, True)
    return tuple(accounts)
