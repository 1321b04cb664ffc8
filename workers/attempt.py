"""Run one claimed attempt of a flow: the flow's context, its failures, its artifacts.

No Qt here: the device worker calls ``run_attempt`` in its own thread, the tests call
it directly. Output items go through an ``AttemptStore`` (the pool); evidence goes to
an ``EvidenceSpool`` (this PC's spool, uploaded in the background), and the outcome
names each artifact with its kind.
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import ValidationError

from db.artifacts.store import ArtifactKind
from db.pool.reasons import reason as reason_text
from db.pool.states import ErrorClass
from workers.flows.sdk import (
    FatalFailure,
    Flow,
    FlowFailure,
    FlowItem,
    FlowParams,
    InvalidParams,
)
from workers.frame_ring import animated_webp
from workers.stop import StopReason, StopRequested, StopSignal

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from db.artifacts.store import ArtifactRef
    from workers.frame_ring import FrameRing

log = logging.getLogger(__name__)

MAX_FLOW_DEPTH = 8  # runFlow nesting; deeper means a loop between flows
EVIDENCE_TIMEOUT = 5.0  # seconds for each of the failure screenshot and hierarchy
SNAPSHOT_FIELDS = (
    "network_connected", "network_transport", "wifi_ssid", "wifi_rssi",
    "foreground_package", "foreground_activity", "battery_level", "battery_temp_c",
)  # fmt: skip


class AttemptStore(Protocol):
    """Where an attempt's results go; the host agent implements it over the pool."""

    def emit_items(self, run_id: int, items: list[tuple[str, dict[str, Any]]]) -> bool:
        """Store output items now; False when the run no longer holds its lease."""
        ...

    def read_items(self, batch_id: int) -> Iterator[dict[str, Any]]:
        """Another batch's output items (payload plus ``run`` and ``key``), oldest first."""
        ...

    def bind_account(self, device_serial: str, app: str, uid: str, name: str) -> None:
        """Record the account logged in on a phone."""

    def seen(self, monitor: str, keys: list[str]) -> dict[str, str]:
        """What the monitor last saw of each key it has seen (issue 13's seen-store)."""
        ...

    def emit_new(
        self, run_id: int, monitor: str, items: list[SeenItem], only_new: bool
    ) -> tuple[bool, int]:
        """Store items the monitor had not seen (all unless only_new), remembering each;
        (the run still holds its lease, items stored)."""
        ...

    def remember(
        self, run_id: int, monitor: str, entries: list[tuple[str, str, str | None]]
    ) -> int:
        """Remember (key, value, label) entries without emitting; how many were new."""
        ...


# An item for the seen-store: (key, payload, value seen, readable label).
SeenItem = tuple[str, dict[str, Any], str, str | None]


class EvidenceSpool(Protocol):
    """Where an attempt's artifacts are kept until uploaded (``db.artifacts.spool.Spool``)."""

    def add(self, kind: ArtifactKind, data: bytes, run_id: int | None) -> ArtifactRef:
        """Keep the bytes now (a local write); return the artifact's ref."""
        ...


class FlowSource(Protocol):
    """Looks flows and app profiles up by name."""

    def flow(self, name: str) -> Flow:
        """The flow called ``name`` (KeyError-like failure when unknown)."""
        ...

    def profile(self, name: str) -> Any:
        """The app profile called ``name``, or None."""
        ...


@dataclass(frozen=True)
class AttemptSpec:
    """What the pool handed this phone: run id (the fencing token) and the work."""

    run_id: int
    batch_id: int
    task_id: int
    flow: str
    params: Mapping[str, Any]
    attempt: int
    max_run_seconds: float | None
    device_serial: str | None


@dataclass
class AttemptOutcome:
    """How an attempt ended, ready for the pool's finish call."""

    succeeded: bool
    error_class: ErrorClass | None = None
    error_code: str | None = None
    message: str | None = None
    step: str | None = None
    stopped_by: str | None = None
    items: int = 0
    artifacts: list[ArtifactRef] = field(default_factory=list)
    duration_s: float = 0.0
    task_only: bool = False  # a device failure whose cause is this task alone
    report: dict[str, Any] | None = None  # the failure report: phone state, breadcrumbs


