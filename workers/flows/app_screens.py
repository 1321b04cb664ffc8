"""Driving any app through its profile: launch it, wait for a screen while watching for
the app's notices, reach a creator, read a list (fields, counts, identity), open an item.

Nothing here knows an app: every selector, field, count format and notice comes from
the ``AppProfile``. The built-in flows use only these moves.
"""

from __future__ import annotations

import hashlib
import time
import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from db.pool.states import ErrorClass
from workers.device.errors import DeviceError, ErrorCode
from workers.flows.counts import Count
from workers.flows.listing import read_list
from workers.flows.profile_parts import ITEM
from workers.flows.sdk import DeviceFailure, FatalFailure, RetryableFailure
from workers.flows.times import TimeStyle, parse_time_fields

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

    from workers.device.hierarchy import Node, Selector
    from workers.flows.profile_parts import FieldSpec, KeySpec, ListSpec, NoticeSpec
    from workers.flows.profiles import AppProfile
    from workers.flows.sdk import FlowContext

APP_START_TIMEOUT = 20.0
SCREEN_TIMEOUT = 15.0
_FAILURES: dict[ErrorClass, type[RetryableFailure | DeviceFailure | FatalFailure]] = {
    ErrorClass.RETRYABLE: RetryableFailure,
    ErrorClass.DEVICE: DeviceFailure,
    ErrorClass.FATAL: FatalFailure,
}


def profile_for(ctx: FlowContext, app: str, flow: str) -> AppProfile:
    """The app profile, refusing one that does not support this flow."""
    profile = ctx.app_profile(app)
    if not profile.supports(flow):
        raise FatalFailure(
            f"app profile {profile.app!r} does not support {flow}", code="profile_incomplete"
        )
    return profile


# ---------------------------------------------------------------------- notices
@dataclass
class Notices:
    """The profile's notices, and how many retry taps each has had in this wait."""

    profile: AppProfile
    taps: dict[int, int] = field(default_factory=dict)

    def check(self, ctx: FlowContext, root: Node) -> bool:
        """Raise the failure a shown notice means; True when one was tapped to retry."""
        for index, notice in enumerate(self.profile.notices):
            node = root.find(self.profile.resolve(notice.selector))
            if node is None:
                continue
            if notice.retry == "tap" and self.taps.get(index, 0) < notice.attempts:
                self.taps[index] = self.taps.get(index, 0) + 1
                ctx.log(f"{notice.code}: tapping the notice to retry")
                ctx.device.tap(*node.bounds.center)
                return True
            raise _failure(notice, node)
        return False


def _failure(notice: NoticeSpec, node: Node) -> Exception:
    message = (node.text or node.description or notice.code).strip()
    failure: type[RetryableFailure | DeviceFailure | FatalFailure]
    failure = _FAILURES.get(notice.error_class, FatalFailure)
    return failure(message, code=notice.code)


def wait_screen(
    ctx: FlowContext, profile: AppProfile, screen: str, timeout: float = SCREEN_TIMEOUT
) -> Node:
    """Wait until ``screen`` shows; a notice on the way raises (or is tapped to retry)."""
    return wait_for(ctx, profile, profile.screen(screen), f"the {screen} screen", timeout)


def wait_for(
    ctx: FlowContext, profile: AppProfile, target: Selector, what: str, timeout: float
) -> Node:
    """Wait for an element, watching the profile's notices; the screen's root once there."""
    return wait_any(ctx, profile, [target], what, timeout)[0]


def wait_any(
    ctx: FlowContext, profile: AppProfile, targets: list[Selector], what: str, timeout: float
) -> tuple[Node, int]:
    """Wait for the first of several elements (watching notices): the root and which one."""
    device, notices = ctx.device, Notices(profile)
    deadline = time.monotonic() + timeout
    while True:
        ctx.check_stop()
        root = device.hierarchy()
        if notices.check(ctx, root):
            deadline = time.monotonic() + timeout
            continue
        for index, target in enumerate(targets):
            if root.find(target) is not None:
                return root, index
        if time.monotonic() >= deadline:
            raise RetryableFailure(f"{what} did not show in {timeout:g} s", code="ui_not_found")
        device.sleep(device.poll_interval)


def tap_ref(ctx: FlowContext, profile: AppProfile, ref: Any) -> None:
    """Wait for a section's element (watching notices) and tap it."""
    selector = profile.resolve(ref)
    root = wait_for(ctx, profile, selector, selector.describe(), SCREEN_TIMEOUT)
    node = root.find(selector)
    assert node is not None  # wait_for returned because it is there
    ctx.device.tap(*node.bounds.center)


