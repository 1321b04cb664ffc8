"""The SimVideo app: a stack of screens, taps, typing, back, and the logged-in account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workers.sim.apps import Account, SimApp
from workers.sim.clock import SimClock
from workers.sim.phone import NetworkState
from workers.sim.simvideo import MAIN_ACTIVITY, PACKAGE, rid
from workers.sim.simvideo.screens import (
    CONTENT_TOP,
    AccountScreen,
    HomeScreen,
    Screen,
    SearchScreen,
)
from workers.sim.simvideo.timeline import timeline_for
from workers.sim.simvideo.video_screens import ProfileScreen, RepliesScreen, VideoScreen
from workers.sim.simvideo.widgets import BRAND, WIDTH, label

if TYPE_CHECKING:
    from workers.sim.simvideo.catalog import Catalog
    from workers.sim.uitree import Node, Rect

SEARCH_BOX = rid("search_box")
NEEDS_NETWORK = {"search", "profile", "video", "replies"}  # what the app fetches
CONTENT_IDS = {rid("search_empty"), rid("restricted_notice"), rid("list_end")}
NETWORK_ERROR_TEXT = "网络连接失败，请检查网络设置 · Network error, check your connection"
LOGGED_OUT = Account("", "", False)


class SimVideoApp(SimApp):
    """One running SimVideo.

    Attributes:
        catalog: the content of the fleet's seed at the origin.
        timeline: that content at any time; screens show it at ``clock.now()`` when
            they open.
        logins: the phone's app logins (package -> account); read on every screen, so a
            login changed from the fleet shows at once.
        query: the text in the home screen's search box.
    """

    def __init__(
        self,
        catalog: Catalog,
        logins: dict[str, Account],
        clock: SimClock | None = None,
        network: NetworkState | None = None,
    ) -> None:
        super().__init__(PACKAGE, "SimVideo", MAIN_ACTIVITY)
        self.network = network or NetworkState()
        self.catalog = catalog
        self.timeline = timeline_for(catalog.seed)
        self.clock = clock or SimClock()
        self.logins = logins
        self.query = ""
        self.stack: list[Screen] = [HomeScreen()]

    def account(self) -> Account:
        """The logged-in account."""
        return self.logins.get(PACKAGE, LOGGED_OUT)

    @property
    def screen(self) -> Screen:
        """The screen on top."""
        return self.stack[-1]

    def describe_screen(self) -> str:
        """'home', 'search QUERY', 'profile c001', 'video c001v002', 'replies ID', 'account'."""
        return self.screen.describe()

    def activity(self) -> str:
        """The top screen's activity."""
        return self.screen.activity

    def build(self, area: Rect) -> list[Node]:
        """The top screen's nodes; without a network, content screens show its notice."""
        nodes = self.screen.build(self)
        if self.network.on or self.screen.name not in NEEDS_NETWORK:
            return nodes
        kept = [n for n in nodes if not n.scrollable and n.resource_id not in CONTENT_IDS]
        return [*kept, network_notice()]

    def tap(self, action: str) -> bool:
        """Handle a tap on a node's action."""
        kind, _, arg = action.partition(":")
        if kind == "focus":
            self.focused = SEARCH_BOX
            return True
        if kind == "search":
            return self._search()
        if kind == "back":
            return self.back()
        if kind == "tab":
            return self._switch_tab(arg)
        if kind == "search_tab" and isinstance(self.screen, SearchScreen):
            return self.screen.show_tab(arg)
        return self._open(kind, arg)

    def _open(self, kind: str, arg: str) -> bool:
        moment = self.clock.now()
        if kind == "creator":
            creator = self.catalog.creator(arg)
            return creator is not None and self._push(ProfileScreen(creator, self.timeline, moment))
        if kind == "video":
            video = self.timeline.video(arg)
            return video is not None and self._push(VideoScreen(video, self.timeline, moment))
        if kind == "replies" and isinstance(self.screen, VideoScreen):
            comment = next((c for c in self.screen.comments if c.id == arg), None)
            return comment is not None and self._push(RepliesScreen(comment, self.timeline, moment))
        return False

    def _push(self, screen: Screen) -> bool:
        self.focused = None
        self.stack.append(screen)
        return True

    def _search(self) -> bool:
        return self._push(SearchScreen(self.query, self.catalog, self.timeline, self.clock.now()))

    def _switch_tab(self, tab: str) -> bool:
        self.focused = None
        if tab == "account" and not isinstance(self.screen, AccountScreen):
            self.stack = [HomeScreen(), AccountScreen()]
            return True
        if tab == "home" and len(self.stack) > 1:
            self.stack = [HomeScreen()]
            return True
        return False

    def back(self) -> bool:
        """Go back one screen; False on the home screen (the app closes)."""
        self.focused = None
        if len(self.stack) == 1:
            return False
        self.stack.pop()
        return True

    def scroll(self, resource_id: str, distance: int) -> bool:
        """Scroll a list of the top screen."""
        return self.screen.scroll(resource_id, distance, self)

    def set_text(self, resource_id: str, text: str) -> bool:
        """Type into the search box (the only input)."""
        if resource_id != SEARCH_BOX or not isinstance(self.screen, HomeScreen):
            return False
        self.query = text
        self.focused = SEARCH_BOX
        return True

    def text_of(self, resource_id: str) -> str | None:
        """The search box's text."""
        return self.query if resource_id == SEARCH_BOX else None

    def enter(self) -> bool:
        """Enter in the search box searches."""
        if self.focused == SEARCH_BOX and isinstance(self.screen, HomeScreen):
            return self._search()
        return False


def network_notice() -> Node:
    """What the app shows where its content would be when it cannot reach its servers."""
    top = CONTENT_TOP + 120
    return label(
        (24, top, WIDTH - 24, top + 140),
        NETWORK_ERROR_TEXT,
        "network_error",
        size=28,
        fg=BRAND,
        lines=2,
        bg="#fce8e6",
    )
