"""The operators' collection pipeline, end to end: collect.titles -> collect.comments ->
monitor.keywords over three creators on six simulated phones, with one restricted
account, one phone going offline mid-flow and one uiautomator2 crash.

Real parts throughout: the host agent and its worker threads, the real adb server,
adbutils and uiautomator2, SimVideo, and the pool on SQLite and MariaDB. What the
flows collect must equal the SimVideo catalog.
"""

from __future__ import annotations

import threading
from collections import Counter
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from app.submission import spec_for
from db.pool.records import query_records
from db.pool.states import BatchState, ErrorClass, Mode, RunStatus
from db.pool.status import batch_status
from db.pool.submit import submit_batch
from db.pool.tx import run_transaction
from db.pool.values import RecordFilter
from tests.support.shown_times import without_times
from workers.flows.catalog import load_catalog

if TYPE_CHECKING:
    from collections.abc import Callable

    from pytestqt.qtbot import QtBot
    from sqlalchemy import Engine

    from db.pool.values import Record
    from workers.sim.fleet import PhoneInfo, SimFleet
    from workers.sim.simvideo.catalog import Catalog, Creator, Video

TITLES_PER_CREATOR = 4
MIN_COMMENTS = 10
MAX_COMMENTS = 30
KEYWORDS = ["哈哈", "love", "🔥"]


def submit(engine: Engine, flow: str, params: dict[str, Any], **options: Any) -> int:
    catalog = load_catalog()
    spec = spec_for(catalog.flow(flow), params, submitted_by="e2e", lease_s=20, **options)
    return int(run_transaction(engine, lambda s: submit_batch(s, spec)))


def records(engine: Engine, **filters: Any) -> list[Record]:
    found = run_transaction(
        engine, lambda s: query_records(s, RecordFilter(**filters), limit=10_000)
    )
    return list(reversed(found))


def batch_done(engine: Engine, batch_id: int) -> bool:
    status = run_transaction(engine, lambda s: batch_status(s, batch_id))
    return status.state in (BatchState.COMPLETED, BatchState.STOPPED)


def expected_titles(creator: Creator) -> list[dict[str, Any]]:
    """The creator's first videos at least 10% above MIN_COMMENTS (the README's rule)."""
    ten_percent_above = Fraction(MIN_COMMENTS) * Fraction(11, 10)
    keep = [
        {"title": v.title, "comment_count": v.comment_count, "video_key": v.key, "position": i}
        for i, v in enumerate(creator.videos, start=1)
        if v.comment_count >= ten_percent_above
    ]
    return keep[:TITLES_PER_CREATOR]


def six_phones(
    sim_fleet: SimFleet, sim_catalog: Catalog, add: Callable[..., PhoneInfo]
) -> tuple[list[PhoneInfo], str]:
    """Six fresh phones; the third is logged in to a restricted account."""
    phones = [add() for _ in range(6)]
    restricted = next(a for a in sim_catalog.accounts if a.restricted)
    sim_fleet.login(phones[2].index, restricted.id)
    for phone in phones:
        sim_fleet.set_health(phone.index, battery_level=80, temperature_c=30.0)
    return phones, restricted.id


class FaultInjector:
    """Breaks phones while flows run on them: one goes offline, one loses u2."""

    def __init__(self, fleet: SimFleet, phones: list[PhoneInfo]) -> None:
        self.fleet = fleet
        self.by_adb = {p.adb_serial: p for p in phones}
        self.offline: str | None = None
        self.crashed: str | None = None
        self._lock = threading.Lock()

    def on_step(self, label: str, run_id: int, step: str) -> None:
        phone = self.by_adb.get(label)
        if phone is None or step != "read the comments":
            return
        with self._lock:
            if self.offline is None:
                self.offline = phone.serial
                self.fleet.set_offline(phone.index, seconds=4)
            elif self.crashed is None and phone.serial != self.offline:
                self.crashed = phone.serial
                self.fleet.crash_u2(phone.index)