# ---------------------------------------------------------------------- navigation
def open_app(ctx: FlowContext, profile: AppProfile) -> None:
    """Start the app fresh and reach the screen its profile's launch ends on."""
    ctx.step(f"open {profile.title}")
    device = ctx.device
    if not device.app_installed(profile.package):
        raise DeviceFailure(f"{profile.title} is not installed", code="app_not_installed")
    device.app_stop(profile.package)
    device.app_start(profile.package, timeout=APP_START_TIMEOUT)
    for ref in profile.launch.taps:
        tap_ref(ctx, profile, ref)
    wait_screen(ctx, profile, profile.launch.ready)


def search(ctx: FlowContext, profile: AppProfile, text: str) -> None:
    """Type ``text`` into the app's search and submit it."""
    spec = profile.search
    if spec is None:
        raise FatalFailure(f"app profile {profile.app!r} has no search", code="profile_incomplete")
    for ref in spec.open:
        tap_ref(ctx, profile, ref)
    box = profile.resolve(spec.box)
    wait_for(ctx, profile, box, "the search box", SCREEN_TIMEOUT)
    ctx.device.set_text(box, text, timeout=SCREEN_TIMEOUT)
    if spec.submit == "enter":
        ctx.device.press("enter")
    else:
        tap_ref(ctx, profile, spec.submit)


def open_creator(ctx: FlowContext, profile: AppProfile, creator: str) -> None:
    """Reach a creator's profile (search or deep link); refuse what a notice refuses."""
    spec = profile.creator
    if spec is None:
        raise FatalFailure(f"{profile.app} cannot reach creators", code="profile_incomplete")
    open_app(ctx, profile)
    if spec.via == "deep_link":
        assert spec.deep_link is not None  # the profile's validation says so
        ctx.step("open the creator's profile")
        url = spec.deep_link.replace("{creator}", urllib.parse.quote(creator, safe=""))
        opened = ctx.device.shell(["am", "start", "-a", "android.intent.action.VIEW", "-d", url])
        if not opened.ok:
            raise RetryableFailure(f"{profile.title} did not open {url}", code="deep_link_failed")
    else:
        ctx.step("search for the creator")
        search(ctx, profile, creator)
        if spec.tab is not None:
            tap_ref(ctx, profile, spec.tab)
        ctx.step("open the creator's profile")
        _tap_search_result(ctx, profile, creator)
    root = wait_screen(ctx, profile, "creator")
    Notices(profile).check(ctx, root)


def _tap_search_result(ctx: FlowContext, profile: AppProfile, creator: str) -> None:
    spec = profile.creator
    assert spec is not None  # open_creator checked
    assert spec.result is not None  # the profile's validation: via search has both
    assert spec.match is not None
    result = profile.resolve(spec.result)
    device, notices = ctx.device, Notices(profile)
    deadline = time.monotonic() + SCREEN_TIMEOUT
    while time.monotonic() < deadline:
        ctx.check_stop()
        root = device.hierarchy()
        if notices.check(ctx, root):
            continue
        for node in root.find_all(result):
            if read_raw(profile, node, spec.match) == creator:
                device.tap(*node.bounds.center)
                return
        device.sleep(device.poll_interval)
    raise FatalFailure(f"creator {creator!r} not found", code="creator_not_found")


# ---------------------------------------------------------------------- reading
def read_raw(profile: AppProfile, item: Node, spec: FieldSpec) -> str | None:
    """A field's text as shown, or None when that part is not on screen."""
    node = item if spec.selector == ITEM else item.find(profile.resolve(spec.selector))
    if node is None:
        return None
    value: str = getattr(node, spec.attribute)
    return value


def read_value(profile: AppProfile, item: Node, spec: FieldSpec) -> str | Count | None:
    """A field's value: text, or a Count for a count field (None: not on screen)."""
    raw = read_raw(profile, item, spec)
    if raw is None or spec.kind != "count":
        return raw
    return profile.counts.parse(raw)


def identity(key: KeySpec, values: dict[str, Any], creator: str | None) -> str:
    """An item's key: its key field, or the documented hash of its fields."""
    if key.field is not None:
        return str(values[key.field])
    parts = [_normalised(values.get(name, creator or "")) for name in key.hash]
    return hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()[:16]


def _normalised(value: Any) -> str:
    text = str(value.value) if isinstance(value, Count) else str(value)
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Row:
    """One list item as read: position (from 1), key, fields, and its node on screen."""

    position: int
    key: str
    values: dict[str, Any]
    node: Node
    read_at: datetime | None = None  # the phone's clock when the screen was read

    def text(self, name: str) -> str:
        """A text field ('' when the item lacks it)."""
        value = self.values.get(name)
        return "" if value is None else str(value)

    def count(self, name: str) -> Count:
        """A count field (zero when the item lacks it: an optional '3 replies')."""
        value = self.values.get(name)
        return value if isinstance(value, Count) else Count(0)

    def number(self, name: str) -> int:
        """A count field's number (its lower bound for '10万+')."""
        return self.count(name).value

    def posted(self, style: TimeStyle, name: str = "time") -> dict[str, Any]:
        """A time field as shown (``name``) and read back: ``posted_at``, its precision and
        interval (see workers/flows/times.py); null fields when absent or unreadable."""
        shown = self.values.get(name)
        return {name: shown, **parse_time_fields(style, shown, self.read_at)}


