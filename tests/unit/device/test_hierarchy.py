"""The hierarchy parser and selectors: what a flow reads from one screen dump."""

from __future__ import annotations

import pytest

from workers.device.errors import DeviceError, ErrorCode
from workers.device.hierarchy import Bounds, Selector, parse_hierarchy

SCREEN = """<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<hierarchy rotation="0">
  <node index="0" text="" resource-id="" class="android.widget.FrameLayout" package="app"
        content-desc="" clickable="false" scrollable="false" bounds="[0,0][720,1280]">
    <node index="0" text="Videos" resource-id="app:id/header" class="android.widget.TextView"
          package="app" content-desc="" clickable="false" bounds="[0,0][720,100]" />
    <node index="1" text="" resource-id="app:id/list"
          class="androidx.recyclerview.widget.RecyclerView" package="app" content-desc=""
          clickable="false" scrollable="true" bounds="[0,100][720,1180]">
      <node index="0" text="" resource-id="app:id/item" class="android.widget.LinearLayout"
            package="app" content-desc="" clickable="true" bounds="[0,100][720,300]">
        <node index="0" text="第一个视频 🎬" resource-id="app:id/title"
              class="android.widget.TextView" package="app" content-desc=""
              bounds="[0,100][720,200]" />
        <node index="1" text="12 comments" resource-id="app:id/comments"
              class="android.widget.TextView" package="app" content-desc=""
              bounds="[0,200][720,300]" />
      </node>
      <node index="1" text="" resource-id="app:id/item" class="android.widget.LinearLayout"
            package="app" content-desc="" clickable="true" bounds="[0,300][720,500]">
        <node index="0" text="=SUM(A1)" resource-id="app:id/title"
              class="android.widget.TextView" package="app" content-desc=""
              bounds="[0,300][720,400]" />
        <node index="1" text="0 comments" resource-id="app:id/comments"
              class="android.widget.TextView" package="app" content-desc=""
              bounds="[0,400][720,500]" />
      </node>
    </node>
    <node index="2" text="" resource-id="" class="android.widget.ImageButton" package="app"
          content-desc="Back" clickable="true" bounds="[0,1180][100,1280]" />
  </node>
</hierarchy>
"""


def test_list_items_and_their_fields_come_from_one_dump() -> None:
    root = parse_hierarchy(SCREEN)
    items = root.find_all(Selector(resource_id="app:id/item"))
    rows = [
        (
            item.find(Selector(resource_id="title")).text,
            item.find(Selector(resource_id="comments")).text,
        )  # type: ignore[union-attr]
        for item in items
    ]
    assert rows == [("第一个视频 🎬", "12 comments"), ("=SUM(A1)", "0 comments")]


def test_node_attributes_and_bounds() -> None:
    root = parse_hierarchy(SCREEN)
    back = root.find(Selector(description="Back"))
    assert back is not None
    assert (back.class_name, back.clickable, back.package) == (
        "android.widget.ImageButton",
        True,
        "app",
    )
    assert back.bounds == Bounds(0, 1180, 100, 1280)
    assert back.bounds.center == (50, 1230)
    scroller = root.find(Selector(resource_id="list"))
    assert scroller is not None
    assert scroller.scrollable
    assert scroller.texts() == ["第一个视频 🎬", "12 comments", "=SUM(A1)", "0 comments"]


def test_selector_fields_combine_and_instance_picks_the_nth_match() -> None:
    root = parse_hierarchy(SCREEN)
    assert [n.text for n in root.find_all(Selector(text_contains="comments"))] == [
        "12 comments",
        "0 comments",
    ]
    second = root.find_all(Selector(class_name="android.widget.TextView", instance=2))
    assert [n.text for n in second] == ["12 comments"]
    assert root.find_all(Selector(text="Videos", resource_id="other")) == []
    assert root.find_all(Selector(text="nothing", instance=0)) == []


def test_resource_id_without_package_matches_the_last_part_only() -> None:
    root = parse_hierarchy(SCREEN)
    assert len(root.find_all(Selector(resource_id="title"))) == 2
    assert root.find_all(Selector(resource_id="itle")) == []
    assert root.find_all(Selector(resource_id="other:id/title")) == []


def test_xpath_selects_nodes_in_screen_order_and_relative_to_a_node() -> None:
    root = parse_hierarchy(SCREEN)
    titles = root.find_all(Selector(xpath="//android.widget.TextView[@resource-id='app:id/title']"))
    assert [n.text for n in titles] == ["第一个视频 🎬", "=SUM(A1)"]
    item = root.find_all(Selector(resource_id="item"))[1]
    assert [n.text for n in item.find_all(Selector(xpath="./*[2]"))] == ["0 comments"]
    last = root.find_all(Selector(xpath="//*[@resource-id='app:id/title']", instance=1))
    assert [n.text for n in last] == ["=SUM(A1)"]


def test_xpath_is_uiautomator2s_dialect() -> None:
    """Element names are classes, @class is gone, and u2's shortcuts work, as d.xpath does."""
    root = parse_hierarchy(SCREEN)
    assert root.find_all(Selector(xpath="//node")) == []
    assert root.find_all(Selector(xpath="//*[@class='android.widget.TextView']")) == []
    assert [n.text for n in root.find_all(Selector(xpath="@app:id/comments"))] == [
        "12 comments",
        "0 comments",
    ]
    assert [n.description for n in root.find_all(Selector(xpath="Back"))] == ["Back"]
    assert [n.text for n in root.find_all(Selector(xpath="%SUM%"))] == ["=SUM(A1)"]
    assert [n.text for n in root.find_all(Selector(xpath="^[0-9]+ comments$"))] == [
        "12 comments",
        "0 comments",
    ]


def test_bad_xpath_is_an_invalid_argument() -> None:
    root = parse_hierarchy(SCREEN)
    with pytest.raises(DeviceError) as info:
        root.find_all(Selector(xpath="//*[@text="))
    assert info.value.code is ErrorCode.INVALID_ARGUMENT
    with pytest.raises(DeviceError):
        root.find_all(Selector(xpath="//*/@text"))


def test_root_of_any_node_is_the_screen() -> None:
    root = parse_hierarchy(SCREEN)
    title = root.find(Selector(text="=SUM(A1)"))
    assert title is not None
    assert title.root is root


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "at least one"),
        ({"text": "a", "xpath": "//node"}, "'text'"),
        ({"text": "a", "instance": -1}, "instance"),
    ],
)
def test_bad_selectors_are_refused_naming_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        Selector(**kwargs)  # type: ignore[arg-type]


def test_describe_reads_like_the_selector() -> None:
    assert Selector(text="发送", instance=2).describe() == "text='发送' #2"
    assert Selector(resource_id="title", class_name="x.Y").describe() == (
        "resource_id='title' class_name='x.Y'"
    )
    assert Selector(xpath="//node").describe() == "xpath='//node'"


def test_unreadable_bounds_are_empty_and_not_xml_is_an_error() -> None:
    assert Bounds.parse("nonsense") == Bounds(0, 0, 0, 0)
    assert Bounds.parse("[-5,10][20,30]").width == 25
    with pytest.raises(DeviceError):
        parse_hierarchy("<hierarchy><node")


def test_an_empty_screen_has_no_matches() -> None:
    root = parse_hierarchy("<?xml version='1.0' ?><hierarchy rotation=\"0\" />")
    assert root.find_all(Selector(text="x")) == []
    assert list(root.iter()) == [root]