class AttemptContext:
    """The ``FlowContext`` a flow runs with."""

    def __init__(
        self,
        spec: AttemptSpec,
        flow: Flow,
        params: FlowParams,
        device: Any,
        store: AttemptStore,
        flows: FlowSource,
        stop: StopSignal,
        spool: EvidenceSpool,
        on_step: Callable[[str], None] = lambda step: None,
        parent: AttemptContext | None = None,
    ) -> None:
        self.spec, self.flow, self._params = spec, flow, params
        self._device, self.store, self.flows, self.stop = device, store, flows, stop
        self.spool, self.on_step, self.parent = spool, on_step, parent
        self.depth: int = parent.depth + 1 if parent else 0
        self.current_step = "start"
        # A flow run through runFlow writes to its caller's log, items and artifacts.
        self.lines: list[str] = parent.lines if parent else []
        self.artifacts: list[ArtifactRef] = parent.artifacts if parent else []
        self.items = 0
        # Each line as it is written; a flow run through runFlow tells its caller's.
        self.on_log: Callable[[str], None] | None = parent.on_log if parent else None
        self._started = time.monotonic()

    @property
    def params(self) -> FlowParams:
        return self._params

    @property
    def phone(self) -> Any:
        """The driver, or None for an attempt without a phone."""
        return self._device

    @property
    def device(self) -> Any:
        if self._device is None:
            raise FatalFailure(f"flow {self.flow.name} needs a phone", code="no_device")
        return self._device

    def step(self, name: str) -> None:
        self.check_stop()
        self.current_step = name
        self.log(f"step: {name}")
        self.on_step(name)

    def should_stop(self) -> bool:
        return self.stop.should_stop()

    def check_stop(self) -> None:
        if self.stop.should_stop():
            raise StopRequested(str(self.stop.reason))

    def emit(self, item: FlowItem | Mapping[str, Any]) -> None:
        if self.parent is not None:  # the caller's flow owns the output schema
            self.parent.emit(item)
            return
        self.check_stop()
        payload = self._validated_item(item)
        key = self.flow.item_key(payload)
        if not self.store.emit_items(self.spec.run_id, [(key, payload)]):
            self.stop.request(StopReason.LEASE_LOST, by="pool")
            raise StopRequested(str(StopReason.LEASE_LOST))
        self.items += 1

    def _validated_item(self, item: FlowItem | Mapping[str, Any]) -> dict[str, Any]:
        if self.flow.item is None:
            raise FatalFailure(f"flow {self.flow.name} declares no output items", code="flow_bug")
        try:
            model = (
                item
                if isinstance(item, self.flow.item)
                else self.flow.item.model_validate(
                    item.model_dump() if isinstance(item, FlowItem) else dict(item)
                )
            )
        except ValidationError as exc:
            raise FatalFailure(
                f"bad output item: {exc.errors()[0]['msg']}", code="flow_bug"
            ) from None
        return model.model_dump(mode="json")

    def log(self, message: str) -> None:
        elapsed = time.monotonic() - self._started
        line = f"{elapsed:8.3f}s {message}"
        self.lines.append(line)
        if self.on_log is not None:
            self.on_log(line)

    def run_flow(self, name: str, params: Mapping[str, Any]) -> None:
        if self.depth >= MAX_FLOW_DEPTH:
            raise FatalFailure(f"runFlow nested deeper than {MAX_FLOW_DEPTH}", code="flow_loop")
        flow = self.flows.flow(name)
        try:
            validated = flow.validate_params(params)
        except InvalidParams as exc:
            raise FatalFailure(str(exc), code="bad_params") from None
        child = AttemptContext(
            self.spec,
            flow,
            validated,
            self._device,
            self.store,
            self.flows,
            self.stop,
            self.spool,
            self.on_step,
            parent=self,
        )
        flow.run(child)
        self.current_step = child.current_step

    def app_profile(self, name: str) -> Any:
        profile = self.flows.profile(name)
        if profile is None:
            raise FatalFailure(f"no app profile {name!r}", code="no_profile")
        return profile

    def bind_account(self, app: str, uid: str, name: str) -> None:
        if self.spec.device_serial is None:
            raise FatalFailure("no phone to bind an account to", code="no_device")
        self.store.bind_account(self.spec.device_serial, app, uid, name)

    def save_artifact(self, kind: str, data: bytes) -> str:
        try:
            artifact_kind = ArtifactKind(kind)
        except ValueError:
            kinds = ", ".join(k.value for k in ArtifactKind)
            raise FatalFailure(
                f"artifact kind {kind!r} is not one of {kinds}", code="flow_bug"
            ) from None
        ref = self.spool.add(artifact_kind, data, self.spec.run_id)
        self.artifacts.append(ref)
        return ref.id

    def read_items(self, batch: int) -> Iterator[Mapping[str, Any]]:
        return self.store.read_items(batch)

    def seen(self, monitor: str, keys: Sequence[str]) -> dict[str, str]:
        return self.store.seen(monitor, list(keys))

    def emit_new(
        self,
        item: FlowItem | Mapping[str, Any],
        *,
        monitor: str,
        value: str = "",
        label: str | None = None,
        only_new: bool = True,
    ) -> bool:
        if self.parent is not None:
            return self.parent.emit_new(
                item, monitor=monitor, value=value, label=label, only_new=only_new
            )
        self.check_stop()
        payload = self._validated_item(item)
        key = self.flow.item_key(payload)
        accepted, stored = self.store.emit_new(
            self.spec.run_id, monitor, [(key, payload, value, label)], only_new
        )
        if not accepted:
            self.stop.request(StopReason.LEASE_LOST, by="pool")
            raise StopRequested(str(StopReason.LEASE_LOST))
        self.items += stored
        return stored > 0

    def remember(self, monitor: str, entries: Sequence[tuple[str, str, str | None]]) -> int:
        self.check_stop()
        return self.store.remember(self.spec.run_id, monitor, list(entries))


