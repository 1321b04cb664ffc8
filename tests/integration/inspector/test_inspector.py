"""The selector inspector on a simulated phone: what it selects, counts and copies agrees
with the phone and with uiautomator2, and a copied step taps what was selected."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from uiautomator2.xpath import PageSource

from ui.inspector.candidate_model import ROW_ROLE
from ui.prompts import Prompts
from workers.device.driver import DeviceDriver
from workers.dry_run import DryRunContext
from workers.flows.catalog import load_catalog
from workers.flows.declarative.loader import load_flow_text
from workers.flows.declarative.runner import run_declarative
from workers.flows.selector_candidates import u2_kwargs
from workers.inspector_worker import parse_selector
from workers.sim.simchannels import PACKAGE as CHANNELS
from workers.sim.simvideo import PACKAGE, rid
from workers.stop import StopSignal

if TYPE_CHECKING:
    from tests.integration.inspector.conftest import Inspecting
    from ui.inspector.screen_data import CandidateRow, ScreenNode
    from workers.sim.simvideo.catalog import Catalog
    from workers.sim.uitree import Node as SimNode

FLOWS = Path(__file__).resolve().parents[3] / "resources" / "flows"
SCREEN_WAIT_MS = 15_000
CANDIDATES_TIMEOUT_MS = 5_000
DRY_RUN_TIMEOUT_MS = 20_000
CLOCK = "com.android.systemui:id/clock"


def sim_node_at(windows: list[SimNode], x: int, y: int) -> SimNode:
    """The node the simulated phone has on top at a point (its first window, last node)."""
    return [node for node in windows[0].walk() if node.contains(x, y)][-1]


def sim_node(windows: list[SimNode], resource_id: str) -> SimNode:
    return next(node for node in windows[0].walk() if node.resource_id == resource_id)


def same(shown: ScreenNode, truth: SimNode) -> bool:
    return (shown.class_name, shown.resource_id, shown.text, shown.description, shown.bounds) == (
        truth.cls,
        truth.resource_id,
        truth.text,
        truth.desc,
        tuple(truth.bounds),
    )


def inside(tap: str, node: SimNode) -> bool:
    """Whether a tap ("x,y" in the phone's event log) landed on the node."""
    x, y = (int(v) for v in tap.split(","))
    left, top, right, bottom = node.bounds
    return left <= x < right and top <= y < bottom


def click_phone_point(ins: Inspecting, x: int, y: int) -> None:
    view = ins.view.screen_view
    ins.qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.to_widget(x, y))


def candidates_of(ins: Inspecting) -> list[CandidateRow]:
    model = ins.view.candidates
    ins.qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=CANDIDATES_TIMEOUT_MS)
    return [model.index(row, 0).data(ROW_ROLE) for row in range(model.rowCount())]


def u2_count(d: Any, selector: str, source: PageSource | None = None) -> int:
    """uiautomator2's own count of a selector as the inspector shows it (xpath: on
    ``source``, u2's page source of the screen, when given)."""
    spec = parse_selector(selector)
    if spec.xpath:
        return len(d.xpath(spec.xpath).all(source))
    return int(d(**u2_kwargs(spec)).count)


def go_to(ins: Inspecting, where: str) -> None:
    """Show a screen: SimVideo's home, a creator's list, or SimChannels' feed."""
    if where == "creator":  # a list: ids repeat, so candidates need an index
        ins.d(resourceId=rid("search_box")).set_text("c002")
        ins.d(resourceId=rid("search_button")).click()
        ins.d(resourceId=rid("creator_item")).click()
        assert ins.d(resourceId=rid("video_item")).wait(timeout=5)
    if where == "simchannels":  # obfuscated ids; the tabs share one id (发现 → 视频号)
        ins.d.app_start(CHANNELS, stop=True)
        ins.d(text="发现").click()
        ins.d(text="视频号").click()
        assert ins.d(packageName=CHANNELS, scrollable=True).wait(timeout=5)
    if where != "home":
        ins.read_screen()


