"""How flows and app profiles name a UI element: by text, resource id, description or xpath."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from workers.device.hierarchy import Selector


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
        others = (self.text, self.text_contains, self.id, self.description, self.class_name)
        if not any(others) and not self.xpath:
            raise ValueError(
                "a selector needs text, text_contains, id, description, class or xpath"
            )
        if self.xpath and any(others):
            raise ValueError("xpath cannot be combined with text, id, description or class")
        return self

    def with_package(self, package: str | None) -> SelectorSpec:
        """Complete a short resource id with the app's package."""
        if not package or not self.id or ":id/" in self.id:
            return self
        return self.model_copy(update={"id": f"{package}:id/{self.id}"})

    def to_selector(self, package: str | None = None) -> Selector:
        """The device layer's selector, a short id completed with ``package``."""
        spec = self.with_package(package)
        return Selector(
            text=spec.text,
            text_contains=spec.text_contains,
            resource_id=spec.id,
            description=spec.description,
            class_name=spec.class_name,
            xpath=spec.xpath,
            # ``index: 0`` written out picks the first match, as uiautomator2's instance=0.
            instance=spec.index if spec.index or "index" in spec.model_fields_set else None,
        )
