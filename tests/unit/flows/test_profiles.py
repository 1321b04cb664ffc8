"""App profiles: every mistake is refused at load as FILE:LINE: FIELD: REASON, a profile
lacking what one of its flows needs is refused naming the part, and counts are read
the way apps write them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from workers.flows.app_needs import FLOW_NEEDS
from workers.flows.builtin.collect import qualifies
from workers.flows.counts import Count, CountStyle
from workers.flows.profiles import BUILTIN_PROFILES, load_profile, load_profiles
from workers.flows.yaml_source import YamlError

if TYPE_CHECKING:
    from pathlib import Path

BASE = """\
app: demo
title: Demo
package: com.example.demo
flows: [collect.titles]
launch:
  taps: ["@open"]
screens:
  home: "@home"
  creator: {id: profile}
selectors:
  open: {text: Videos}
  home: {id: home}
  box: {id: box}
  row: {id: row}
  name: {id: name}
  list: {id: list}
  item: {id: item}
  title: {id: title}
  comments: {id: comments}
lists:
  videos:
    container: "@list"
    item: "@item"
    fields:
      title: "@title"
      comment_count: {selector: "@comments", kind: count}
    key: {hash: [title, creator]}
search:
  box: "@box"
creator:
  result: "@row"
  match: "@name"
notices:
  - selector: {text_contains: 网络}
    code: network_error
    class: retryable
    retry: tap
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_base_profile_loads(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, BASE))
    assert profile.flows == ("collect.titles",)
    assert profile.list_spec("videos").key.hash == ("title", "creator")


