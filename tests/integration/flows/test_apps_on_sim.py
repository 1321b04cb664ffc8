"""The built-in collection and monitoring flows on both simulated apps, each driven only by
its profile, through the real adb server, adbutils and uiautomator2; what they collect
must equal each app's catalog. SimChannels has no keys on screen, abbreviated counts,
lazy loading behind a spinner, "tap to retry" notices and comments in bottom sheets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from db.artifacts.spool import Spool
from db.pool.states import ErrorClass
from tests.integration.flows.test_flows_on_sim import Flows, ListStore
from tests.support.app_truth import APPS, AppTruth, TruthVideo
from workers.attempt import AttemptSpec, run_attempt
from workers.flows.builtin.collect import qualifies
from workers.flows.catalog import load_catalog
from workers.flows.counts import Count
from workers.flows.profiles import BUILTIN_PROFILES
from workers.sim.clock import ORIGIN, SimClock
from workers.sim.fleet import SimFleet
from workers.sim.simchannels.screens import _fails as fails_once
from workers.sim.simvideo.words import TOPICS
from workers.stop import StopSignal

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from workers.device.driver import DeviceDriver
    from workers.sim.adb_host import AdbServer
    from workers.sim.fleet import PhoneInfo
    from workers.sim.phone import PhoneModel

SEED = 7


@pytest.fixture(scope="module")
def flows() -> Flows:
    return Flows()


@pytest.fixture
def run_flow(
    flows: Flows, make_driver: Callable[..., DeviceDriver], tmp_path: Path
) -> Callable[..., tuple[Any, ListStore]]:
    """run(phone, flow, store=None, **params) -> (outcome, store) on a simulated phone."""

    def run(
        phone: PhoneInfo, flow: str, store: ListStore | None = None, **params: Any
    ) -> tuple[Any, ListStore]:
        stop = StopSignal(max_run_seconds=120)
        driver = make_driver(phone, should_stop=stop.should_stop)
        store = store or ListStore()
        spec = AttemptSpec(1, 1, 1, flow, params, 1, 120, driver.serial)
        return run_attempt(spec, flows, driver, store, stop, Spool(tmp_path)), store

    return run


@pytest.fixture(params=APPS)
def truth(request: pytest.FixtureRequest) -> AppTruth:
    return AppTruth(request.param, SEED)


def usable(fleet: SimFleet, truth: AppTruth) -> PhoneInfo:
    return next(p for p in fleet.phones() if not truth.restricted(p.index))


def creator_with(truth: AppTruth, videos: int) -> tuple[str, list[TruthVideo]]:
    return next((c, v) for c in truth.creators() if len(v := truth.videos(c)) >= videos)


def test_collect_titles_equals_the_catalog(
    sim_fleet: SimFleet, truth: AppTruth, run_flow: Callable[..., Any]
) -> None:
    # Long enough for SimChannels to load three pages (one may need "tap to retry").
    creator, videos = creator_with(truth, 14)
    if truth.app == "simchannels":
        assert fails_once(SEED, creator, 1)  # the second page needs a tap on "retry"
    min_comments = 20
    outcome, store = run_flow(
        usable(sim_fleet, truth),
        "collect.titles",
        app=truth.app,
        creator=creator,
        count=8,
        min_comments=min_comments,
    )
    assert outcome.succeeded, outcome.message
    expected = [
        {"title": v.title, "comment_count": v.comment_count, "video_key": v.key, "position": i}
        for i, v in enumerate(videos, start=1)
        if qualifies(Count(v.comment_count, v.capped), min_comments)
    ][:8]
    assert without_times(store.items) == expected
    # Each video's time as the app shows it, read back: the catalog's moment lies in it.
    collected = {v.key: v for v in videos}
    for item in store.items:
        assert_posted_within(item, collected[item["video_key"]].posted_at)


def test_a_creator_reached_by_deep_link(
    sim_fleet: SimFleet, make_driver: Callable[..., DeviceDriver], tmp_path: Path
) -> None:
    # The same app, its creators reached by a link instead of the search.
    shipped = (BUILTIN_PROFILES / "simchannels.yaml").read_text(encoding="utf-8")
    start, end = shipped.index("creator:\n  via: search"), shipped.index("keyword_search:")
    linked = shipped[:start] + LINK + shipped[end:]
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "linked.yaml").write_text(
        linked.replace("app: simchannels", "app: simchannels-link"), encoding="utf-8"
    )
    catalog = load_catalog(profiles_dir=tmp_path / "profiles")
    assert not catalog.errors
    truth = AppTruth("simchannels", SEED)
    creator, videos = creator_with(truth, 3)
    phone = usable(sim_fleet, truth)
    stop = StopSignal(max_run_seconds=60)
    driver = make_driver(phone, should_stop=stop.should_stop)
    params = {"app": "simchannels-link", "creator": creator, "count": 3}
    spec = AttemptSpec(1, 1, 1, "collect.titles", params, 1, 60, driver.serial)
    store = ListStore()
    outcome = run_attempt(spec, catalog, driver, store, stop, Spool(tmp_path / "spool"))
    assert outcome.succeeded, outcome.message
    assert [(i["title"], i["video_key"]) for i in store.items] == [
        (v.title, v.key) for v in videos[:3]
    ]


LINK = """creator:
  via: deep_link
  deep_link: "simchannels://finder/profile?name={creator}"