@pytest.mark.parametrize("where", ["home", "simchannels"])
def test_a_click_selects_the_node_the_phone_has_there(inspecting: Inspecting, where: str) -> None:
    ins = inspecting
    go_to(ins, where)
    windows = ins.sim_windows()
    width, height = ins.d.window_size()
    points = [(width * i // 6, height * j // 10) for i in range(1, 6) for j in range(1, 10)]
    for x, y in points:
        click_phone_point(ins, x, y)
        selected = ins.view.selected_node()
        assert selected is not None
        screen_view = ins.view.screen_view
        truth = sim_node_at(windows, *screen_view.to_phone(screen_view.to_widget(x, y)))
        assert same(selected, truth), (x, y, selected, truth.resource_id, truth.text)
        # The tree follows: its current row is the same node.
        current = ins.view.tree.currentIndex()
        assert current.internalId() == selected.order


def test_hovering_either_side_highlights_the_node_on_the_other(inspecting: Inspecting) -> None:
    ins = inspecting
    view = ins.view
    tab = sim_node(ins.sim_windows(), rid("tab_account"))
    view.show()
    ins.qtbot.waitExposed(view)
    ins.qtbot.mouseMove(view.screen_view, view.screen_view.to_widget(*tab.center()))
    ins.qtbot.waitUntil(lambda: view.tree_model.hovered >= 0, timeout=2_000)
    hovered = view.tree_model.index_of(view.tree_model.hovered)
    assert hovered.data(Qt.ItemDataRole.BackgroundRole) is not None
    screen = view.current_screen
    assert screen is not None
    assert same(
        screen.nodes[view.tree_model.hovered], sim_node_at(ins.sim_windows(), *tab.center())
    )
    # And the other way: the mouse over a tree row outlines that node on the screenshot.
    title = next(n for n in screen.nodes.values() if n.resource_id == rid("title_bar"))
    view.tree.entered.emit(view.tree_model.index_of(title.order))
    assert view.screen_view.hovered == title.order


@pytest.mark.parametrize("where", ["home", "creator", "simchannels"])
def test_every_candidate_counts_what_uiautomator2_counts(
    inspecting: Inspecting, where: str
) -> None:
    ins = inspecting
    go_to(ins, where)
    for _attempt in range(2):
        ins.read_screen()
        screen = ins.view.current_screen
        assert screen is not None
        shown_clock = [n.text for n in screen.root.walk() if n.resource_id == CLOCK]
        mismatches, checked = compare_every_candidate(ins, only_repeated=where == "creator")
        if ins.d(resourceId=CLOCK).get_text() == shown_clock[0]:
            break  # the screen stood still (the status bar's minute did not turn)
    assert mismatches == []
    assert checked >= 5


def compare_every_candidate(ins: Inspecting, only_repeated: bool) -> tuple[list[Any], int]:
    """Each candidate of each node with a text, id or description (``only_repeated``: of
    the first dozen nodes whose id repeats): the mismatches with u2's count, nodes seen."""
    screen = ins.view.current_screen
    assert screen is not None
    mismatches, checked = [], 0
    source = PageSource.parse(ins.d.dump_hierarchy())
    nodes = [n for n in screen.root.walk()[1:] if n.text or n.resource_id or n.description]
    if only_repeated:  # u2 answers ~10 counts a second: keep the test short
        ids = [n.resource_id for n in nodes]
        nodes = [n for n in nodes if n.resource_id and ids.count(n.resource_id) > 1][:8]
    for node in nodes:
        ins.view.select_node(node.order)
        rows = candidates_of(ins)
        kinds = [row.kind for row in rows]
        assert "class_index" in kinds
        assert "xpath" in kinds
        for row in rows:
            assert row.count == 1, row  # each candidate picks exactly this node
            if row.count != u2_count(ins.d, row.selector, source):
                mismatches.append((node, row))
        checked += 1
    return mismatches, checked


def test_a_unique_resource_id_ranks_first(inspecting: Inspecting) -> None:
    ins = inspecting
    tab = sim_node(ins.sim_windows(), rid("tab_account"))
    click_phone_point(ins, *tab.center())
    rows = candidates_of(ins)
    assert rows[0].kind == "resource_id"
    assert rows[0].flow_step == f'- tapOn: {{id: "{rid("tab_account")}"}}'
    assert rows[0].profile_entry == 'tab_account: {id: "tab_account"}'
    assert [row.robustness for row in rows] == sorted(row.robustness for row in rows)


def test_the_copied_step_taps_that_node(inspecting: Inspecting, make_driver: Any) -> None:
    ins = inspecting
    tab = sim_node(ins.sim_windows(), rid("tab_account"))
    click_phone_point(ins, *tab.center())
    candidates_of(ins)
    ins.view.table.selectRow(0)
    ins.view.copy_step_button.click()
    step = QGuiApplication.clipboard().text()
    assert step.startswith("- tapOn:")
    text = f"name: test.copied\ndescription: the copied step\nsteps:\n  {step}\n"
    catalog = load_catalog()
    flow, compiled = load_flow_text(text, Path("copied.yaml"), catalog.profiles)
    driver: DeviceDriver = make_driver(ins.phone)
    before = len(ins.taps())
    ctx = DryRunContext(flow, flow.validate_params({}), driver, catalog, StopSignal(), _ignore)
    run_declarative(compiled, ctx)
    assert inside(ins.taps()[before], tab)
    assert ins.d(resourceId=rid("account_id")).wait(timeout=5)


def test_a_tested_selector_highlights_every_match(inspecting: Inspecting) -> None:
    ins = inspecting
    queries = ("{class: android.widget.TextView}", "//android.widget.TextView", "{text: 无此文字}")
    result = ins.view.test_result
    for query in queries:
        ins.view.test_input.setText(query)
        ins.view.test_button.click()
        ins.qtbot.waitUntil(lambda: result.text() != "", timeout=CANDIDATES_TIMEOUT_MS)
        assert len(ins.view.screen_view.matched) == u2_count(ins.d, query)
        ins.view.test_result.setText("")
    assert ins.view.screen_view.matched == []
    ins.view.test_input.setText("{colour: red}")
    ins.view.test_button.click()
    ins.qtbot.waitUntil(lambda: "colour" in result.text(), timeout=CANDIDATES_TIMEOUT_MS)


def test_inspecting_never_touches_the_phone(inspecting: Inspecting) -> None:
    ins = inspecting
    before = ins.taps()
    tab = sim_node(ins.sim_windows(), rid("tab_account"))
    click_phone_point(ins, *tab.center())
    candidates_of(ins)
    ins.read_screen()
    assert ins.taps() == before
    assert ins.d.app_current()["package"] == PACKAGE
    assert not ins.d(resourceId=rid("account_id")).exists


def test_record_mode_writes_the_taps_as_steps(inspecting: Inspecting) -> None:
    ins = inspecting
    tab = sim_node(ins.sim_windows(), rid("tab_account"))
    ins.view.record_button.setChecked(True)
    click_phone_point(ins, *tab.center())  # recording: the click taps the phone
    editor = ins.view.editor
    ins.qtbot.waitUntil(lambda: "tapOn" in editor.text(), timeout=CANDIDATES_TIMEOUT_MS)
    assert f'- tapOn: {{id: "{rid("tab_account")}"}}' in editor.text()
    assert ins.d(resourceId=rid("account_id")).wait(timeout=5)
    ins.view.back_button.click()
    ins.qtbot.waitUntil(lambda: "- back: {}" in editor.text(), timeout=CANDIDATES_TIMEOUT_MS)
    ins.qtbot.waitUntil(lambda: "2 step" in editor.problem.text(), timeout=CANDIDATES_TIMEOUT_MS)
    # The recorded flow runs: from the home screen it taps the tab and comes back.
    ins.d.app_start(PACKAGE, stop=True)
    before = len(ins.taps())
    editor.run_button.click()
    ins.qtbot.waitUntil(lambda: not editor.stop_button.isEnabled(), timeout=DRY_RUN_TIMEOUT_MS)
    assert "succeeded" in editor.output.toPlainText()
    assert len(ins.taps()) == before + 1
    assert inside(ins.taps()[before], tab)


def test_record_mode_writes_typed_text_as_a_step(inspecting: Inspecting) -> None:
    ins = inspecting

    class Answer(Prompts):
        def ask_text(self, parent: Any, title: str, label: str, current: str) -> str | None:
            return "c011"

    ins.view.prompts = Answer()
    editor = ins.view.editor
    ins.view.record_button.setChecked(True)
    ins.view.select_node(next(n.order for n in ins.view.current_screen.nodes.values()
                              if n.resource_id == rid("search_box")))  # fmt: skip
    ins.view.type_button.click()
    ins.qtbot.waitUntil(lambda: "inputText" in editor.text(), timeout=CANDIDATES_TIMEOUT_MS)
    assert f'- inputText: {{into: {{id: "{rid("search_box")}"}}, text: "c011"}}' in editor.text()
    assert ins.d(resourceId=rid("search_box")).get_text() == "c011"
    button = sim_node(ins.sim_windows(), rid("search_button"))
    ins.qtbot.waitUntil(lambda: ins.view.current_screen is not None, timeout=SCREEN_WAIT_MS)
    click_phone_point(ins, *button.center())
    ins.qtbot.waitUntil(lambda: editor.text().count("- ") == 2, timeout=CANDIDATES_TIMEOUT_MS)
    assert ins.d(resourceId=rid("creator_id")).get_text() == "c011"


def test_a_dry_run_goes_step_by_step_and_stops(inspecting: Inspecting) -> None:
    ins = inspecting
    editor = ins.view.editor
    tab = rid("tab_account")
    editor.set_text(
        "name: test.steps\n"
        "description: two taps\n"
        "app: simvideo\n"
        "steps:\n"
        f'  - tapOn: {{id: "{tab}"}}\n'
        "  - back: {}\n"
        '  - tapOn: "@account_tab"\n'
    )
    ins.qtbot.waitUntil(editor.run_button.isEnabled, timeout=CANDIDATES_TIMEOUT_MS)
    editor.step_mode.setChecked(True)
    before = len(ins.taps())
    editor.run_button.click()
    ins.qtbot.waitUntil(editor.next_button.isEnabled, timeout=DRY_RUN_TIMEOUT_MS)
    assert "Line 5" in editor.output.toPlainText()
    assert len(ins.taps()) == before  # waiting before the first step
    editor.next_button.click()
    ins.qtbot.waitUntil(lambda: "Line 6" in editor.output.toPlainText(), timeout=DRY_RUN_TIMEOUT_MS)
    assert len(ins.taps()) == before + 1
    editor.stop_button.click()
    ins.qtbot.waitUntil(lambda: not editor.stop_button.isEnabled(), timeout=DRY_RUN_TIMEOUT_MS)
    assert "stopped" in editor.output.toPlainText()
    assert "Line 7" not in editor.output.toPlainText()
    assert len(ins.taps()) == before + 1


def test_a_dry_run_shows_the_items_it_collects(
    inspecting: Inspecting, sim_catalog: Catalog
) -> None:
    ins = inspecting
    editor = ins.view.editor
    editor.set_text((FLOWS / "simvideo.titles.yaml").read_text(encoding="utf-8"))
    ins.qtbot.waitUntil(editor.run_button.isEnabled, timeout=CANDIDATES_TIMEOUT_MS)
    editor.params.setText("{creator: c002, count: 3}")
    editor.run_button.click()
    ins.qtbot.waitUntil(lambda: not editor.stop_button.isEnabled(), timeout=DRY_RUN_TIMEOUT_MS)
    output = editor.output.toPlainText()
    assert "succeeded" in output, output
    creator = sim_catalog.creator("c002")
    assert creator is not None
    items = [
        json.loads(line.removeprefix("Item: "))
        for line in output.splitlines()
        if line.startswith("Item: ")
    ]
    assert [item["title"] for item in items] == [video.title for video in creator.videos[:3]]
    # The shown screen is where the flow left the phone: the creator's list.
    ins.qtbot.waitUntil(
        lambda: any(
            n.resource_id == rid("video_list") for n in ins.view.current_screen.nodes.values()
        ),
        timeout=SCREEN_WAIT_MS,
    )


def test_a_dry_run_with_bad_parameters_does_not_start(inspecting: Inspecting) -> None:
    ins = inspecting
    editor = ins.view.editor
    editor.set_text((FLOWS / "simvideo.titles.yaml").read_text(encoding="utf-8"))
    ins.qtbot.waitUntil(editor.run_button.isEnabled, timeout=CANDIDATES_TIMEOUT_MS)
    before = ins.taps()
    editor.params.setText("{count: 3}")  # the creator is required
    editor.run_button.click()
    ins.qtbot.waitUntil(lambda: not editor.stop_button.isEnabled(), timeout=DRY_RUN_TIMEOUT_MS)
    assert "creator" in editor.output.toPlainText()
    assert ins.taps() == before


def test_the_editor_names_file_line_and_field_as_you_type(inspecting: Inspecting) -> None:
    ins = inspecting
    editor = ins.view.editor
    editor.set_text("name: test.bad\ndescription: bad\nsteps:\n  - tapOn: {colour: red}\n")
    ins.qtbot.waitUntil(lambda: "flow.yaml:4" in editor.problem.text(), timeout=2_000)
    assert "steps[0].tapOn" in editor.problem.text()
    assert not editor.run_button.isEnabled()
    editor.set_text('name: test.bad\ndescription: bad\napp: simvideo\nsteps:\n  - tapOn: "@nope"\n')
    ins.qtbot.waitUntil(lambda: "flow.yaml:5" in editor.problem.text(), timeout=2_000)
    assert "nope" in editor.problem.text()


def test_touching_a_busy_phone_is_confirmed_first(inspecting: Inspecting) -> None:
    ins = inspecting
    asked: list[str] = []

    class Refuse(Prompts):
        def confirm(self, parent: Any, title: str, text: str) -> bool:
            asked.append(text)
            return False

    ins.view.prompts = Refuse()
    ins.controller.busy = lambda adb_serial: adb_serial == ins.phone.adb_serial
    before = ins.taps()
    tab = sim_node(ins.sim_windows(), rid("tab_account"))
    click_phone_point(ins, *tab.center())
    ins.view.tap_button.click()
    ins.view.back_button.click()
    assert len(asked) == 2
    assert ins.phone.adb_serial in asked[0]
    ins.read_screen()  # any tap would have been done before this read
    assert ins.taps() == before


def _ignore(_kind: str, _value: Any) -> None:
    return None
