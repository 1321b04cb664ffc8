"""The sections of an app profile: how to launch the app, recognise its screens, read its
lists, reach a creator, and tell its notices apart (see docs in README "Adding an app").

A selector in any section is written as ``"@name"`` (a selector of the profile's
``selectors`` section), as plain text (an element showing that text), or in full
(``{id: ..., text: ...}``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from db.pool.states import ErrorClass
from workers.flows.selectors import SelectorSpec

Ref = str | SelectorSpec
NOTICE_CLASSES = (ErrorClass.RETRYABLE, ErrorClass.DEVICE, ErrorClass.FATAL)
ITEM = "item"  # a field read from the list item's own node


class Part(BaseModel):
    """A profile section: unknown keys are refused, values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


_FIELD_KEYS = {"selector", "attribute", "kind", "optional"}


def _field_shorthand(value: Any) -> Any:
    """``"@x"`` or a bare selector where a field is expected: ``{selector: value}``."""
    if isinstance(value, str) or (isinstance(value, dict) and not set(value) & _FIELD_KEYS):
        return {"selector": value}
    return value


class LaunchSpec(Part):
    """How to start the app and reach the feature the flows use."""

    activity: str | None = Field(None, description="launch activity, e.g. .MainActivity")
    taps: tuple[Ref, ...] = Field((), description="taps from the app's first screen, in order")
    ready: str = Field("home", description="the screen that shows once the taps are done")


class FieldSpec(Part):
    """Where one field of a list item (or a screen) is read, and how."""

    selector: Ref = Field(ITEM, description="an element inside the item; 'item': the item")
    attribute: Literal["text", "description"] = "text"
    kind: Literal["text", "count", "time"] = "text"
    optional: bool = Field(False, description="an item may lack it (e.g. '3 replies')")

    @model_validator(mode="before")
    @classmethod
    def _from_ref(cls, value: Any) -> Any:
        return _field_shorthand(value)


class KeySpec(Part):
    """A list item's identity: a field the app shows, or a hash of fields when it shows none.

    The hash rule: the fields' values, each NFKC-normalised, case-folded and with runs
    of white space made one space, joined with U+001F, SHA-1, first 16 hex digits.
    ``creator`` may be hashed without being a field: the creator whose list it is.
    """

    field: str | None = None
    hash: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _one_rule(self) -> KeySpec:
        if (self.field is None) == (not self.hash):
            raise ValueError("give either field (a field that is the key) or hash (fields)")
        return self


class ListSpec(Part):
    """A scrolling list: its container, its items, their fields and their identity."""

    container: Ref
    item: Ref
    fields: dict[str, FieldSpec]
    key: KeySpec
    open: Ref | None = Field(None, description="what to tap in an item to open it (the item)")


class ScrollSpec(Part):
    """How lists scroll: how far, how their end shows, what they show while loading."""

    fraction: float = Field(0.6, ge=0.2, le=0.9, description="of the list's height per swipe")
    end: Ref | None = Field(None, description="shown at the end of a list")
    loading: Ref | None = Field(None, description="a spinner shown while more items load")
    loading_timeout: float = Field(10.0, gt=0, le=120)
    max_scrolls: int = Field(2_000, ge=1, le=100_000)


class SearchSpec(Part):
    """The app's search: how to reach the box, type and submit."""

    open: tuple[Ref, ...] = Field((), description="taps from the home screen to the search box")
    box: Ref
    submit: Ref | Literal["enter"] = "enter"


class CreatorSpec(Part):
    """How to reach a creator's profile: through search, or a deep link."""

    via: Literal["search", "deep_link"] = "search"
    tab: Ref | None = Field(None, description="the search results' creators tab, if any")
    result: Ref | None = Field(None, description="one creator in the search results")
    match: FieldSpec | None = Field(
        None, description="the part of a result equal to the creator parameter"
    )
    deep_link: str | None = Field(None, description="a URL with {creator}, opened with am start")

    @model_validator(mode="after")
    def _complete(self) -> CreatorSpec:
        if self.via == "search" and (self.result is None or self.match is None):
            raise ValueError("via search needs result and match")
        if self.via == "deep_link" and (not self.deep_link or "{creator}" not in self.deep_link):
            raise ValueError("via deep_link needs deep_link, a URL containing {creator}")
        return self


class KeywordSearchSpec(Part):
    """Searching videos by keyword (monitor.keyword): the tab and the empty notice."""

    tab: Ref | None = None
    empty: Ref


class VideoSpec(Part):
    """A video's page: its counts, and how its comments and replies open."""

    comment_total: FieldSpec | None = None
    likes: FieldSpec | None = None
    comments_open: Ref | None = Field(None, description="a tap that shows the comments")
    replies_open: Ref | None = Field(None, description="in a comment: opens its replies")


class AccountSpec(Part):
    """The logged-in account's page (account.detect)."""

    open: tuple[Ref, ...] = Field(..., min_length=1, description="taps that show the page")
    id: FieldSpec
    name: FieldSpec


class NoticeSpec(Part):
    """An on-screen notice and what it means: an error code and class, maybe a retry."""

    selector: Ref
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)
    error_class: ErrorClass = Field(alias="class")
    retry: Literal["tap"] | None = Field(None, description="tap the notice to try again")
    attempts: int = Field(3, ge=1, le=20, description="taps before giving up")

    @model_validator(mode="after")
    def _retry_is_transient(self) -> NoticeSpec:
        if self.error_class not in NOTICE_CLASSES:
            raise ValueError("class: a notice means retryable, device or fatal")
        if self.retry and self.error_class is not ErrorClass.RETRYABLE:
            raise ValueError("only a retryable notice can be retried by tapping")
        return self