"""


@pytest.mark.slow
def test_a_long_list_is_read_through_every_spinner_and_retry(
    sim_fleet: SimFleet, run_flow: Callable[..., Any]
) -> None:
    truth = AppTruth("simchannels", SEED)
    creator, videos = max(
        ((c, truth.videos(c)) for c in truth.creators()), key=lambda cv: len(cv[1])
    )
    pages = range(1, (len(videos) + 5) // 6)
    assert sum(fails_once(SEED, creator, page) for page in pages) >= 4  # more than attempts
    outcome, store = run_flow(
        usable(sim_fleet, truth),
        "collect.titles",
        app="simchannels",
        creator=creator,
        count=len(videos),
    )
    assert outcome.succeeded, outcome.message
    assert [i["video_key"] for i in store.items] == [v.key for v in videos]


def test_capped_and_abbreviated_counts_are_read_as_shown(
    sim_fleet: SimFleet, run_flow: Callable[..., Any]
) -> None:
    truth = AppTruth("simchannels", SEED)
    creator, videos = creator_with(truth, 3)
    assert videos[2].capped  # every seed: the first creator's third video shows "10万+"
    assert 10_000 <= videos[1].comment_count < 100_000  # and its second one "N.N万"
    outcome, store = run_flow(
        usable(sim_fleet, truth), "collect.titles", app="simchannels", creator=creator, count=3
    )
    assert outcome.succeeded, outcome.message
    assert [item["comment_count"] for item in store.items] == [v.comment_count for v in videos[:3]]
    assert store.items[2]["comment_count"] == 100_000


def test_collect_comments_with_replies_equals_the_catalog(
    sim_fleet: SimFleet, truth: AppTruth, run_flow: Callable[..., Any]
) -> None:
    creator, videos = creator_with(truth, 6)
    video = max(
        (v for v in videos[:6] if not v.removed),
        key=lambda v: sum(bool(c["replies"]) for c in v.comments[:8]),
    )
    outcome, store = run_flow(
        usable(sim_fleet, truth),
        "collect.comments",
        app=truth.app,
        creator=creator,
        title=video.title,
        scan_limit=6,
        max_comments=8,
        include_replies=True,
    )
    assert outcome.succeeded, outcome.message
    expected: list[dict[str, Any]] = []
    for i, comment in enumerate(video.comments[:8], start=1):
        expected.append(_comment(str(i), comment, i, None))
        for n, reply in enumerate(comment["replies"], start=1):
            expected.append(_comment(f"{i}.{n}", reply, i, n))
    assert any(item["reply"] for item in expected)
    assert without_times(store.items) == expected
    truths = [c["posted_at"] for c in video.comments[:8]]
    for item in store.items:
        if item["reply"] is not None or truth.app == "simvideo":  # no time on screen
            assert item["time"] is None, item
            assert item["posted_at"] is None, item
        else:
            assert_posted_within(item, truths[item["position"] - 1])


POSTED = ("time", "posted_at", "posted_precision", "posted_earliest", "posted_latest")


def without_times(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items without their posted fields (checked against the catalog apart)."""
    return [{k: v for k, v in item.items() if k not in POSTED} for item in items]


def assert_posted_within(item: dict[str, Any], truth: datetime | None) -> None:
    """The item shows a time, read back to an interval that holds the catalog's moment."""
    assert truth is not None
    assert item["time"], item
    earliest, latest = (_utc(item[f"posted_{end}"]) for end in ("earliest", "latest"))
    assert earliest <= _utc(item["posted_at"]) <= latest, item
    assert earliest <= truth.replace(microsecond=0) <= latest, (item, truth.isoformat())
    span = {"minute": 60, "hour": 3600, "day": 86400}[item["posted_precision"]]
    assert (latest - earliest).total_seconds() < span, item


def _utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _comment(key: str, row: dict[str, Any], position: int, reply: int | None) -> dict[str, Any]:
    return {
        "comment_key": key,
        "author": row["author"],
        "text": row["text"],
        "likes": row["likes"],
        "position": position,
        "reply": reply,
    }


