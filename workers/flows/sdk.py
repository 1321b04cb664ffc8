"""The flow SDK: how a flow declares its parameters and outputs, and what it may do.

A flow is a name, a one-line description, a parameter schema, an output item schema
and ``run(ctx)``. Parameter schemas are pydantic models whose fields carry a label and
help text (the console builds its form from them); one field may be the author id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, Field, GetJsonSchemaHandler, ValidationError

from db.pool.states import ErrorClass

if TYPE_CHECKING:
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

    from workers.device.driver import DeviceDriver
    from workers.flows.profiles import AppProfile

AUTHOR_ID = "author_id"  # json_schema_extra marker of the field naming whose content it is

# Unicode White_Space, what str_strip_whitespace trims (pydantic-core: Rust's trim), spelled
# out because JSON Schema readers differ on \s (ECMA-262 takes U+FEFF, Python \x1c-\x1f).
WHITESPACE = r"\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# A comma-separated text with at least one item left once the items are trimmed by
# Python's str.strip(), which also trims \x1c-\x1f.
ONE_COMMA_ITEM = rf"[^,\x1c-\x1f{WHITESPACE}]"


def trimmed_at_least(length: int) -> str:
    """A pattern (JSON Schema's: found anywhere) of text whose trimmed length is >= length."""
    edge = f"[^{WHITESPACE}]"
    return edge if length == 1 else rf"{edge}[\s\S]{{{length - 2},}}{edge}"


def text_or_list(max_items: int | None = None) -> Any:
    """What a list parameter that also takes comma-separated text accepts, for the API's
    documents (a field validator's ``json_schema_input_type``): 1 to max_items texts, or
    a text with at least one non-blank item."""
    return (
        Annotated[str, Field(pattern=ONE_COMMA_ITEM)]
        | Annotated[list[str], Field(min_length=1, max_length=max_items)]
    )


class FlowParams(BaseModel):
    """Base of every flow's parameter schema: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Text is trimmed before its minLength is checked: say so with a pattern (so
        "   " is outside the published schema as it is outside the model)."""
        schema = super().__get_pydantic_json_schema__(core_schema, handler)
        for field in handler.resolve_ref_schema(schema).get("properties", {}).values():
            for option in field.get("anyOf", [field]):
                length = option.get("minLength", 0)
                if option.get("type") == "string" and length and "pattern" not in option:
                    option["pattern"] = trimmed_at_least(length)
        return schema


class FlowItem(BaseModel):
    """Base of every flow's output item; ``key_field`` names the de-duplication key."""

    model_config = ConfigDict(extra="forbid")
    key_field: ClassVar[str]


def param(
    default: Any = ...,
    *,
    label: str,
    help: str,  # noqa: A002  (reads best at the call site)
    author_id: bool = False,
    **constraints: Any,
) -> Any:
    """Declare a flow parameter with the label and help text the console shows."""
    extra: dict[str, Any] = {"label": label}
    if author_id:
        extra[AUTHOR_ID] = True
    return Field(default, title=label, description=help, json_schema_extra=extra, **constraints)


class InvalidParams(ValueError):
    """Parameters refused by a flow's schema; ``field`` names the first bad one."""

    def __init__(
        self,
        flow: str,
        field: str,
        reason: str,
        kind: str = "",
        context: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{flow}: parameter {field!r}: {reason}")
        self.flow = flow
        self.field = field
        self.reason = reason
        self.kind = kind  # the schema checker's error type ("" for none), for the console
        self.context = dict(context or {})


class FlowFailure(Exception):
    """A typed failure raised by a flow; the error class decides what the pool does."""

    error_class: ClassVar[ErrorClass] = ErrorClass.RETRYABLE

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code  # a short machine word, e.g. "video_not_found"


class RetryableFailure(FlowFailure):
    """A transient fault (a slow screen, a dropped connection): try again later."""

    error_class = ErrorClass.RETRYABLE


class DeviceFailure(FlowFailure):
    """This phone or its account cannot do the task (restricted, no permission, no app).

    By default the account is barred from the rest of the batch and the failure counts
    towards draining the phone. ``task_only=True`` says the cause lies in this task
    alone (e.g. one video this account may not see): the account is excluded from
    this task only and may take the batch's others.
    """

    error_class = ErrorClass.DEVICE

    def __init__(self, message: str, *, code: str | None = None, task_only: bool = False) -> None:
        super().__init__(message, code=code)
        self.task_only = task_only


class FatalFailure(FlowFailure):
    """The task itself cannot succeed (bad input, target gone): never retried."""

    error_class = ErrorClass.FATAL


class FlowContext(Protocol):
    """What a running flow may use. Workers provide it; tests pass a fake."""

    @property
    def params(self) -> FlowParams:
        """The validated parameters."""
        ...

    @property
    def device(self) -> DeviceDriver:
        """The phone's driver (a flow with ``needs_device=False`` must not use it)."""
        ...

    def step(self, name: str) -> None:
        """Name the current step: shown on the phone's tile, recorded on failure."""

    def should_stop(self) -> bool:
        """True once a stop was requested; long waits poll it."""
        ...

    def check_stop(self) -> None:
        """Raise StopRequested if a stop was requested."""

    def emit(self, item: FlowItem | Mapping[str, Any]) -> None:
        """Store one output item now (a pipeline's next stage may start on it)."""

    def log(self, message: str) -> None:
        """Keep a log line with the attempt."""

    def run_flow(self, name: str, params: Mapping[str, Any]) -> None:
        """Run another registered flow here, on the same phone, sharing stop and emit."""

    def app_profile(self, name: str) -> AppProfile:
        """The app profile called ``name`` (FatalFailure when there is none)."""
        ...

    def bind_account(self, app: str, uid: str, name: str) -> None:
        """Record that this phone is logged in to ``app`` as account ``uid``."""

    def save_artifact(self, kind: str, data: bytes) -> str:
        """Keep evidence with the attempt; return its artifact id.

        ``kind`` is one of screenshot (PNG), hierarchy (XML), log (text) or frames
        (animated WebP); the bytes go to the artifact store in the background.
        """
        ...

    def read_items(self, batch: int) -> Iterator[Mapping[str, Any]]:
        """The output items another batch stored, oldest first (for host-side flows)."""
        ...

    def seen(self, monitor: str, keys: Sequence[str]) -> dict[str, str]:
        """Of these keys, those the monitor has seen, each with the value it last saw."""
        ...

    def emit_new(
        self,
        item: FlowItem | Mapping[str, Any],
        *,
        monitor: str,
        value: str = "",
        label: str | None = None,
        only_new: bool = True,
    ) -> bool:
        """Store the item unless the monitor already saw its key with this value (with
        ``only_new=False``: store it anyway) and remember it, in one transaction; True
        when stored. Across runs, PCs and restarts a key is news once per value."""
        ...

    def remember(self, monitor: str, entries: Sequence[tuple[str, str, str | None]]) -> int:
        """Remember (key, value, label) entries without emitting them (a first look)."""
        ...


RunFunction = Callable[[FlowContext], None]


def field_with_nul(value: Any, where: str = "") -> str | None:
    """The first field whose name or text holds a NUL character (C strings, MySQL and
    the adb shell all cut or refuse text there), or None."""
    if isinstance(value, str):
        return (where or "(parameters)") if "\0" in value else None
    if isinstance(value, Mapping):
        for key, inner in value.items():
            name = f"{where}.{key}" if where else str(key)
            if "\0" in str(key):
                return name.replace("\0", "\\0")
            found = field_with_nul(inner, name)
            if found is not None:
                return found
    elif isinstance(value, list | tuple):
        for index, inner in enumerate(value):
            found = field_with_nul(inner, f"{where}[{index}]")
            if found is not None:
                return found
    return None


@dataclass(frozen=True)
class Flow:
    """A registered flow.

    Attributes:
        name: dotted name used on the command line, e.g. ``collect.titles``.
        description: one line for operators.
        params: the parameter schema.
        item: the output item schema, or None when the flow emits nothing.
        run: the flow itself.
        needs_device: False for flows that run on the host (e.g. ``monitor.keywords``).
    """

    name: str
    description: str
    params: type[FlowParams]
    item: type[FlowItem] | None
    run: RunFunction
    needs_device: bool = True

    @property
    def author_field(self) -> str | None:
        """The parameter naming whose content the flow works on, if any."""
        for name, field in self.params.model_fields.items():
            extra = field.json_schema_extra
            if isinstance(extra, dict) and extra.get(AUTHOR_ID):
                return name
        return None

    @property
    def item_fields(self) -> list[str]:
        """Names of the output item's fields (for pipeline mappings)."""
        return list(self.item.model_fields) if self.item else []

    def validate_params(self, raw: Mapping[str, Any]) -> FlowParams:
        """Validate raw parameters (strings from a CLI are converted); raise InvalidParams."""
        nul = field_with_nul(raw)
        if nul is not None:
            raise InvalidParams(self.name, nul, "contains a NUL character (\\0)", "nul_character")
        try:
            return self.params.model_validate(dict(raw))
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(part) for part in error["loc"]) or "(parameters)"
            context = error.get("ctx") or {}
            raise InvalidParams(self.name, field, error["msg"], error["type"], context) from None

    def item_key(self, item: Mapping[str, Any]) -> str:
        """The de-duplication key of an output item."""
        if self.item is None:
            raise ValueError(f"flow {self.name} declares no output items")
        return str(item[self.item.key_field])
