"""Run a declarative flow's steps against the phone, one small handler per action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from workers.device.hierarchy import Selector
from workers.flows.app_screens import APP_START_TIMEOUT
from workers.flows.declarative.steps import (
    ACTIONS,
    TEMPLATE,
    AppArg,
    AssertArg,
    CollectArg,
    ElementArg,
    InputTextArg,
    RepeatArg,
    RunFlowArg,
    ScrollUntilVisibleArg,
    Step,
    SwipeArg,
)
from workers.flows.screen import (
    FieldRule,
    appears,
    read_items_while_scrolling,
    resolve_selector,
)
from workers.flows.sdk import DeviceFailure, FatalFailure, FlowFailure, RetryableFailure

if TYPE_CHECKING:
    from collections.abc import Callable

    from workers.flows.declarative.steps import DeclarativeFlow
    from workers.flows.sdk import FlowContext
    from workers.flows.selectors import SelectorSpec

_FAILURES: dict[str, type[FlowFailure]] = {
    "retryable": RetryableFailure,
    "device": DeviceFailure,
    "fatal": FatalFailure,
}


def run_declarative(
    flow: DeclarativeFlow, ctx: FlowContext, before_step: Callable[[Step], None] | None = None
) -> None:
    """Run every step in order; a failing step raises a typed FlowFailure.

    ``before_step`` sees each step (nested ones too) before it runs: the inspector's dry
    run shows the step's line there and may wait for the operator.
    """
    _Runner(flow, ctx, before_step).run_steps(flow.steps)


class _Runner:
    """Holds what every handler needs: the context, the flow, the parameter values."""

    def __init__(
        self,
        flow: DeclarativeFlow,
        ctx: FlowContext,
        before_step: Callable[[Step], None] | None = None,
    ) -> None:
        self.flow = flow
        self.ctx = ctx
        self.values: dict[str, Any] = ctx.params.model_dump()
        self.before_step = before_step

    def run_steps(self, steps: tuple[Step, ...]) -> None:
        for step in steps:
            self.ctx.check_stop()
            if self.before_step is not None:
                self.before_step(step)
                self.ctx.check_stop()
            self.ctx.step(self.render(step.name))
            arg = self.render_arg(step)
            _HANDLERS[step.action](self, arg, step)

    # --- values -------------------------------------------------------------
    def render(self, value: Any) -> Any:
        """Put parameter values into ${...}; a lone ${x} keeps x's type."""
        if isinstance(value, str):
            whole = TEMPLATE.fullmatch(value)
            if whole:
                return self.values[whole.group(1)]
            return TEMPLATE.sub(lambda m: str(self.values[m.group(1)]), value)
        if isinstance(value, dict):
            return {k: v if k == "steps" else self.render(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.render(v) for v in value]
        return value

    def render_arg(self, step: Step) -> Any:
        try:
            return ACTIONS[step.action].model_validate(self.render(step.raw))
        except ValidationError as exc:
            problem = exc.errors()[0]["msg"]
            raise FatalFailure(
                f"{self.flow.source}:{step.line}: {step.action}: {problem}", code="bad_step_value"
            ) from None

    def selector(self, ref: str | SelectorSpec) -> Selector:
        return resolve_selector(ref, self.flow.profile)

    def package(self, app: str) -> str:
        profile = self.flow.profiles.get(app)
        return profile.package if profile else app


def _launch_app(run: _Runner, arg: AppArg, step: Step) -> None:
    package = run.package(arg.app)
    if arg.stop:  # a fresh start, not whatever screen the last flow left open
        run.ctx.device.app_stop(package)
    run.ctx.device.app_start(package, timeout=APP_START_TIMEOUT)


def _stop_app(run: _Runner, arg: AppArg, step: Step) -> None:
    run.ctx.device.app_stop(run.package(arg.app))


def _tap_on(run: _Runner, arg: ElementArg, step: Step) -> None:
    selector = run.selector(arg.element)
    if arg.optional and not appears(run.ctx.device, selector, arg.timeout):
        run.ctx.log(f"{step.name}: not there, skipped")
        return
    run.ctx.device.click(selector, timeout=arg.timeout)


def _input_text(run: _Runner, arg: InputTextArg, step: Step) -> None:
    target = run.selector(arg.into) if arg.into is not None else _focused_field(run)
    run.ctx.device.set_text(target, arg.text)


def _focused_field(run: _Runner) -> Selector:
    """The field that has the keyboard focus, as a selector for set_text."""
    root = run.ctx.device.hierarchy()
    focused = [node for node in root.iter() if node.focused]
    if not focused:
        raise RetryableFailure("no input field has the focus; give `into:`", code="ui_not_found")
    node = focused[-1]
    if node.resource_id:
        return Selector(resource_id=node.resource_id)
    same = root.find_all(Selector(class_name=node.class_name))
    return Selector(class_name=node.class_name, instance=same.index(node))


def _swipe(run: _Runner, arg: SwipeArg, step: Step) -> None:
    device = run.ctx.device
    if arg.direction is not None:
        within = run.selector(arg.within) if arg.within else None
        device.scroll(arg.direction, within=within)
        return
    assert arg.start is not None
    assert arg.end is not None
    width, height = device.window_size()

    def point(xy: tuple[float, float]) -> tuple[float, float]:
        # Fractions of the screen (0..1) or pixels.
        x, y = xy
        return (x * width if x <= 1 else x, y * height if y <= 1 else y)

    (fx, fy), (tx, ty) = point(arg.start), point(arg.end)
    device.swipe(int(fx), int(fy), int(tx), int(ty), duration=arg.duration)


def _scroll_until_visible(run: _Runner, arg: ScrollUntilVisibleArg, step: Step) -> None:
    device = run.ctx.device
    selector = run.selector(arg.element)
    within = run.selector(arg.within) if arg.within else None
    for _ in range(arg.max_scrolls):
        if appears(device, selector, 0.5):
            return
        run.ctx.check_stop()
        device.scroll(arg.direction, within=within)
    if not appears(device, selector, arg.timeout) and not arg.optional:
        raise RetryableFailure(
            f"{selector.describe()} not visible after {arg.max_scrolls} scrolls",
            code="ui_not_found",
        )


def _wait_for(run: _Runner, arg: ElementArg, step: Step) -> None:
    selector = run.selector(arg.element)
    if arg.optional:
        appears(run.ctx.device, selector, arg.timeout)
    else:
        run.ctx.device.wait(selector, timeout=arg.timeout)


def _assert_visible(run: _Runner, arg: AssertArg, step: Step) -> None:
    selector = run.selector(arg.element)
    if not appears(run.ctx.device, selector, arg.timeout):
        message = arg.message or f"{selector.describe()} is not visible"
        raise _FAILURES[arg.fail_as](message, code="assertion_failed")


def _press(key: str) -> Callable[[_Runner, Any, Step], None]:
    def handler(run: _Runner, arg: Any, step: Step) -> None:
        run.ctx.device.press(key)

    return handler


def _collect(run: _Runner, arg: CollectArg, step: Step) -> None:
    limit = int(arg.limit)
    if limit <= 0:
        return
    rules = {
        name: FieldRule(
            selector=run.selector(spec.selector) if spec.selector else None,
            attribute=spec.attribute,
            as_int=spec.type == "int",
        )
        for name, spec in arg.fields.items()
    }
    items = read_items_while_scrolling(
        run.ctx,
        item=run.selector(arg.items),
        fields=rules,
        within=run.selector(arg.within) if arg.within else None,
        end=run.selector(arg.end) if arg.end else None,
        max_scrolls=arg.max_scrolls,
    )
    for count, (_position, values) in enumerate(items, start=1):
        run.ctx.emit(values)
        if count >= limit:
            break


def _repeat(run: _Runner, arg: RepeatArg, step: Step) -> None:
    until = run.selector(arg.until) if arg.until else None
    for _ in range(int(arg.times)):
        if until is not None and run.ctx.device.exists(until):
            return
        run.run_steps(step.children)


def _run_flow(run: _Runner, arg: RunFlowArg, step: Step) -> None:
    run.ctx.run_flow(arg.flow, arg.params)


_HANDLERS: dict[str, Callable[[_Runner, Any, Step], None]] = {
    "launchApp": _launch_app,
    "stopApp": _stop_app,
    "tapOn": _tap_on,
    "inputText": _input_text,
    "swipe": _swipe,
    "scrollUntilVisible": _scroll_until_visible,
    "waitFor": _wait_for,
    "assertVisible": _assert_visible,
    "back": _press("back"),
    "home": _press("home"),
    "collect": _collect,
    "repeat": _repeat,
    "runFlow": _run_flow,
}
