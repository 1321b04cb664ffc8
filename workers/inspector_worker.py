"""The selector inspector's phone side: screenshots, hierarchy, selector matching and the
operator's explicit taps, off the GUI thread.

One phone at a time. Reading a screen is one screenshot plus one hierarchy dump; every
selector count is then made on this PC against that dump (the device layer matches
as uiautomator2 does), so testing selectors costs the phone nothing. Nothing here
touches the phone except ``tap``, which the operator asks for by pressing a button.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QImage

from workers.device.driver import DeviceDriver
from workers.device.errors import DeviceError
from workers.flows.selector_candidates import candidates, flow_step, input_step
from workers.flows.selectors import SelectorSpec
from workers.flows.yaml_source import Reason, YamlError, parse_yaml, reason, schema_reason

if TYPE_CHECKING:
    from workers.device.hierarchy import Node

log = logging.getLogger(__name__)

SETTLE_SECONDS = 0.4  # after a tap, before the screen is read again


class InspectorWorker(QObject):
    """Reads one phone's screen and matches selectors against it.

    Signals:
        screen_read(adb_serial, image, root): a screenshot (QImage) and the hierarchy
            (workers.device.hierarchy.Node, immutable) taken together.
        screen_failed(adb_serial, code, detail): the screen could not be read
            (``code`` is a workers.device.errors.ErrorCode value).
        candidates_found(order, candidates): the ranked candidates for node ``order``
            of the last screen (list of selector_candidates.Candidate).
        selector_tested(query, orders, problem): the nodes of the last screen that a typed
            selector matches (screen orders); ``problem`` is None, or why it is not
            valid as a (code, values) pair of yaml_source.REASONS for the UI to word.
        tapped(adb_serial, step): a tap or key press the operator asked for reached the
            phone; ``step`` is the YAML flow step that does the same.
    """

    screen_read = Signal(str, QImage, object)
    screen_failed = Signal(str, str, str)
    candidates_found = Signal(int, list)
    selector_tested = Signal(str, list, object)
    tapped = Signal(str, str)

    def __init__(self, client: Any) -> None:
        super().__init__()
        self._client = client
        self._driver: DeviceDriver | None = None
        self._root: Node | None = None

    @Slot(str)
    def open_phone(self, adb_serial: str) -> None:
        """Inspect this phone from now on, and read its screen."""
        if self._driver is None or self._driver.adb_serial != adb_serial:
            self.close()
            self._driver = DeviceDriver(adb_serial, self._client)
        self.read_screen()

    @Slot()
    def read_screen(self) -> None:
        """Take a screenshot and the hierarchy of the open phone."""
        driver = self._driver
        if driver is None:
            return
        try:
            jpeg = driver.screenshot_jpeg(quality=85)
            root = driver.hierarchy()
        except DeviceError as exc:
            self.screen_failed.emit(driver.adb_serial, exc.code.value, str(exc))
            return
        self._root = root
        self.screen_read.emit(driver.adb_serial, QImage.fromData(jpeg), root)

    @Slot(int)
    def find_candidates(self, order: int) -> None:
        """Rank the selectors of node ``order`` of the last screen."""
        node = self._node(order)
        if node is not None:
            self.candidates_found.emit(order, candidates(node))

    @Slot(str)
    def test_selector(self, query: str) -> None:
        """Match a typed selector (YAML mapping, or an xpath) on the last screen."""
        if self._root is None:
            return
        try:
            # A short id is completed with the app in front, as a profile completes it.
            spec = parse_selector(query).with_package(_front_package(self._root))
            found = self._root.find_all(spec.to_selector())
        except SelectorError as exc:
            self.selector_tested.emit(query, [], exc.said.said())
            return
        except DeviceError as exc:
            log.info("inspector: selector %r: %s", query, exc)
            self.selector_tested.emit(query, [], (f"device.{exc.code.value}", {}))
            return
        except ValueError as exc:
            log.info("inspector: selector %r: %s", query, exc)
            self.selector_tested.emit(query, [], ("", {}))
            return
        self.selector_tested.emit(query, [node.order for node in found], None)

    @Slot(int)
    def tap_node(self, order: int) -> None:
        """Tap the middle of node ``order`` of the last screen (the operator asked), then
        read the screen again. ``tapped`` carries the flow step that does the same."""
        driver, node = self._driver, self._node(order)
        if driver is None or node is None:
            return
        ranked = candidates(node)
        step = flow_step(ranked[0].spec) if ranked else ""
        x, y = node.bounds.center
        try:
            driver.tap(x, y)
        except DeviceError as exc:
            self.screen_failed.emit(driver.adb_serial, exc.code.value, str(exc))
            return
        self.tapped.emit(driver.adb_serial, step)
        self._settle_and_read()

    @Slot(int, str)
    def type_text(self, order: int, text: str) -> None:
        """Type into node ``order`` of the last screen (the operator asked), then read the
        screen again. ``tapped`` carries the inputText step that does the same."""
        driver, node = self._driver, self._node(order)
        if driver is None or node is None:
            return
        ranked = candidates(node)
        if not ranked:
            return
        try:
            driver.set_text(ranked[0].spec.to_selector(), text)
        except DeviceError as exc:
            self.screen_failed.emit(driver.adb_serial, exc.code.value, str(exc))
            return
        self.tapped.emit(driver.adb_serial, input_step(ranked[0].spec, text))
        self._settle_and_read()

    @Slot()
    def press_back(self) -> None:
        """Press the Back key (the operator asked), then read the screen again."""
        driver = self._driver
        if driver is None:
            return
        try:
            driver.press("back")
        except DeviceError as exc:
            self.screen_failed.emit(driver.adb_serial, exc.code.value, str(exc))
            return
        self.tapped.emit(driver.adb_serial, "- back: {}")
        self._settle_and_read()

    def _settle_and_read(self) -> None:
        time.sleep(SETTLE_SECONDS)  # let the app draw what the tap opened
        self.read_screen()

    def _node(self, order: int) -> Node | None:
        if self._root is None:
            return None
        return next((n for n in self._root.iter() if n.order == order), None)

    @Slot()
    def close(self) -> None:
        """Let go of the phone (its uiautomator2 server keeps running)."""
        if self._driver is not None:
            self._driver.close()
        self._driver, self._root = None, None


def _front_package(root: Node) -> str | None:
    """The package of the top window (the dump lists windows from the top)."""
    return root.children[0].package if root.children else None


def parse_selector(query: str, source: Path | str = "selector") -> SelectorSpec:
    """A selector typed by the operator: a YAML mapping (``{text: 发现}``), or an xpath
    (anything starting with ``/``, ``(`` or ``@``, as uiautomator2 takes it)."""
    text = query.strip()
    if not text:
        raise SelectorError(reason("selector_empty"))
    if text[0] in "/(@":
        return SelectorSpec(xpath=text)
    try:
        data = parse_yaml(text, Path(str(source))).data
    except YamlError as exc:
        raise SelectorError(exc.said) from None
    if isinstance(data, str):
        return SelectorSpec(text=data)
    if not isinstance(data, dict):
        raise SelectorError(reason("selector_not_mapping"))
    try:
        return SelectorSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        problem = schema_reason(first)
        raise SelectorError(
            reason("field_problem", field=field, reason=problem) if field else problem
        ) from None


class SelectorError(ValueError):
    """A typed selector that is not valid: the English, and the Reason for the console."""

    def __init__(self, said: Reason) -> None:
        super().__init__(said.english)
        self.said = said