def run_attempt(
    spec: AttemptSpec,
    flows: FlowSource,
    device: Any,
    store: AttemptStore,
    stop: StopSignal,
    spool: EvidenceSpool,
    on_step: Callable[[str], None] = lambda step: None,
    frames: FrameRing | None = None,
    on_log: Callable[[str], None] | None = None,
) -> AttemptOutcome:
    """Run the attempt to its end and say how it ended; never raises for a flow's failure.

    ``frames``: a frame ring not yet started; it records the phone's screen while the
    flow runs, and a failure keeps its last seconds as a ``frames`` artifact.
    ``on_log``: called with each log line as it is written (the console's live log).
    """
    started = time.monotonic()
    try:
        flow = flows.flow(spec.flow)
        params = flow.validate_params(spec.params)
    except (InvalidParams, KeyError) as exc:
        # Bad input is the task's fault: fatal, so the pool does not retry it.
        message = str(exc.args[0]) if isinstance(exc, KeyError) else str(exc)
        return AttemptOutcome(False, ErrorClass.FATAL, "bad_params", message, "start")
    ctx = AttemptContext(spec, flow, params, device, store, flows, stop, spool, on_step)
    ctx.on_log = on_log
    with _driver_calls_logged(ctx):
        if frames is not None and device is not None:
            frames.start()
        try:
            outcome = _run_flow(flow, ctx, stop)
        finally:
            kept = frames.stop() if frames is not None and device is not None else []
        if not outcome.succeeded and outcome.error_class not in _NO_EVIDENCE:
            outcome.report = _failure_report(ctx)
            _keep_evidence(ctx)
            _keep_frames(ctx, kept)
    _keep_log(ctx, outcome)
    outcome.items = ctx.items
    outcome.artifacts = list(ctx.artifacts)
    outcome.duration_s = time.monotonic() - started
    return outcome


# Stopped on purpose or taken away: the screen shows nothing wrong worth keeping.
_NO_EVIDENCE = {ErrorClass.CANCELLED, ErrorClass.LEASE_EXPIRED}


def _run_flow(flow: Flow, ctx: AttemptContext, stop: StopSignal) -> AttemptOutcome:
    try:
        flow.run(ctx)
    except StopRequested:
        return _stopped(ctx, stop)
    except FlowFailure as failure:
        outcome = _failed(ctx, failure.error_class, failure.code, str(failure))
        outcome.task_only = bool(getattr(failure, "task_only", False))
        return outcome
    except Exception as exc:  # noqa: BLE001  (a driver error or a flow bug ends the attempt)
        error_class = getattr(exc, "error_class", None)
        if isinstance(error_class, ErrorClass):
            return _failed(ctx, error_class, getattr(exc, "code", None), str(exc))
        log.exception("flow %s raised unexpectedly", flow.name)
        ctx.log(f"unexpected {type(exc).__name__}: {exc}")
        return _failed(ctx, ErrorClass.RETRYABLE, "unexpected", f"{type(exc).__name__}: {exc}")
    ctx.log("succeeded")
    return AttemptOutcome(True, step=ctx.current_step)


def _failed(
    ctx: AttemptContext, error_class: ErrorClass, code: str | None, message: str
) -> AttemptOutcome:
    ctx.log(f"failed ({error_class}, {code or '-'}) at {ctx.current_step!r}: {message}")
    return AttemptOutcome(False, error_class, code, message, ctx.current_step)


