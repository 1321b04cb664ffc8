"""Eight phones driven at once from threads, each through its own uiautomator2 Device."""

from __future__ import annotations

import concurrent.futures
from typing import TYPE_CHECKING, Any

from workers.sim.simvideo import PACKAGE, rid

if TYPE_CHECKING:
    from collections.abc import Callable

    from workers.sim.fleet import PhoneInfo, SimFleet
    from workers.sim.simvideo.catalog import Catalog


def test_eight_phones_in_parallel(
    sim_fleet: SimFleet, sim_catalog: Catalog, sim_u2: Callable[[PhoneInfo], Any], sim_adb: Any
) -> None:
    phones = sim_fleet.phones()[:8]
    assert len(phones) == 8

    def drive(info: PhoneInfo) -> tuple[str, list[str]]:
        d = sim_u2(info)
        creator_id = f"c{info.index + 10:03d}"
        d.app_start(PACKAGE, stop=True)
        d(resourceId=rid("search_box")).set_text(creator_id)
        d(resourceId=rid("search_button")).click()
        d(resourceId=rid("creator_item")).click()
        assert d.screenshot().size == (720, 1280)
        assert sim_adb.device(info.adb_serial).shell("getprop ro.serialno") == info.serial
        if d(resourceId=rid("restricted_notice")).exists:
            return creator_id, ["restricted"]
        return creator_id, [
            e.text for e in d.xpath(f'//*[@resource-id="{rid("video_title")}"]').all()
        ]

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(drive, phones))
    for info, (creator_id, seen) in zip(phones, results, strict=True):
        if sim_catalog.account(info.index).restricted:
            assert seen == ["restricted"]
            continue
        creator = sim_catalog.creator(creator_id)
        assert creator is not None
        assert seen == [v.title for v in creator.videos[: len(seen)]]
        assert len(seen) >= min(5, len(creator.videos))
