"""How flows and app profiles name a UI element: by text, resource id, description or xpath."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class SelectorSpec(BaseModel):
    """A UI element as written in a flow or app profile; at least one way to find it.

    ``id`` may be short (``search_box``): it is completed with the app's package
    (``com.example:id/search_box``) when the profile or flow names one.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    text: str | None = None
    text_contains: str | None = None
    id: str | None = None
    description: str | None = None
    class_name: str | None = Field(default=None, alias="class")
    xpath: str | None = None
    index: int = Field(default=0, ge=0, description="which match, from 0, when several match")

    @model_validator(mode="after")
    def _something_to_match(self) -> SelectorSpec:
        if not any(
            (self.text, self.text_contains, self.id, self.description, self.xpath, self.class_name)
        ):
            raise ValueError(
                "a selector needs text, text_contains, id, description, class or xpath"
            )
        return self

    def with_package(self, package: str | None) -> SelectorSpec:
        """Complete a short resource id with the app's package."""
        if not package or not self.id or ":id/" in self.id:
            return self
        return self.model_copy(update={"id": f"{package}:id/{self.id}"})

    def describe(self) -> str:
        """A readable form for logs and errors, e.g. ``id=search_box``."""
        parts = [
            f"{name}={value!r}"
            for name, value in (
                ("text", self.text),
                ("text_contains", self.text_contains),
                ("id", self.id),
                ("description", self.description),
                ("class", self.class_name),
                ("xpath", self.xpath),
            )
            if value
        ]
        if self.index:
            parts.append(f"index={self.index}")
        return ", ".join(parts)
