"""SimVideo end to end through uiautomator2: what a flow reads equals the seed's catalog."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lxml import etree

from workers.sim.simvideo import PACKAGE, rid

if TYPE_CHECKING:
    from collections.abc import Callable

    from workers.sim.fleet import PhoneInfo, SimFleet
    from workers.sim.simvideo.catalog import Catalog

Row = tuple[str, ...]


def rows(d: Any, item: str, fields: list[str]) -> list[Row]:
    """One dump: for each item node, the texts of its field children ('' when absent)."""
    root = etree.fromstring(d.dump_hierarchy().encode("utf-8"))
    found = []
    for node in root.xpath(f'//node[@resource-id="{rid(item)}"]'):
        texts = {c.get("resource-id"): c.get("text") for c in node.iter("node")}
        found.append(tuple(texts.get(rid(f), "") for f in fields))
    return found


def read_list(d: Any, item: str, fields: list[str], list_id: str) -> list[Row]:
    """Swipe through a list until list_end, merging pages by their overlap."""
    collected: list[Row] = []
    box = d(resourceId=rid(list_id)).info["bounds"]
    x = (box["left"] + box["right"]) // 2
    for _ in range(200):
        page = rows(d, item, fields)
        overlap = next(
            (n for n in range(min(len(page), len(collected)), 0, -1) if collected[-n:] == page[:n]),
            0,
        )
        collected.extend(page[overlap:])
        if d(resourceId=rid("list_end")).exists:
            return collected
        d.swipe(x, box["bottom"] - 20, x, box["bottom"] - 420, 0.05)  # 400 px < list height
    raise AssertionError("list_end never appeared")


def open_creator(d: Any, creator_id: str) -> None:
    d.app_start(PACKAGE, stop=True)
    d(resourceId=rid("search_box")).set_text(creator_id)
    d(resourceId=rid("search_button")).click()
    d(resourceId=rid("creator_item")).click()
    assert d(resourceId=rid("profile_id")).get_text() == creator_id


def test_read_a_creators_titles_and_a_videos_comments(
    sim_fleet: SimFleet, sim_catalog: Catalog, sim_u2: Callable[[PhoneInfo], Any]
) -> None:
    creator = sim_catalog.creator("c002")
    assert creator is not None
    d = sim_u2(sim_fleet.phone(5))
    open_creator(d, creator.id)
    videos = read_list(d, "video_item", ["video_title", "video_comment_count"], "video_list")
    assert videos == [(v.title, str(v.comment_count)) for v in creator.videos]
    # At the end of the list the last five videos are in view: open one with a few
    # dozen comments (the list's length keeps the test short).
    target = next(v for v in creator.videos[-5:] if 10 <= len(v.comments) <= 60)
    d(resourceId=rid("video_list")).child(text=target.title).click()
    assert d(resourceId=rid("video_page_title")).get_text() == target.title
    assert d(resourceId=rid("comment_total")).get_text() == str(target.comment_count)
    fields = ["comment_author", "comment_text", "comment_likes", "comment_replies"]
    comments = read_list(d, "comment_item", fields, "comment_list")
    expected = [
        (c.author, c.text, str(c.likes), f"{c.replies} replies" if c.replies else "")
        for c in target.comments
    ]
    assert comments == expected


def test_send_keys_types_into_the_search_box(
    sim_fleet: SimFleet, sim_u2: Callable[[PhoneInfo], Any]
) -> None:
    d = sim_u2(sim_fleet.phone(6))
    d.app_start(PACKAGE, stop=True)
    d(resourceId=rid("search_box")).click()
    d.send_keys("c01")
    d.send_keys("0")
    assert d(resourceId=rid("search_box")).get_text() == "c010"
    d.xpath(f'//*[@resource-id="{rid("search_box")}"]').set_text("c011")
    d.press("enter")
    assert d(resourceId=rid("creator_id")).get_text() == "c011"
    d.press("back")
    assert d.app_current()["activity"].endswith(".MainActivity")


def test_account_page_shows_the_phones_account(
    sim_fleet: SimFleet, sim_catalog: Catalog, sim_u2: Callable[[PhoneInfo], Any]
) -> None:
    d = sim_u2(sim_fleet.phone(3))
    d.app_start(PACKAGE, stop=True)
    d(resourceId=rid("tab_account")).click()
    account = sim_catalog.account(3)
    assert d(resourceId=rid("account_id")).get_text() == account.id
    assert d(resourceId=rid("account_name")).get_text() == account.name
    assert sim_fleet.status(3).account_id == account.id


def test_restricted_account_sees_the_notice(
    sim_fleet: SimFleet, sim_catalog: Catalog, sim_u2: Callable[[PhoneInfo], Any]
) -> None:
    assert sim_catalog.account(4).restricted  # seed 7: phone 4 is logged in as u0005
    d = sim_u2(sim_fleet.phone(4))
    open_creator(d, "c001")
    assert d(resourceId=rid("restricted_notice")).exists
    assert not d(resourceId=rid("video_item")).exists
    assert sim_fleet.status(4).restricted is True
