"""The phone grid's model: one row per phone, updates coalesced into few dataChanged."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from ui.grid.phone_data import PhoneState, PhoneTile, ResultKind, TileUpdate
from ui.grid.phone_model import PhoneListModel, PhoneRole


def picture(colour: str) -> QImage:
    image = QImage(18, 39, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    return image


def tiles(count: int) -> list[PhoneTile]:
    return [PhoneTile(f"S{n:03d}", label=f"A排-{n:02d}", host="pc-1") for n in range(count)]


def changes(model: PhoneListModel) -> list[tuple[int, int, list[int]]]:
    """Record every dataChanged as (first row, last row, roles)."""
    seen: list[tuple[int, int, list[int]]] = []
    model.dataChanged.connect(lambda a, b, roles: seen.append((a.row(), b.row(), list(roles))))
    return seen


def test_model_passes_the_model_tester_through_inserts_changes_and_removals(qtmodeltester):
    model = PhoneListModel(flush_interval_ms=10)
    qtmodeltester.check(model)
    model.apply_updates([TileUpdate(t.serial, t, picture("#123456")) for t in tiles(5)])
    model.flush()
    model.apply_updates([TileUpdate("S001", replace(model.tile_at(1), state=PhoneState.ERROR))])
    model.apply_updates([TileUpdate("S003", removed=True), TileUpdate("S000", removed=True)])
    model.flush()
    model.set_tiles(tiles(2))
    assert [model.tile_at(r).serial for r in range(model.rowCount())] == ["S000", "S001"]


def test_many_updates_to_few_phones_become_one_change_per_phone(qtbot):
    model = PhoneListModel(flush_interval_ms=10_000)
    model.set_tiles(tiles(3))
    seen = changes(model)
    last = {}
    for frame in range(50):  # 300 updates: 50 states and 50 pictures for each phone
        for tile in tiles(3):
            colour = f"#{frame:02x}{frame:02x}{frame:02x}"
            last[tile.serial] = picture(colour)
            state = PhoneState.RUNNING if frame % 2 else PhoneState.IDLE
            update = TileUpdate(tile.serial, replace(tile, state=state, step=f"step {frame}"))
            model.apply_updates([update, TileUpdate(tile.serial, thumbnail=last[tile.serial])])
    assert seen == []  # nothing shows before the flush
    model.flush()
    # One signal per row: a view repaints one index for it, but its whole viewport for
    # a range of rows.
    assert [(first, last_row) for first, last_row, _roles in seen] == [(0, 0), (1, 1), (2, 2)]
    for _first, _last, roles in seen:
        assert {PhoneRole.THUMBNAIL, PhoneRole.STATE, PhoneRole.TILE} <= set(roles)
    for row in range(3):
        tile = model.tile_at(row)
        assert tile.step == "step 49"
        assert tile.state is PhoneState.RUNNING
        assert model.thumbnail_for(tile.serial).cacheKey() == last[tile.serial].cacheKey()
    model.flush()
    assert len(seen) == 3  # nothing left over


def test_a_thumbnail_only_update_changes_only_the_thumbnail_role():
    model = PhoneListModel()
    model.set_tiles(tiles(4))
    seen = changes(model)
    model.apply_updates([TileUpdate("S001", thumbnail=picture("#ff0000"))])
    model.apply_updates([TileUpdate("S003", thumbnail=picture("#00ff00"))])
    model.flush()
    assert seen == [(1, 1, [PhoneRole.THUMBNAIL]), (3, 3, [PhoneRole.THUMBNAIL])]


def test_a_label_change_reaches_the_display_and_search_roles():
    model = PhoneListModel()
    model.set_tiles(tiles(2))
    seen = changes(model)
    model.apply_updates([TileUpdate("S000", replace(model.tile_at(0), label="货架 B-7"))])
    model.flush()
    ((_, _, roles),) = seen
    assert {int(Qt.ItemDataRole.DisplayRole), PhoneRole.SEARCH_TEXT, PhoneRole.TILE} <= set(roles)
    assert PhoneRole.THUMBNAIL not in roles
    assert model.index(0).data() == "货架 B-7"
    assert "货架 b-7" in model.index(0).data(PhoneRole.SEARCH_TEXT)


def test_unchanged_state_emits_nothing():
    model = PhoneListModel()
    model.set_tiles(tiles(2))
    seen = changes(model)
    model.apply_updates([TileUpdate("S000", tiles(2)[0])])
    model.flush()
    assert seen == []


def test_updates_show_by_themselves_at_the_flush_cadence(qtbot):
    model = PhoneListModel(flush_interval_ms=20)
    model.apply_updates([TileUpdate(t.serial, t) for t in tiles(3)])
    assert model.rowCount() == 0
    with qtbot.waitSignal(model.rowsInserted, timeout=1000):
        pass
    assert model.rowCount() == 3


def test_removed_phones_leave_and_may_come_back():
    model = PhoneListModel()
    model.set_tiles(tiles(5))
    model.apply_updates([TileUpdate("S001", removed=True), TileUpdate("S002", removed=True)])
    model.apply_updates([TileUpdate("S004", removed=True)])
    model.flush()
    assert [model.tile_at(r).serial for r in range(model.rowCount())] == ["S000", "S003"]
    assert model.row_of("S003") == 1
    model.apply_updates([TileUpdate("S002", removed=True), TileUpdate("S002", tiles(5)[2])])
    model.flush()
    assert model.row_of("S002") == 2


def test_a_picture_for_an_unknown_phone_is_dropped():
    model = PhoneListModel()
    model.apply_updates([TileUpdate("ghost", thumbnail=picture("#000000"))])
    model.flush()
    assert model.rowCount() == 0
    assert model.thumbnail_for("ghost") is None


def test_no_picture_yet_reads_as_a_null_image():
    model = PhoneListModel()
    model.set_tiles(tiles(1))
    image = model.index(0).data(PhoneRole.THUMBNAIL)
    assert isinstance(image, QImage)
    assert image.isNull()


def test_counts_by_state_hosts_and_accounts():
    model = PhoneListModel()
    model.set_tiles(
        [
            PhoneTile("a", PhoneState.RUNNING, host="pc-2", account="猫咪日常"),
            PhoneTile("b", PhoneState.RUNNING, host="pc-1"),
            PhoneTile("c", PhoneState.OFFLINE, host="pc-1", account="city_walker"),
        ]
    )
    assert model.count_by_state() == {PhoneState.RUNNING: 2, PhoneState.OFFLINE: 1}
    assert model.hosts() == ["pc-1", "pc-2"]
    assert model.accounts() == ["city_walker", "猫咪日常"]


def test_an_update_must_carry_its_own_phone():
    with pytest.raises(ValueError, match="S2"):
        TileUpdate("S1", PhoneTile("S2"))


def test_the_tooltip_gives_the_failures_message_and_leaves_out_what_is_unknown():
    model = PhoneListModel()
    failed = PhoneTile(
        "SIM-1",
        last_result="device",
        last_result_at="18:55",
        last_result_flow="app.launch",
        last_result_kind=ResultKind.FAILED,
        last_message="账号受限 account restricted",
    )
    model.set_tiles([failed])
    tip = model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Last result: failed: device 18:55 · app.launch" in tip
    assert "账号受限 account restricted" in tip
    assert "?" not in tip  # no host, no slot: not shown as "?"
    assert tip.count("SIM-1") == 1  # no label: the serial is the title, said once