def _stopped(ctx: AttemptContext, stop: StopSignal) -> AttemptOutcome:
    reason = stop.reason or StopReason.OPERATOR
    if reason is StopReason.TIMEOUT:
        return _failed(ctx, ErrorClass.TIMEOUT, "timeout", reason_text("timed_out"))
    if reason is StopReason.LEASE_LOST:
        return _failed(ctx, ErrorClass.LEASE_EXPIRED, "lease_lost", reason_text("lease_lost"))
    by = stop.by or ("shutdown" if reason is StopReason.SHUTDOWN else "operator")
    outcome = _failed(ctx, ErrorClass.CANCELLED, "stopped", reason_text("stopped_by", by=by))
    outcome.stopped_by = by
    return outcome


@contextlib.contextmanager
def _driver_calls_logged(ctx: AttemptContext) -> Iterator[None]:
    """Every driver call of the attempt goes into its log; the trail starts afresh."""
    device = ctx.phone
    if device is None or not hasattr(device, "breadcrumbs"):
        yield
        return
    device.breadcrumbs.clear()

    def note(crumb: Any) -> None:
        ctx.log(f"call {crumb.call}: {crumb.duration_ms} ms, {crumb.outcome}")

    device.on_call = note
    try:
        yield
    finally:
        device.on_call = None


def _failure_report(ctx: AttemptContext) -> dict[str, Any] | None:
    """The phone's state at the failure and the calls that led to it (None: no phone).

    The trail is taken first, so the report's own calls are not part of it; each probe
    is best effort, bounded by EVIDENCE_TIMEOUT, and says null where it got no answer.
    """
    device = ctx.phone
    if device is None or not hasattr(device, "breadcrumbs"):
        return None
    report: dict[str, Any] = {
        "breadcrumbs": [crumb.to_json() for crumb in list(device.breadcrumbs)],
    }
    with ctx.stop.suspended():
        try:
            state = device.adb_state()
        except Exception as exc:  # noqa: BLE001  (a report is best effort)
            state = f"unknown ({type(exc).__name__})"
        report["adb_state"] = state
        report["reachable"] = state == "device"  # this PC still reached the phone
        try:
            snapshot = (
                device.snapshot(timeout=EVIDENCE_TIMEOUT).to_json() if state == "device" else {}
            )
        except Exception as exc:  # noqa: BLE001
            ctx.log(f"no phone snapshot: {type(exc).__name__}: {exc}")
            snapshot = {}
    report.update({key: snapshot.get(key) for key in SNAPSHOT_FIELDS})
    ctx.log(
        "phone at failure: adb {adb_state}, network {net}, front {front}, battery {battery}".format(
            adb_state=state,
            net={True: "on", False: "off"}.get(report["network_connected"], "unknown"),
            front=report["foreground_package"] or "unknown",
            battery=report["battery_level"] if report["battery_level"] is not None else "?",
        )
    )
    return report


def _keep_evidence(ctx: AttemptContext) -> None:
    """Save the failing screen and its hierarchy; a phone that is gone just has none."""
    device = ctx.phone
    if device is None:
        return
    # A timed-out attempt has its stop set; evidence is still worth a few seconds.
    with ctx.stop.suspended():
        try:
            png = device.screenshot_png(timeout=EVIDENCE_TIMEOUT)
            ctx.save_artifact(ArtifactKind.SCREENSHOT, png)
            xml: str = device.hierarchy_xml(timeout=EVIDENCE_TIMEOUT)
            ctx.save_artifact(ArtifactKind.HIERARCHY, xml.encode("utf-8"))
        except Exception as exc:  # noqa: BLE001  (evidence is best effort)
            ctx.log(f"no failure screenshot or hierarchy: {type(exc).__name__}: {exc}")


def _keep_frames(ctx: AttemptContext, frames: list[Any]) -> None:
    """Store the seconds before the failure as an animated WebP (none captured: nothing)."""
    if not frames:
        return
    try:
        ctx.save_artifact(ArtifactKind.FRAMES, animated_webp(frames))
    except (OSError, ValueError) as exc:  # evidence is best effort
        ctx.log(f"no frames before the failure: {type(exc).__name__}: {exc}")
        return
    ctx.log(f"kept {len(frames)} frames of the seconds before the failure")


def _keep_log(ctx: AttemptContext, outcome: AttemptOutcome) -> None:
    try:
        ctx.save_artifact(ArtifactKind.LOG, ("\n".join(ctx.lines) + "\n").encode("utf-8"))
    except OSError as exc:
        log.warning("cannot write the log of run %s: %s", ctx.spec.run_id, exc)
