"""The record viewer: pages load only on demand, filters, details, export progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QImage

from ui.records.error_codes import describe_code
from ui.records.record_data import (
    ArtifactNote,
    FilterChoices,
    Outcome,
    RecordDetails,
    RecordFilter,
    RecordPage,
    TimePreset,
)
from ui.records.record_model import ERROR_CODE_COLUMN, RecordTableModel
from ui.records.record_view import RecordView
from ui.samples.records import sample_page, sample_record


class FakePool:
    """Answers record queries from a fleet of a million records, counting the pages."""

    def __init__(self, records: int = 1_000_000) -> None:
        self.records = records
        self.queries = []

    def answer(self, query):
        self.queries.append(query)
        return sample_page(query, newest_id=self.records)

    def serve(self, asker, deliver) -> None:
        """Answer each request later, as the database executor's queued signal would."""
        asker.connect(lambda q: QTimer.singleShot(0, lambda: deliver(self.answer(q))))


def test_model_passes_the_model_tester(qtbot, qtmodeltester):
    model = RecordTableModel(page_size=50)
    pool = FakePool(120)
    pool.serve(model.records_requested, model.add_page)
    qtmodeltester.check(model)
    model.set_filter(RecordFilter(flow="collect.titles"))
    for _ in range(3):
        qtbot.waitUntil(lambda: not model.loading, timeout=1000)
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 120
    assert not model.canFetchMore(QModelIndex())


def test_a_new_filter_asks_for_the_first_page_only(qtbot):
    model = RecordTableModel(page_size=100)
    asked = []
    model.records_requested.connect(asked.append)
    wanted = RecordFilter(account="猫咪日常", outcome=Outcome.FAILED)
    model.set_filter(wanted)
    (query,) = asked
    assert (query.filter, query.offset, query.limit, query.after) == (wanted, 0, 100, None)
    model.fetchMore(QModelIndex())  # still waiting for the first page: no second ask
    assert len(asked) == 1
    model.add_page(sample_page(query))
    assert model.rowCount() == 100
    model.fetchMore(QModelIndex())
    second = asked[1]
    last = model.record_at(99)
    assert (second.offset, second.after) == (100, (last.started_at, last.record_id))


def test_a_page_for_an_older_filter_is_dropped():
    model = RecordTableModel(page_size=10)
    asked = []
    model.records_requested.connect(asked.append)
    model.set_filter(RecordFilter(flow="a"))
    model.set_filter(RecordFilter(flow="b"))
    model.add_page(sample_page(asked[0]))
    assert model.rowCount() == 0
    model.add_page(sample_page(asked[1]))
    assert model.rowCount() == 10


def test_the_last_page_ends_fetching_and_a_failed_page_can_be_asked_again():
    model = RecordTableModel(page_size=10)
    asked = []
    model.records_requested.connect(asked.append)
    model.set_filter(RecordFilter())
    model.page_failed(asked[0].request_id, "timeout")
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.add_page(RecordPage(asked[1].request_id, (sample_record(5),), has_more=False))
    assert not model.canFetchMore(QModelIndex())


def test_loading_stops_at_the_row_cap():
    model = RecordTableModel(page_size=40, max_rows=100)
    pool = FakePool()
    model.records_requested.connect(lambda q: model.add_page(pool.answer(q)))
    model.set_filter(RecordFilter())
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 100
    assert [q.limit for q in pool.queries] == [40, 40, 20]
    assert model.capped


def test_a_million_records_load_a_page_at_a_time_as_the_table_scrolls(qtbot):
    view = RecordView(page_size=200)
    qtbot.addWidget(view)
    pool = FakePool()
    pool.serve(view.records_requested, view.add_page)
    view.resize(1000, 500)
    view.show()
    view.search(RecordFilter())
    qtbot.waitUntil(lambda: view.model.rowCount() == 200, timeout=1000)
    qtbot.wait(50)
    assert len(pool.queries) == 1
    assert view.model.rowCount() == 200
    assert "200 of 1,000,000 records shown" in view.count_label.text()
    bar = view.table.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: len(pool.queries) == 2, timeout=2000)
    qtbot.wait(50)
    assert view.model.rowCount() == 400  # one more page, not the rest


