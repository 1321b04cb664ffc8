"""Tile painting: the state's colour on every tile, the warning colour past a threshold."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QListView, QStyleOptionViewItem

from ui.grid import phone_delegate, tile_face
from ui.grid.phone_data import PhoneState, PhoneTile, ResultKind, TileThresholds, TileUpdate
from ui.grid.phone_delegate import STATE_COLOURS, WARNING_COLOUR, PhoneTileDelegate
from ui.grid.phone_grid_view import PhoneGridView
from ui.grid.phone_model import PhoneListModel


def paint_tile(tile: PhoneTile, thumbnail: QImage | None = None) -> QImage:
    model = PhoneListModel()
    model.set_tiles([tile])
    if thumbnail is not None:
        model.apply_updates([TileUpdate(tile.serial, thumbnail=thumbnail)])
        model.flush()
    delegate = PhoneTileDelegate(TileThresholds(battery_percent=20, temperature_c=42.0))
    view = QListView()
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(0, 0, delegate.tile_size.width(), delegate.tile_size.height())
    image = QImage(option.rect.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    delegate.paint(painter, option, model.index(0))
    painter.end()
    return image


def count_colour(image: QImage, colour: str, area: QRect) -> int:
    wanted = QColor(colour).rgb()
    return sum(
        1
        for x in range(area.left(), area.right() + 1)
        for y in range(area.top(), area.bottom() + 1)
        if image.pixel(x, y) == wanted
    )


@pytest.mark.parametrize("state", list(PhoneState))
def test_every_state_paints_its_own_colour(state):
    image = paint_tile(PhoneTile("S1", state, label="A排-01"))
    assert count_colour(image, STATE_COLOURS[state], image.rect()) > 50


def test_low_battery_and_heat_paint_the_warning_colour():
    healthy = PhoneTile("S1", label="A排-01", battery_percent=80, temperature_c=35.0)
    low = PhoneTile("S1", label="A排-01", battery_percent=12, temperature_c=35.0)
    hot = PhoneTile("S1", label="A排-01", battery_percent=80, temperature_c=45.5)
    assert count_colour(paint_tile(healthy), WARNING_COLOUR, paint_tile(healthy).rect()) == 0
    assert count_colour(paint_tile(low), WARNING_COLOUR, paint_tile(low).rect()) > 0
    assert count_colour(paint_tile(hot), WARNING_COLOUR, paint_tile(hot).rect()) > 0


def painted_lines(tile: PhoneTile, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts a tile at the default size shows, as elided to fit."""
    seen: list[list[str]] = []

    def recording(*args: object, **kwargs: object) -> list[str]:
        lines = tile_face.paint_face(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(lines)
        return lines

    monkeypatch.setattr(phone_delegate, "paint_face", recording)
    paint_tile(tile)
    return seen[-1]


@pytest.mark.parametrize(
    ("kind", "word"),
    [
        (ResultKind.SUCCEEDED, "succeeded"),
        (ResultKind.FAILED, "failed"),
        (ResultKind.STOPPED, "stopped"),
    ],
)
def test_the_last_result_says_its_word_even_on_a_small_tile(kind, word, monkeypatch):
    tile = PhoneTile(
        "S1",
        label="柜A-01",
        last_result="device",
        last_result_at="18:55",
        last_result_flow="collect.comments",
        last_result_kind=kind,
    )
    lines = painted_lines(tile, monkeypatch)
    assert any(line.startswith(word) for line in lines), lines


def test_the_running_step_shows_before_the_long_flow_name(monkeypatch):
    tile = PhoneTile(
        "S1", PhoneState.RUNNING, label="柜A-01", flow="collect.comments", step="open video"
    )
    assert any(line.startswith("open video") for line in painted_lines(tile, monkeypatch))


def test_a_phone_without_a_label_shows_its_serial_once(monkeypatch):
    lines = painted_lines(PhoneTile("SIM-S7-0001", rack_slot=""), monkeypatch)
    assert sum("SIM-S7-0001" in line for line in lines) == 1
    labelled = painted_lines(PhoneTile("SIM-S7-0001", label="柜A-01"), monkeypatch)
    assert sum("SIM-S7-0001" in line for line in labelled) == 1


def test_a_stopped_task_is_not_painted_in_the_failure_colour():
    stopped = PhoneTile(
        "S1", label="A", last_result="cancelled", last_result_kind=ResultKind.STOPPED
    )
    failed = replace(stopped, last_result_kind=ResultKind.FAILED)
    assert count_colour(paint_tile(stopped), WARNING_COLOUR, paint_tile(stopped).rect()) == 0
    assert count_colour(paint_tile(failed), WARNING_COLOUR, paint_tile(failed).rect()) > 0


def test_the_thumbnail_is_painted_on_the_left():
    thumbnail = QImage(90, 195, QImage.Format.Format_RGB32)
    thumbnail.fill(QColor("#00ff00"))
    image = paint_tile(PhoneTile("S1"), thumbnail)
    left = QRect(0, 0, image.width() // 2, image.height())
    right = QRect(image.width() // 2, 0, image.width() // 2, image.height())
    assert count_colour(image, "#00ff00", left) > 2000
    assert count_colour(image, "#00ff00", right) == 0


def test_a_new_picture_repaints_without_laying_out_the_text_again(qtbot, monkeypatch):
    import ui.grid.phone_delegate as delegate_module

    faces = []
    real = delegate_module.paint_face
    monkeypatch.setattr(
        delegate_module, "paint_face", lambda *a, **k: (faces.append(a[5].serial), real(*a, **k))
    )
    grid = PhoneGridView(flush_interval_ms=5)
    qtbot.addWidget(grid)
    grid.resize(900, 600)
    tiles = [PhoneTile(f"S{n:02d}", PhoneState.RUNNING, label=f"A排-{n:02d}") for n in range(12)]
    grid.set_tiles(tiles)
    grid.show()
    qtbot.waitUntil(lambda: "S03" in faces, timeout=2000)  # the tiles on screen are painted
    qtbot.wait(20)
    faces.clear()
    grid.view.viewport().repaint()
    assert faces == []  # nothing changed: every face comes from the cache
    picture = QImage(90, 195, QImage.Format.Format_RGB32)
    picture.fill(QColor("#336699"))
    grid.apply_updates([TileUpdate("S03", thumbnail=picture)])
    grid.model.flush()
    grid.view.viewport().repaint()
    assert faces == []  # the face is cached; only the picture is new
    grid.apply_updates([TileUpdate("S03", replace(tiles[3], step="open comments"))])
    grid.model.flush()
    grid.view.viewport().repaint()
    assert faces == ["S03"]


def test_only_changed_tiles_are_painted_not_the_box_between_them(qtbot, monkeypatch):
    grid = PhoneGridView(flush_interval_ms=5)
    qtbot.addWidget(grid)
    grid.resize(1000, 700)
    tiles = [PhoneTile(f"S{n:02d}", PhoneState.RUNNING, label=f"A排-{n:02d}") for n in range(12)]
    grid.set_tiles(tiles)
    grid.show()
    qtbot.waitExposed(grid)
    qtbot.wait(50)
    painted = []
    real_face = PhoneTileDelegate._face
    monkeypatch.setattr(
        PhoneTileDelegate,
        "_face",
        lambda self, option, tile, *a: (
            painted.append(tile.serial),
            real_face(self, option, tile, *a),
        )[1],
    )
    qtbot.waitUntil(lambda: len(grid.visible_serials()) > 4, timeout=2000)
    visible = sorted(grid.visible_serials())
    first, last = tiles[0], tiles[len(visible) - 1]  # opposite corners of the wall on screen
    grid.apply_updates(
        [
            TileUpdate(first.serial, replace(first, step="a")),
            TileUpdate(last.serial, replace(last, step="b")),
        ]
    )
    grid.model.flush()
    qtbot.waitUntil(lambda: len(painted) >= 2, timeout=1000)
    qtbot.wait(50)
    assert sorted(painted) == [first.serial, last.serial]
