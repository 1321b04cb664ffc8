"""Dry run of a flow being edited: its steps on one phone, step by step if asked, with
nothing written to the pool (items and logs go to the editor, not to records).

``DryRunWorker`` lives on its own QThread: a run blocks that thread, while stop and
"next step" arrive from the GUI thread through thread-safe events, never queued slots.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, Signal, Slot

from workers.device.driver import DeviceDriver
from workers.device.errors import DeviceError
from workers.flows.declarative.loader import load_flow_text
from workers.flows.declarative.runner import run_declarative
from workers.flows.sdk import FatalFailure, FlowFailure, FlowItem, InvalidParams
from workers.flows.yaml_source import Reason, YamlError, reason
from workers.stop import StopReason, StopRequested, StopSignal

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from workers.flows.catalog import FlowCatalog
    from workers.flows.declarative.steps import Step
    from workers.flows.profiles import AppProfile
    from workers.flows.sdk import Flow, FlowParams

log = logging.getLogger(__name__)

MAX_DEPTH = 8  # runFlow nesting in a dry run
STEP_POLL_SECONDS = 0.1


class DryRunContext:
    """The FlowContext of a dry run: the real phone, no pool, no evidence store."""

    def __init__(
        self,
        flow: Flow,
        params: FlowParams,
        device: DeviceDriver,
        catalog: FlowCatalog | None,
        stop: StopSignal,
        report: Callable[[str, Any], None],
        depth: int = 0,
    ) -> None:
        self.flow, self._params, self._device = flow, params, device
        self.catalog, self.stop, self.report, self.depth = catalog, stop, report, depth

    @property
    def params(self) -> FlowParams:
        return self._params

    @property
    def device(self) -> DeviceDriver:
        return self._device

    def step(self, name: str) -> None:
        self.check_stop()
        self.report("step", name)

    def should_stop(self) -> bool:
        return self.stop.should_stop()

    def check_stop(self) -> None:
        if self.stop.should_stop():
            raise StopRequested(str(self.stop.reason))

    def emit(self, item: FlowItem | Mapping[str, Any]) -> None:
        self.check_stop()
        payload = item.model_dump(mode="json") if isinstance(item, FlowItem) else dict(item)
        if self.flow.item is not None:  # a real run would refuse it: say so now
            try:
                payload = self.flow.item.model_validate(payload).model_dump(mode="json")
            except ValidationError as exc:
                reason = exc.errors()[0]["msg"]
                raise FatalFailure(f"bad output item: {reason}", code="flow_bug") from None
        self.report("item", payload)

    def log(self, message: str) -> None:
        self.report("log", message)

    def run_flow(self, name: str, params: Mapping[str, Any]) -> None:
        if self.catalog is None or self.depth >= MAX_DEPTH:
            raise FatalFailure(f"runFlow {name}: not available here", code="flow_loop")
        flow = self.catalog.flow(name)
        try:
            validated = flow.validate_params(params)
        except InvalidParams as exc:
            raise FatalFailure(str(exc), code="bad_params") from None
        child = DryRunContext(
            flow, validated, self._device, self.catalog, self.stop, self.report, self.depth + 1
        )
        flow.run(child)

    def app_profile(self, name: str) -> AppProfile:
        profile = self.catalog.profile(name) if self.catalog else None
        if profile is None:
            raise FatalFailure(f"no app profile {name!r}", code="no_profile")
        return profile

    def bind_account(self, app: str, uid: str, name: str) -> None:
        self.report("log", f"would bind account {app}:{uid} ({name})")

    def save_artifact(self, kind: str, data: bytes) -> str:
        self.report("log", f"would keep a {kind} of {len(data)} bytes")
        return ""

    def read_items(self, batch: int) -> Iterator[Mapping[str, Any]]:
        return iter(())

    def seen(self, monitor: str, keys: Sequence[str]) -> dict[str, str]:
        return {}

    def emit_new(
        self,
        item: FlowItem | Mapping[str, Any],
        *,
        monitor: str,
        value: str = "",
        label: str | None = None,
        only_new: bool = True,
    ) -> bool:
        self.emit(item)
        return True

    def remember(self, monitor: str, entries: Sequence[tuple[str, str, str | None]]) -> int:
        return 0


class DryRunWorker(QObject):
    """Runs one flow text on one phone; one run at a time.

    Signals:
        step_reached(line, name): the step on ``line`` of the text is next.
        waiting(bool): step mode waits for ``next_step()`` (True) or goes on (False).
        item_emitted(dict): the flow emitted an output item (not stored).
        logged(str): a log line of the flow.
        finished(outcome, code, message, problem): ``succeeded``, ``stopped``, ``failed``
            or ``invalid``; ``code`` is the failure's code, ``message`` its English text
            (for the log); ``problem`` says why a text was invalid as (where, (code,
            values)) of yaml_source.REASONS for the console to word, else None.
    """

    step_reached = Signal(int, str)
    waiting = Signal(bool)
    item_emitted = Signal(dict)
    logged = Signal(str)
    finished = Signal(str, str, str, object)

    def __init__(self, client: Any, catalog: FlowCatalog | None) -> None:
        super().__init__()
        self._client, self._catalog = client, catalog
        self._stop = StopSignal()
        self._advance = threading.Event()
        self._step_mode = False

    # Called from the GUI thread while run() blocks this worker's thread.
    def request_stop(self) -> None:
        """Stop the run at the next step or phone call."""
        self._stop.request(StopReason.OPERATOR, by="inspector")
        self._advance.set()

    def next_step(self) -> None:
        """In step mode, let the next step run."""
        self._advance.set()

    def set_step_mode(self, on: bool) -> None:
        """Wait before every step (True) or run straight on (False)."""
        self._step_mode = on
        if not on:
            self._advance.set()

    @Slot(str, str, str, dict, bool)
    def run(self, text: str, source: str, adb_serial: str, raw: dict, step_mode: bool) -> None:  # type: ignore[type-arg]
        """Validate the text, then run it on the phone (blocks until done or stopped)."""
        self._stop = StopSignal()
        self._advance.clear()
        self._step_mode = step_mode
        profiles = self._catalog.profiles if self._catalog else None
        try:
            from workers.flows.profiles import ProfileSet

            flow, compiled = load_flow_text(text, Path(source), profiles or ProfileSet())
            params = flow.validate_params(raw)
        except YamlError as exc:
            self.finished.emit("invalid", "", str(exc), (exc.where, exc.said.said()))
            return
        except InvalidParams as exc:
            self.finished.emit("invalid", "", str(exc), ("", invalid_params(exc).said()))
            return
        driver = DeviceDriver(adb_serial, self._client, should_stop=self._stop.should_stop)
        ctx = DryRunContext(flow, params, driver, self._catalog, self._stop, self._report)
        try:
            run_declarative(compiled, ctx, self._before_step)
        except StopRequested:
            self.finished.emit("stopped", "", "", None)
        except FlowFailure as exc:
            self.finished.emit("failed", exc.code or "", str(exc), None)
        except DeviceError as exc:
            self.finished.emit("failed", exc.code.value, str(exc), None)
        else:
            self.finished.emit("succeeded", "", "", None)
        finally:
            driver.close()

    def _before_step(self, step: Step) -> None:
        self.step_reached.emit(step.line, step.name)
        if not self._step_mode:
            return
        self.waiting.emit(True)
        while not self._advance.wait(STEP_POLL_SECONDS):
            if self._stop.should_stop():
                break
        self._advance.clear()
        self.waiting.emit(False)

    def _report(self, kind: str, value: Any) -> None:
        if kind == "item":
            self.item_emitted.emit(value)
        elif kind == "log":
            self.logged.emit(str(value))


def invalid_params(exc: InvalidParams) -> Reason:
    """Parameters a flow refused, as a Reason the console can word."""
    problem = Reason(f"schema.{exc.kind}" if exc.kind else "", exc.context, exc.reason)
    return reason("bad_param", flow=exc.flow, field=repr(exc.field), reason=problem)