def test_pipeline_over_three_creators_on_six_phones(
    engine: Engine,
    sim_fleet: SimFleet,
    sim_catalog: Catalog,
    sim_phone_factory: Callable[..., PhoneInfo],
    start_host: Callable[..., Any],
    qtbot: QtBot,
) -> None:
    phones, restricted_uid = six_phones(sim_fleet, sim_catalog, sim_phone_factory)
    host = start_host(engine, devices={p.serial for p in phones})
    faults = FaultInjector(sim_fleet, phones)
    host.agent.step_changed.connect(faults.on_step)

    # The operator's first batch, once the phones are known: which account is on which.
    qtbot.waitUntil(lambda: len(fleet_devices(engine)) == 6, timeout=30_000)
    detect = submit(engine, "account.detect", {"app": "simvideo"}, mode=Mode.EACH_DEVICE)
    qtbot.waitUntil(lambda: batch_done(engine, detect), timeout=60_000)

    creators = [c for c in sim_catalog.creators if len(expected_titles(c)) == TITLES_PER_CREATOR][
        :3
    ]
    stages = []
    for creator in creators:
        titles = submit(
            engine,
            "collect.titles",
            {
                "creator": creator.id,
                "count": TITLES_PER_CREATOR,
                "min_comments": MIN_COMMENTS,
            },
        )
        comments = submit(
            engine,
            "collect.comments",
            {"creator": creator.id, "max_comments": MAX_COMMENTS, "scan_limit": 200},
            after_batch_id=titles,
            mapping={"title": "title", "position": "position"},
        )
        scan = submit(
            engine,
            "monitor.keywords",
            {"batch": comments, "keywords": KEYWORDS},
            after_batch_id=comments,
        )
        stages.append((creator, titles, comments, scan))
    last = [scan for *_, scan in stages]
    qtbot.waitUntil(lambda: all(batch_done(engine, b) for b in last), timeout=240_000)

    for creator, titles, comments, scan in stages:
        check_titles(engine, creator, titles)
        collected = check_comments(engine, creator, comments, sim_catalog)
        check_keywords(engine, scan, collected)
    check_every_task_terminal(engine, [b for stage in stages for b in stage[1:]])
    check_restricted_excluded(engine, restricted_uid)
    check_faults_recovered(engine, faults)


def fleet_devices(engine: Engine) -> list[str]:
    from sqlalchemy import select

    from db.models import Device

    return list(run_transaction(engine, lambda s: s.scalars(select(Device.serial)).all()))


def succeeded_outputs(engine: Engine, batch: int) -> dict[str, list[dict[str, Any]]]:
    """Per task (by its parameters' title/creator), the items of its succeeded run."""
    found: dict[str, list[dict[str, Any]]] = {}
    for record in records(engine, batch=batch):
        if record.status is RunStatus.SUCCEEDED:
            key = str(record.params.get("title") or record.params.get("creator"))
            assert key not in found, f"task {key!r} succeeded twice"
            found[key] = record.outputs
    return found


def check_titles(engine: Engine, creator: Creator, batch: int) -> None:
    posted = {v.key: v.posted_at for v in creator.videos}
    got = {
        key: [without_times(item, posted[item["video_key"]]) for item in items]
        for key, items in succeeded_outputs(engine, batch).items()
    }
    assert got == {creator.id: expected_titles(creator)}


def check_comments(
    engine: Engine, creator: Creator, batch: int, catalog: Catalog
) -> list[dict[str, Any]]:
    got = succeeded_outputs(engine, batch)
    videos = {v.title: v for v in creator.videos}
    assert set(got) == {t["title"] for t in expected_titles(creator)}
    collected = []
    for title, items in got.items():
        expected = [
            {
                "comment_key": str(i),
                "author": c.author,
                "text": c.text,
                "likes": c.likes,
                "position": i,
                "reply": None,
            }
            for i, c in enumerate(videos[title].comments[:MAX_COMMENTS], start=1)
        ]
        items = [without_times(item) for item in items]
        assert items == expected, title
        collected.extend(items)
    return collected


