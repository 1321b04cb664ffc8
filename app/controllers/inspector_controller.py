"""The selector inspector's controller: owns the inspector and dry-run workers and their
threads, turns the view's intents into worker calls and the workers' results into what
the view shows (the UI never touches a phone)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, Signal, Slot

from ui.file_problems import located_problem, problem_text
from ui.flow_words import step_text
from ui.inspector.inspector_words import device_error
from ui.inspector.screen_data import CandidateRow, Robustness, Screen, ScreenNode
from ui.records.error_codes import describe_code
from workers.dry_run import DryRunWorker
from workers.flows.declarative.loader import load_flow_text
from workers.flows.profiles import ProfileSet
from workers.flows.selector_candidates import flow_step, profile_entry, spec_fields
from workers.flows.yaml_source import YamlError, parse_yaml, reason
from workers.inspector_worker import InspectorWorker

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import QImage

    from ui.inspector.inspector_view import InspectorView
    from workers.device.hierarchy import Node
    from workers.flows.catalog import FlowCatalog
    from workers.flows.selector_candidates import Candidate

log = logging.getLogger(__name__)

THREAD_STOP_WAIT_MS = 10_000
EDITED_FLOW = "flow.yaml"  # how the editor's text is named in its errors until saved


class InspectorController(QObject):
    """Connects an InspectorView to its workers.

    ``busy(adb_serial)`` says whether a pool task runs on the phone now: a tap or a dry
    run there is confirmed first, since it would disturb that task.
    """

    _open_requested = Signal(str)
    _read_requested = Signal()
    _candidates_requested = Signal(int)
    _test_requested = Signal(str)
    _tap_requested = Signal(int)
    _type_requested = Signal(int, str)
    _back_requested = Signal()
    _dry_run_requested = Signal(str, str, str, dict, bool)

    def __init__(
        self,
        view: InspectorView,
        client: Any,
        catalog: FlowCatalog | None = None,
        busy: Callable[[str], bool] | None = None,
    ) -> None:
        super().__init__()
        self.view, self.catalog = view, catalog
        self.profiles = catalog.profiles if catalog is not None else ProfileSet()
        self.busy = busy or (lambda _adb_serial: False)
        self.source = EDITED_FLOW
        self._phones: dict[str, str] = {}  # adb serial -> label
        self._record = False
        self.worker = InspectorWorker(client)
        self.screen_thread = _thread("inspector", self.worker)
        self.dry_run = DryRunWorker(client, catalog)
        self.dry_thread = _thread("dry-run", self.dry_run)
        self._wire_worker()
        self._wire_view()

    def start(self) -> None:
        """Start both worker threads."""
        self.screen_thread.start()
        self.dry_thread.start()

    def shutdown(self) -> None:
        """Stop a dry run, let go of the phone, end both threads."""
        self.dry_run.request_stop()
        if self.screen_thread.isRunning():  # let go of the phone in its own thread, now
            QMetaObject.invokeMethod(
                self.worker, "close", Qt.ConnectionType.BlockingQueuedConnection
            )
        for thread in (self.dry_thread, self.screen_thread):
            thread.quit()
            thread.wait(THREAD_STOP_WAIT_MS)

    # ------------------------------------------------------------------ wiring
    def _wire_worker(self) -> None:
        worker, dry = self.worker, self.dry_run
        self._open_requested.connect(worker.open_phone)
        self._read_requested.connect(worker.read_screen)
        self._candidates_requested.connect(worker.find_candidates)
        self._test_requested.connect(worker.test_selector)
        self._tap_requested.connect(worker.tap_node)
        self._type_requested.connect(worker.type_text)
        self._back_requested.connect(worker.press_back)
        worker.screen_read.connect(self._on_worker_screen_read)
        worker.screen_failed.connect(self._on_worker_screen_failed)
        worker.candidates_found.connect(self._on_worker_candidates_found)
        worker.selector_tested.connect(self._on_worker_selector_tested)
        worker.tapped.connect(self._on_worker_tapped)
        self._dry_run_requested.connect(dry.run)
        dry.step_reached.connect(self._on_dry_run_step_reached)
        dry.waiting.connect(self.view.editor.set_waiting)
        dry.item_emitted.connect(self._on_dry_run_item_emitted)
        dry.logged.connect(self.view.editor.append_output)
        dry.finished.connect(self._on_dry_run_finished)

    def _wire_view(self) -> None:
        view, editor = self.view, self.view.editor
        view.phone_chosen.connect(self._on_view_phone_chosen)
        view.refresh_requested.connect(self._read_requested)
        view.node_selected.connect(self._candidates_requested)
        view.selector_test_requested.connect(self._test_requested)
        view.tap_requested.connect(self._on_view_tap_requested)
        view.type_requested.connect(self._on_view_type_requested)
        view.back_requested.connect(self._on_view_back_requested)
        editor.text_changed.connect(self.validate)
        editor.dry_run_requested.connect(self._on_editor_dry_run_requested)
        # The dry-run thread is busy running: these must not queue behind the run.
        # They only set thread-safe events, so a direct call from the GUI thread is safe.
        direct = Qt.ConnectionType.DirectConnection
        editor.stop_requested.connect(self.dry_run.request_stop, direct)
        editor.next_step_requested.connect(self.dry_run.next_step, direct)
        editor.step_mode_changed.connect(self.dry_run.set_step_mode, direct)
        editor.save_requested.connect(self._on_editor_save_requested)

    # ------------------------------------------------------------------ phones
    @Slot(str, str, str, str)
    def on_phone_changed(self, label: str, serial: str, state: str, model: str) -> None:
        """The host agent's news of a phone (label is its adb serial)."""
        if state == "device":  # named as on the grid's tiles: serial, then model
            self._phones[label] = " · ".join(part for part in (serial, model) if part) or label
        elif state != "error":
            self._phones.pop(label, None)
        self.view.set_phones(sorted(self._phones.items(), key=lambda item: item[1]))

    # ------------------------------------------------------------------ validation
    @Slot(str)
    def validate(self, text: str) -> None:
        """Validate the editor's flow with the loader the console runs flows with."""
        if not text.strip():
            self.view.editor.show_validation(False, "", 0)
            return
        try:
            _flow, compiled = load_flow_text(text, Path(self.source), self.profiles)
        except YamlError as exc:
            message = located_problem(exc.where, exc.said.said())
            self.view.editor.show_validation(False, message, exc.line)
            return
        message = self.tr("Valid flow {name}: %n step(s).", "", len(compiled.steps))
        self.view.editor.show_validation(True, message.format(name=compiled.name), 0)

    # ------------------------------------------------------------------ view intents
    @Slot(str)
    def _on_view_phone_chosen(self, adb_serial: str) -> None:
        self.view.show_status(self.tr("Reading the screen of {phone}…").format(phone=adb_serial))
        self._open_requested.emit(adb_serial)

    @Slot(int, bool)
    def _on_view_tap_requested(self, order: int, record: bool) -> None:
        if not self._may_touch():
            return
        self._record = record
        self._tap_requested.emit(order)

    @Slot(int, str, bool)
    def _on_view_type_requested(self, order: int, text: str, record: bool) -> None:
        if not self._may_touch():
            return
        self._record = record
        self._type_requested.emit(order, text)

    @Slot(bool)
    def _on_view_back_requested(self, record: bool) -> None:
        if not self._may_touch():
            return
        self._record = record
        self._back_requested.emit()

    def _may_touch(self) -> bool:
        adb_serial = self.view.current_phone()
        if not adb_serial:
            return False
        if not self.busy(adb_serial):
            return True
        return self.view.prompts.confirm(
            self.view,
            self.tr("Phone busy"),
            self.tr("{phone} is running a task. Touch it anyway?").format(phone=adb_serial),
        )

    @Slot(str, str, bool)
    def _on_editor_dry_run_requested(self, text: str, params_text: str, step_mode: bool) -> None:
        editor = self.view.editor
        adb_serial = self.view.current_phone()
        if not adb_serial:
            editor.show_finished("invalid", "", self.tr("Choose a phone first."))
            return
        try:
            params = _params(params_text)
        except YamlError as exc:
            editor.show_finished("invalid", "", located_problem(exc.where, exc.said.said()))
            return
        if not self._may_touch():
            editor.set_running(False)
            return
        self._dry_run_requested.emit(text, self.source, adb_serial, params, step_mode)

    @Slot(str, str)
    def _on_editor_save_requested(self, path: str, text: str) -> None:
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as exc:
            self.view.show_status(self.tr("Not saved: {reason}").format(reason=exc.strerror))
            return
        self.source = path
        self.view.show_status(self.tr("Saved to {path}").format(path=path))
        self.validate(text)

    # ------------------------------------------------------------------ worker results
    @Slot(str, object, object)
    def _on_worker_screen_read(self, adb_serial: str, image: QImage, root: Node) -> None:
        if adb_serial != self.view.current_phone():
            return  # an answer for a phone no longer chosen
        self.view.show_screen(Screen.of(adb_serial, image, screen_node(root)))
        self.view.show_status(
            self.tr("{phone}: %n node(s) on screen.", "", sum(1 for _ in root.iter()) - 1).format(
                phone=adb_serial
            )
        )

    @Slot(str, str, str)
    def _on_worker_screen_failed(self, adb_serial: str, code: str, detail: str) -> None:
        log.info("inspector: %s: %s", adb_serial, detail)
        self.view.show_status(
            self.tr("Could not read {phone}: {reason}").format(
                phone=adb_serial, reason=device_error(code)
            )
        )

    @Slot(int, list)
    def _on_worker_candidates_found(self, order: int, found: list[Candidate]) -> None:
        package = self._package_of(order)
        self.view.show_candidates(order, [candidate_row(c, package) for c in found])

    @Slot(str, str)
    def _on_worker_tapped(self, adb_serial: str, step: str) -> None:
        if self._record and step:
            self.view.editor.append_step(step)
        self.view.show_status(
            self.tr("Done on {phone}: {step}").format(phone=adb_serial, step=step)
        )

    @Slot(int, str)
    def _on_dry_run_step_reached(self, line: int, name: str) -> None:
        self.view.editor.show_running_line(line)
        self.view.editor.append_output(
            self.tr("Line {line}: {step}").format(line=line, step=step_text(name))
        )

    @Slot(dict)
    def _on_dry_run_item_emitted(self, item: dict[str, Any]) -> None:
        self.view.editor.append_output(
            self.tr("Item: {item}").format(item=json.dumps(item, ensure_ascii=False))
        )

    @Slot(str, list, object)
    def _on_worker_selector_tested(self, query: str, orders: list[int], problem: Any) -> None:
        self.view.show_matches(query, orders, problem_text(problem) if problem else "")

    @Slot(str, str, str, object)
    def _on_dry_run_finished(self, result: str, code: str, message: str, problem: Any) -> None:
        if message:
            log.info("dry run %s: %s", result, message)
        if problem is not None:  # the text or its parameters: say what and where
            where, said = problem
            shown = located_problem(where, said)
        else:  # a failure's message is the flow's English: its code says it to an operator
            shown = describe_code(code)
        self.view.editor.show_finished(result, code, shown)
        if self.view.current_phone():
            self._read_requested.emit()  # show where the flow left the phone

    def _package_of(self, order: int) -> str | None:
        screen = self.view.current_screen
        node = screen.nodes.get(order) if screen else None
        return node.package if node else None