def test_a_removed_video_is_fatal_content_removed(
    sim_fleet: SimFleet, run_flow: Callable[..., Any]
) -> None:
    truth = AppTruth("simchannels", SEED)
    creator = truth.creators()[0]
    videos = truth.videos(creator)
    position, removed = next((i, v) for i, v in enumerate(videos, start=1) if v.removed)
    outcome, store = run_flow(
        usable(sim_fleet, truth),
        "collect.comments",
        app="simchannels",
        creator=creator,
        title=removed.title,
        position=position,
        scan_limit=1,
    )
    assert outcome.error_class is ErrorClass.FATAL
    assert outcome.error_code == "content_removed"
    assert outcome.message == "该内容已被作者删除"
    assert store.items == []


def test_without_a_network_the_retry_notice_is_tapped_then_retryable(
    sim_fleet: SimFleet, sim_phone: PhoneInfo, run_flow: Callable[..., Any]
) -> None:
    truth = AppTruth("simchannels", SEED)
    sim_fleet.set_network(sim_phone.index, False)
    outcome, _ = run_flow(
        sim_phone, "collect.titles", app="simchannels", creator=truth.creators()[0], count=1
    )
    assert outcome.error_class is ErrorClass.RETRYABLE
    assert outcome.error_code == "network_error"


@pytest.mark.parametrize("flow", ["collect.titles", "account.detect"])
def test_a_logged_out_app_is_a_device_failure(
    sim_fleet: SimFleet, sim_phone: PhoneInfo, run_flow: Callable[..., Any], flow: str
) -> None:
    def log_out(model: PhoneModel) -> None:
        del model.logins["com.fleetdeck.simchannels"]
        model.changed()

    sim_fleet.inspect(sim_phone.index, log_out)
    params = {"creator": AppTruth("simchannels", SEED).creators()[0]}
    outcome, _ = run_flow(
        sim_phone, flow, app="simchannels", **(params if flow == "collect.titles" else {})
    )
    assert outcome.error_class is ErrorClass.DEVICE
    assert outcome.error_code == "not_logged_in"


def test_a_restricted_account_is_a_device_failure(
    sim_fleet: SimFleet, truth: AppTruth, run_flow: Callable[..., Any]
) -> None:
    phone = next(p for p in sim_fleet.phones() if truth.restricted(p.index))
    creator, _videos = creator_with(truth, 1)
    outcome, _ = run_flow(phone, "collect.titles", app=truth.app, creator=creator, count=3)
    assert outcome.error_class is ErrorClass.DEVICE
    assert outcome.error_code == "account_restricted"


def test_account_detect_reads_the_login(
    sim_fleet: SimFleet, truth: AppTruth, run_flow: Callable[..., Any]
) -> None:
    phone = sim_fleet.phones()[1]
    outcome, store = run_flow(phone, "account.detect", app=truth.app)
    assert outcome.succeeded, outcome.message
    uid, name = truth.account(phone.index)
    assert store.items == [{"app": truth.app, "uid": uid, "name": name}]
    assert store.bound == [(phone.serial, truth.app, uid, name)]


@pytest.fixture(scope="module")
def moving_fleet(sim_adb_server: AdbServer) -> Iterator[SimFleet]:
    """Two phones on a frozen clock that the monitoring tests move."""
    fleet = SimFleet(seed=SEED, clock=SimClock(ORIGIN, speed=0)).start(count=2)
    try:
        fleet.connect_adb(sim_adb_server)
        yield fleet
    finally:
        fleet.close()


def _creator_posting(
    truth: AppTruth, later: timedelta, least: int = 2
) -> tuple[str, list[TruthVideo]]:
    """A creator with ``least`` new videos between the origin and ``later`` (newest first)."""
    for creator in truth.creators():
        before = {v.key for v in truth.videos(creator)}
        new = [v for v in truth.videos(creator, ORIGIN + later) if v.key not in before]
        if len(new) >= least:
            return creator, new
    raise AssertionError(f"no creator posts {least} times in that time")


@pytest.mark.slow
def test_monitor_account_reports_each_new_video_once(
    moving_fleet: SimFleet, truth: AppTruth, run_flow: Callable[..., Any]
) -> None:
    later = timedelta(hours=30)
    creator, new = _creator_posting(truth, later)
    phone = usable(moving_fleet, truth)
    store = ListStore()
    moving_fleet.clock.set(ORIGIN)
    params = {"app": truth.app, "creators": [creator], "scan_limit": 10, "recent": 0}
    first, store = run_flow(phone, "monitor.account", store, **params)
    assert first.succeeded, first.message
    assert store.items == []  # the first look remembers, reports nothing
    moving_fleet.clock.set(ORIGIN + later)
    second, store = run_flow(phone, "monitor.account", store, **params)
    assert second.succeeded, second.message
    hits = [(h["kind"], h["video_key"], h["title"]) for h in store.items]
    assert hits == [("video", v.key, v.title) for v in reversed(new)]
    for hit, video in zip(store.items, reversed(new), strict=True):
        assert_posted_within(hit, video.posted_at)  # "N小时前" / "01-02" read back
    third, store = run_flow(phone, "monitor.account", store, **params)
    assert third.succeeded, third.message
    assert len(store.items) == len(new)  # nothing new: nothing reported again