def check_keywords(engine: Engine, batch: int, comments: list[dict[str, Any]]) -> None:
    (matches,) = succeeded_outputs(engine, batch).values()
    expected = Counter(
        (c["author"], c["text"], keyword)
        for c in comments
        for keyword in KEYWORDS
        if keyword.casefold() in c["text"].casefold()
    )
    assert Counter((m["author"], m["text"], m["keyword"]) for m in matches) == expected
    assert len({m["match_key"] for m in matches}) == len(matches)  # nothing twice


def check_every_task_terminal(engine: Engine, batches: list[int]) -> None:
    for batch in batches:
        status = run_transaction(engine, lambda s, b=batch: batch_status(s, b))
        assert status.state is BatchState.COMPLETED, (batch, status.state)
        assert status.tasks.succeeded == status.tasks.total, (batch, status.tasks)


def check_restricted_excluded(engine: Engine, restricted_uid: str) -> None:
    runs = [r for r in records(engine, account=restricted_uid) if r.flow.startswith("collect.")]
    assert runs, "the restricted phone took no collection task"
    assert all(r.status is RunStatus.FAILED for r in runs)
    assert {r.error_class for r in runs} == {ErrorClass.DEVICE}


def check_faults_recovered(engine: Engine, faults: FaultInjector) -> None:
    assert faults.offline is not None
    assert faults.crashed is not None
    lost = [r for r in records(engine, device=faults.offline) if r.status is RunStatus.FAILED]
    assert any(r.error_class is ErrorClass.RETRYABLE for r in lost), lost


def deep_video(catalog: Catalog, scan_limit: int) -> tuple[Creator, int, Video]:
    """A creator, a minimum and the first video it keeps, which lies past ``scan_limit``."""
    for creator in catalog.creators:
        if len(creator.videos) <= scan_limit:
            continue
        minimum = max(v.comment_count for v in creator.videos[:scan_limit])
        ten_percent_above = Fraction(minimum) * Fraction(11, 10)
        kept = [v for v in creator.videos if v.comment_count >= ten_percent_above]
        if minimum > 0 and kept:
            return creator, minimum, kept[0]
    raise AssertionError("the catalog has no video deep enough")


def test_a_pipeline_finds_a_video_deeper_than_the_default_scan_limit(
    engine: Engine,
    sim_catalog: Catalog,
    sim_fleet: SimFleet,
    sim_phone_factory: Callable[..., PhoneInfo],
    start_host: Callable[..., Any],
    qtbot: QtBot,
) -> None:
    default_scan = load_catalog().flow("collect.comments").params.model_fields["scan_limit"]
    creator, minimum, video = deep_video(sim_catalog, int(default_scan.default))
    phone = sim_phone_factory()
    usable = next(a for a in sim_catalog.accounts if not a.restricted)
    sim_fleet.login(phone.index, usable.id)
    start_host(engine, devices={phone.serial})
    titles = submit(
        engine, "collect.titles", {"creator": creator.id, "count": 1, "min_comments": minimum}
    )
    comments = submit(
        engine,
        "collect.comments",
        {"creator": creator.id, "max_comments": 3},  # the default scan limit
        after_batch_id=titles,
        mapping={"title": "title", "position": "position"},
    )
    qtbot.waitUntil(lambda: batch_done(engine, comments), timeout=120_000)
    (found,) = succeeded_outputs(engine, titles)[creator.id]
    found = without_times(found, video.posted_at)
    assert found["video_key"] == video.key
    assert found["position"] > int(default_scan.default)
    check_every_task_terminal(engine, [titles, comments])
    expected = [
        {
            "comment_key": str(i),
            "author": c.author,
            "text": c.text,
            "likes": c.likes,
            "position": i,
            "reply": None,
        }
        for i, c in enumerate(video.comments[:3], start=1)
    ]
    got = succeeded_outputs(engine, comments)
    assert {t: [without_times(i) for i in items] for t, items in got.items()} == {
        video.title: expected
    }