def _thread(name: str, worker: QObject) -> QThread:
    thread = QThread()
    thread.setObjectName(name)
    worker.moveToThread(thread)
    return thread


def _params(text: str) -> dict[str, Any]:
    """The dry run's parameters: a YAML mapping typed by the operator (empty: none)."""
    if not text.strip():
        return {}
    path = Path("parameters")
    data = parse_yaml(text, path).data
    if not isinstance(data, dict):
        raise YamlError(path, 0, "", reason("params_not_mapping"))
    return {str(key): value for key, value in data.items()}


def screen_node(node: Node) -> ScreenNode:
    """The view's copy of a hierarchy node and everything below it."""
    bounds = node.bounds
    return ScreenNode(
        order=node.order,
        class_name=node.class_name,
        text=node.text,
        resource_id=node.resource_id,
        description=node.description,
        package=node.package,
        bounds=(bounds.left, bounds.top, bounds.right, bounds.bottom),
        clickable=node.clickable,
        scrollable=node.scrollable,
        enabled=node.enabled,
        selected=node.selected,
        focused=node.focused,
        children=tuple(screen_node(child) for child in node.children),
    )


def candidate_row(candidate: Candidate, package: str | None) -> CandidateRow:
    """How the view lists one candidate."""
    spec = candidate.spec
    shown = spec.xpath or json.dumps(spec_fields(spec), ensure_ascii=False)
    return CandidateRow(
        kind=candidate.kind.value,
        selector=shown,
        count=candidate.count,
        total=candidate.total,
        robustness=_robustness(candidate.score),
        flow_step=flow_step(spec),
        profile_entry=profile_entry(candidate.name, spec, package),
    )


def _robustness(score: int) -> Robustness:
    if score < 10:
        return Robustness.BEST
    if score < 30:
        return Robustness.GOOD
    if score < 60:
        return Robustness.FAIR
    return Robustness.FRAGILE
