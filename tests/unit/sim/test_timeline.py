"""SimVideo over time: deterministic per seed, only growing, and what the app shows."""

from __future__ import annotations

import json
from datetime import timedelta

from workers.sim.clock import ORIGIN, SimClock
from workers.sim.simvideo.catalog import catalog_for
from workers.sim.simvideo.timeline import Timeline, timeline_for

DAY = timedelta(days=1)


def _items(doc: dict) -> tuple[set[str], set[str], set[str]]:
    videos = {v["key"] for c in doc["creators"] for v in c["videos"]}
    comments = {m["id"] for c in doc["creators"] for v in c["videos"] for m in v["comments"]}
    replies = {
        r["id"]
        for c in doc["creators"]
        for v in c["videos"]
        for m in v["comments"]
        for r in m["reply_list"]
    }
    return videos, comments, replies


def test_at_the_origin_the_phones_show_the_base_catalog() -> None:
    base = catalog_for(7).to_json()
    now = timeline_for(7).to_json(ORIGIN)
    for old, new in zip(base["creators"], now["creators"], strict=True):
        assert [v["key"] for v in old["videos"]] == [v["key"] for v in new["videos"]]
        assert [v["comment_count"] for v in old["videos"]] == [
            v["comment_count"] for v in new["videos"]
        ]
    assert base["accounts"] == now["accounts"]


def test_the_same_seed_and_time_give_the_same_content_in_any_order_of_asking() -> None:
    moment = ORIGIN + 2 * DAY + timedelta(minutes=7)
    asked_late_first = Timeline(catalog_for(5))
    asked_late_first.to_json(moment + DAY)
    fresh = Timeline(catalog_for(5))
    assert json.dumps(fresh.to_json(moment)) == json.dumps(asked_late_first.to_json(moment))
    assert json.dumps(Timeline(catalog_for(6)).to_json(moment)) != json.dumps(fresh.to_json(moment))


def test_content_only_grows_and_every_count_adds_up() -> None:
    timeline = timeline_for(7)
    before, after = timeline.to_json(ORIGIN + DAY), timeline.to_json(ORIGIN + 2 * DAY)
    for old, new in zip(_items(before), _items(after), strict=True):
        assert old < new  # something new of every kind, nothing gone
    likes = {v["key"]: v["likes"] for c in before["creators"] for v in c["videos"]}
    for creator in after["creators"]:
        for video in creator["videos"]:
            assert video["comment_count"] == len(video["comments"]) + sum(
                len(m["reply_list"]) for m in video["comments"]
            )
            assert all(m["replies"] == len(m["reply_list"]) for m in video["comments"])
            assert video["likes"] >= likes.get(video["key"], 0)
        times = [v["posted_at"] for v in creator["videos"]]
        assert times == sorted(times, reverse=True)  # the profile lists newest first


def test_search_finds_titles_with_the_keyword_newest_first() -> None:
    timeline = timeline_for(7)
    moment = ORIGIN + DAY
    found = timeline.search_videos("猫", moment)
    assert found
    assert all("猫" in v.title for v in found)
    assert [v.posted_at for v in found] == sorted((v.posted_at for v in found), reverse=True)
    every = [v for c in timeline.catalog.creators for v in timeline.videos(c, moment)]
    assert len(found) == sum("猫" in v.title for v in every)


def test_the_clock_runs_at_its_speed_and_jumps_when_told() -> None:
    frozen = SimClock(ORIGIN, speed=0)
    assert frozen.now() == ORIGIN
    assert frozen.advance(90) == ORIGIN + timedelta(seconds=90)
    fast = SimClock(ORIGIN, speed=3600)
    assert fast.now() >= ORIGIN
    fast.set_speed(0)
    stopped_at = fast.now()
    assert fast.now() == stopped_at