# (what is changed: old -> new text, the line, the field, the reason's start)
BAD = [
    ("app: demo", "app: Demo!", 1, "app", "use lower-case letters"),
    ("app: demo", "app: [demo]", 1, "app", "Input should be a valid string"),
    ("package: com.example.demo", "package: demo", 3, "package", "String should match"),
    ("[collect.titles]", "[collect.everything]", 4, "flows[0]", "'collect.everything' is not"),
    ('taps: ["@open"]', 'taps: ["@opne"]', 6, "launch.taps[0]", "@opne is not one of the"),
    ('  home: "@home"', '  start: "@home"', 5, "launch.ready", "no screen 'home' in screens"),
    ("open: {text: Videos}", "open: {}", 11, "selectors.open", "a selector needs text"),
    ("{text: Videos}", "{text: Videos, colour: red}", 11, "selectors.open.colour", "Extra inputs"),
    ("[title, creator]", "[title, views]", 27, "lists.videos.key.hash", "'views' is not one of"),
    ("key: {hash: [title, creator]}", "key: {}", 27, "lists.videos.key", "give either field"),
    ("kind: count}", "kind: number}", 26, "lists.videos.fields.comment_count.kind", "Input should"),
    ('match: "@name"', 'match: "@nmae"', 32, "creator.match", "@nmae is not one of the"),
    ("class: retryable", "class: fatal", 34, "notices[0]", "only a retryable notice can be"),
    ("class: retryable", "class: timeout", 34, "notices[0]", "class: a notice means retryable"),
    ("code: network_error", "code: Network Error", 35, "notices[0].code", "String should match"),
    ("    retry: tap", "    retry: tap\n    retry: tap", 38, "notices[0].retry", "appears twice"),
    ('creator:\n  result: "@row"\n', "creator:\n", 30, "creator", "via search needs result"),
    (
        'creator:\n  result: "@row"\n  match: "@name"\n',
        "",
        4,
        "flows[0]",
        "collect.titles needs creator",
    ),
    (
        '      comment_count: {selector: "@comments", kind: count}\n',
        "",
        4,
        "flows[0]",
        "collect.titles needs lists.videos.fields.comment_count",
    ),
    ("  creator: {id: profile}\n", "", 4, "flows[0]", "collect.titles needs screens.creator"),
    (
        "[collect.titles]",
        "[collect.titles, account.detect]",
        4,
        "flows[1]",
        "account.detect needs account",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "reason"), BAD, ids=[b[1][:30] for b in BAD]
)
def test_every_bad_profile_names_file_line_and_field(
    tmp_path: Path, old: str, new: str, line: int, field: str, reason: str
) -> None:
    assert old in BASE
    path = write(tmp_path, BASE.replace(old, new, 1))
    with pytest.raises(YamlError) as caught:
        load_profile(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: {field}: "), message
    assert reason in caught.value.reason, message


def test_a_flow_left_to_the_default_is_checked_too(tmp_path: Path) -> None:
    # Without `flows:`, a profile supports every built-in app flow and must serve them all.
    path = write(tmp_path, BASE.replace("flows: [collect.titles]\n", ""))
    with pytest.raises(YamlError) as caught:
        load_profile(path)
    assert str(caught.value).startswith(f"{path}:1: flows: account.detect needs account")


def test_a_broken_profile_is_reported_and_the_others_load(tmp_path: Path) -> None:
    write(tmp_path, BASE.replace('"@title"', '"@missing"'))
    loaded = load_profiles(tmp_path)
    assert [str(e) for e in loaded.errors] == [
        f"{tmp_path / 'demo.yaml'}:25: lists.videos.fields.title: "
        "@missing is not one of the profile's selectors"
    ]
    assert set(loaded.profiles) == {"simvideo", "simchannels"}


@pytest.mark.parametrize("path", sorted(BUILTIN_PROFILES.glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_profiles_serve_every_flow_they_list(path: Path) -> None:
    profile = load_profile(path)
    for flow in profile.flows:
        assert not [need for need in FLOW_NEEDS[flow] if profile.lacks(need)]


CHINESE = CountStyle(units={"万": 10_000, "亿": 100_000_000}, zero_texts=("赞",))


@pytest.mark.parametrize(
    ("text", "value", "at_least"),
    [
        ("1.2万", 12_000, False),
        ("10万+", 100_000, True),
        ("3,456", 3_456, False),
        ("💬 1.2万", 12_000, False),
        ("1.2万条评论", 12_000, False),
        ("2.5亿", 250_000_000, False),
        ("展开3条回复", 3, False),
        ("12", 12, False),
        ("1,234,567", 1_234_567, False),
        ("赞", 0, False),
    ],
)
def test_counts_as_apps_write_them(text: str, value: int, at_least: bool) -> None:
    assert CHINESE.parse(text) == Count(value, at_least)


def test_a_text_without_a_count_is_none() -> None:
    assert CHINESE.parse("评论") is None
    assert CountStyle(zero_texts=("评论",)).parse("评论") == Count(0)


def test_the_ten_percent_rule_reads_10wan_plus_as_a_lower_bound() -> None:
    capped = CHINESE.parse("10万+")
    assert capped is not None
    # At least 100,000: certainly 10 % above 90,000 (99,000) ...
    assert qualifies(capped, 90_000)
    assert qualifies(capped, 90_909)  # 99,999.9 <= 100,000
    # ... but not certainly above 100,000 (110,000): the app cannot tell, so it is left out.
    assert not qualifies(capped, 100_000)
    exact = CHINESE.parse("1.2万")
    assert exact is not None
    assert qualifies(exact, 10_909)  # 12,000 >= 11,999.9
    assert not qualifies(exact, 10_910)  # 12,000 < 12,001


def test_profile_check_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    assert main(["profile", "check", str(BUILTIN_PROFILES / "simchannels.yaml")]) == 0
    assert (
        capsys.readouterr()
        .out.strip()
        .endswith(
            "ok: simchannels (SimChannels, com.fleetdeck.simchannels); flows: account.detect, "
            "collect.titles, collect.comments, monitor.account, monitor.keyword, monitor.post"
        )
    )
    bad = write(tmp_path, BASE.replace('"@title"', '"@titel"'))
    assert main(["profile", "check", str(bad)]) != 0
    shown = capsys.readouterr()
    assert shown.out == ""
    assert shown.err.splitlines() == [
        f"fleetdeck: error: {bad}:25: lists.videos.fields.title: "
        "@titel is not one of the profile's selectors"
    ]
