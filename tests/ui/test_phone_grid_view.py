"""The phone grid: intents with the right serials, one question for many, visibility."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QItemSelectionModel, QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from tests.ui.conftest import ScriptedPrompts
from ui.grid.empty_state import NoPhonesPanel
from ui.grid.phone_actions import PhoneAction
from ui.grid.phone_data import PhoneState, PhoneTile, PoolSummary, TileUpdate
from ui.grid.phone_grid_view import PhoneGridView
from ui.grid.phone_model import PhoneRole
from ui.grid.phone_proxy import GridFilter


def fleet(count: int) -> list[PhoneTile]:
    return [
        PhoneTile(f"SER{n:03d}", PhoneState.RUNNING, label=f"A排-{n:02d}", host="pc-1")
        for n in range(count)
    ]


def picture(colour: str) -> QImage:
    image = QImage(QSize(90, 195), QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    return image


@pytest.fixture
def grid(qtbot, prompts: ScriptedPrompts) -> PhoneGridView:
    view = PhoneGridView(prompts=prompts, flush_interval_ms=10)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.set_tiles(fleet(12))
    return view


def select(grid: PhoneGridView, serials: list[str]) -> None:
    selection = grid.view.selectionModel()
    selection.clearSelection()
    for row in range(grid.proxy.rowCount()):
        index = grid.proxy.index(row, 0)
        if index.data(PhoneRole.SERIAL) in serials:
            selection.select(index, QItemSelectionModel.SelectionFlag.Select)


def test_stopping_many_phones_asks_once_and_says_how_many(qtbot, grid, prompts):
    select(grid, ["SER007", "SER002", "SER004"])
    with qtbot.waitSignal(grid.stop_requested) as stop:
        grid.actions_by_kind[PhoneAction.STOP].trigger()
    assert stop.args == [["SER002", "SER004", "SER007"]]
    assert len(prompts.asked) == 1
    kind, _title, question = prompts.asked[0]
    assert kind == "confirm"
    assert "3 phones" in question


def test_stopping_one_phone_does_not_ask(qtbot, grid, prompts):
    with qtbot.waitSignal(grid.stop_requested) as stop:
        grid.trigger(PhoneAction.STOP, ["SER005"])
    assert stop.args == [["SER005"]]
    assert prompts.asked == []


def test_saying_no_sends_nothing(qtbot, grid, prompts):
    prompts.confirm_answer = False
    select(grid, ["SER001", "SER002"])
    with qtbot.assertNotEmitted(grid.drain_requested):
        grid.trigger(PhoneAction.DRAIN)
    assert len(prompts.asked) == 1


def test_drain_and_resume_carry_the_selection(qtbot, grid):
    select(grid, ["SER010", "SER011"])
    with qtbot.waitSignal(grid.drain_requested) as drain:
        grid.trigger(PhoneAction.DRAIN)
    with qtbot.waitSignal(grid.resume_requested) as resume:
        grid.trigger(PhoneAction.RESUME)
    assert drain.args == resume.args == [["SER010", "SER011"]]


def test_install_apk_asks_for_the_file_then_once_for_many(qtbot, grid, prompts):
    prompts.open_answer = "/home/ops/apks/simvideo-2.3.apk"
    select(grid, ["SER000", "SER001", "SER002", "SER003"])
    with qtbot.waitSignal(grid.install_apk_requested) as install:
        grid.trigger(PhoneAction.INSTALL_APK)
    assert install.args == [
        ["SER000", "SER001", "SER002", "SER003"],
        "/home/ops/apks/simvideo-2.3.apk",
    ]
    questions = [text for kind, _t, text in prompts.asked if kind == "confirm"]
    assert questions == ["Install simvideo-2.3.apk on 4 phones?"]


def test_run_flow_passes_the_phones_on(qtbot, grid):
    select(grid, ["SER003"])
    with qtbot.waitSignal(grid.run_flow_requested) as run:
        grid.trigger(PhoneAction.RUN_FLOW)
    assert run.args == [["SER003"]]


def test_set_label_and_account_of_one_phone(qtbot, grid, prompts):
    prompts.text_answer = "  货架 C-12 "
    with qtbot.waitSignal(grid.label_change_requested) as label:
        grid.trigger(PhoneAction.SET_LABEL, ["SER004"])
    assert label.args == ["SER004", "货架 C-12"]
    assert prompts.asked[-1] == ("ask_text", "Label of A排-04", "A排-04")
    prompts.text_answer = "travel_daily"
    with qtbot.waitSignal(grid.account_change_requested) as account:
        grid.trigger(PhoneAction.SET_ACCOUNT, ["SER004"])
    assert account.args == ["SER004", "travel_daily"]


def test_a_too_long_label_is_refused_with_a_reason(qtbot, grid, prompts):
    prompts.text_answer = "x" * 65
    with qtbot.assertNotEmitted(grid.label_change_requested):
        grid.trigger(PhoneAction.SET_LABEL, ["SER004"])
    assert prompts.asked[-1][0] == "inform"
    assert "64" in prompts.asked[-1][2]


def test_single_phone_actions_are_off_for_a_selection_of_many(grid):
    select(grid, ["SER001", "SER002"])
    actions = grid.actions_by_kind
    assert actions[PhoneAction.STOP].isEnabled()
    assert not actions[PhoneAction.SET_LABEL].isEnabled()
    assert not actions[PhoneAction.LIVE_VIEW].isEnabled()
    select(grid, ["SER001"])
    assert actions[PhoneAction.SET_LABEL].isEnabled()
    select(grid, [])
    assert not actions[PhoneAction.STOP].isEnabled()


def test_no_phone_offers_simulated_phones(qtbot, prompts):
    grid = PhoneGridView(prompts=prompts, flush_interval_ms=10)
    qtbot.addWidget(grid)
    assert isinstance(grid.pages.currentWidget(), NoPhonesPanel)
    grid.no_phones.count_box.setValue(40)
    grid.no_phones.seed_box.setValue(7)
    with qtbot.waitSignal(grid.simulated_phones_requested) as start:
        grid.no_phones.start_button.click()
    assert start.args == [40, 7]
    assert not grid.no_phones.start_button.isEnabled()
    grid.apply_updates([TileUpdate(t.serial, t) for t in fleet(3)])
    qtbot.waitUntil(lambda: grid.pages.currentWidget() is grid.view, timeout=1000)


def test_a_filter_that_matches_nothing_says_so(grid):
    grid.set_grid_filter(GridFilter(host="nowhere"))
    assert grid.pages.currentWidget().objectName() == "noMatchingPhones"
    grid.set_grid_filter(GridFilter())
    assert grid.pages.currentWidget() is grid.view


def test_the_grid_names_the_visible_phones_and_none_when_hidden(qtbot, grid):
    grid.set_tiles(fleet(80))
    grid.resize(700, 420)
    with qtbot.waitSignal(grid.visible_serials_changed, timeout=2000) as shown:
        grid.show()
    visible = shown.args[0]
    assert "SER000" in visible
    assert 0 < len(visible) < 80
    with qtbot.waitSignal(grid.visible_serials_changed, timeout=2000) as hidden:
        grid.hide()
    assert hidden.args == [frozenset()]


def test_scrolling_changes_which_phones_are_visible(qtbot, grid):
    grid.set_tiles(fleet(80))
    grid.resize(700, 420)
    grid.show()
    qtbot.waitUntil(lambda: "SER000" in grid.visible_serials(), timeout=2000)
    with qtbot.waitSignal(grid.visible_serials_changed, timeout=2000) as scrolled:
        grid.view.verticalScrollBar().setValue(grid.view.verticalScrollBar().maximum())
    assert "SER079" in scrolled.args[0]
    assert "SER000" not in scrolled.args[0]


def test_a_minimised_window_shows_no_phone(qtbot, grid):
    window = QWidget()
    qtbot.addWidget(window)
    grid.setParent(window)
    window.resize(800, 600)
    window.show()
    qtbot.waitUntil(lambda: bool(grid.visible_serials()), timeout=2000)
    with qtbot.waitSignal(grid.visible_serials_changed, timeout=2000) as minimised:
        window.showMinimized()
    assert minimised.args == [frozenset()]


def test_live_view_follows_new_pictures_and_keeps_its_phone_visible(qtbot, grid):
    grid.apply_updates([TileUpdate("SER006", thumbnail=picture("#ff0000"))])
    grid.model.flush()
    dialog = grid.open_live_view("SER006")
    qtbot.addWidget(dialog)
    assert "A排-06" in dialog.caption.text()
    first = dialog.picture.pixmap().toImage()
    assert first.pixelColor(first.width() // 2, first.height() // 2) == QColor("#ff0000")
    grid.apply_updates([TileUpdate("SER006", thumbnail=picture("#0000ff"))])
    grid.model.flush()
    after = dialog.picture.pixmap().toImage()
    assert after.pixelColor(after.width() // 2, after.height() // 2) == QColor("#0000ff")
    qtbot.waitUntil(lambda: "SER006" in grid.visible_serials(), timeout=2000)


def test_tile_size_follows_the_slider(qtbot, grid):
    small = grid.picture_size()
    with (
        qtbot.waitSignal(grid.tile_width_changed) as changed,
        qtbot.waitSignal(grid.picture_size_changed) as pictures,
    ):
        grid.filter_bar.size_slider.setValue(400)
    assert changed.args == [400]
    bigger = pictures.args[0]
    assert bigger == grid.picture_size()
    assert bigger.height() > small.height()
    assert bigger.width() <= 200  # pictures take at most half a tile
    assert grid.delegate.tile_size.width() == 400
    assert grid.view.gridSize().width() >= 400
    grid.set_tile_width(10)  # below the minimum: clamped
    assert grid.delegate.tile_size.width() == grid.filter_bar.size_slider.minimum()


def test_summary_line_counts_phones_by_state_and_tasks(grid):
    grid.apply_updates([TileUpdate("SER000", replace(fleet(1)[0], state=PhoneState.OFFLINE))])
    grid.model.flush()
    grid.set_pool_summary(PoolSummary(running=11, queued=240, failed_last_hour=3))
    text = grid.summary.text()
    assert "12 phones: 11 running, 1 offline" in text
    assert "11 running, 240 queued, 3 failed in the last hour" in text


def test_filter_bar_offers_hosts_and_accounts_and_filters(qtbot, grid):
    grid.apply_updates(
        [TileUpdate("SER001", replace(fleet(2)[1], host="pc-9", account="美食日记"))]
    )
    grid.model.flush()
    bar = grid.filter_bar
    hosts = [bar.host_box.itemData(i) for i in range(bar.host_box.count())]
    assert hosts == ["", "pc-1", "pc-9"]
    with qtbot.waitSignal(grid.filter_changed) as changed:
        bar.account_box.setCurrentIndex(bar.account_box.findData("美食日记"))
    assert changed.args[0].account == "美食日记"
    assert grid.proxy.rowCount() == 1


def test_only_offline_phones_can_be_removed_and_it_is_always_asked(qtbot, prompts):
    view = PhoneGridView(prompts=prompts, flush_interval_ms=10)
    qtbot.addWidget(view)
    view.set_tiles([PhoneTile("S1"), PhoneTile("S2", PhoneState.OFFLINE)])
    remove = view.actions_by_kind[PhoneAction.REMOVE]
    select(view, ["S1"])
    assert not remove.isEnabled()
    select(view, ["S1", "S2"])
    assert remove.isEnabled()
    with qtbot.waitSignal(view.remove_requested) as asked:
        view.trigger(PhoneAction.REMOVE)
    assert asked.args == [["S2"]]  # the connected one is left alone
    assert prompts.asked[-1][0] == "confirm"  # asked even for one phone
    assert "connects again" in prompts.asked[-1][2]
