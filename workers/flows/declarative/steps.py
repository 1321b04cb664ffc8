"""The step vocabulary of declarative flows, each step's argument validated by pydantic.

A step is a mapping with one action key (and an optional ``name`` shown on the tile):

    - tapOn: "@search_button"          # a selector named in the app profile
    - tapOn: {text: "Search"}          # or a selector written out
    - inputText: {into: "@search_box", text: "${creator}"}
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from workers.flows.profiles import AppProfile, ProfileSet
from workers.flows.selectors import SelectorSpec
from workers.flows.yaml_source import REASONS

# ``${name}`` in a step's text: the loader checks each name, the runner fills it in.
TEMPLATE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class _Arg(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# A selector as written in a step: "@name" (profile selector), plain text, or a mapping.
SelectorRef = str | SelectorSpec


_SELECTOR_KEYS = {
    "text",
    "text_contains",
    "id",
    "description",
    "class",
    "class_name",
    "xpath",
    "index",
}


def _selector_or_text(value: Any) -> Any:
    """Let a step take its selector directly: ``tapOn: "@search_button"`` or
    ``tapOn: {text: OK, timeout: 5}`` (selector keys go to the element, the rest stay)."""
    if isinstance(value, str):
        return {"element": value}
    if isinstance(value, dict) and "element" not in value:
        element = {k: v for k, v in value.items() if k in _SELECTOR_KEYS}
        rest = {k: v for k, v in value.items() if k not in _SELECTOR_KEYS}
        if not element:  # else pydantic's answer is "element.str: Input should be a string"
            keys = ", ".join(map(str, value)) or REASONS["nothing"]
            known = "text, text_contains, id, description, class, xpath"
            raise PydanticCustomError(
                "no_selector", REASONS["no_selector"], {"known": known, "keys": keys}
            )
        return {"element": element, **rest}
    return value


class ElementArg(_Arg):
    """An element to act on or wait for."""

    element: SelectorRef
    timeout: float = Field(default=10.0, gt=0, le=600)
    optional: bool = Field(default=False, description="a missing element is not a failure")

    @model_validator(mode="before")
    @classmethod
    def _bare(cls, value: Any) -> Any:
        return _selector_or_text(value)


class AssertArg(ElementArg):
    """An element that must be visible, and what its absence means."""

    fail_as: Literal["retryable", "device", "fatal"] = Field(default="retryable", alias="failAs")
    message: str | None = None


class AppArg(_Arg):
    """An app by profile name or package; launchApp restarts it unless ``stop`` is false."""

    app: str = Field(min_length=1)
    stop: bool = Field(default=True, description="launchApp: stop the app first (fresh start)")

    @model_validator(mode="before")
    @classmethod
    def _bare(cls, value: Any) -> Any:
        return {"app": value} if isinstance(value, str) else value


class InputTextArg(_Arg):
    """Text to type, into an element or the focused field."""

    text: str
    into: SelectorRef | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


Direction = Literal["up", "down", "left", "right"]


class SwipeArg(_Arg):
    """A swipe: a direction (optionally within an element), or two points."""

    direction: Direction | None = None
    within: SelectorRef | None = None
    start: tuple[float, float] | None = Field(default=None, alias="from")
    end: tuple[float, float] | None = Field(default=None, alias="to")
    duration: float = Field(default=0.3, gt=0, le=10)

    @model_validator(mode="before")
    @classmethod
    def _bare(cls, value: Any) -> Any:
        return {"direction": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_way(self) -> SwipeArg:
        if (self.direction is None) == (self.start is None or self.end is None):
            raise PydanticCustomError("swipe_way", REASONS["swipe_way"])
        return self


class ScrollUntilVisibleArg(ElementArg):
    """Scroll until an element shows, at most ``max_scrolls`` times."""

    direction: Direction = "down"
    within: SelectorRef | None = None
    max_scrolls: int = Field(default=20, ge=1, le=1000, alias="maxScrolls")


class FieldSpec(_Arg):
    """Where one field of a collected item comes from."""

    selector: SelectorRef | None = Field(default=None, description="a descendant of the item")
    attribute: Literal["text", "description", "resource_id"] = "text"
    type: Literal["str", "int"] = "str"

    @model_validator(mode="before")
    @classmethod
    def _bare(cls, value: Any) -> Any:
        return {"selector": value} if isinstance(value, str | SelectorSpec) else value


class CollectArg(_Arg):
    """Read fields from list items while scrolling, until ``limit`` items or the end."""

    items: SelectorRef
    fields: dict[str, FieldSpec] = Field(min_length=1)
    limit: int | str = Field(default=50, description="a number or a ${param}")
    within: SelectorRef | None = None
    end: SelectorRef | None = Field(default=None, description="visible once the list ends")
    max_scrolls: int = Field(default=200, ge=1, le=100_000, alias="maxScrolls")


class RepeatArg(_Arg):
    """Repeat nested steps a number of times, or until an element is visible."""

    times: int | str = Field(default=1, description="a number or a ${param}")
    until: SelectorRef | None = None
    steps: list[dict[str, Any]] = Field(min_length=1)


class RunFlowArg(_Arg):
    """Run another flow (YAML or built-in) here, with parameters."""

    flow: str = Field(min_length=1)
    params: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _bare(cls, value: Any) -> Any:
        return {"flow": value} if isinstance(value, str) else value


class NoArg(_Arg):
    """An action without an argument."""

    @model_validator(mode="before")
    @classmethod
    def _none(cls, value: Any) -> Any:
        return {} if value is None else value


ACTIONS: dict[str, type[_Arg]] = {
    "launchApp": AppArg,
    "stopApp": AppArg,
    "tapOn": ElementArg,
    "inputText": InputTextArg,
    "swipe": SwipeArg,
    "scrollUntilVisible": ScrollUntilVisibleArg,
    "waitFor": ElementArg,
    "assertVisible": AssertArg,
    "back": NoArg,
    "home": NoArg,
    "collect": CollectArg,
    "repeat": RepeatArg,
    "runFlow": RunFlowArg,
}


class Step(BaseModel):
    """One validated step: the action, its argument, and a display name."""

    model_config = ConfigDict(frozen=True)

    action: str
    arg: Annotated[Any, Field(description="the action's validated argument")]
    raw: Annotated[Any, Field(description="the argument as written, ${params} unrendered")]
    name: str
    line: int
    children: tuple[Step, ...] = ()

    @field_validator("action")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in ACTIONS:
            raise PydanticCustomError(
                "unknown_action", REASONS["unknown_action"], {"action": repr(value)}
            )
        return value


class DeclarativeFlow(BaseModel):
    """A loaded flow file: where it came from and its compiled steps (what the runner runs)."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    source: str
    name: str
    steps: tuple[Step, ...]
    profile: AppProfile | None
    profiles: ProfileSet