def test_the_filter_bar_resolves_presets_and_refuses_bad_parts(qtbot):
    view = RecordView()
    qtbot.addWidget(view)
    bar = view.filter_bar
    bar.preset.setCurrentIndex(bar.preset.findData(TimePreset.LAST_HOUR.value))
    bar.author_id.setText(" 小厨娘 ")
    bar.batch.setEditText("#42")
    with qtbot.waitSignal(view.records_requested) as asked:
        bar.search_button.click()
    wanted = asked.args[0].filter
    assert wanted.author_id == "小厨娘"
    assert wanted.batch_id == 42
    hour_ago = dt.datetime.now().astimezone() - dt.timedelta(hours=1)
    assert abs((wanted.since - hour_ago).total_seconds()) < 60
    assert wanted.until is None
    bar.batch.setEditText("forty")
    with qtbot.assertNotEmitted(view.records_requested):
        bar.search_button.click()
    assert bar.problem.text().startswith("Batch:")
    bar.batch.setEditText("")
    bar.preset.setCurrentIndex(bar.preset.findData(TimePreset.CUSTOM.value))
    bar.since.setDateTime(bar.until.dateTime().addDays(1))
    with qtbot.assertNotEmitted(view.records_requested):
        bar.search_button.click()
    assert bar.problem.text().startswith("Time:")


def test_a_filter_survives_settings_round_trip():
    since = dt.datetime(2025, 6, 1, 8, 0, tzinfo=dt.UTC)
    original = RecordFilter(
        account="猫咪日常",
        error_class="device",
        batch_id=7,
        preset=TimePreset.CUSTOM,
        since=since,
        until=since + dt.timedelta(days=1),
        outcome=Outcome.FAILED,
    )
    assert RecordFilter.from_settings(original.to_settings()) == original
    assert RecordFilter.from_settings({"batch_id": "x"}) == RecordFilter()


def failed_details(record_id: int, colour: str = "#c0392b") -> RecordDetails:
    screenshot = QImage(360, 780, QImage.Format.Format_RGB32)
    screenshot.fill(QColor(colour))
    record = replace(
        sample_record(record_id),
        status="failed_retryable",
        error_class="retryable",
        message="comment list did not appear in 10 s",
    )
    return RecordDetails(
        record=record,
        params={"creator": "maomi_daily", "count": 20},
        item_fields=("title", "comment_count"),
        items=({"title": "城市夜景", "comment_count": 120},),
        items_total=1,
        failed_step="read the comments",
        screenshot=screenshot,
        artifacts=(ArtifactNote("screenshot", "ab" * 16, 5000, "stored"),),
        hierarchy='<hierarchy rotation="0"/>',
        log_lines=("12:00:01 open creator", "12:00:09 comment list did not appear"),
    )


@pytest.fixture
def records(qtbot) -> RecordView:
    view = RecordView(page_size=50)
    qtbot.addWidget(view)
    pool = FakePool(500)
    pool.serve(view.records_requested, view.add_page)
    view.search(RecordFilter())
    qtbot.waitUntil(lambda: view.model.rowCount() == 50, timeout=1000)
    return view


def test_selecting_a_record_asks_for_details_and_shows_image_and_log(qtbot, records):
    with qtbot.waitSignal(records.details_requested) as asked:
        records.table.selectRow(3)
    record_id = asked.args[0]
    assert record_id == records.model.record_at(3).record_id
    records.show_details(failed_details(record_id))
    pane = records.details
    picture = pane.screenshot.pixmap()
    assert not picture.isNull()
    assert picture.height() > 100
    assert picture.toImage().pixelColor(5, 5) == QColor("#c0392b")
    assert pane.log.toPlainText().splitlines() == [
        "12:00:01 open creator",
        "12:00:09 comment list did not appear",
    ]
    assert "read the comments" in pane.failure.text()
    assert "retryable" in pane.failure.text()
    assert pane.items_model.index(0, 0).data() == "城市夜景"
    assert pane.params_model.rowCount() == 2
    assert pane.screenshot_note.text() == f"artifact {'ab' * 16} · 5 KB · stored"


def test_details_of_a_record_no_longer_selected_are_ignored(qtbot, records):
    records.table.selectRow(1)
    old_id = records.model.record_at(1).record_id
    records.table.selectRow(2)
    records.show_details(failed_details(old_id))
    assert not records.details.tabs.isEnabled()
    assert "Loading" in records.details.heading.text()