@pytest.mark.slow
def test_monitor_keyword_reports_new_matching_videos_once(
    moving_fleet: SimFleet, truth: AppTruth, run_flow: Callable[..., Any]
) -> None:
    later = timedelta(hours=24)
    # A keyword with a few new matches in that day (and older ones to meet on the way).
    keyword, new = next(
        (word, new)
        for word in TOPICS
        if 1 <= len(new := _new_matches(truth, word, later)) <= 4
        and len(truth.search(word, ORIGIN)) >= 1
    )
    phone = usable(moving_fleet, truth)
    params = {"app": truth.app, "keywords": [keyword], "scan_limit": 10}
    moving_fleet.clock.set(ORIGIN)
    first, store = run_flow(phone, "monitor.keyword", **params)
    assert first.succeeded, first.message
    assert store.items == []
    moving_fleet.clock.set(ORIGIN + later)
    second, store = run_flow(phone, "monitor.keyword", store, **params)
    assert second.succeeded, second.message
    hits = [(h["video_key"], h["title"], h["keyword"]) for h in store.items]
    assert hits == [(key, title, keyword) for key, title in reversed(new)]


def _new_matches(truth: AppTruth, keyword: str, later: timedelta) -> list[tuple[str, str]]:
    before = set(truth.search(keyword, ORIGIN))
    return [hit for hit in truth.search(keyword, ORIGIN + later) if hit not in before]


@pytest.mark.slow
def test_monitor_post_reports_new_comments_once(
    moving_fleet: SimFleet, truth: AppTruth, run_flow: Callable[..., Any]
) -> None:
    # The newest video of a creator at the origin gets comments over the next hours.
    phone = usable(moving_fleet, truth)
    later = timedelta(hours=12)
    creator, post, new = next(
        (c, v, n)
        for c in truth.creators()
        for v in truth.videos(c)[:1]
        if not v.removed and (n := _new_comments(truth, c, v, later))
    )
    moving_fleet.clock.set(ORIGIN)
    params = {"app": truth.app, "creator": creator, "title": post.title}
    first, store = run_flow(phone, "monitor.post", **params)
    assert first.succeeded, first.message
    assert [h["kind"] for h in store.items] == ["counts"]
    moving_fleet.clock.set(ORIGIN + later)
    second, store = run_flow(phone, "monitor.post", store, **params)
    assert second.succeeded, second.message
    comments = [h for h in store.items if h["kind"] == "comment"]
    assert [(h["author"], h["text"]) for h in comments] == [
        (c["author"], c["text"]) for c in reversed(new)
    ]
    for hit, comment in zip(comments, reversed(new), strict=True):
        if truth.app == "simchannels":  # SimVideo shows no comment times
            assert_posted_within(hit, comment["posted_at"])


def _new_comments(
    truth: AppTruth, creator: str, video: TruthVideo, later: timedelta
) -> list[dict[str, Any]]:
    now = next(v for v in truth.videos(creator, ORIGIN + later) if v.key == video.key)
    before = {(c["author"], c["text"]) for c in video.comments}
    return [c for c in now.comments if (c["author"], c["text"]) not in before]


def test_times_read_against_the_phones_clock_after_hours_of_posting(
    moving_fleet: SimFleet,
    truth: AppTruth,
    run_flow: Callable[..., Any],
    make_driver: Callable[..., DeviceDriver],
) -> None:
    # Five hours and a quarter on: new videos say "N分钟前" / "N小时前" on SimChannels
    # and today's "HH:MM" on SimVideo, the older ones days or dates.
    later = timedelta(hours=5, minutes=17, seconds=31)
    creator, new = _creator_posting(truth, later, least=1)
    moving_fleet.clock.set(ORIGIN + later)
    phone = usable(moving_fleet, truth)
    assert make_driver(phone).clock() == ORIGIN + later  # the phone's `date` is the sim clock
    outcome, store = run_flow(phone, "collect.titles", app=truth.app, creator=creator, count=6)
    assert outcome.succeeded, outcome.message
    videos = {v.key: v for v in truth.videos(creator, ORIGIN + later)}
    assert [i["video_key"] for i in store.items] == list(videos)[:6]
    for item in store.items:
        assert_posted_within(item, videos[item["video_key"]].posted_at)
    fresh = [i for i in store.items if i["video_key"] in {v.key for v in new}]
    expected = {"minute", "hour"} if truth.app == "simchannels" else {"minute"}
    assert fresh
    assert {i["posted_precision"] for i in fresh} <= expected