def read_rows(
    ctx: FlowContext, profile: AppProfile, list_name: str, creator: str | None = None
) -> Iterator[Row]:
    """Every item of the list once, in list order, scrolling down as needed.

    A spinner (``scroll.loading``) is waited out after each swipe; a notice with a tap
    retry ("network error, tap to retry") is tapped and the screen read again.
    """
    spec = profile.list_spec(list_name)
    reader = _ListReader(ctx, profile, spec)
    for position, values in read_list(
        reader.read_screen,
        reader.scroll,
        at_end=reader.at_end,
        max_scrolls=profile.scroll.max_scrolls,
        check_stop=ctx.check_stop,
    ):
        fields = dict(values)
        node, read_at = reader.nodes[values]
        yield Row(position, identity(spec.key, fields, creator), fields, node, read_at)


Placed = tuple[tuple[tuple[str, Any], ...], int]


class _ListReader:
    """The screen-reading and scrolling callbacks of one list, for ``read_list``."""

    def __init__(self, ctx: FlowContext, profile: AppProfile, spec: ListSpec) -> None:
        self.ctx, self.profile, self.spec = ctx, profile, spec
        self.container = profile.resolve(spec.container)
        self.item = profile.resolve(spec.item)
        self.end = profile.resolve(profile.scroll.end) if profile.scroll.end else None
        self.loading = profile.resolve(profile.scroll.loading) if profile.scroll.loading else None
        self.notices = Notices(profile)
        self.root: Node | None = None
        self.nodes: dict[tuple[tuple[str, Any], ...], tuple[Node, datetime | None]] = {}
        self.timed = any(rule.kind == "time" for rule in spec.fields.values())

    def read_screen(self) -> list[Placed]:
        root = self.ctx.device.hierarchy()
        while self.notices.check(self.ctx, root):  # tapped "retry": read what it loads
            self._wait_loaded()
            root = self.ctx.device.hierarchy()
        self.notices.taps.clear()  # each page load has its own attempts
        self.root = root
        read_at = self._phone_clock()
        container = root.find(self.container)
        if container is None:
            return []
        found: list[Placed] = []
        for node in container.find_all(self.item):
            fields = self.spec.fields
            values = {name: read_value(self.profile, node, rule) for name, rule in fields.items()}
            if all(v is not None or self.spec.fields[n].optional for n, v in values.items()):
                placed = tuple(values.items())
                self.nodes[placed] = (node, read_at)
                found.append((placed, node.bounds.top))
        return found

    def _phone_clock(self) -> datetime | None:
        """The phone's clock, when the list shows times ("5分钟前" counts from it)."""
        if not self.timed:
            return None
        try:
            return self.ctx.device.clock()
        except DeviceError as exc:
            if exc.code is not ErrorCode.INVALID_ARGUMENT:
                raise
            self.ctx.log(f"times left unread: {exc}")  # the texts are kept
            return None

    def at_end(self) -> bool:
        if self.end is None or self.root is None:
            return False
        return self.root.find(self.end) is not None

    def scroll(self) -> float | None:
        box = self.root.find(self.container) if self.root is not None else None
        fraction = self.profile.scroll.fraction
        self.ctx.device.scroll("down", within=box, fraction=fraction)
        self._wait_loaded()
        if box is None:
            return None
        # The finger travels this far, and the list follows it.
        return float(int(box.bounds.height * fraction / 2) * 2)

    def _wait_loaded(self) -> None:
        if self.loading is None:
            return
        device, deadline = self.ctx.device, time.monotonic() + self.profile.scroll.loading_timeout
        while device.hierarchy().find(self.loading) is not None:
            if time.monotonic() >= deadline:
                raise RetryableFailure(
                    f"the list kept loading for {self.profile.scroll.loading_timeout:g} s",
                    code="ui_not_found",
                )
            device.sleep(device.poll_interval)


def tap_in(ctx: FlowContext, profile: AppProfile, row: Row, ref: Any | None) -> None:
    """Tap a row (or the element ``ref`` inside it) where it is on screen now."""
    node = row.node if ref is None else row.node.find(profile.resolve(ref))
    if node is None:
        raise FatalFailure("the item has nothing to tap there", code="ui_not_found")
    ctx.device.tap(*node.bounds.center)


def screen_count(ctx: FlowContext, profile: AppProfile, spec: FieldSpec | None) -> Count:
    """A count shown on the current screen (a video's comment total, its likes)."""
    if spec is None:
        raise FatalFailure("the profile names no such count", code="profile_incomplete")
    value = read_value(profile, ctx.device.hierarchy(), spec)
    if not isinstance(value, Count):
        raise FatalFailure("the screen shows no such count", code="profile_incomplete")
    return value
