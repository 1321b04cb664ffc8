"""The SimVideo catalog: deterministic per seed, the documented shape, varied content."""

from __future__ import annotations

import json

from workers.sim.simvideo.catalog import catalog_for


def test_same_seed_same_catalog_other_seed_other_catalog() -> None:
    first = json.dumps(catalog_for(11).to_json(), ensure_ascii=False)
    catalog_for.cache_clear()
    assert json.dumps(catalog_for(11).to_json(), ensure_ascii=False) == first
    assert json.dumps(catalog_for(12).to_json(), ensure_ascii=False) != first


def test_shape_and_counts() -> None:
    data = catalog_for(7).to_json()
    assert len(data["accounts"]) >= 256
    restricted = [a for a in data["accounts"] if a["restricted"]]
    assert 1 <= len(restricted) <= len(data["accounts"]) // 10
    assert {"id", "name", "restricted"} <= set(data["accounts"][0])
    videos = [v for c in data["creators"] for v in c["videos"]]
    assert {"key", "title", "comment_count", "comments"} <= set(videos[0])
    assert len({v["key"] for v in videos}) == len(videos)
    assert any(len(c["videos"]) >= 60 for c in data["creators"])
    assert any(v["comment_count"] == 0 for v in videos)
    assert any(len(v["comments"]) >= 200 for v in videos)
    for video in videos:
        assert video["comment_count"] >= len(video["comments"])
        assert all({"author", "text", "likes"} <= set(c) for c in video["comments"])


def test_comments_cover_the_hard_cases() -> None:
    texts = [c.text for cr in catalog_for(7).creators for v in cr.videos for c in v.comments]
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts)  # Chinese
    assert any(t.isascii() and any(ch.isalpha() for ch in t) for t in texts)  # English
    assert any(any(ord(ch) >= 0x1F300 for ch in t) for t in texts)  # emoji
    assert any(len(t) > 150 for t in texts)  # longer than a screen line
    for lead in "=+-@":
        assert any(t.startswith(lead) for t in texts), lead


def test_every_seed_has_an_empty_and_a_long_comment_list() -> None:
    for seed in (1, 7, 12345):
        catalog = catalog_for(seed)
        empty, long = catalog.video("c001v002"), catalog.video("c001v003")
        assert empty is not None
        assert empty.comment_count == 0
        assert long is not None
        assert len(long.comments) >= 200
        assert sum(len(c.videos) >= 60 for c in catalog.creators) >= 2
