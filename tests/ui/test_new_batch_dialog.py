"""The new-batch dialog: a form from a field description, messages as you type, a spec."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QRadioButton

from tests.ui.conftest import ScriptedPrompts
from ui.pool.new_batch_dialog import NewBatchDialog
from ui.pool.pool_data import AfterBatch, Mode, TargetKind, Targets, UpstreamChoice
from ui.samples.pool import SAMPLE_FLOWS, sample_validate

if TYPE_CHECKING:
    from pathlib import Path

UPSTREAM = (
    UpstreamChoice(
        41, "猫咪日常 标题采集", "collect.titles", ("title", "comment_count", "video_key")
    ),
)


@pytest.fixture
def dialog(qtbot, prompts: ScriptedPrompts) -> NewBatchDialog:
    view = NewBatchDialog(
        SAMPLE_FLOWS,
        sample_validate,
        serials=("SER001", "SER002"),
        accounts=("city_walker", "猫咪日常"),
        upstream=UPSTREAM,
        prompts=prompts,
    )
    qtbot.addWidget(view)
    view.choose_flow("collect.titles")
    return view


def type_into(qtbot, dialog: NewBatchDialog, field: str, text: str) -> None:
    editor = dialog.form.editor(field)
    assert isinstance(editor, QLineEdit)
    editor.clear()
    qtbot.keyClicks(editor, text)


def test_the_form_is_built_from_the_field_description(dialog):
    fields = [spec.name for spec in dialog.form.fields]
    assert fields == ["app", "creator", "count", "min_comments"]
    assert dialog.form.editor("app").text() == "simvideo"  # defaults are shown
    assert dialog.form.editor("count").text() == "20"
    assert dialog.form.editor("creator").text() == ""
    labels = [dialog.form.layout().itemAt(i).widget() for i in range(dialog.form.layout().count())]
    texts = [w.text() for w in labels if hasattr(w, "buddy") and w.buddy() is not None]
    assert "Creator *:" in texts
    assert "App:" in texts
    dialog.choose_flow("monitor.keywords")
    assert [spec.name for spec in dialog.form.fields] == ["batch", "keywords"]


def test_messages_show_under_fields_as_you_type(qtbot, dialog):
    assert dialog.form.message("creator") == "required"
    assert not dialog.accept_button().isEnabled()
    type_into(qtbot, dialog, "creator", "maomi daily")
    assert dialog.form.message("creator") == "an id has no spaces"  # from validate()
    type_into(qtbot, dialog, "count", "2O")
    assert dialog.form.message("count") == "enter a whole number"
    type_into(qtbot, dialog, "count", "20000")
    assert dialog.form.message("count") == "must be at most 10000"
    assert "fix 2 fields" in dialog.problem_label.text()
    type_into(qtbot, dialog, "creator", "maomi_daily")
    type_into(qtbot, dialog, "count", "30")
    assert dialog.form.message("creator") == dialog.form.message("count") == ""
    assert dialog.accept_button().isEnabled()
    assert not dialog.problem_label.isVisible()


def test_ok_emits_a_complete_spec_and_waits_for_the_pool(qtbot, dialog):
    type_into(qtbot, dialog, "creator", "maomi_daily")
    dialog.name_edit.setText("猫咪日常 titles")
    settings = dialog.settings
    settings.set_mode(Mode.POOL)
    settings.count_box.setValue(30)
    settings.priority_box.setValue(2)
    settings.attempts_box.setValue(4)
    settings.timeout_box.setValue(900)
    settings.set_target_kind(TargetKind.ACCOUNTS)
    settings.accounts_list.item(1).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.batch_submitted) as submitted:
        dialog.accept_button().click()
    spec = submitted.args[0]
    assert spec.flow == "collect.titles"
    assert spec.name == "猫咪日常 titles"
    assert spec.mode is Mode.POOL
    assert dict(spec.params) == {
        "app": "simvideo",
        "creator": "maomi_daily",
        "count": 20,
        "min_comments": 0,
    }
    assert spec.targets == Targets(TargetKind.ACCOUNTS, accounts=("猫咪日常",))
    assert (spec.count, spec.priority, spec.max_attempts, spec.timeout_s) == (30, 2, 4, 900)
    assert spec.task_params == ()
    assert spec.after is None
    assert dialog.isVisible() is False or not dialog.accept_button().isEnabled()
    dialog.submit_failed("database unreachable")
    assert "database unreachable" in dialog.problem_label.text()
    assert dialog.accept_button().isEnabled()
    with qtbot.waitSignal(dialog.finished):
        dialog.submit_succeeded(51)


def test_targets_need_something_to_target(qtbot, dialog):
    type_into(qtbot, dialog, "creator", "maomi_daily")
    dialog.settings.set_target_kind(TargetKind.ACCOUNTS)
    assert "tick at least one account" in dialog.problems()
    dialog.settings.set_target_kind(TargetKind.PHONES)
    assert dialog.problems() == []
    assert dialog.spec().targets == Targets(TargetKind.PHONES, serials=("SER001", "SER002"))
    dialog.settings.set_mode(Mode.EACH_DEVICE)
    assert dialog.spec().count == 0  # one per targeted phone
    assert not dialog.settings.count_box.isEnabled()


def test_after_batch_maps_item_fields_onto_parameters(qtbot, dialog):
    dialog.choose_flow("collect.comments")
    type_into(qtbot, dialog, "creator", "maomi_daily")
    assert "fix 1 field" in dialog.problem_label.text()  # the video title is missing
    dialog.after_box.setChecked(True)
    assert dialog.after_box.mapping_box("title").currentData() == "title"  # same name
    assert not dialog.form.editor("title").isEnabled()
    assert dialog.problems() == []
    spec = dialog.spec()
    assert spec.after == AfterBatch(41, (("title", "title"),))
    assert "title" not in spec.params
    dialog.after_box.mapping_box("title").setCurrentIndex(0)
    assert "fix 1 field" in dialog.problem_label.text()
    assert "map at least one item field to a parameter" in dialog.problems()


def test_a_host_flow_takes_no_phone_targets(dialog):
    dialog.choose_flow("monitor.keywords")
    phones = dialog.settings.findChild(QRadioButton, "target_phones")
    assert not phones.isEnabled()
    assert dialog.spec().targets.kind is TargetKind.ALL


def wait_for_import(qtbot, dialog: NewBatchDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.import_panel.busy, timeout=5000)


def test_import_lists_bad_rows_and_blocks_submit_until_they_are_dropped(
    qtbot, dialog, prompts, tmp_path: Path
):
    path = tmp_path / "creators.csv"
    path.write_text(
        "creator,count\nmaomi_daily,10\nhas space,5\n小厨娘,0\ntravel.lin,\n", encoding="utf-8"
    )
    prompts.open_answer = str(path)
    dialog.import_panel.import_button.click()
    wait_for_import(qtbot, dialog)
    errors = dialog.import_panel.errors_model
    listed = [
        tuple(errors.index(row, column).data() for column in range(3))
        for row in range(errors.rowCount())
    ]
    assert listed == [(3, "A", "Creator"), (4, "B", "Titles")]
    assert "2 rows of the file have errors" in dialog.problems()
    assert not dialog.accept_button().isEnabled()
    dialog.import_panel.drop_button.click()
    assert dialog.problems() == []
    assert dialog.settings.mode() is Mode.POOL  # an import is one task per row
    assert dialog.settings.count_box.value() == 2
    assert not dialog.settings.count_box.isEnabled()
    with qtbot.waitSignal(dialog.batch_submitted) as submitted:
        dialog.accept_button().click()
    spec = submitted.args[0]
    assert [dict(p) for p in spec.task_params] == [
        {"app": "simvideo", "count": 10, "creator": "maomi_daily", "min_comments": 0},
        {"app": "simvideo", "count": 20, "creator": "travel.lin", "min_comments": 0},
    ]
    assert spec.count == 2


def test_changing_the_form_after_an_import_rechecks_the_rows(
    qtbot, dialog, prompts, tmp_path: Path
):
    path = tmp_path / "creators.csv"
    path.write_text("creator\nmaomi_daily\n", encoding="utf-8")
    prompts.open_answer = str(path)
    dialog.import_panel.import_button.click()
    wait_for_import(qtbot, dialog)
    assert dialog.problems() == []  # the creator column fills the empty form field
    type_into(qtbot, dialog, "count", "7")
    qtbot.waitUntil(lambda: dialog.import_panel.task_params()[0]["count"] == 7, timeout=5000)


def test_an_unreadable_file_is_reported_and_blocks(qtbot, dialog, prompts, tmp_path: Path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a workbook")
    prompts.open_answer = str(path)
    dialog.import_panel.import_button.click()
    qtbot.waitUntil(
        lambda: "cannot be read as Excel" in dialog.import_panel.status.text(), timeout=5000
    )
    assert not dialog.accept_button().isEnabled()
    dialog.import_panel.clear_button.click()
    type_into(qtbot, dialog, "creator", "maomi_daily")
    assert dialog.accept_button().isEnabled()


def test_the_name_is_left_empty_so_each_batch_is_named_by_its_id(dialog):
    # A name stamped when the dialog opened gave two batches the same name; empty, the
    # batch is listed as "<flow> #<id>", which no other batch shares.
    assert dialog.name_edit.text() == ""
    assert dialog.name_edit.placeholderText()
    assert not any("name" in problem for problem in dialog.problems())
    assert dialog.spec().name == ""


def test_a_minus_sign_in_count_is_refused_out_loud(qtbot, dialog):
    dialog.settings.set_mode(Mode.POOL)
    box = dialog.settings.count_box
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "-5")
    assert box.text() == "-5"  # not silently "5"
    assert any("negative" in problem for problem in dialog.problems())
    assert not dialog.accept_button().isEnabled()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "7")
    assert box.value() == 7
    assert not any("negative" in problem for problem in dialog.problems())


def test_running_after_a_batch_takes_no_count(qtbot, dialog):
    dialog.settings.set_mode(Mode.POOL)
    assert dialog.settings.count_box.isEnabled()
    dialog.after_box.setChecked(True)
    assert not dialog.settings.count_box.isEnabled()  # one task per upstream item
    dialog.after_box.setChecked(False)
    assert dialog.settings.count_box.isEnabled()


def test_running_after_a_batch_carries_its_parameters_over(qtbot, prompts):
    upstream = (
        UpstreamChoice(
            41,
            "猫咪日常 标题采集",
            "collect.titles",
            ("title", "comment_count", "video_key"),
            {"app": "simvideo", "creator": "maomi_daily", "count": 20},
        ),
    )
    view = NewBatchDialog(SAMPLE_FLOWS, sample_validate, upstream=upstream, prompts=prompts)
    qtbot.addWidget(view)
    view.choose_flow("collect.comments")
    assert view.form.editor("creator").text() == ""
    view.after_box.setChecked(True)
    assert view.form.editor("creator").text() == "maomi_daily"
    assert view.after_box.after().mapping == (("title", "title"),)


def test_the_default_mode_follows_the_flow(dialog):
    assert dialog.settings.mode() is Mode.POOL  # collecting a creator's titles
    dialog.choose_flow("device.health")
    assert dialog.settings.mode() is Mode.EACH_DEVICE  # about each phone itself
    dialog.choose_flow("collect.comments")
    assert dialog.settings.mode() is Mode.POOL


def test_a_mode_the_operator_picked_is_kept_across_flows(qtbot, dialog):
    box = dialog.settings.mode_box
    box.setCurrentIndex(box.findData(Mode.SPREAD.value))
    box.activated.emit(box.currentIndex())  # as a click does
    dialog.choose_flow("device.health")
    assert dialog.settings.mode() is Mode.SPREAD


def test_an_error_line_does_not_move_the_fields_below(qtbot, dialog):
    dialog.show()
    type_into(qtbot, dialog, "creator", "maomi_daily")
    below = dialog.form.editor("count")
    before = below.mapTo(dialog, below.rect().topLeft())
    type_into(qtbot, dialog, "creator", "maomi daily")  # a message appears under it
    assert dialog.form.message("creator")
    qtbot.wait(10)
    assert below.mapTo(dialog, below.rect().topLeft()) == before


def test_help_texts_wrap_inside_the_dialog_however_narrow_it_is_made(qtbot, dialog):
    dialog.choose_flow("collect.comments")
    dialog.after_box.setChecked(True)
    dialog.show()
    dialog.resize(300, 600)  # narrower than its widest row: it keeps that width
    qtbot.wait(10)
    viewport = dialog._scroll.viewport()
    helps = [
        label
        for label in dialog.form.findChildren(QLabel)
        if label.isVisible() and label.wordWrap() and label.text()
    ]
    assert helps
    for label in helps:
        right = label.mapTo(viewport, label.rect().topRight()).x()
        assert right <= viewport.width(), label.text()


def test_each_device_on_all_phones_asks_whether_newcomers_join(dialog):
    settings = dialog.settings
    settings.set_mode(Mode.EACH_DEVICE)
    settings.set_target_kind(TargetKind.ALL)
    assert settings.grow_box.isEnabled()
    assert dialog.spec().roster_grows  # ticked by default: "every phone" means newcomers too
    settings.grow_box.setChecked(False)
    assert not dialog.spec().roster_grows
    settings.grow_box.setChecked(True)
    settings.set_target_kind(TargetKind.PHONES)  # a list of phones has no newcomers
    assert not settings.grow_box.isEnabled()
    assert not dialog.spec().roster_grows
    settings.set_mode(Mode.POOL)
    assert not dialog.spec().roster_grows
