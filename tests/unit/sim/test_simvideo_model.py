"""SimVideo on the phone model: one tree behind XML, selectors, taps, scrolling and pixels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from workers.sim import selector
from workers.sim.simvideo import PACKAGE, rid
from workers.sim.simvideo.catalog import catalog_for
from workers.sim.simvideo.video_screens import RESTRICTED_TEXT
from workers.sim.simvideo.widgets import LIST_END_TEXT
from workers.sim.uitree import hierarchy_xml, obj_info

if TYPE_CHECKING:
    from workers.sim.phone import PhoneModel


def texts(model: PhoneModel, name: str) -> list[str]:
    """Texts of every node with the SimVideo resource id `name`, in screen order."""
    return [n.text for n in selector.find_all(model.windows(), {"resourceId": rid(name)})]


def tap(model: PhoneModel, name: str, instance: int = 0) -> None:
    """Tap the centre of a node found by resource id, as u2's click does."""
    node = selector.find_all(model.windows(), {"resourceId": rid(name)})[instance]
    assert model.tap(*node.center())


def open_profile(model: PhoneModel, creator_id: str) -> None:
    model.launch(PACKAGE)
    search_box = selector.find_first(model.windows(), {"resourceId": rid("search_box")})
    assert search_box is not None
    assert model.set_text(search_box, creator_id)
    tap(model, "search_button")
    assert texts(model, "creator_id") == [creator_id]
    tap(model, "creator_item")


def test_launcher_icon_opens_simvideo(phone_model: PhoneModel) -> None:
    icon = selector.find_first(phone_model.windows(), {"text": "SimVideo"})
    assert icon is not None
    assert icon.desc == "SimVideo"
    phone_model.tap(*icon.center())
    assert phone_model.current() == (PACKAGE, PACKAGE + ".MainActivity")


def test_hierarchy_xml_and_selectors_see_the_same_nodes(phone_model: PhoneModel) -> None:
    phone_model.launch(PACKAGE)
    xml = hierarchy_xml(phone_model.windows())
    root = etree.fromstring(xml.encode("utf-8"))
    in_xml = root.xpath(f'//node[@resource-id="{rid("search_button")}"]')
    node = selector.find_first(phone_model.windows(), {"resourceId": rid("search_button")})
    assert len(in_xml) == 1
    assert node is not None
    left, top, right, bottom = node.bounds
    assert in_xml[0].get("bounds") == f"[{left},{top}][{right},{bottom}]"
    assert obj_info(node)["visibleBounds"] == {
        "left": left,
        "top": top,
        "right": right,
        "bottom": bottom,
    }
    assert selector.find_all(phone_model.windows(), {"textContains": "Popular"})
    assert selector.find_all(phone_model.windows(), {"className": "android.widget.EditText"})


def test_selector_instance_child_and_sibling(phone_model: PhoneModel) -> None:
    open_profile(phone_model, "c001")
    windows = phone_model.windows()
    titles = [n.text for n in selector.find_all(windows, {"resourceId": rid("video_title")})]
    second = selector.find_all(windows, {"resourceId": rid("video_title"), "instance": 1})
    assert [n.text for n in second] == titles[1:2]
    child = {
        "resourceId": rid("video_list"),
        "childOrSibling": ["child"],
        "childOrSiblingSelector": [{"resourceId": rid("video_title")}],
    }
    assert [n.text for n in selector.find_all(windows, child)] == titles
    sibling = {
        "text": titles[0],
        "childOrSibling": ["sibling"],
        "childOrSiblingSelector": [{"resourceId": rid("video_comment_count")}],
    }
    count = catalog_for(7).creator("c001").videos[0].comment_count
    assert [n.text for n in selector.find_all(windows, sibling)] == [str(count)]
    assert (
        selector.find_all(windows, {"textMatches": r"\d+", "resourceId": rid("profile_id")}) == []
    )


def test_scrolling_lists_every_video_once_in_catalog_order(phone_model: PhoneModel) -> None:
    creator = catalog_for(7).creator("c003")
    assert creator is not None
    assert len(creator.videos) >= 60
    open_profile(phone_model, "c003")
    seen: list[str] = []
    for _ in range(200):
        for title in texts(phone_model, "video_title"):
            if title not in seen:
                seen.append(title)
        if texts(phone_model, "list_end"):
            break
        assert phone_model.swipe(360, 1200, 360, 760)  # 440 px: less than the list height
    assert seen == [v.title for v in creator.videos]
    assert texts(phone_model, "list_end") == [LIST_END_TEXT]
    assert not phone_model.swipe(360, 1200, 360, 760)  # already at the end


def test_items_are_listed_only_when_fully_visible(phone_model: PhoneModel) -> None:
    open_profile(phone_model, "c003")
    phone_model.swipe(360, 1000, 360, 925)  # half an item
    video_list = selector.find_first(phone_model.windows(), {"resourceId": rid("video_list")})
    assert video_list is not None
    for item in video_list.children:
        assert video_list.bounds[1] <= item.bounds[1]
        assert item.bounds[3] <= video_list.bounds[3]


def test_video_page_shows_comments_with_replies_in_the_total(phone_model: PhoneModel) -> None:
    open_profile(phone_model, "c001")
    video = catalog_for(7).creator("c001").videos[0]
    tap(phone_model, "video_item")
    assert phone_model.front_app().describe_screen() == f"video {video.key}"
    assert texts(phone_model, "comment_total") == [str(video.comment_count)]
    shown = texts(phone_model, "comment_text")
    assert shown == [c.text for c in video.comments[: len(shown)]]
    assert video.comment_count == len(video.comments) + sum(c.replies for c in video.comments)


def test_back_home_and_account_tab(phone_model: PhoneModel) -> None:
    open_profile(phone_model, "c002")
    assert phone_model.press_key("back")
    assert phone_model.front_app().describe_screen() == "search c002"
    phone_model.press_key("back")
    tap(phone_model, "tab_account")
    assert texts(phone_model, "account_id") == [catalog_for(7).account(0).id]
    phone_model.press_key("back")
    phone_model.press_key("back")  # back on the home screen leaves the app
    assert phone_model.current()[0] == "com.android.launcher3"


def test_restricted_account_sees_the_notice_instead_of_videos(phone_model: PhoneModel) -> None:
    restricted = next(a for a in catalog_for(7).accounts if a.restricted)
    phone_model.logins[PACKAGE] = restricted
    open_profile(phone_model, "c001")
    assert texts(phone_model, "restricted_notice") == [RESTRICTED_TEXT]
    assert texts(phone_model, "video_item") == []


def test_withheld_element_is_gone_from_tree_and_taps(phone_model: PhoneModel) -> None:
    phone_model.launch(PACKAGE)
    phone_model.withheld_ids = {rid("search_button")}
    phone_model.changed()
    assert texts(phone_model, "search_button") == []
    assert 'search_button"' not in hierarchy_xml(phone_model.windows())
    assert not phone_model.tap(626, 212)  # where the button would be


def test_search_by_typing_and_enter(phone_model: PhoneModel) -> None:
    phone_model.launch(PACKAGE)
    tap(phone_model, "search_box")
    phone_model.clipboard = "c00"
    phone_model.paste()
    phone_model.clipboard = "4"
    phone_model.paste()
    assert texts(phone_model, "search_box") == ["c004"]
    phone_model.press_key("enter")
    assert texts(phone_model, "creator_id") == ["c004"]
