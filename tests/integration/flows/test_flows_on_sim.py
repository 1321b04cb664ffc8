"""The built-in and shipped YAML flows on simulated phones, through the real adb server,
adbutils and uiautomator2; what they collect must equal the SimVideo catalog.

The tests every app must pass (comments with replies, a restricted account, account
detection, monitoring) run on both simulated apps in test_apps_on_sim.py."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from db.artifacts.spool import Spool
from db.artifacts.store import ArtifactKind
from db.pool.states import ErrorClass
from workers.attempt import AttemptSpec, run_attempt
from workers.flows.catalog import load_catalog
from workers.stop import StopSignal

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from workers.device.driver import DeviceDriver
    from workers.sim.fleet import PhoneInfo, SimFleet
    from workers.sim.simvideo.catalog import Catalog, Creator


class ListStore:
    """Keeps what an attempt stores, in order."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.bound: list[tuple[str, str, str, str]] = []
        self.memory: dict[tuple[str, str], str] = {}

    def emit_items(self, run_id: int, items: list[tuple[str, dict[str, Any]]]) -> bool:
        self.items.extend(payload for _key, payload in items)
        return True

    def seen(self, monitor: str, keys: list[str]) -> dict[str, str]:
        return {k: self.memory[monitor, k] for k in keys if (monitor, k) in self.memory}

    def emit_new(
        self, run_id: int, monitor: str, items: list[Any], only_new: bool
    ) -> tuple[bool, int]:
        stored = 0
        for key, payload, value, _label in items:
            new = self.memory.get((monitor, key)) != value
            self.memory[monitor, key] = value
            if new or not only_new:
                self.items.append(payload)
                stored += 1
        return True, stored

    def remember(self, run_id: int, monitor: str, entries: list[Any]) -> int:
        new = sum((monitor, key) not in self.memory for key, _value, _label in entries)
        self.memory.update({(monitor, key): value for key, value, _label in entries})
        return new

    def read_items(self, batch_id: int) -> Iterator[dict[str, Any]]:
        return iter(())

    def bind_account(self, device_serial: str, app: str, uid: str, name: str) -> None:
        self.bound.append((device_serial, app, uid, name))


class Flows:
    def __init__(self) -> None:
        self.catalog = load_catalog()

    def flow(self, name: str) -> Any:
        return self.catalog.registry.get(name)

    def profile(self, name: str) -> Any:
        return self.catalog.profiles.get(name)


@pytest.fixture(scope="module")
def flows() -> Flows:
    return Flows()


@pytest.fixture
def run_flow(
    flows: Flows, make_driver: Callable[..., DeviceDriver], tmp_path: Path
) -> Callable[..., tuple[Any, ListStore]]:
    """run(phone, flow, **params) -> (outcome, store) on a real simulated phone."""

    def run(phone: PhoneInfo, flow: str, **params: Any) -> tuple[Any, ListStore]:
        stop = StopSignal(max_run_seconds=120)
        driver = make_driver(phone, should_stop=stop.should_stop)
        store = ListStore()
        spec = AttemptSpec(1, 1, 1, flow, params, 1, 120, driver.serial)
        return run_attempt(spec, flows, driver, store, stop, Spool(tmp_path)), store

    return run


def creator_with_videos(catalog: Catalog, at_least: int) -> Creator:
    return next(c for c in catalog.creators if len(c.videos) >= at_least)


def usable_phone(fleet: SimFleet, catalog: Catalog) -> PhoneInfo:
    return next(p for p in fleet.phones() if not catalog.account(p.index).restricted)


def test_collect_titles_equals_the_catalog(
    sim_fleet: SimFleet, sim_catalog: Catalog, run_flow: Callable[..., Any]
) -> None:
    # A minimum whose 10% margin lands exactly on a listed video's count (110 for 100):
    # that video must be kept (the rule says "at least 10% above").
    creator, edge = next(
        (c, v)
        for c in sim_catalog.creators
        if len(c.videos) >= 25
        for v in c.videos[:12]
        if v.comment_count >= 22 and v.comment_count % 11 == 0
    )
    min_comments = edge.comment_count // 11 * 10
    outcome, store = run_flow(
        usable_phone(sim_fleet, sim_catalog),
        "collect.titles",
        creator=creator.id,
        count=12,
        min_comments=min_comments,
    )
    assert outcome.succeeded, outcome.message
    ten_percent_above = Fraction(min_comments) * Fraction(11, 10)
    expected = [
        {"title": v.title, "comment_count": v.comment_count, "video_key": v.key, "position": i}
        for i, v in enumerate(creator.videos, start=1)
        if v.comment_count >= ten_percent_above
    ][:12]
    posted = ("time", "posted_at", "posted_precision", "posted_earliest", "posted_latest")
    assert [{k: v for k, v in i.items() if k not in posted} for i in store.items] == expected
    assert edge.key in {item["video_key"] for item in store.items}


def test_video_outside_the_scan_limit_is_fatal(
    sim_fleet: SimFleet, sim_catalog: Catalog, run_flow: Callable[..., Any], tmp_path: Path
) -> None:
    spool = Spool(tmp_path)
    creator = creator_with_videos(sim_catalog, 8)
    outcome, store = run_flow(
        usable_phone(sim_fleet, sim_catalog),
        "collect.comments",
        creator=creator.id,
        title=creator.videos[7].title,
        scan_limit=3,
    )
    assert outcome.error_class is ErrorClass.FATAL
    assert outcome.message.startswith("video not found")
    assert outcome.step == "find the video"
    assert store.items == []
    kinds = {ref.kind for ref in outcome.artifacts}
    assert kinds >= {ArtifactKind.SCREENSHOT, ArtifactKind.HIERARCHY, ArtifactKind.LOG}
    screenshot = next(r for r in outcome.artifacts if r.kind is ArtifactKind.SCREENSHOT)
    assert spool.read(screenshot.id).startswith(b"\x89PNG")


def test_device_health_equals_the_phone(sim_fleet: SimFleet, run_flow: Callable[..., Any]) -> None:
    phone = sim_fleet.phones()[2]
    outcome, store = run_flow(phone, "device.health")
    assert outcome.succeeded, outcome.message
    status = sim_fleet.status(phone.index)
    (item,) = store.items
    assert item["serial"] == phone.serial
    assert item["battery_level"] == status.battery_level
    assert item["battery_temp_c"] == pytest.approx(status.temperature_c, abs=0.1)
    assert item["storage_free_mb"] == status.storage_free_mb
    assert item["screen_on"] == status.screen_on


def test_declarative_titles_flow(
    sim_fleet: SimFleet, sim_catalog: Catalog, run_flow: Callable[..., Any]
) -> None:
    creator = creator_with_videos(sim_catalog, 15)
    outcome, store = run_flow(
        usable_phone(sim_fleet, sim_catalog), "simvideo.titles", creator=creator.id, count=15
    )
    assert outcome.succeeded, outcome.message
    assert store.items == [
        {"title": v.title, "comment_count": v.comment_count} for v in creator.videos[:15]
    ]
