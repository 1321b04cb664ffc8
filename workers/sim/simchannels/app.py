"""The SimChannels app: a messenger whose video feature sits behind 发现 → 视频号.

Built unlike SimVideo on purpose, to prove that a profile, not code, adapts the
flows to an app: obfuscated resource ids, no key anywhere in the tree, a full-screen
vertical feed, comments in a bottom sheet (replies in a second one), abbreviated
counts ("1.2万", "10万+"), a creator's videos loaded a page at a time behind a
spinner, and now and then (deterministic from the seed) "网络不给力，点击重试".
"""

from __future__ import annotations

import time
import urllib.parse
from typing import TYPE_CHECKING

from workers.sim.apps import Account, SimApp
from workers.sim.clock import SimClock
from workers.sim.phone import NetworkState
from workers.sim.simchannels import LABEL, MAIN_ACTIVITY, PACKAGE
from workers.sim.simchannels.screens import (
    LOGIN_TEXT,
    CommentSheet,
    FeedScreen,
    MainScreen,
    PlayerScreen,
    ProfileScreen,
    ReplySheet,
    Screen,
    SearchScreen,
)
from workers.sim.simchannels.views import GREY, TOP, WIDTH, text_row, vid

if TYPE_CHECKING:
    from datetime import datetime

    from workers.sim.simchannels.catalog import Catalog
    from workers.sim.uitree import Node, Rect

LOGGED_OUT = Account("", "", False)
NETWORK_TEXT = "网络连接不可用，请检查你的网络设置"
NEEDS_NETWORK = (FeedScreen, SearchScreen, ProfileScreen, PlayerScreen, CommentSheet, ReplySheet)


class SimChannelsApp(SimApp):
    """One running SimChannels: a stack of screens over the messenger's tabs."""

    def __init__(
        self,
        catalog: Catalog,
        logins: dict[str, Account],
        clock: SimClock | None = None,
        network: NetworkState | None = None,
    ) -> None:
        super().__init__(PACKAGE, LABEL, MAIN_ACTIVITY)
        self.catalog = catalog
        self.seed = catalog.seed
        self.logins = logins
        self.clock = clock or SimClock()
        self.network = network or NetworkState()
        self.query = ""
        self.stack: list[Screen] = [MainScreen()]

    def account(self) -> Account:
        """The logged-in account."""
        return self.logins.get(PACKAGE, LOGGED_OUT)

    def now(self) -> datetime:
        """The simulated time the content follows."""
        return self.clock.now()

    @property
    def screen(self) -> Screen:
        """The screen on top."""
        return self.stack[-1]

    def activity(self) -> str:
        """The top screen's activity."""
        return self.screen.activity

    def describe_screen(self) -> str:
        """'tab 发现', 'feed', 'search Q', 'profile NAME', 'player T', 'comments T', ..."""
        return self.screen.describe()

    def ui_token(self) -> object:
        """While a page loads behind the spinner, the screen may change any moment."""
        screen = self.screen
        if isinstance(screen, ProfileScreen) and screen.lazy and screen.lazy.pending_since:
            return int(time.monotonic() * 20)
        return None

    def build(self, area: Rect) -> list[Node]:
        """The top screen; logged out or offline, the video feature shows a notice instead."""
        if not self.account().id and isinstance(self.screen, NEEDS_NETWORK):
            top = TOP + 300
            return [text_row((24, top, WIDTH - 24, top + 100), LOGIN_TEXT, "login", fg=GREY)]
        if not self.network.on and isinstance(self.screen, NEEDS_NETWORK):
            top = TOP + 300
            notice = text_row((24, top, WIDTH - 24, top + 100), NETWORK_TEXT, "retry", fg=GREY)
            notice.clickable, notice.action = True, "noop"
            return [notice]
        return self.screen.build(self)

    def tap(self, action: str) -> bool:
        """Handle a tap on a node's action."""
        kind, _, arg = action.partition(":")
        screen = self.screen
        if kind == "back":
            return self.back()
        if kind == "tab" and isinstance(screen, MainScreen):
            screen.tab = arg
            return True
        if kind == "discover" and arg == "视频号":
            return self._push(FeedScreen())
        if kind == "search":
            self.query = ""
            self.focused = vid("search_input")
            return self._push(SearchScreen())
        if kind == "creator":
            creator = self.catalog.creator(arg)
            return creator is not None and self._push(ProfileScreen.open(creator, self))
        if kind == "retry" and isinstance(screen, ProfileScreen) and screen.lazy is not None:
            return screen.lazy.retry()
        return self._open(kind, arg, screen)

    def open_url(self, url: str) -> bool:
        """``simchannels://finder/profile?name=NAME``: that creator's profile, over the feed."""
        parsed = urllib.parse.urlsplit(url)
        if (parsed.netloc, parsed.path) != ("finder", "/profile"):
            return False
        names = urllib.parse.parse_qs(parsed.query).get("name", [])
        creator = self.catalog.creator(names[0]) if names else None
        if creator is None:
            return False
        self.stack = [MainScreen("发现"), FeedScreen(), ProfileScreen.open(creator, self)]
        return True

    def _open(self, kind: str, arg: str, screen: Screen) -> bool:
        if kind == "video" and isinstance(screen, ProfileScreen):
            return self._push(PlayerScreen(screen.videos, int(arg)))
        if kind == "video" and isinstance(screen, SearchScreen):
            return self._push(PlayerScreen(screen.found, int(arg)))
        if kind == "search_tab" and isinstance(screen, SearchScreen):
            return screen.show_tab(arg)
        if kind == "comments" and isinstance(screen, PlayerScreen):
            video = screen.video
            moment = self.now()
            comments = self.catalog.comments_at(video, moment)
            total = self.catalog.comment_total(video, moment)
            return self._push(CommentSheet(screen, comments, total))
        if kind == "replies" and isinstance(screen, CommentSheet):
            index = int(arg)
            return 0 <= index < len(screen.comments) and self._push(
                ReplySheet(screen.comments[index])
            )
        return False

    def _push(self, screen: Screen) -> bool:
        self.stack.append(screen)
        return True

    def back(self) -> bool:
        """Close the top sheet or page; False on the messenger's tabs (the app closes)."""
        self.focused = None
        if len(self.stack) == 1:
            return False
        self.stack.pop()
        return True

    def scroll(self, resource_id: str, distance: int) -> bool:
        """Scroll a list (or the vertical feed) of the top screen."""
        return self.screen.scroll(resource_id, distance, self)

    def set_text(self, resource_id: str, text: str) -> bool:
        """Type into the search input."""
        if resource_id != vid("search_input") or not isinstance(self.screen, SearchScreen):
            return False
        self.query = text
        self.focused = resource_id
        return True

    def text_of(self, resource_id: str) -> str | None:
        """The search input's text."""
        return self.query if resource_id == vid("search_input") else None

    def enter(self) -> bool:
        """The keyboard's search key in the input submits the search."""
        if isinstance(self.screen, SearchScreen) and self.query.strip():
            return self.screen.submit(self.query, self)
        return False
