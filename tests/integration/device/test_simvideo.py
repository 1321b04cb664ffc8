"""A flow's view of SimVideo through the driver: what it reads equals the seed's catalog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workers.device.hierarchy import Node, Selector
from workers.sim.simvideo import PACKAGE, rid

if TYPE_CHECKING:
    from collections.abc import Callable

    from workers.device.driver import DeviceDriver
    from workers.sim.fleet import PhoneInfo, SimFleet
    from workers.sim.simvideo.catalog import Catalog


def _rows(page: Node, item: str, fields: list[str]) -> list[tuple[str, ...]]:
    rows = []
    for node in page.find_all(Selector(resource_id=rid(item))):
        cells = [node.find(Selector(resource_id=rid(field))) for field in fields]
        rows.append(tuple(cell.text if cell else "" for cell in cells))
    return rows


def _merge(collected: list[tuple[str, ...]], page: list[tuple[str, ...]]) -> None:
    """Append a page, skipping the rows it shares with the end of what was read."""
    limit = min(len(page), len(collected))
    overlap = next((n for n in range(limit, 0, -1) if collected[-n:] == page[:n]), 0)
    collected.extend(page[overlap:])


def test_read_a_creators_video_list_page_by_page(
    sim_fleet: SimFleet,
    sim_catalog: Catalog,
    make_driver: Callable[..., DeviceDriver],
) -> None:
    creator = sim_catalog.creator("c002")
    assert creator is not None
    phone: PhoneInfo = sim_fleet.phone(6)
    d = make_driver(phone)
    d.app_stop(PACKAGE)
    d.app_start(PACKAGE)
    d.set_text(Selector(resource_id="search_box"), creator.id)
    d.click(Selector(resource_id="search_button"))
    d.click(Selector(resource_id="creator_item"), timeout=5)
    assert d.wait(Selector(resource_id="profile_id")).text == creator.id

    videos: list[tuple[str, ...]] = []
    pages = 0
    for page in d.pages(Selector(resource_id="video_list"), max_pages=200):
        pages += 1
        _merge(videos, _rows(page, "video_item", ["video_title", "video_comment_count"]))
    print(f"{len(videos)} videos read in {pages} screens (one dump each)")
    assert videos == [(v.title, str(v.comment_count)) for v in creator.videos]
    d.press("back")