def test_export_asks_where_then_shows_progress_and_can_be_cancelled(qtbot, records, prompts):
    records.prompts = prompts
    prompts.save_answer = "/tmp/records-june"
    with qtbot.waitSignal(records.export_requested) as asked:
        records.export_bar.export_button.click()
    assert asked.args == [records.model.record_filter, "/tmp/records-june.xlsx"]
    assert not records.export_bar.export_button.isEnabled()
    records.set_export_progress(2_500, 10_000)
    assert records.export_bar.progress.value() == 2_500
    assert records.export_bar.progress.maximum() == 10_000
    with qtbot.waitSignal(records.export_cancel_requested):
        records.export_bar.cancel_button.click()
    records.export_failed("Export cancelled; the partial file was removed.")
    assert records.export_bar.export_button.isEnabled()
    assert "cancelled" in records.export_bar.status.text()
    records.export_bar.export_button.click()
    records.export_finished("/tmp/records-june.xlsx", 10_000)
    assert records.export_bar.status.text() == "Exported 10,000 records to /tmp/records-june.xlsx"


def test_no_export_when_the_operator_cancels_the_file_dialog(qtbot, records, prompts):
    records.prompts = prompts
    prompts.save_answer = None
    with qtbot.assertNotEmitted(records.export_requested):
        records.export_bar.export_button.click()
    assert records.export_bar.export_button.isEnabled()


def test_details_show_markup_in_values_as_plain_text(qtbot, records):
    records.table.selectRow(0)
    details = failed_details(records.model.record_at(0).record_id)
    odd = replace(details.record, message="<b>not bold</b> & more", device="<i>A排</i>")
    records.show_details(replace(details, record=odd))
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; more" in records.details.failure.text()
    assert "&lt;i&gt;A排&lt;/i&gt;" in records.details.heading.text()


def test_the_code_filter_offers_codes_with_their_meaning_and_filters_by_the_code(qtbot):
    view = RecordView()
    qtbot.addWidget(view)
    bar = view.filter_bar
    bar.set_choices(FilterChoices(codes=("device_lost", "my_flow_code")))
    offered = [bar.error_code.itemText(i) for i in range(bar.error_code.count())]
    assert offered[0].startswith("device_lost — ")
    assert describe_code("device_lost") in offered[0]
    assert offered[1] == "my_flow_code — " + describe_code("my_flow_code")
    bar.error_code.setCurrentIndex(0)
    with qtbot.waitSignal(view.records_requested) as asked:
        bar.search_button.click()
    assert asked.args[0].filter.error_code == "device_lost"
    bar.error_code.setEditText(" ui_not_found ")
    with qtbot.waitSignal(view.records_requested) as asked:
        bar.search_button.click()
    assert asked.args[0].filter.error_code == "ui_not_found"


def test_details_and_table_say_what_the_error_code_means(qtbot, records):
    with qtbot.waitSignal(records.details_requested) as asked:
        records.table.selectRow(2)
    details = failed_details(asked.args[0])
    details = replace(details, record=replace(details.record, error_code="device_lost"))
    records.show_details(details)
    text = records.details.failure.text()
    assert "device_lost" in text
    assert describe_code("device_lost") in text
    row = replace(sample_record(12), error_class="retryable", error_code="ui_not_found")
    model = RecordTableModel()
    model.set_filter(RecordFilter())
    model.add_page(RecordPage(model.request_id, (row,), False, 1))
    column = model.headerData(ERROR_CODE_COLUMN, Qt.Orientation.Horizontal)
    assert column == "Error code"
    cell = model.index(0, ERROR_CODE_COLUMN)
    assert cell.data() == "ui_not_found"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == describe_code("ui_not_found")


def test_details_show_the_phone_at_the_failure_and_its_last_calls(qtbot, records):
    with qtbot.waitSignal(records.details_requested) as asked:
        records.table.selectRow(4)
    report = {
        "network_connected": False, "reachable": True, "adb_state": "device",
        "foreground_package": "com.fleetdeck.simvideo", "foreground_activity": ".SearchActivity",
        "battery_level": 37, "battery_temp_c": 36.5,
        "breadcrumbs": [{"at": 1.0, "call": "dump hierarchy", "duration_ms": 41, "outcome": "ok"}],
    }  # fmt: skip
    records.show_details(replace(failed_details(asked.args[0]), failure_report=report))
    text = records.details.failure.text()
    assert "not connected" in text
    assert "com.fleetdeck.simvideo/.SearchActivity" in text
    assert "37 % · 36.5 °C" in text
    assert "dump hierarchy 41 ms ok" in text
